"""Time targets on the five real seeds (skipped when ../shared/seeds is absent).

Events are built here from the seeds' known grouping so these tests check the
dating stage alone, not event clustering (tested elsewhere).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storyline.analyze.timex import retag_article, tag_times
from storyline.extract import extract
from storyline.link.event_dating import date_event, infer_from_event
from storyline.model import Article, Event, RawDocument

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

pytestmark = pytest.mark.seeds


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    articles = []
    for i, path in enumerate(sorted(SEEDS.glob("*.txt"))):
        article = extract(RawDocument(id=f"seed{i}", source=str(path), kind="text", content=path.read_text("utf-8")))
        article.id = f"seed{i}"
        article.time_mentions = retag_article(article)
        articles.append(article)
    assert len(articles) == 5
    return articles


@pytest.fixture(scope="module")
def dated(seeds):
    osaka = Event(id="osaka", title=seeds[0].title or "", article_ids=["seed0", "seed1", "seed2"])
    call = Event(id="call", title=seeds[3].title or "", article_ids=["seed3"])
    hamburg = Event(id="hamburg", title=seeds[4].title or "", article_ids=["seed4"])
    printed = {a.id: a.published for a in seeds if a.published}
    infer_from_event(seeds, [osaka, call, hamburg])
    for a in seeds:
        a.time_mentions = retag_article(a)
    return seeds, {"osaka": osaka, "call": call, "hamburg": hamburg}, printed


def _days_between(a: str, b: str) -> int:
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)


def test_helsinki_last_july(seeds):
    mention = [m for m in tag_times(seeds[0].text, dt.date(2019, 6, 28)) if m.text == "last July"]
    assert mention and mention[0].value == "2018-07"


@pytest.mark.parametrize("index, truth", [(1, "2019-06-28"), (2, "2019-06-28"), (3, "2019-05-03")])
def test_undated_seeds_are_dated_and_marked_inferred(dated, index, truth):
    seeds, _, _ = dated
    article = seeds[index]
    assert article.published_inferred
    assert article.published and _days_between(article.published, truth) <= 1
    assert 0 < article.published_confidence <= 1


def test_printed_dates_untouched(dated):
    seeds, _, printed = dated
    for a in seeds:
        if a.id in printed:
            assert a.published == printed[a.id] and not a.published_inferred


def test_osaka_event_date_with_citation(dated):
    seeds, events, _ = dated
    date, cite = date_event(events["osaka"], seeds)
    assert date == "2019-06-28"
    cited = next(a for a in seeds if a.id == cite.article_id)
    assert cite.end > cite.start and cited.text[cite.start : cite.end]


def test_osaka_date_is_read_not_estimated(dated):
    seeds, events, _ = dated
    result = date_event(events["osaka"], seeds, estimate=True)
    assert result.date == "2019-06-28" and not result.estimated


def test_hamburg_gets_only_a_marked_estimate(dated):
    """No text dates the Hamburg meeting: whatever date it gets is an estimate, marked as one."""
    seeds, events, _ = dated
    assert date_event(events["hamburg"], seeds) is None
    result = date_event(events["hamburg"], seeds, estimate=True)
    assert result and result.estimated and 0 < result.confidence < 1
    assert result.citation.article_id == "seed4"


@pytest.mark.xfail(strict=True, reason="004 never says on which day the Hamburg meeting took place; the report-lag "
                   "estimate learned on Timeline17 says same-day (most reports are), 2017-07-09, two days late")
def test_hamburg_event_date(dated):
    seeds, events, _ = dated
    result = date_event(events["hamburg"], seeds, estimate=True)
    assert result and result[0] == "2017-07-07"
