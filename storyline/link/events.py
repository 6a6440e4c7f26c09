"""Incremental event clustering: new reports join existing events or open new ones.

The batch's new reports are first grouped among themselves (``batch_groups``);
then for every group (one report when articles arrive one at a time), in a
deterministic order (earliest first, then by id):

1. near-duplicate check (MinHash LSH): a copy joins its original's event and does
   not weigh in the event's profile;
2. candidate events = events of its nearest articles in the ANN index (never all
   pairs);
3. score against each candidate's *profile* (summed vectors, so an event is
   judged as a whole, not by its closest member) and join the best at or above
   ``join_threshold`` (``event_join``, lowered when the days agree or when
   nothing is dated), else open a new event.  When only one side is dated, the
   undated side's weekday and month mentions are read against the other's days
   (``time_fit``): mentions that land on days the event's reports name count
   for it, others against.

Single-pass clustering depends on arrival order (an article that bridges two
events may arrive before or after them); the merge pass repairs the common
case: events touched in this batch are compared with the candidate events their
new articles saw, and merged when their profiles agree at ``event_merge``.  A
single misplaced report (an undated one that arrived before its own event formed,
or one left alone) is moved by ``reassign`` afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from storyline.link.config import LinkConfig
from storyline.link.features import ArticleFeatures, Sparse, sparse_dot
from storyline.link.state import EVENT_ENTITIES, EVENT_TERMS, EventAgg, LinkState, Profile
from storyline.link.time_fit import floating_fit
from storyline.model import content_id


_NO_DENSE = np.zeros(0, dtype=np.float32)


def _cos_dense(a: np.ndarray, b: np.ndarray) -> float:
    na, nb = float(np.sqrt(np.dot(a, a))), float(np.sqrt(np.dot(b, b)))
    if na <= 0 or nb <= 0:
        return 0.0
    return float(np.dot(a, b)) / (na * nb)


def _cos_sparse(a, b) -> float:
    na, nb = a.norm(), b.norm()
    if na <= 0 or nb <= 0:
        return 0.0
    return sparse_dot(a, b) / (na * nb)


def day_gap(a: Profile, b: Profile) -> int | None:
    """Days between two day ranges (0 when they overlap); ``None`` when either is undated."""
    if a.day_min is None or b.day_min is None:
        return None
    assert a.day_max is not None and b.day_max is not None
    return max(0, a.day_min - b.day_max, b.day_min - a.day_max)


def day_span(a: Profile, b: Profile) -> int | None:
    """Days the two cover together; ``None`` when either is undated.

    The relief for agreeing days asks that *all* of both sides' days be close,
    not just the nearest ones: an event's day range only grows as it absorbs
    reports, and a range that touches every neighbouring day would lower the
    bar for everything around it (one happening chaining into the next).
    """
    if a.day_min is None or b.day_min is None:
        return None
    assert a.day_max is not None and b.day_max is not None
    return max(a.day_max, b.day_max) - min(a.day_min, b.day_min)


def time_penalty(a: Profile, b: Profile, cfg: LinkConfig) -> float:
    """Positive when days disagree; negative (a bonus) when both are dated and agree."""
    gap = day_gap(a, b)
    if gap is None:
        return 0.0
    if gap <= cfg.same_days:
        return -cfg.time_bonus
    if gap <= cfg.time_grace_days:
        return 0.0
    excess = (gap - cfg.time_grace_days) / max(1, cfg.time_ramp_days)
    return cfg.time_weight * min(1.0, max(0.0, excess))


def undated_fit(a: Profile, b: Profile) -> float:
    """When exactly one side is undated: do its weekday/month mentions fit the other's days? (``time_fit``)"""
    if a.day_min is None and b.day_min is not None:
        a, b = b, a
    if a.day_min is None or b.day_min is not None:
        return 0.0
    assert a.day_max is not None
    return floating_fit(b.floating, a.times, a.day_min, a.day_max, a.size)


def shared_specifics(a: Profile, b: Profile, cfg: LinkConfig) -> float:
    """Details two reports of one happening repeat: its figures and the days they name.

    Days named are compared directly when both sides are dated, as weekday and
    month names when neither is (a dated side against an undated one is
    ``undated_fit``'s job).
    """
    score = 0.0  # each term only when weighted: this runs for every scored pair
    if cfg.event_numbers:
        score += cfg.event_numbers * _cos_sparse(a.numbers, b.numbers)
    if a.day_min is not None and b.day_min is not None:
        if cfg.event_days_named:
            score += cfg.event_days_named * _cos_sparse(a.times, b.times)
    elif a.day_min is None and b.day_min is None:
        if cfg.event_floating_named and _names_a_month(a.floating, b.floating):
            score += cfg.event_floating_named * _cos_sparse(a.floating, b.floating)
    return score


