"""When events happened, and publication dates for undated articles via their events.

``date_event`` votes over the time mentions of an event's articles: calendar
values (day before month before year) in the lead and in sentences that share
words with the event's title weigh most; a date printed in an article's header
(its own publication date) weighs least, since reports come after happenings.
The winning value carries the citation of its best mention.

When no mention gives the day, ``date_event(..., estimate=True)`` falls back on
an *estimate* from when the happening was reported (``analyze.timex_lag``: the
lag between happening and report, learned from dated news, given the reports'
lead cues and weekday).  The result then says ``estimated=True`` and carries the
estimate's probability; it cites the lead of the first report, the text the
estimate is relative to.  ``apply_event_date`` stores all of it on the event.

``infer_from_event`` dates articles without a printed date: their own text
(``analyze.dating``), the dated happenings other articles report (``known``),
the printed dates of the articles they share an event with (a report of
the same happening is published on or within a few days after the first), and
the printed dates of the articles of their story that read most alike.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from storyline.analyze import timex_calendar as cal
from storyline.analyze.dating import (
    Constraint,
    NeighbourIndex,
    infer_with,
    learn_happenings,
    merge_happenings,
    neighbour_constraints,
    salient_words,
    text_constraints,
    url_constraints,
)
from storyline.analyze.timex import tag_readings, tag_times
from storyline.analyze.timex_lag import LagModel, lead_cues, load_lag_model
from storyline.model import Article, Citation, Event, TimeMention

__all__ = ["date_event", "apply_event_date", "EventDate", "infer_from_event", "event_time_mentions"]

_SENT = re.compile(r"[^.!?\n]+[.!?]?")
_DAY = re.compile(r"^\d{4}-\d\d-\d\d")
_MONTH = re.compile(r"^\d{4}-\d\d$")
_HEADER_CHARS = 300


def event_time_mentions(article: Article) -> list[TimeMention]:
    """The article's resolved time mentions (tagged now if the analyze stage has not)."""
    if article.time_mentions:
        return article.time_mentions
    anchor = dt.date.fromisoformat(article.published[:10]) if article.published else None
    return tag_times(article.text, anchor)


def _granularity_weight(value: str) -> float:
    if _DAY.match(value):
        return 3.0
    if _MONTH.match(value):
        return 1.0
    return 0.0  # years, weeks, quarters, refs: too coarse to date a happening


class EventDate(tuple):
    """``(date, citation)`` -- unpacks in two as before -- with ``estimated`` and ``confidence``.

    ``estimated`` is true when no text gave the date and it is a report-lag
    estimate; ``confidence`` is then its probability (1.0 for dates read from text).
    """

    estimated: bool
    confidence: float

    def __new__(cls, date: str, citation: Citation, estimated: bool = False, confidence: float = 1.0) -> "EventDate":
        obj = super().__new__(cls, (date, citation))
        obj.estimated = estimated
        obj.confidence = confidence
        return obj

    @property
    def date(self) -> str:
        return self[0]

    @property
    def citation(self) -> Citation:
        return self[1]


def date_event(event: Event, articles: list[Article], estimate: bool = False, lag_model: LagModel | None = None) -> EventDate | None:
    """The date of the happening (ISO, day or month) and the span that said so.

    With ``estimate``, an event no mention dates to the day gets the report-lag
    estimate (marked ``estimated``), unless a month read from text rules it out.
    """
    members = [a for a in articles if a.id in set(event.article_ids)] or articles
    read = _date_from_mentions(event, members)
    if not estimate or (read is not None and _DAY.match(read[0])):
        return read
    guess = _estimate_from_reports(members, lag_model)
    if guess is None or (read is not None and not guess[0].startswith(read[0])):
        return read
    return guess


def apply_event_date(event: Event, articles: list[Article], estimate: bool = True) -> EventDate | None:
    """Date ``event`` in place (``date``, ``date_source``, ``date_estimated``, ``date_confidence``)."""
    dated = date_event(event, articles, estimate=estimate)
    event.date, event.date_source = dated if dated else (None, None)
    event.date_estimated = bool(dated and dated.estimated)
    event.date_confidence = dated.confidence if dated else None
    return dated


def _estimate_from_reports(members: list[Article], lag_model: LagModel | None) -> EventDate | None:
    """The happening day estimated from its reports' dates (printed ones when any) and lead cues."""
    model = lag_model or load_lag_model()
    printed = [a for a in members if a.published and not a.published_inferred]
    reports = printed or [a for a in members if a.published]
    if model is None or not reports:
        return None
    estimate = model.estimate([(dt.date.fromisoformat(a.published[:10]), lead_cues(a.text, a.title)) for a in reports])
    if estimate is None:
        return None
    first = min(reports, key=lambda a: (a.published[:10], a.id))
    lead = next((m for m in _SENT.finditer(first.text) if m.group(0).strip()), None)
    start, end = (lead.start(), lead.end()) if lead else (0, min(len(first.text), 1))
    while start < end and first.text[start].isspace():
        start += 1
    return EventDate(cal.fmt_day(estimate.day), Citation(first.id, start, end), estimated=True, confidence=estimate.confidence)


