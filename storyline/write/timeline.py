"""Dated timelines: which dates matter, and one sourced sentence (or a few) per date.

One method for a story's timeline and for a whole collection (the T17 benchmark
runs it with a benchmark collection as one story), after the date-wise approach
of Ghalandari & Ifrim (2020), unsupervised:

1. *Dating sentences.*  A sentence is dated by the calendar dates (TIMEX3
   ``DATE`` values ``YYYY-MM-DD``, or ``YYYY-MM`` at month granularity) that
   the time tagger found inside it.
2. *Ranking dates.*  A date scores by how many distinct articles mention it
   (an event that later reports keep referring to is important) plus
   ``PUBLISHED_WEIGHT`` times the number of articles published that day.
3. *Describing a date.*  Candidates are the sentences that mention the date,
   plus, at day granularity, undated sentences of articles published that day;
   the most central candidates (TF-IDF cosine to the candidates' centroid,
   sentences naming the date favoured, near-repeats removed) describe it.
   Dates later than the mentioning article's publication are ignored
   (happenings, not plans).

A story timeline adds the story's events (at their ``date``, else at the day
they were first reported) to the mentioned dates (day or month), and gives
every entry one verbatim sentence with its citations.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline.model import Article, Event, Story
from storyline.write.summary import (
    SupportIndex,
    TfidfSpace,
    Unit,
    select_central,
    sentence_units,
)

#: Weight of "an article was published that day" relative to "an article mentions that day".
PUBLISHED_WEIGHT = 0.25
#: A candidate that names the date is likelier about it than an undated sentence of that day.
MENTION_BONUS = 0.5
#: An event's entry favours lead sentences (news puts the happening first): 1 + LEAD_BONUS / (1 + index).
LEAD_BONUS = 0.5
#: Sentences of one date may not be more TF-IDF-similar than this.
TIMELINE_REDUNDANCY = 0.3

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def calendar_value(value: str | None, allow_month: bool) -> str | None:
    """A TIMEX3 value reduced to a calendar day (or month), else None."""
    if not value:
        return None
    if _DAY.match(value[:10]) and (len(value) == 10 or value[10] == "T"):
        return value[:10]  # "2019-06-28TAF" (that afternoon) is still that day
    if allow_month and _MONTH.match(value):
        return value
    return None


@dataclass
class DatedPool:
    """All candidate sentences of a collection, with the dates each one mentions."""

    units: list[Unit]
    mentions: list[set[str]]  # per unit: calendar values mentioned inside it
    published: dict[str, str | None]  # article id -> published date (day)
    space: TfidfSpace = field(init=False)

    def __post_init__(self) -> None:
        self.space = TfidfSpace([u.text for u in self.units])


def build_pool(articles: Sequence[Article], *, allow_month: bool = False, past_only: bool = False) -> DatedPool:
    """Units (filtered sentences) of non-duplicate articles with their mentioned dates."""
    units: list[Unit] = []
    mentions: list[set[str]] = []
    published: dict[str, str | None] = {}
    for art in articles:
        if art.duplicate_of:
            continue
        pub = (art.published or "")[:10] or None
        published[art.id] = pub
        dated = []
        for tm in art.time_mentions:
            if tm.type != "DATE":
                continue
            val = calendar_value(tm.value, allow_month)
            if val and not (past_only and pub and val[: len(pub)] > pub[: len(val)]):
                dated.append((tm.start, tm.end, val))
        for u in sentence_units(art):
            units.append(u)
            mentions.append({v for s, e, v in dated if u.start <= s < u.end})
    return DatedPool(units, mentions, published)


def rank_dates(pool: DatedPool, start: str | None = None, end: str | None = None) -> list[tuple[str, float]]:
    """Dates by importance: distinct mentioning articles + PUBLISHED_WEIGHT x articles published."""
    mentioned: dict[str, set[str]] = defaultdict(set)
    for u, ms in zip(pool.units, pool.mentions):
        for d in ms:
            mentioned[d].add(u.article_id)
    published: dict[str, int] = defaultdict(int)
    for pub in pool.published.values():
        if pub:
            published[pub] += 1
    scores: dict[str, float] = {}
    for d in set(mentioned) | set(published):
        if (start and d[: len(start)] < start[: len(d)]) or (end and d[: len(end)] > end[: len(d)]):
            continue
        scores[d] = len(mentioned.get(d, ())) + PUBLISHED_WEIGHT * published.get(d, 0)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def date_candidates(pool: DatedPool, date: str) -> list[int]:
    """Sentences mentioning ``date``; at day granularity also undated sentences published that day."""
    idx = [i for i, ms in enumerate(pool.mentions) if date in ms]
    if _DAY.match(date):
        idx += [
            i for i, (u, ms) in enumerate(zip(pool.units, pool.mentions))
            if not ms and pool.published.get(u.article_id) == date
        ]
    return idx


def describe_date(pool: DatedPool, idx: Sequence[int], k: int, date: str | None = None) -> list[int]:
    """The ``k`` most central, non-redundant candidates; those naming ``date`` weigh more."""
    weights = [1.0 + (MENTION_BONUS if date in pool.mentions[i] else 0.0) for i in idx]
    return select_central(pool.space, list(idx), k, weights, TIMELINE_REDUNDANCY)


def collection_timeline(
    articles: Sequence[Article],
    n_dates: int,
    sentences_per_date: int,
    start: str | None = None,
    end: str | None = None,
) -> list[tuple[str, list[Unit]]]:
    """A day-level timeline of a collection: ``n_dates`` dates, each with its sentences."""
    pool = build_pool(articles, past_only=True)
    out = []
    for date, _score in rank_dates(pool, start, end):
        if len(out) >= n_dates:
            break
        idx = date_candidates(pool, date)
        chosen = describe_date(pool, idx, sentences_per_date, date)
        if chosen:
            out.append((date, [pool.units[i] for i in chosen]))
    out.sort(key=lambda e: e[0])
    return out


def _event_unit(event: Event, pool: DatedPool) -> int | None:
    """The sentence that best describes an event: the most central of its articles' sentences.

    Leads are favoured (news puts the happening first); the date is the
    event's own, cited by ``date_source`` upstream.
    """
    ids = set(event.article_ids)
    own = [i for i, u in enumerate(pool.units) if u.article_id in ids]
    weights = [1.0 + LEAD_BONUS / (1 + pool.units[i].position)
               + (MENTION_BONUS if event.date in pool.mentions[i] else 0.0) for i in own]
    chosen = select_central(pool.space, own, 1, weights)
    return chosen[0] if chosen else None


def _first_report(event: Event, articles: dict[str, Article]) -> str | None:
    """The earliest publication day of an event's articles (printed dates before inferred ones)."""
    dated = [(articles[a].published_inferred, articles[a].published[:10]) for a in event.article_ids
             if a in articles and articles[a].published]
    if not dated:
        return None
    printed = [d for inferred, d in dated if not inferred]
    return min(printed or [d for _, d in dated])


