"""Cross-article dating clues: story neighbours, boilerplate happenings, absolute dates (invented text)."""

from __future__ import annotations

import datetime as dt

from storyline.analyze.dating import NeighbourIndex, infer_published, merge_happenings, text_constraints
from storyline.analyze.timex import tag_readings
from storyline.link.event_dating import infer_from_event
from storyline.model import Article, Event

# a fictional story: a ferry strike in Corran, three days of coverage
STRIKE_DAY1 = ("Ferry crews in Corran walked out over pay, stranding travellers at the Velsa pier. "
               "The union leader Mara Tolst called the strike open-ended.")
STRIKE_DAY9 = ("The Corran ferry strike ended when the harbour board offered crews a bonus. "
               "Mara Tolst said the bonus of 40 crowns settled the dispute.")
LATE_REPORT = "Corran ferries ran again after the harbour board bonus of 40 crowns ended the strike, Mara Tolst told reporters."
OTHER = "A lantern festival in Brindle drew record crowds of dancers and pipers to the old market square."


def _a(aid: str, text: str, published: str | None = None) -> Article:
    return Article(id=aid, source="invented", text=text, published=published)


def test_neighbour_index_finds_the_article_that_reads_alike():
    texts = [STRIKE_DAY1, STRIKE_DAY9, LATE_REPORT, OTHER]
    near = NeighbourIndex(texts).nearest(2, [0, 1, 3], k=1, floor=0.0)
    assert near and near[0][0] == 1 and 0 < near[0][1] <= 1
    # nothing in common with the festival: below any sensible floor
    assert NeighbourIndex(texts).nearest(3, [0, 1, 2], floor=0.2) == []


def test_neighbours_date_an_article_its_text_cannot():
    hidden = _a("u", LATE_REPORT)
    assert infer_published(hidden) is None
    day, confidence = infer_published(hidden, neighbours=[(dt.date(2030, 3, 9), 0.6)])
    assert dt.date(2030, 3, 8) <= dt.date.fromisoformat(day) <= dt.date(2030, 3, 11)
    assert 0 < confidence <= 0.95


def test_infer_from_event_uses_the_printed_articles_of_the_same_story():
    day1, day9, late = _a("p1", STRIKE_DAY1, "2030-03-01"), _a("p9", STRIKE_DAY9, "2030-03-09"), _a("u", LATE_REPORT)
    events = [
        Event(id="e1", title="ferry strike begins", article_ids=["p1"], story_id="s"),
        Event(id="e9", title="ferry strike ends", article_ids=["p9"], story_id="s"),
        Event(id="eu", title="ferries run again", article_ids=["u"], story_id="s"),
    ]
    infer_from_event([day1, day9, late], events)
    assert late.published_inferred and late.published
    assert dt.date(2030, 3, 8) <= dt.date.fromisoformat(late.published) <= dt.date(2030, 3, 11)
    assert day1.published == "2030-03-01" and not day1.published_inferred


def test_a_key_taught_with_different_months_is_boilerplate():
    merged = merge_happenings([
        {"amended article cents": "2030-03-02", "ferry strike walked": "2030-03-01"},
        {"amended article cents": "2030-05-14", "ferry strike walked": "2030-03-01"},
        {"bonus crowns settled": "2030-03-09"},
        {"bonus crowns settled": "2030-03-10"},
        {"bonus crowns settled": "2030-03-09"},
    ])
    assert "amended article cents" not in merged
    assert merged["ferry strike walked"] == "2030-03-01"
    assert merged["bonus crowns settled"] == "2030-03-09"  # the value most articles agree on


def test_an_absolute_date_does_not_tie_the_text_to_a_known_happening():
    text = "The ferry strike ended on 9 March 2030 when the harbour board offered crews a bonus."
    known = {"bonus board crews ferry harbour offered strike": "2030-03-09"}
    whys = [c.why for c in text_constraints(text, tag_readings(text), known)]
    assert not any(w.startswith("'9 March 2030' =") for w in whys)
    relative = "The ferry strike ended on Friday when the harbour board offered crews a bonus."
    whys = [c.why for c in text_constraints(relative, tag_readings(relative), known)]
    assert any(w.startswith("'Friday' =") for w in whys)
