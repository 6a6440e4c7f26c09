"""Extract stage on invented pages (fictional outlets and people)."""

from __future__ import annotations

import re

import pytest

from storyline.extract import ExtractError, extract, extract_batch
from storyline.extract.meta import find_printed_date
from storyline.model import RawDocument

PARAS = [
    "The harbour council of Velmora voted on Tuesday to close the old ferry pier after engineers found cracks in three of its supporting columns.",
    "Council leader Ansel Brightwater said the decision was painful but unavoidable, adding that ferries would use the northern jetty until repairs were finished.",
    "Local traders, who depend on the morning crossings, warned that the detour would add nearly an hour to deliveries and asked for temporary compensation.",
    "An independent survey ordered last spring had already flagged corrosion in the lower deck, according to documents seen by the Velmora Ledger.",
    "Repairs are expected to take at least eight months, and the council has promised to publish a detailed timetable before the end of the month.",
]

SCRAPED = f"""Home
News
Sport
Weather

# Velmora closes ferry pier over safety fears

By [Mirela Quast](#)

March 4, 2031

Share this article

Harbour workers inspect the pier Photo: Tobin Reyes via PA Images

{PARAS[0]}

{PARAS[1]}

**Embed:**

Big news for the harbour today, more soon  
[pic.twitter.com/abc123](https://pic.twitter.com/abc123)

— Harbour Watcher (@harbourwatch) [March 4, 2031](#)

{PARAS[2]}

### **Related article: [Ferry fares to rise next year](#)**

{PARAS[3]}

We need your help now. Support from readers like you keeps our newsroom independent; please make a one-off contribution today.

{PARAS[4]}

Original url:

<https://www.velmoraledger.example/2031/03/04/ferry-pier-closed>

12 Comments
This is your comments community. Stay civil and stay on topic, and read our rules before posting.
Leave a Comment
Log in with your credentials
Forgot your details?
"""


def _doc(content: str, kind: str = "text", **meta) -> RawDocument:
    return RawDocument(id="doc1", source="test", kind=kind, content=content, **meta)


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_scraped_text_keeps_every_paragraph_and_drops_boilerplate():
    article = extract(_doc(SCRAPED))
    for para in PARAS:
        assert para in article.text
    for junk in ("Share this", "via PA Images", "pic.twitter", "Harbour Watcher", "Related article",
                 "Ferry fares", "readers like you", "Original url", "Comments", "comments community",
                 "Log in", "Forgot your details", "Home\n"):
        assert junk not in article.text, junk
    assert article.text.count("\n\n") == len(PARAS) - 1  # one paragraph per block, nothing else


def test_scraped_text_metadata():
    article = extract(_doc(SCRAPED))
    assert article.title == "Velmora closes ferry pier over safety fears"
    assert article.byline == "Mirela Quast"
    assert article.published == "2031-03-04"
    assert article.url == "https://www.velmoraledger.example/2031/03/04/ferry-pier-closed"
    assert article.outlet == "velmoraledger.example"
    assert article.language == "en"
    assert article.id == "doc1" and article.source == "test" and article.kind == "text"
    assert "Mirela Quast" not in article.text and "March 4, 2031" not in article.text
    assert article.title not in article.text


def test_offsets_map_clean_text_back_to_raw():
    article = extract(_doc(SCRAPED))
    covered = 0
    for clean_start, raw_start, length in article.offsets:
        assert article.text[clean_start : clean_start + length] == SCRAPED[raw_start : raw_start + length]
        covered += length
    separators = article.text.count("\n\n") * 2
    assert covered + separators == len(article.text)
    assert article.removed and all(s.text for s in article.removed)


def test_given_metadata_wins_over_content():
    article = extract(_doc(SCRAPED, title="Given title", url="https://given.example/a", date="2031-03-05T10:00:00Z", outlet="The Given"))
    assert (article.title, article.url, article.published, article.outlet) == (
        "Given title", "https://given.example/a", "2031-03-05", "The Given")


def test_byline_before_dateline_and_caption_without_credit():
    raw = "\n\n".join(["Fog delays the Orland regatta", "Crews wait for the wind to change", "Pella Torvik",
                      "Sunday 09 March 2031 15:06", "Boats moored at the quay"] + PARAS[:3])
    article = extract(_doc(raw))
    assert article.byline == "Pella Torvik"
    assert article.published == "2031-03-09"
    assert article.title == "Fog delays the Orland regatta"
    assert article.text.startswith(PARAS[0])


def test_stray_html_teaser_in_plain_text_is_dropped():
    raw = "\n\n".join(PARAS + ["<p>Another harbour town faces a bridge closure. Now there are claims the repairs were rushed.</p>"])
    article = extract(_doc(raw))
    assert all(p in article.text for p in PARAS)
    assert "bridge closure" not in article.text and "<p>" not in article.text


def test_updated_line_is_modified_not_published():
    raw = "\n\n".join(["Fog delays the Orland regatta", "Updated 4:05 PM, March 5, 2031"] + PARAS[:3])
    article = extract(_doc(raw))
    assert article.modified == "2031-03-05"
    assert article.published is None
    raw = "\n\n".join(["Fog delays the Orland regatta", "Published March 4, 2031", "Updated March 5, 2031"] + PARAS[:3])
    article = extract(_doc(raw))
    assert (article.published, article.modified) == ("2031-03-04", "2031-03-05")