def _date_from_mentions(event: Event, members: list[Article]) -> EventDate | None:
    """The vote over the members' time mentions (see the module docstring)."""
    title_words = salient_words(event.title or "")
    votes: dict[str, float] = defaultdict(float)
    best_cite: dict[str, tuple[float, Citation]] = {}
    for article in members:
        if not article.published:
            continue  # relative mentions of an undated article have no anchor
        published = dt.date.fromisoformat(article.published[:10])
        sentences = [(m.start(), m.end()) for m in _SENT.finditer(article.text) if m.group(0).strip()]
        reliability = 1.0 if not article.published_inferred else 0.6
        for mention in event_time_mentions(article):
            if mention.type not in ("DATE", "TIME"):
                continue
            value = mention.value[:10] if _DAY.match(mention.value) else mention.value
            weight = _granularity_weight(value)
            if not weight:
                continue
            iv = cal.value_interval(value)
            if not iv or iv[0] > published or (published - iv[1]).days > 31:
                continue  # future plans and background history do not date this happening
            index = next((i for i, (s, e) in enumerate(sentences) if s <= mention.start < e), len(sentences))
            sentence = article.text[sentences[index][0] : sentences[index][1]] if index < len(sentences) else ""
            position = 2.0 if index < 3 else (1.0 if index < 8 else 0.5)
            overlap = len(title_words & salient_words(sentence)) if title_words else 0
            topical = 1.0 + min(overlap, 3) * 0.5
            # the article's own printed date in its header is when it was reported, not when it happened
            header = mention.start < _HEADER_CHARS and value == cal.fmt_day(published)
            score = weight * position * topical * reliability * (0.2 if header else 1.0)
            votes[value] += score
            cite = Citation(article.id, mention.start, mention.end)
            if value not in best_cite or score > best_cite[value][0]:
                best_cite[value] = (score, cite)
    if not votes:
        return None
    # a day value also supports the month that contains it
    for value in list(votes):
        if _MONTH.match(value):
            for day_value in votes:
                if day_value.startswith(value + "-"):
                    votes[day_value] += 0.5 * votes[value]
    winner = max(votes, key=lambda v: (votes[v], _granularity_weight(v), v))
    return EventDate(winner, best_cite[winner][1])


def infer_from_event(articles: list[Article], events: list[Event]) -> None:
    """Set ``published`` (+ ``published_inferred``, ``published_confidence``) on undated articles.

    Articles with a printed date are never changed.  Evidence: the article's own
    text, happenings dated by printed articles (``learn_happenings``), and the
    printed dates of articles sharing an event with it.
    """
    by_id = {a.id: a for a in articles}
    printed = [a for a in articles if _printed(a)]
    known = merge_happenings([learn_happenings(a) for a in printed])
    peers: dict[str, list[Article]] = defaultdict(list)
    for event in events:
        members = [by_id[i] for i in event.article_ids if i in by_id]
        for a in members:
            peers[a.id].extend(b for b in members if b.id != a.id and _printed(b))
    neighbours = _story_neighbours(articles, events)
    for article in articles:
        if _printed(article):
            continue
        tagged = tag_readings(article.text)
        constraints = text_constraints(article.text, tagged, known) + url_constraints(article)
        constraints.extend(_peer_constraints(peers.get(article.id, [])))
        own_event, other_events = neighbours.get(article.id, ([], []))
        constraints.extend(neighbour_constraints(own_event))
        if not constraints:
            # Reports of the story's *other* happenings say only "around then": the
            # linker found this report to be about something else (a story spans
            # years: the May call and the June summit), so they date it only when
            # nothing in its own text or event does.
            constraints.extend(neighbour_constraints(other_events))
        if article.title:
            constraints.extend(text_constraints(article.title, tag_readings(article.title), {}))
        result = infer_with(constraints)
        if result is None:
            continue
        article.published, article.published_confidence = result
        article.published_inferred = True


def _printed(article: Article) -> bool:
    return bool(article.published) and not article.published_inferred


Neighbours = tuple[list[tuple[dt.date, float]], list[tuple[dt.date, float]]]


def _story_neighbours(articles: list[Article], events: list[Event]) -> dict[str, Neighbours]:
    """For each undated article, the printed articles of its story (its event when it has no story)
    that read most like it, as (printed date, similarity): those of its own event, then the others."""
    by_id = {a.id: a for a in articles}
    groups: dict[str, set[str]] = defaultdict(set)
    event_of: dict[str, str] = {}
    for event in events:
        groups[event.story_id or f"event:{event.id}"].update(i for i in event.article_ids if i in by_id)
        event_of.update((i, event.id) for i in event.article_ids)
    out: dict[str, Neighbours] = {}
    for ids in groups.values():
        members = [by_id[i] for i in sorted(ids)]
        undated = [k for k, a in enumerate(members) if not _printed(a) and a.id not in out]
        dated = [k for k, a in enumerate(members) if _printed(a)]
        if not undated or not dated:
            continue
        near = NeighbourIndex([a.text for a in members]).nearest_all(undated, dated)
        for k in undated:
            own, other = [], []
            for j, sim in near[k]:
                same = event_of.get(members[j].id) == event_of.get(members[k].id)
                (own if same else other).append((dt.date.fromisoformat(members[j].published[:10]), sim))
            out[members[k].id] = (own, other)
    return out


def _peer_constraints(peers: list[Article]) -> list[Constraint]:
    """A report of the same happening appears on or a few days after the first printed one."""
    out = []
    dates = sorted({dt.date.fromisoformat(p.published[:10]) for p in peers})
    for d in dates[:3]:
        out.append(Constraint(lambda a, d=d: d - dt.timedelta(days=1) <= a <= d + dt.timedelta(days=3), 3.0, f"event peer {d}", d, d + dt.timedelta(days=3), True))
    return out
