"""Event dating: dates read from text first, a marked report-lag estimate when no text gives the day."""

from __future__ import annotations

import datetime as dt

from storyline.analyze.timex import retag_article
from storyline.analyze.timex_lag import LAGS, LagModel, lead_cues, load_lag_model
from storyline.link.event_dating import EventDate, apply_event_date, date_event
from storyline.model import Article, Event

# invented reports about a fictional town council
UNDATED_LEAD = (
    "Mayor Ilsa Brenner walked out of the Varnholt council session after a row over the harbour budget.\n"
    "Councillors said the vote would be held again, a spokesman for the Varnholt Gazette added."
)
DAY_LEAD = (
    "Mayor Ilsa Brenner walked out of the Varnholt council session on Tuesday after a row over the harbour budget.\n"
    "Councillors said the vote would be held again."
)


def _article(aid: str, text: str, published: str | None, inferred: bool = False) -> Article:
    a = Article(id=aid, source="invented", text=text, published=published, published_inferred=inferred)
    a.time_mentions = retag_article(a)
    return a


def _toy_model() -> LagModel:
    """Reports told with 'after' lag their happening by two days, the others are same-day."""
    day = dt.date(2031, 3, 5)
    samples = [(2, {"after", "past"}, day)] * 30 + [(0, {"present"}, day)] * 30
    return LagModel.learn(samples)


def test_lag_model_learns_what_a_cue_says():
    model = _toy_model()
    reported = dt.date(2031, 5, 9)
    late = model.estimate([(reported, {"after", "past"})])
    same = model.estimate([(reported, {"present"})])
    assert late.day == reported - dt.timedelta(days=2) and late.lag == 2
    assert same.day == reported and same.lag == 0
    assert 0.5 < late.confidence <= 1.0


def test_lag_model_round_trips_through_json():
    model = _toy_model()
    again = LagModel.from_json(model.to_json())
    assert again.prior == model.prior and again.cue_counts == model.cue_counts
    assert set(again.prior) == set(LAGS)


def test_lead_cues_ignore_time_expressions():
    assert "after" in lead_cues("The mayor left after the summit ended.")
    assert "multi_day" in lead_cues("The mayor left after the summit ended.")
    # the only cue-like word is a time expression, which is blanked out
    assert lead_cues("Yesterday.") == set()


def test_day_read_from_text_is_not_estimated():
    a = _article("a1", DAY_LEAD, "2031-04-17")  # a Thursday: "on Tuesday" -> 2031-04-15
    result = date_event(Event(id="e", title="council walkout", article_ids=["a1"]), [a], estimate=True)
    assert isinstance(result, EventDate)
    date, cite = result  # still unpacks in two
    assert date == "2031-04-15" and not result.estimated and result.confidence == 1.0
    assert a.text[cite.start : cite.end] == "Tuesday"


def test_without_estimate_an_undated_happening_stays_undated():
    a = _article("a1", UNDATED_LEAD, "2031-04-17")
    assert date_event(Event(id="e", title="council walkout", article_ids=["a1"]), [a]) is None


def test_estimate_is_marked_and_cites_the_first_printed_report():
    first = _article("a1", UNDATED_LEAD, "2031-04-17")
    later = _article("a2", UNDATED_LEAD.replace("Mayor", "The mayor,"), "2031-04-19")
    guessed = _article("a3", UNDATED_LEAD, "2031-04-02", inferred=True)  # inferred dates do not anchor the estimate
    event = Event(id="e", title="council walkout", article_ids=["a1", "a2", "a3"])
    result = date_event(event, [first, later, guessed], estimate=True, lag_model=_toy_model())
    assert result.estimated and 0 < result.confidence <= 1
    assert result.date == "2031-04-15"  # 'after' + past narration: two days before the first report
    assert result.citation.article_id == "a1"
    assert first.text[result.citation.start : result.citation.end].startswith("Mayor Ilsa Brenner walked out")


def test_a_month_read_from_text_overrules_an_estimate_outside_it():
    text = "In March the Varnholt council closed the harbour office after a row over the budget.\nThe mayor said little."
    a = _article("a1", text, "2031-04-20")
    result = date_event(Event(id="e", title="harbour office", article_ids=["a1"]), [a], estimate=True, lag_model=_toy_model())
    assert result.date == "2031-03" and not result.estimated
    # an estimate inside the month refines it to a day (still marked estimated)
    b = _article("b1", text, "2031-04-02")
    result = date_event(Event(id="f", title="harbour office", article_ids=["b1"]), [b], estimate=True, lag_model=_toy_model())
    assert result.date == "2031-03-31" and result.estimated


def test_apply_event_date_stores_the_estimate_flag():
    a = _article("a1", UNDATED_LEAD, "2031-04-17")
    event = Event(id="e", title="council walkout", article_ids=["a1"])
    apply_event_date(event, [a])
    assert event.date and event.date_estimated and 0 < event.date_confidence <= 1
    assert event.date_source.article_id == "a1"
    b = _article("b1", DAY_LEAD, "2031-04-17")
    event = Event(id="f", title="council walkout", article_ids=["b1"])
    apply_event_date(event, [b])
    assert event.date == "2031-04-15" and not event.date_estimated and event.date_confidence == 1.0


def test_packaged_lag_table_is_learned():
    model = load_lag_model()
    assert model is not None and model.n > 100
    assert set(model.prior) == set(LAGS)