def _names_a_month(a: Sparse, b: Sparse) -> bool:
    """Both name one month or month-day: a shared bare weekday alone is a one-in-seven coincidence."""
    if not len(a) or not len(b):
        return False
    shared = np.intersect1d(a.ids, b.ids)
    return bool((shared > 7).any())


def event_similarity(a: Profile, b: Profile, cfg: LinkConfig) -> float:
    """Same happening? Topic, words, names, figures agree, and the days are close (or fit)."""
    return (
        cfg.event_dense * _cos_dense(a.dense, b.dense)
        + cfg.event_terms * _cos_sparse(a.terms, b.terms)
        + cfg.event_entities * _cos_sparse(a.entities, b.entities)
        + cfg.event_lead * _cos_sparse(a.lead, b.lead)
        - time_penalty(a, b, cfg)
        + cfg.undated_fit * undated_fit(a, b)
        + shared_specifics(a, b, cfg)
        - cfg.specifics_offset
    )


def join_threshold(a: Profile, b: Profile, cfg: LinkConfig) -> float:
    """How similar ``a`` and ``b`` must be to be one happening, given what their days say.

    Days that agree make a weaker text match enough; when exactly one side is
    dated the text must decide alone (an undated report may be a different
    happening of the same story, e.g. an earlier meeting of the same people).
    """
    span = day_span(a, b)
    if span is not None and span <= cfg.same_days:
        return cfg.event_join - cfg.same_days_relief
    if a.day_min is None and b.day_min is None:
        return cfg.event_join - cfg.undated_relief
    if a.day_min is None or b.day_min is None:
        return cfg.event_join - cfg.half_dated_relief
    return cfg.event_join


def event_id_for(article_id: str) -> str:
    """Stable: an event is named after the article that opened it, so reruns agree."""
    return content_id(article_id, prefix="ev_")


