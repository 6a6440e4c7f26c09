"""Publication-date inference and event dating on invented articles."""

from __future__ import annotations

import datetime as dt

from storyline.analyze.dating import infer_published, learn_happenings
from storyline.analyze.timex import tag_times
from storyline.link.event_dating import date_event, infer_from_event
from storyline.model import Article, Event

DATED = Article(
    id="d1",
    source="gazette",
    published="2021-06-25",
    title="Harbour ministers sign the Velsa accord",
    text=(
        "The harbour ministers of Corran and Velsa signed a fishing accord on Friday. "
        "The two last met at the lantern festival in Brindle at the end of November, before a row over nets. "
        "In May, they held their first extensive video conference in months, aides said."
    ),
)

UNDATED_CALL = Article(
    id="u1",
    source="courier",
    title="Corran minister holds talks with Velsa counterpart",
    text=(
        "Corran's harbour minister said he had a long talk with his Velsa counterpart. "
        "It was their first video conference since the dispute over nets began. "
        "The two last spoke at last December's lantern festival in Brindle. "
        "The minister posted about the talk on Friday, calling it constructive."
    ),
)


def _anchor(a: Article):
    return dt.date.fromisoformat(a.published) if a.published else None


def test_dateline_gives_the_date():
    article = Article(id="x", source="s", text="CORRAN, April 12, 2021 - The ferry strike ended after two days of talks.")
    date, confidence = infer_published(article)
    assert date == "2021-04-12" and confidence > 0.5


def test_old_background_years_do_not_hide_the_dateline():
    article = Article(id="x", source="s", text="CORRAN, April 12, 2021 - The ferry, built in 1945 and refitted in 1978, sank on Friday.")
    assert infer_published(article)[0] == "2021-04-12"


def test_a_future_date_near_the_top_is_not_a_dateline():
    text = (
        "Velsa votes on a two-party basis\n26 September 2021, 10:00\n"
        "Elections in Velsa, which are planned for December 15, 2021, will be held on a two-party basis, the commission said."
    )
    assert infer_published(Article(id="x", source="s", text=text))[0] == "2021-09-26"


def test_a_date_a_sentence_governs_is_not_a_dateline():
    """An obituary's birth date on a short line of its own is not when the text was written."""
    text = (
        "Wren Halloway, the Velsa harbour pilot, has died\n"
        "She was 91.\n"
        "Halloway was born in Corran on March 3, 1930.\n"
        "She guided ferries through the Velsa narrows until 2019, her family said on Thursday."
    )
    guess = infer_published(Article(id="x", source="s", text=text))
    assert guess is None or guess[0] >= "2019-01-01"


def test_a_posted_on_stamp_is_still_a_dateline():
    text = "Ferry strike ends\nPosted on April 12, 2021\nThe Corran ferry strike ended after two days of talks."
    assert infer_published(Article(id="x", source="s", text=text))[0] == "2021-04-12"


def test_date_in_the_articles_own_url():
    article = Article(id="x", source="s", url="https://corran-gazette.example/2020/02/11/ferry-strike", text="The ferry strike ended.")
    assert infer_published(article)[0] == "2020-02-11"


def test_no_evidence_gives_none():
    article = Article(id="x", source="s", text="The ferry strike ended after two days of talks on Friday.")
    assert infer_published(article) is None


def test_year_alone_does_not_pin_a_day():
    article = Article(id="x", source="s", text="The strike, the longest since 2016, ended on Friday.")
    assert infer_published(article) is None


def test_known_happenings_pin_an_undated_article():
    known = learn_happenings(DATED)
    assert "2021-05" in known.values() and "2020-11" in known.values()
    date, confidence = infer_published(UNDATED_CALL, known=known)
    # first video conference: May 2021; "on Friday": the first Friday of it
    assert date == "2021-05-07"
    assert 0 < confidence <= 0.95


def test_infer_from_event_uses_printed_peers_and_keeps_printed_dates():
    peer = Article(
        id="u2",
        source="bulletin",
        text="Ministers from Corran and Velsa agreed on fishing quotas, their aides said on Friday.",
    )
    dated = Article(**{**DATED.to_dict()})
    articles = [dated, peer]
    infer_from_event(articles, [Event(id="e1", title="fishing accord", article_ids=["d1", "u2"])])
    assert dated.published == "2021-06-25" and not dated.published_inferred
    assert peer.published_inferred and peer.published_confidence
    assert dt.date(2021, 6, 25) <= dt.date.fromisoformat(peer.published) <= dt.date(2021, 6, 27)


def test_infer_from_event_redoes_an_earlier_text_guess():
    guessed = Article(id="u3", source="b", text="Ministers agreed on fishing quotas on Friday.", published="1999-01-01", published_inferred=True)
    dated = Article(**{**DATED.to_dict()})
    infer_from_event([dated, guessed], [Event(id="e1", title="fishing accord", article_ids=["d1", "u3"])])
    assert guessed.published.startswith("2021-06")


def test_date_event_prefers_the_happening_over_the_report_date():
    article = Article(
        id="r1",
        source="gazette",
        published="2021-06-27",
        text="Sunday 27 June 2021\n\nThe harbour ministers signed a fishing accord on Friday in Velsa. Critics said on Sunday it was weak.",
    )
    article.time_mentions = tag_times(article.text, _anchor(article))
    event = Event(id="e1", title="ministers sign fishing accord", article_ids=["r1"])
    date, cite = date_event(event, [article])
    assert date == "2021-06-25"
    assert article.text[cite.start : cite.end] == "Friday" and cite.article_id == "r1"


def test_date_event_ignores_plans_and_undated_articles():
    planned = Article(
        id="r2", source="g", published="2021-06-27",
        text="The ministers met on Saturday. They will meet again on July 30.",
    )
    undated = Article(id="r3", source="h", text="The ministers met on Tuesday.")
    for a in (planned, undated):
        a.time_mentions = tag_times(a.text, _anchor(a))
    date, cite = date_event(Event(id="e", title="ministers meet", article_ids=["r2", "r3"]), [planned, undated])
    assert date == "2021-06-26" and cite.article_id == "r2"


def test_date_event_without_dates_is_none():
    article = Article(id="r4", source="g", published="2021-06-27", text="The ministers met in Velsa.")
    assert date_event(Event(id="e", title="meeting", article_ids=["r4"]), [article]) is None
