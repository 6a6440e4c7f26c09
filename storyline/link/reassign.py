"""Order repair for undated reports: move one whose best event is now clearly another.

An undated report is placed by its text (and the weekdays/months it names)
against the events that exist when it arrives.  Arriving before any dated
report of its own happening, it can clear the bar at a sibling event of the
same story (an analysis of a trial's *results* joins the event of the trial's
earlier *pause*); when its own event forms later, nothing in single-pass
clustering looks at it again.  The event merge pass does not help either: the
two events are rightly apart, only the one report is misplaced.

So after the events of a call are settled, every event that gained reports has
its undated members read against the event's candidate siblings (the events its
new reports scored against, found through the ANN index, never all pairs), and
the undated members of those siblings are read against it.  A report moves only
when the other event beats its own event *without it* (leave-one-out profile) by
``reassign_margin`` and clears the join bar; a report alone in its event merges
its event into the better one.  Dated reports are never moved: their day
decided their place, and they are what the undated ones are judged against.
Moves are bounded per call (``reassign_max_moves``, ``reassign_per_event``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.link.events import day_span, event_similarity, join_threshold
from storyline.link.state import Profile

if TYPE_CHECKING:
    from storyline.link.events import EventPass


def reconsider_undated(events: "EventPass") -> dict[str, str]:
    """Move misplaced undated reports; returns {article id: event id it moved to}."""
    state, cfg = events.state, events.cfg
    moved: dict[str, str] = {}
    if cfg.reassign_max_moves <= 0:
        return moved
    grown = sorted((e for e in events.delta if e in state.events), key=lambda e: state.events[e].seq)
    for event_id in grown:
        if event_id not in state.events:
            continue
        siblings = sorted(
            {events.resolve(n) for n in events.neighbours.get(event_id, ())} - {event_id},
            key=lambda e: state.events[e].seq if e in state.events else -1,
        )
        siblings = [s for s in siblings if s in state.events]
        if not siblings:
            continue
        # the grown event's own undated reports against its siblings ...
        work = [(a, event_id, siblings) for a in _undated_members(events, event_id, moved)]
        # ... and each sibling's undated reports against the grown event
        for sibling in siblings:
            work += [(a, sibling, [event_id]) for a in _undated_members(events, sibling, moved)]
        for article_id, home_id, others in work:
            if len(moved) >= cfg.reassign_max_moves:
                return moved
            home_id = events.resolve(home_id)
            if home_id not in state.events or state.article_event.get(article_id) != home_id:
                continue
            target = _clearly_better(events, article_id, home_id, others)
            if target is not None:
                moved[article_id] = _move(events, article_id, home_id, target)
    return moved


def _undated_members(events: "EventPass", event_id: str, moved: dict[str, str]) -> list[str]:
    """Its undated reports; or its one report, dated or not, when it stands alone (weakly placed)."""
    event = events.state.events[event_id]
    if event.profile.size == 1 and events.cfg.reassign_singletons:
        profiled = [a for a in event.article_ids if a in events.state.article_row]
        return [a for a in profiled if a not in moved][:1]
    members = [a for a in event.article_ids if a in events.state.undated and a not in moved]
    return members[: events.cfg.reassign_per_event]


def _profile(events: "EventPass", article_id: str) -> Profile | None:
    """The report's own profile, its dense vector read back from the ANN index."""
    state = events.state
    stored = state.undated.get(article_id)
    row = state.article_row.get(article_id)
    if stored is None and row is not None:
        event = state.events.get(state.article_event.get(article_id, ""))
        if event is not None and event.profile.size == 1:
            return event.profile.copy()  # a report alone: its event's profile is its own
    if stored is None or row is None:
        return None
    profile = stored.copy()
    profile.dense = state.index.vectors([row])[0].astype("float32")
    return profile


def _margin(events: "EventPass", report: Profile, event: Profile) -> float:
    return event_similarity(report, event, events.cfg) - join_threshold(report, event, events.cfg)


def _clearly_better(events: "EventPass", article_id: str, home_id: str, others: list[str]) -> str | None:
    """The event the report now belongs to, if it is clearly not its own; else ``None``."""
    state, cfg = events.state, events.cfg
    report = _profile(events, article_id)
    if report is None:
        return None
    rest = state.events[home_id].profile.copy()
    rest.subtract(report)
    alone = rest.size <= 0
    home_margin = 0.0 if alone else _margin(events, report, rest)
    best, best_gain = None, 0.0
    for other_id in others:
        other_id = events.resolve(other_id)
        if other_id == home_id or other_id not in state.events:
            continue
        other = state.events[other_id].profile
        margin = _margin(events, report, other)
        if margin < 0.0:
            continue  # it would not join there as a new report either
        gain = margin - home_margin - _required(report, other, alone, cfg)
        if gain >= 0.0 and (best is None or gain > best_gain):
            best, best_gain = other_id, gain
    return best


def _required(report: Profile, other: Profile, alone: bool, cfg) -> float:
    """How much better the other event must fit than the report's own.

    A report alone, reporting from the other event's very days, is placed
    again as if it arrived now (the join rule: margin >= 0, ``reassign_alone_margin``),
    as a same-day report in another language that came before its happening's other
    reports; otherwise the move must be clear (``reassign_margin``): a report days
    apart may be the follow-up happening it was taken for.
    """
    span = day_span(report, other)
    if alone and span is not None and span <= cfg.same_days:
        return cfg.reassign_alone_margin
    return cfg.reassign_margin


def _move(events: "EventPass", article_id: str, home_id: str, target_id: str) -> str:
    state = events.state
    home = state.events[home_id]
    report = _profile(events, article_id)
    assert report is not None
    if home.profile.size <= 1:
        # nothing but this report (and its copies): the whole event folds into the target
        return events.merge(home_id, target_id, survivor=target_id)
    # (a near-copy of a moved report stays where it is: the state does not keep who copied whom)
    home.article_ids.remove(article_id)
    home.profile.subtract(report)
    story = state.stories.get(home.story_id) if home.story_id else None
    if story is not None:
        story.profile.subtract(report)  # the target's story gains it through the event's delta
    events._join(target_id, article_id, report)
    events.touched.add(home_id)
    events.neighbours.setdefault(target_id, set()).add(home_id)
    return target_id
