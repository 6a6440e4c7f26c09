"""When events happened, and publication dates for undated articles via their events.

``date_event`` votes over the time mentions of an event's articles: calendar
values (day before month before year) in the lead and in sentences that share
words with the event's title weigh most; a date printed in an article's header
(its own publication date) weighs least, since reports come after happenings.
The winning value carries the citation of its best mention.

``infer_from_event`` dates articles without a printed date: their own text
(``analyze.dating``), the dated happenings other articles report (``known``),
and the printed dates of the articles they share an event with (a report of
the same happening is published on or within a few days after the first).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from storyline.analyze import timex_calendar as cal
from storyline.analyze.dating import Constraint, infer_with, learn_happenings, salient_words, text_constraints, url_constraints
from storyline.analyze.timex import tag_readings, tag_times
from storyline.model import Article, Citation, Event, TimeMention

__all__ = ["date_event", "infer_from_event", "event_time_mentions"]

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


def date_event(event: Event, articles: list[Article]) -> tuple[str, Citation] | None:
    """The date of the happening (ISO, day or month) and the span that said so."""
    members = [a for a in articles if a.id in set(event.article_ids)] or articles
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
    return winner, best_cite[winner][1]


def infer_from_event(articles: list[Article], events: list[Event]) -> None:
    """Set ``published`` (+ ``published_inferred``, ``published_confidence``) on undated articles.

    Articles with a printed date are never changed.  Evidence: the article's own
    text, happenings dated by printed articles (``learn_happenings``), and the
    printed dates of articles sharing an event with it.
    """
    by_id = {a.id: a for a in articles}
    printed = [a for a in articles if a.published and not a.published_inferred]
    known: dict[str, str] = {}
    for article in printed:
        known.update(learn_happenings(article))
    peers: dict[str, list[Article]] = defaultdict(list)
    for event in events:
        members = [by_id[i] for i in event.article_ids if i in by_id]
        for a in members:
            peers[a.id].extend(b for b in members if b.id != a.id and b.published and not b.published_inferred)
    for article in articles:
        if article.published and not article.published_inferred:
            continue
        tagged = tag_readings(article.text)
        constraints = text_constraints(article.text, tagged, known) + url_constraints(article)
        constraints.extend(_peer_constraints(peers.get(article.id, [])))
        if article.title:
            constraints.extend(text_constraints(article.title, tag_readings(article.title), {}))
        result = infer_with(constraints)
        if result is None:
            continue
        article.published, article.published_confidence = result
        article.published_inferred = True


def _peer_constraints(peers: list[Article]) -> list[Constraint]:
    """A report of the same happening appears on or a few days after the first printed one."""
    out = []
    dates = sorted({dt.date.fromisoformat(p.published[:10]) for p in peers})
    for d in dates[:3]:
        out.append(Constraint(lambda a, d=d: d - dt.timedelta(days=1) <= a <= d + dt.timedelta(days=3), 3.0, f"event peer {d}", d, d + dt.timedelta(days=3), True))
    return out