@dataclass
class EventPass:
    """The event half of one ``link`` call; records what it touched for the story pass."""

    state: LinkState
    cfg: LinkConfig
    touched: set[str] = field(default_factory=set)
    created: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    # event -> candidate events its new articles also scored against
    neighbours: dict[str, set[str]] = field(default_factory=dict)
    # absorbed event -> survivor (for the story pass)
    merged_into: dict[str, str] = field(default_factory=dict)
    # absorbed event -> the story it belonged to before the merge
    absorbed_story: dict[str, str | None] = field(default_factory=dict)
    # event -> summed profiles of the articles it gained in this call (stories add these)
    delta: dict[str, Profile] = field(default_factory=dict)

    # -------------------------------------------------------------- assignment

    def add_article(self, article_id: str, feats: ArticleFeatures, duplicate_of: str | None) -> str:
        state = self.state
        state.headlines[article_id] = feats.headline
        if duplicate_of is not None and duplicate_of in state.article_event:
            event_id = self.resolve(state.article_event[duplicate_of])
            self._join(event_id, article_id, None)
            return event_id
        candidates = self.candidates(feats)
        profile = Profile.of(feats)
        best_id, best_margin = None, -2.0
        for event_id in candidates:
            other = state.events[event_id].profile
            margin = event_similarity(profile, other, self.cfg) - join_threshold(profile, other, self.cfg)
            if margin > best_margin or (margin == best_margin and best_id is not None and event_id < best_id):
                best_id, best_margin = event_id, margin
        if best_id is not None and best_margin >= 0.0:
            event_id = best_id
        else:
            event_id = self._open(article_id, profile.dense.shape[0])
        self._join(event_id, article_id, profile)
        state.article_row[article_id] = state.index.add(article_id, feats.dense)
        self.neighbours.setdefault(event_id, set()).update(c for c in candidates if c != event_id)
        return event_id

    def add_group(self, members: list[tuple[str, ArticleFeatures]]) -> str:
        """Articles already grouped within their batch join one event together.

        The group is judged as a whole (its summed profile) against the events
        its members' neighbours belong to, so a happening first seen in this batch
        is matched with its full evidence, not report by report.
        """
        if len(members) == 1:
            return self.add_article(members[0][0], members[0][1], None)
        state = self.state
        candidates: dict[str, None] = {}
        group = Profile.empty(len(members[0][1].dense))
        profiles = []
        for article_id, feats in members:
            state.headlines[article_id] = feats.headline
            candidates.update(dict.fromkeys(self.candidates(feats)))
            profiles.append(Profile.of(feats))
            group.add(profiles[-1], EVENT_TERMS, EVENT_ENTITIES)
        best_id, best_margin = None, -2.0
        for event_id in candidates:
            if event_id in self.created:
                continue  # the batch grouping already kept this batch's groups apart
            other = state.events[event_id].profile
            # judged report by report (the threshold is calibrated on single
            # reports against an event), averaged over the group
            margin = sum(
                event_similarity(p, other, self.cfg) - join_threshold(p, other, self.cfg) for p in profiles
            ) / len(profiles)
            if margin > best_margin or (margin == best_margin and best_id is not None and event_id < best_id):
                best_id, best_margin = event_id, margin
        if best_id is not None and best_margin >= 0.0:
            event_id = best_id
        else:
            event_id = self._open(members[0][0], group.dense.shape[0])
        for (article_id, feats), profile in zip(members, profiles):
            self._join(event_id, article_id, profile)
            state.article_row[article_id] = state.index.add(article_id, feats.dense)
        self.neighbours.setdefault(event_id, set()).update(c for c in candidates if c != event_id)
        return event_id

    def candidates(self, feats: ArticleFeatures) -> list[str]:
        """Events of the nearest indexed articles, nearest first, without repeats."""
        state = self.state
        seen: dict[str, None] = {}
        for row, score in state.index.search(feats.dense, self.cfg.neighbours):
            if score < self.cfg.min_candidate_cosine:
                continue
            event_id = state.article_event.get(state.index.ids[row])
            if event_id is not None:
                seen.setdefault(self.resolve(event_id), None)
        return list(seen)

    def resolve(self, event_id: str) -> str:
        while event_id in self.merged_into:
            event_id = self.merged_into[event_id]
        return event_id

    def _open(self, article_id: str, dim: int) -> str:
        event_id = event_id_for(article_id)
        if event_id in self.state.events:  # rerun of an article already linked elsewhere
            return event_id
        self.state.events[event_id] = EventAgg(
            id=event_id, seq=self.state.take_seq(), article_ids=[], profile=Profile.empty(dim)
        )
        self.created.add(event_id)
        return event_id

    def _join(self, event_id: str, article_id: str, profile: Profile | None) -> None:
        event = self.state.events[event_id]
        event.article_ids.append(article_id)
        if profile is not None:
            event.profile.add(profile, EVENT_TERMS, EVENT_ENTITIES)
            delta = self.delta.setdefault(event_id, Profile.empty(len(profile.dense)))
            delta.add(profile, EVENT_TERMS, EVENT_ENTITIES)
            if profile.day_min is None:
                # kept (without the dense vector, which the index holds) so the
                # report can be reconsidered later (``reassign``)
                self.state.undated[article_id] = replace(profile, dense=_NO_DENSE)
        self.state.article_event[article_id] = event_id
        self.touched.add(event_id)

    # -------------------------------------------------------------- merge repair

    def merge_pass(self) -> None:
        """Merge touched events into candidate events their profiles now match."""
        work = sorted(self.touched, key=lambda e: self.state.events[e].seq)
        while work:
            event_id = work.pop(0)
            if event_id not in self.state.events:
                continue
            event = self.state.events[event_id]
            partners = sorted(
                {self.resolve(n) for n in self.neighbours.get(event_id, ())} - {event_id},
                key=lambda e: self.state.events[e].seq,
            )
            # merging two events asks for more than joining one article (event_merge
            # over event_join), with the same allowance for agreeing days
            extra = self.cfg.event_merge - self.cfg.event_join
            best, best_margin = None, -2.0
            for other_id in partners:
                other = self.state.events[other_id].profile
                margin = event_similarity(event.profile, other, self.cfg)
                margin -= join_threshold(event.profile, other, self.cfg)
                if margin > best_margin:
                    best, best_margin = other_id, margin
            if best is None or best_margin < extra:
                continue
            survivor = self.merge(event_id, best)
            work.append(survivor)

    def merge(self, a_id: str, b_id: str, survivor: str | None = None) -> str:
        """Fold the younger event (or the one that is not ``survivor``) into the other; returns the survivor's id."""
        events = self.state.events
        a, b = sorted((events[a_id], events[b_id]), key=lambda e: e.seq)
        if survivor is not None and survivor == b.id:
            a, b = b, a
        a.profile.add(b.profile, EVENT_TERMS, EVENT_ENTITIES)
        a.article_ids.extend(b.article_ids)
        for article_id in b.article_ids:
            self.state.article_event[article_id] = a.id
        self.neighbours.setdefault(a.id, set()).update(self.neighbours.pop(b.id, set()))
        self.neighbours[a.id].discard(a.id)
        self.neighbours[a.id].discard(b.id)
        if b.id in self.delta:
            gained = self.delta.pop(b.id)
            self.delta.setdefault(a.id, Profile.empty(len(gained.dense))).add(gained, EVENT_TERMS, EVENT_ENTITIES)
        self.merged_into[b.id] = a.id
        self.absorbed_story[b.id] = b.story_id
        del events[b.id]
        self.touched.discard(b.id)
        self.touched.add(a.id)
        if b.id in self.created:
            self.created.discard(b.id)
        else:
            self.removed.add(b.id)
        return a.id
