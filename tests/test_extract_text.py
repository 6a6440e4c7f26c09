"""Scraped-text path: teaser blocks after the article, author boxes, headline lists (invented pages)."""

from __future__ import annotations

from test_extract import PARAS  # the same invented article body

from storyline.extract import extract
from storyline.extract.features import _headline_runs
from storyline.extract.blocks import split_lines
from storyline.extract.rules import match_rule
from storyline.extract.text import _drop_bare_stamps
from storyline.model import RawDocument


# Teasers written as prose: a line classifier alone reads them as article text.
TEASERS = [
    "Orland's tram depot will move to the salt works next summer after two floods in three winters left the old site unusable.",
    "A retired ferry captain has written a history of the northern jetty, drawing on forty years of logbooks kept by his family.",
    "The regional assembly will debate the harbour budget next week, with several members already calling for an independent audit.",
]


def _extract(raw: str):
    return extract(RawDocument(id="p", source="test", kind="text", content=raw))


def test_teaser_block_after_the_article_is_cut():
    raw = "\n".join(["Velmora closes ferry pier", *PARAS, "More from the Velmora Ledger", *TEASERS, "Contact us"])
    article = _extract(raw)
    assert all(p in article.text for p in PARAS)
    assert not any(t in article.text for t in TEASERS)


def test_teaser_heading_above_the_article_drops_only_itself():
    raw = "\n".join(["Trending now", "Velmora closes ferry pier", *PARAS])
    article = _extract(raw)
    assert all(p in article.text for p in PARAS)
    assert "Trending" not in article.text


def test_author_box_and_site_promotion_are_not_body():
    assert match_rule("You can email Mirela Quast here, and read more of Mirela Quast's articles here.")
    assert match_rule("Visit LedgerVideos.com to watch the latest films from the Velmora Ledger.")
    assert match_rule("The mayor said you can reach the pier at low tide.") is None
    assert match_rule("Visit the museum to see the restored ferry bell.") is None
    assert match_rule("More by-elections are expected in the spring.") is None


def test_headline_lists_are_marked_but_a_lone_subhead_is_not():
    lines = [
        PARAS[0],
        "What The Survey Found About The Lower Deck",
        PARAS[1],
        "Orland Tram Depot Moves To The Old Salt Works Next Summer",
        "Retired Captain Writes History Of The Northern Jetty",
        "Assembly To Debate Harbour Budget Next Week",
        PARAS[2],
    ]
    counts = [len(t.split()) for t in lines]
    marked = _headline_runs(lines, counts, [None] * len(lines))
    assert marked == [False, False, False, True, True, True, False]


def test_registration_wall_and_outlet_self_description_are_not_body():
    assert match_rule("Please enter a valid email address.")
    assert match_rule("Join the Velmora Ledger for access to this content")
    assert match_rule("Having trouble? Click here.")
    assert match_rule(
        "The Velmora Ledger is an independent regional news organization dedicated to the harbour towns since 1904."
    )
    assert match_rule("The Velmora Ledger is a newspaper that covered the vote in detail.") is None


def test_bare_dates_times_and_separators_are_dropped_even_when_kept_by_the_model():
    """The classifier still sees these lines (a stamp between teasers keeps them looking
    like a list); only its decision to keep one is overruled."""
    texts = [PARAS[0], "March 2, 2031", PARAS[1], "7:45 PM", PARAS[2], "::", "Correction: March 2, 2031", PARAS[3]]
    lines = split_lines("\n".join(texts))
    reasons: list[str | None] = [None] * len(lines)
    keep = [True] * len(lines)
    _drop_bare_stamps(lines, reasons, keep)
    assert keep == [True, False, True, False, True, False, True, True]
    assert reasons[1] == "date" and reasons[3] == "date" and reasons[5] == "no text"


def test_embedded_post_without_an_opener_goes_with_its_signature():
    raw = "\n".join(
        [
            "Velmora closes ferry pier",
            *PARAS[:3],
            "The pier is finally closing and nobody told the gulls https://t.co/AbC123xyz",
            "— Harbour Watcher (@harbourwatch) March 4, 2031",
            *PARAS[3:],
        ]
    )
    article = _extract(raw)
    assert article.text.split("\n\n") == PARAS


def test_author_bios_copyright_lines_and_newsletter_pitches_are_not_body():
    assert match_rule("Mirela Quast, the Ledger's harbour correspondent, is the author of “Tides of Velmora” and two other books.")
    assert match_rule("Tobin Reyes is the Orland bureau chief for the Ledger and a contributing editor at the Harbour Review.")
    assert match_rule("Ansel is Special Projects Editor at the Ledger. He won a regional press award in 2029.")
    assert match_rule("© 2031 Velmora Media Group. All rights reserved. The Ledger may earn a share of sales from links on this page.")
    assert match_rule("You’re reading the Harbour Notes newsletter, a weekly guide to what the port is doing.")
    # news sentences of the same shape stay
    assert match_rule("Ansel Brightwater is the author of the harbour plan, officials said on Tuesday evening.") is None
    assert match_rule("Copyrights held by the old ferry company passed to the council when it folded in 2029.") is None


def test_agency_style_caption_without_credit_is_not_body():
    assert match_rule("Council leader Ansel Brightwater speaks to reporters outside the town hall in Velmora on March 4, 2031.")
    assert match_rule("Ferries are pictured at the northern jetty in Velmora on Tuesday, March 4, 2031.")
    assert match_rule("The council holds a hearing on March 5, 2031 on the future of the pier.") is None
    assert match_rule("Brightwater said he arrives at the jetty every morning, as he did on March 4, 2031.") is None


def test_numeric_date_lines_are_datelines_not_headlines():
    """'26/09/2031' or a spaced-out '2031 - 09 - 26' under the headline is the date, never the title."""
    from storyline.extract.meta import find_printed_date

    assert find_printed_date("26/09/2031")[0] == "2031-09-26"  # a day above 12 comes first
    assert find_printed_date("09/26/2031")[0] == "2031-09-26"
    assert find_printed_date("4 / 11 / 2031")[0] == "2031-04-11"  # both could be months: month first
    assert find_printed_date("a 24/7 helpline since 2031") is None
    for stamp, iso in (("2031 - 09 - 26", "2031-09-26"), ("Posted 13:26 14 / 09 / 2031", "2031-09-14")):
        article = _extract(f"Velsa votes on a two-party basis\n{stamp}\n" + "\n".join(PARAS))
        assert article.title == "Velsa votes on a two-party basis" and article.published == iso
        article = _extract(f"{stamp}\n" + "\n".join(PARAS))  # no headline at all
        assert article.title != stamp and article.published == iso
