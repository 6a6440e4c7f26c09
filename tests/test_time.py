"""Time tagger: TIMEX3 spans, types and values on invented news text."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.analyze.timex import retag_article, tag_times
from storyline.model import Article

ANCHOR = dt.date(2021, 3, 14)  # a Sunday


def values(text: str, anchor=ANCHOR, doc=None) -> dict[str, tuple[str, str]]:
    return {m.text: (m.type, m.value) for m in tag_times(text, anchor, doc)}


def test_spans_are_offsets_into_the_text():
    text = "The mayor of Brindleford resigned on Friday, three weeks after the vote."
    for m in tag_times(text, ANCHOR):
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "text, expression, expected",
    [
        ("The council met on Friday to discuss the bridge.", "Friday", ("DATE", "2021-03-12")),
        ("The council will meet on Friday to discuss the bridge.", "Friday", ("DATE", "2021-03-19")),
        ("Ms Okonkwo spoke at the summit in Velsa last July.", "last July", ("DATE", "2020-07")),
        ("The trial is set to open next May in Corran.", "next May", ("DATE", "2021-05")),
        ("The dam burst nearly a year ago.", "nearly a year ago", ("DATE", "2020")),
        ("Prices rose 4% last year.", "last year", ("DATE", "2020")),
        ("Talks resume next week.", "next week", ("DATE", "2021-W11")),
        ("The treaty terminates this summer.", "this summer", ("DATE", "2021-SU")),
        ("The strike began yesterday.", "yesterday", ("DATE", "2021-03-13")),
        ("Sales fell in the third quarter.", "the third quarter", ("DATE", "2020-Q3")),
        ("The talks lasted two hours.", "two hours", ("DURATION", "PT2H")),
        ("She led the party for 20 years.", "20 years", ("DURATION", "P20Y")),
        ("The ferry sails daily.", "daily", ("SET", "P1D")),
        ("The report came out on June 28, 2019.", "June 28, 2019", ("DATE", "2019-06-28")),
        ("The pact, signed in 1987, lapsed.", "1987", ("DATE", "1987")),
        ("Officials are now reviewing the plan.", "now", ("DATE", "PRESENT_REF")),
        ("The vote is due by May 3.", "May 3", ("DATE", "2021-05-03")),
        ("Voters went to the polls in the 1990s.", "the 1990s", ("DATE", "199X")),
        ("Doors open at 10:30 a.m. on Tuesday.", "10:30 a.m. on Tuesday", ("TIME", "2021-03-09T10:30")),
    ],
)
def test_values(text, expression, expected):
    found = values(text)
    assert found.get(expression) == expected, found


def test_bare_may_as_modal_is_not_a_month():
    assert values("Officials said the mayor May resign, but she may not.") == {}


def test_year_ago_in_quarterly_report_follows_the_quarter():
    text = "Quillon Corp. said third-quarter profit rose to $5 million from $3 million a year ago."
    found = values(text, dt.date(2020, 10, 20))
    assert found["third-quarter"] == ("DATE", "2020-Q3")
    assert found["a year ago"] == ("DATE", "2019-Q3")


def test_discourse_reference_for_that_month():
    text = "The two met at the end of November in Corran. They had dined in Velsa earlier that month."
    found = values(text, dt.date(2021, 6, 25))
    assert found["the end of November"][1] == "2020-11"
    assert found["earlier that month"][1] == "2020-11"


def test_without_anchor_relative_values_stay_underspecified():
    found = values("The council met on Friday and again last July.", anchor=None)
    assert found["Friday"][1] == "XXXX-WXX-5"
    assert found["last July"][1] == "XXXX-07"


def test_numbers_that_are_not_years():
    found = values("The firm sold 1990 shares for $2015 each.")
    assert "1990" not in found and "2015" not in found


def test_retag_article_uses_the_published_date():
    article = Article(id="a1", source="x", text="The ferry sank on Friday.", published="2021-03-14", published_inferred=True)
    assert [m.value for m in retag_article(article)] == ["2021-03-12"]


def test_doc_tense_is_used_when_given():
    from storyline.models import get_nlp

    text = "The minister will visit Corran on Friday."
    doc = get_nlp()(text)
    assert values(text, doc=doc)["Friday"][1] == "2021-03-19"


def test_empty_and_spaceless_text():
    assert tag_times("", ANCHOR) == []
    text = "x" * 5000 + " Friday " + "y" * 5000
    assert [(m.start, m.value) for m in tag_times(text, ANCHOR)] == [(5001, "2021-03-12")]


def test_impossible_dates_fall_back_to_the_month():
    assert values("The deal was signed on February 30, 2020.")["February 30, 2020"] == ("DATE", "2020-02")


def test_wire_dateline_abbreviations():
    assert values("WASHINGTON | Mon Mar 2, 2009 4:23 pm EST (Wire) - Flu cases rose.")["Mon Mar 2, 2009"] == ("DATE", "2009-03-02")


def test_year_earlier_after_nine_months_compares_the_period():
    text = (
        "Quillon said third-quarter profit rose 5%. "
        "In the first nine months, margins were 12%, compared with 9% a year earlier."
    )
    found = values(text, dt.date(2020, 10, 20))
    assert found["the first nine months"] == ("DURATION", "P9M")
    assert found["a year earlier"] == ("DATE", "2019")


def test_latest_quarter_in_past_narration_has_ended():
    """A forecast for the running quarter does not make it "the latest quarter" profit was earned in."""
    from storyline.models import get_nlp

    text = "Velsa Corp said its fourth quarter would be weak. Profit in the latest quarter rose 5% from the year-earlier period."
    got = values(text, dt.date(2031, 11, 2), get_nlp()(text))
    assert got["fourth quarter"] == ("DATE", "2031-Q4")
    assert got["the latest quarter"] == ("DATE", "2031-Q3")
    assert got["the year-earlier period"] == ("DATE", "2030-Q3")