def test_paragraph_broken_across_lines_is_rejoined():
    raw = "Menu\n\n" + PARAS[0] + "\n\n" + PARAS[1][:-1].rsplit(" ", 2)[0] + "\n\n" + " ".join(PARAS[1].rsplit(" ", 2)[1:]) + "\n\n" + PARAS[2]
    article = extract(_doc(raw))
    assert PARAS[1] in article.text


def test_naive_scrape_one_block_per_line():
    menu = "\n".join(["World", "Business", "Politics", "Sport", "Sign in", "Subscribe"])
    teasers = "\n".join(["Storm closes schools across the northern valley", "Five things to know about the new tram line"])
    footer = "\n".join(["About us", "Contact", "Privacy Policy", "Terms of Use", "© 2031 Velmora Ledger"])
    raw = "\n".join([menu, "Velmora closes ferry pier", *PARAS, "Most read", teasers, footer])
    article = extract(_doc(raw))
    for para in PARAS:
        assert para in article.text
    for junk in ("World", "Privacy", "Five things", "© 2031", "Subscribe", "Most read"):
        assert junk not in article.text, junk


def test_german_article_is_flagged_and_cleaned():
    german = [
        "Der Stadtrat von Velmora hat am Dienstag beschlossen, den alten Fähranleger zu schließen, nachdem Ingenieure Risse in drei Stützpfeilern gefunden hatten.",
        "Die Fähren sollen bis zum Ende der Reparaturen den nördlichen Steg nutzen, sagte der Ratsvorsitzende nach der Sitzung am Abend.",
        "Die Händler im Hafen befürchten längere Lieferzeiten und fordern eine vorübergehende Entschädigung für die zusätzlichen Kosten.",
    ]
    raw = "Startseite\n\nTeilen\n\n" + "\n\n".join(german) + "\n\nMelden Sie sich für unseren Newsletter an\n\nFacebook\n\nTwitter"
    article = extract(_doc(raw))
    assert article.language == "de"
    for para in german:
        assert para in article.text
    assert "Facebook" not in article.text and "Startseite" not in article.text


def test_html_uses_metadata_and_keeps_title_out_of_body():
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    html = f"""<html lang="en"><head><title>Velmora closes ferry pier | Velmora Ledger</title>
    <meta property="og:site_name" content="Velmora Ledger">
    <meta property="og:title" content="Velmora closes ferry pier">
    <meta name="author" content="Mirela Quast">
    <meta property="article:published_time" content="2021-03-04T08:00:00Z">
    <link rel="canonical" href="https://www.velmoraledger.example/ferry-pier"></head>
    <body><nav><a href="/">Home</a><a href="/news">News</a></nav>
    <article><h1>Velmora closes ferry pier</h1>{body}</article>
    <footer>© 2031 Velmora Ledger. All rights reserved.</footer></body></html>"""
    article = extract(_doc(html, kind="html"))
    for para in PARAS:
        assert para in article.text
    assert article.title == "Velmora closes ferry pier"
    assert not article.text.startswith("Velmora closes")
    assert article.outlet == "Velmora Ledger"
    assert article.published == "2021-03-04"
    assert article.url == "https://www.velmoraledger.example/ferry-pier"
    assert article.byline == "Mirela Quast"
    assert article.kind == "html" and article.offsets == []


@pytest.mark.parametrize(
    "content, kind",
    [
        ("", "text"),
        ("   \n\n  ", "text"),
        ("\x00\x01\x02" * 5000, "text"),
        ("x" * 2_000_000, "text"),
        ("Home\nNews\nSport\nShare\nLog in", "text"),
        ("<html><body></body></html>", "html"),
        ("<<<<>>>>" * 20000, "html"),
        ("<html><body><div><div><p>" * 3000, "html"),
        ("no markup here at all", "html"),
        ("\x00<html>\x01<body>\x02</body>", "html"),
        ("some text", "pdf"),
    ],
)
def test_hostile_input_raises_extract_error_only(content, kind):
    with pytest.raises(ExtractError) as info:
        extract(_doc(content, kind=kind))
    message = str(info.value)
    assert message and "\n" not in message


def test_broken_html_with_text_does_not_crash():
    html = "<html><body><div><div><p>" + "<p>".join(PARAS) + "<div><span>" * 500
    try:
        article = extract(_doc(html, kind="html"))
    except ExtractError:
        return
    assert PARAS[0] in article.text


def test_huge_line_with_prose_is_bounded_not_fatal():
    raw = ("The council met again on Tuesday to discuss the pier. " * 20000) + "\n\n" + PARAS[0]
    article = extract(_doc(raw))
    assert PARAS[0] in article.text
    assert len(article.text) < 50_000


def test_control_characters_are_removed_from_text():
    raw = "\n\n".join(p.replace("council", "coun\x07cil") for p in PARAS)
    article = extract(_doc(raw))
    assert "\x07" not in article.text
    assert "council" in article.text


