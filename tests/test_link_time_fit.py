"""An undated report's weekdays and months, read against an event's days, place it in time.

Invented reports (fictional Quellport ferry operator): an undated report naming
"Tuesday" and "December" fits the event whose reports name that Tuesday and
that December, not an earlier event of the same story.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from storyline.link import ArticleFeatures, LinkConfig, LinkState, link
from storyline.link.events import undated_fit
from storyline.link.features import term_vector
from storyline.link.state import Profile
from storyline.link.time_fit import floating_fit, time_keys
from storyline.model import Article, TimeMention


def _mentions(*values: str) -> list[TimeMention]:
    return [TimeMention(0, 1, v, "DATE", v) for v in values]


def test_time_keys_split_resolved_from_floating():
    times, floating = time_keys(_mentions("2031-03-04", "2030-12", "XXXX-WXX-2", "XXXX-10", "XXXX-03-04", "P1Y", "2031"))
    assert date(2031, 3, 4).toordinal() in times.ids
    assert len(times) == 3  # the day, its month and December 2030; a bare year or a duration is not a key
    assert len(floating) == 3  # Tuesday, October, March 4


def _keys(*values: str):
    return time_keys(_mentions(*values))


def test_floating_mentions_fit_the_event_that_names_their_days():
    # undated: "on Tuesday", "in December", "in October"
    _, floating = _keys("XXXX-WXX-2", "XXXX-12", "XXXX-10")
    # the results event (reports of Wednesday 5 March 2031) name Tuesday 4 March, December and October
    results, _ = _keys("2031-03-04", "2030-12", "2030-10")
    day = date(2031, 3, 5).toordinal()
    # the earlier pause event (reports of 16 October 2030) name Tuesday 15 October
    paused, _ = _keys("2030-10-15", "2030-04")
    pause_day = date(2030, 10, 16).toordinal()
    fit_results = floating_fit(floating, results, day, day)
    fit_paused = floating_fit(floating, paused, pause_day, pause_day)
    assert fit_results > fit_paused
    assert fit_results == 3 / 4


def test_a_weekday_of_another_week_is_evidence_against():
    _, floating = _keys("XXXX-WXX-4")  # "on Thursday"
    named, _ = _keys("2031-05-08")  # a Thursday
    later = date(2031, 5, 9).toordinal()
    assert floating_fit(floating, named, later, later) > 0
    other_week, _ = _keys("2031-05-15")
    assert floating_fit(floating, other_week, later, later) < 0


def test_no_floating_mentions_say_nothing():
    empty, _ = _keys()
    times, floating = _keys("2031-05-08")
    day = date(2031, 5, 8).toordinal()
    assert floating_fit(floating, times, day, day) == 0.0
    assert floating_fit(_keys("XXXX-WXX-4")[1], empty, day, day) == 0.0


def _feats(dense: np.ndarray, day: date | None, mentions: list[str], head: str) -> ArticleFeatures:
    words = term_vector("Quellport ferry operator Brannock Lines trial of electric ferries")
    times, floating = _keys(*mentions)
    return ArticleFeatures(
        dense, words, words, day and day.toordinal(), head, words, times=times, floating=floating
    )


def test_undated_fit_is_symmetric_and_needs_one_dated_side():
    v = np.ones(4, dtype=np.float32) / 2
    dated = Profile.of(_feats(v, date(2031, 3, 5), ["2031-03-04"], "a"))
    undated = Profile.of(_feats(v, None, ["XXXX-WXX-2"], "b"))
    assert undated_fit(dated, undated) == undated_fit(undated, dated) > 0
    assert undated_fit(undated, undated) == 0.0
    assert undated_fit(dated, dated) == 0.0


def test_undated_report_joins_the_event_its_days_fit():
    """Same words against both events of the story: the days the report names decide."""
    v = np.zeros(8, dtype=np.float32)
    v[0] = 1.0
    feats = {
        "pause-a": _feats(v, date(2030, 10, 16), ["2030-10-15", "2030-04"], "Ferry trial paused"),
        "pause-b": _feats(v, date(2030, 10, 16), ["2030-10-15"], "Brannock pauses ferry trial"),
        "result-a": _feats(v, date(2031, 3, 5), ["2031-03-04", "2030-12", "2030-10"], "Ferry trial results"),
        "result-b": _feats(v, date(2031, 3, 5), ["2031-03-04", "2030-12"], "Electric ferries pass test"),
        "undated": _feats(v, None, ["XXXX-WXX-2", "XXXX-12", "XXXX-10"], "What the ferry results say"),
    }
    articles = [Article(id=i, source=i, text=f"Invented report {i} about Quellport ferries.") for i in feats]
    state = link(
        articles, LinkState(), featurizer=lambda batch: [feats[a.id] for a in batch], config=LinkConfig()
    ).state
    events = state.article_event
    assert events["pause-a"] == events["pause-b"] != events["result-a"] == events["result-b"]
    assert events["undated"] == events["result-a"]


def test_a_day_few_of_the_events_reports_name_counts_less():
    """The day every report names is the happening's; one report's background day is weaker evidence."""
    _, floating = _keys("XXXX-WXX-4")  # "on Thursday"
    day = date(2031, 5, 9).toordinal()
    all_name_it, _ = _keys("2031-05-08")  # one report (summed profiles count reports per key)
    assert floating_fit(floating, all_name_it, day, day, reports=1) == 0.5
    assert 0 < floating_fit(floating, all_name_it, day, day, reports=4) < 0.5