def story_timeline(
    story: Story,
    events: Sequence[Event],
    articles: dict[str, Article],
    max_entries: int = 20,
) -> dict:
    """``{story_id, entries: [{date, text, citations, event_id, date_basis}]}``, in date order.

    Every event of the story gets an entry: at its ``date`` (``date_basis``
    "event"), or, when it has none, at the day it was first reported
    ("published": when it was reported, not when it happened).  Earlier
    happenings the articles mention with a day or month date ("mentioned")
    fill up to ``max_entries``.
    """
    story_events = [e for e in events if e.id in set(story.event_ids)] or list(events)
    art_ids = {aid for e in story_events for aid in e.article_ids}
    pool = build_pool([articles[a] for a in art_ids if a in articles], allow_month=True, past_only=True)
    index = SupportIndex(pool.units)
    entries: list[dict] = []
    used: set[int] = set()  # one sentence describes one date only

    def add(i: int, date: str, event_id: str | None, basis: str) -> None:
        used.add(i)
        cited = index.cited(i)
        entries.append({"date": date, "text": cited["text"], "citations": cited["citations"],
                        "event_id": event_id, "date_basis": basis})

    for ev in story_events:
        date, basis = (ev.date, "event") if ev.date else (_first_report(ev, articles), "published")
        if not date:
            continue
        i = _event_unit(ev, pool)
        if i is not None:
            add(i, calendar_value(date[:10], allow_month=True) or date, ev.id, basis)

    event_days = {e["date"] for e in entries if e["date_basis"] == "event"}
    mention_scores: dict[str, set[str]] = defaultdict(set)
    for u, ms in zip(pool.units, pool.mentions):
        for d in ms:
            mention_scores[d].add(u.article_id)
    ranked = sorted(mention_scores, key=lambda d: (-len(mention_scores[d]), d))
    for date in ranked:
        if len(entries) >= max_entries:
            break
        if date in event_days or (_MONTH.match(date) and any(d.startswith(date) for d in event_days)):
            continue
        idx = [i for i, ms in enumerate(pool.mentions) if date in ms and i not in used]
        chosen = describe_date(pool, idx, 1, date)
        if chosen:
            add(chosen[0], date, None, "mentioned")
    entries.sort(key=lambda e: (e["date"], e["date_basis"] != "event"))
    return {"story_id": story.id, "entries": entries}