def test_extract_batch_drops_lines_repeated_across_an_outlets_pages():
    bio = "Mirela Quast covers the harbour and city hall for the Velmora Ledger, and has done so since the spring of 2024."
    docs = []
    towns = ["Velmora", "Orland", "Cresk", "Haddow"]
    pages = [[f"In {town}, {p[0].lower()}{p[1:]}" for p in PARAS] for town in towns]
    for i, paras in enumerate(pages):
        raw = "\n\n".join(paras + [bio])
        docs.append(RawDocument(id=f"p{i}", source="t", kind="text", content=raw, url=f"https://velmoraledger.example/{i}"))
    alone = extract(docs[0])
    batch = extract_batch(docs)
    assert bio in alone.text  # one page alone cannot tell the bio from prose
    for article, paras in zip(batch, pages):
        assert bio not in article.text
        assert all(p in article.text for p in paras)


def test_extract_batch_reports_bad_documents_in_place():
    docs = [_doc(SCRAPED), RawDocument(id="bad", source="t", kind="text", content="")]
    good, bad = extract_batch(docs)
    assert PARAS[0] in good.text
    assert isinstance(bad, ExtractError)


@pytest.mark.parametrize(
    "text, iso",
    [
        ("June 28, 2031", "2031-06-28"),
        ("Sunday 09 July 2017 15:06", "2017-07-09"),
        ("Published 2031-02-03T10:00", "2031-02-03"),
        ("3. März 2031", "2031-03-03"),
        ("le 5 juin 2031", "2031-06-05"),
        ("yesterday", None),
        ("February 30, 2031", None),
    ],
)
def test_printed_dates(text, iso):
    found = find_printed_date(text)
    assert (found[0] if found else None) == iso


def test_deterministic():
    assert extract(_doc(SCRAPED)).to_dict() == extract(_doc(SCRAPED)).to_dict()


def test_short_brief_is_kept_and_pure_furniture_is_not():
    """A two-sentence news brief is an article; a page of menu words is not."""
    from storyline.extract import ExtractError, extract
    from storyline.model import RawDocument

    brief = ("Lantern festival draws record crowd\n\nThe Oskarsholm lantern festival drew 40,000 visitors on "
             "Saturday, organisers said. \"We ran out of lanterns by nine,\" festival director Pia Lund said.")
    article = extract(RawDocument(id="b", source="brief.txt", kind="text", content=brief))
    assert article.title == "Lantern festival draws record crowd"
    assert article.text.startswith("The Oskarsholm lantern festival drew 40,000 visitors")
    with pytest.raises(ExtractError):
        extract(RawDocument(id="m", source="menu.txt", kind="text", content="Home\nNews\nSport\nLog in\nSubscribe\nCookie settings"))


@pytest.mark.parametrize(
    "page, outlet",
    [
        ("HARBOUR GAZETTE\nHome | News | Sport\n\nFerry returns\n\nThe ferry returned on Tuesday after repairs, the harbour office said in a statement.", "Harbour Gazette"),
        ("Valley Courier | Health\nLog in\n\nClinic opens\n\nThe new clinic opened on Monday in the old mill, staff said, with six doctors on duty.", "Valley Courier"),
        ("Ferry returns\n\nThe ferry returned on Tuesday after repairs, the harbour office said.\n\nSupport from readers like you keeps The Lantern open.", "The Lantern"),
        ("Ferry returns\n\nMara Quint\n\nThe ferry returned on Tuesday after repairs, the harbour office said in a statement to reporters.", None),
        ("Ferry returns\nImage copyright ANTON GREVE/Agency\n\nThe ferry returned on Tuesday after repairs, the harbour office said in a statement.", None),
    ],
)
def test_outlet_named_by_the_page_itself(page, outlet):
    """Mastheads and self-naming appeals name the outlet; bylines and photo credits do not."""
    from storyline.extract.outlet import outlet_from_text

    assert outlet_from_text(page) == outlet


def test_byline_line_carrying_date_and_outlet():
    from storyline.extract import extract
    from storyline.model import RawDocument

    page = ("# Ferry pier reopens\n\n*By Ann Roe · 3 March 2031 · The Velmora Ledger*\n\n"
            "The ferry pier reopened on Monday after a month of repairs, the harbour office said in a statement.")
    article = extract(RawDocument(id="p", source="p.md", kind="text", content=page))
    assert (article.byline, article.published, article.outlet) == ("Ann Roe", "2031-03-03", "The Velmora Ledger")


def test_masthead_is_not_the_headline():
    """A first line naming the outlet (named again further down) is not taken for the title."""
    from storyline.extract import extract
    from storyline.model import RawDocument

    page = ("The Lantern Courier\nIndependent. Local.\n\nFerry pier reopens after month of repairs\n\n"
            "The ferry pier reopened on Monday after a month of repairs, the harbour office told the Lantern Courier.")
    article = extract(RawDocument(id="m", source="m.txt", kind="text", content=page))
    assert article.title == "Ferry pier reopens after month of repairs"
    assert article.outlet == "The Lantern Courier"
