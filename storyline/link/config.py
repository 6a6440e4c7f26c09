"""The linker's knobs, in one place, with why each has the value it has.

The event threshold is a trade-off measured in docs/benchmarks.md: on the seeds
(long multi-outlet reports, two summits with the same two leaders) a different
happening of the same story scores up to ~0.53 against an event and the same
happening from another outlet at least ~0.61, so ``event_join`` sits between.
What the days say moves the bar: both sides dated within ``same_days`` of each
other lowers it by ``same_days_relief`` (ECB+'s short same-day reports score
~0.40-0.55), neither side dated by the small ``undated_relief`` (the seeds'
undated phone-call report scores ~0.48 against undated summit reports), and
days weeks or years apart are kept apart by the time penalty.  When only one
side is dated, the undated side's weekday/month mentions read against the
other's days are evidence for or against (``undated_fit``, see ``time_fit``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LinkConfig:
    # --- event similarity: weights of dense (topic), terms and entities
    # (dense reads headline + opening prose up to ~20 words; lead = content words of the first
    # sentences; terms = the whole text, which mostly carries shared background)
    event_dense: float = 0.5
    event_terms: float = 0.1
    event_entities: float = 0.2
    event_lead: float = 0.2
    # an article joins the best event at or above this; below, it opens a new one
    event_join: float = 0.58
    # ... minus this when both sides are dated within ``same_days`` of each
    # other: the days agree, so a weaker text match is enough (reports weeks or
    # years apart are kept apart by the time penalty instead)
    same_days_relief: float = 0.20
    same_days: int = 2  # "within days" for the relief: a follow-up a week later is often another happening
    # ... minus this when neither side is dated.  Small: two undated reports may
    # still be different happenings of one story (the seeds' undated phone-call
    # report scores ~0.48 against undated summit reports, which score ~0.61)
    undated_relief: float = 0.06
    # ... minus this when only one side is dated (nothing agrees or disagrees)
    half_dated_relief: float = 0.0
    # ... and when only one side is dated, the undated side's weekday/month
    # mentions read against the dated side's days (``time_fit``, in [-1, 1)) add
    # this much evidence for or against (an undated "results" report names the
    # months its own happening's reports name, not those of the earlier pause)
    undated_fit: float = 0.12
    # --- shared specifics (``events.shared_specifics``).  Weights fitted on
    # ECB+ dev by logistic regression next to the linker's margin, leave-topics-out
    # (benchmarks/event_weights.py): figures given ~0.30, days named by two dated
    # sides ~0.42, months named by two undated sides ~0.25, offset ~0.09.  Only
    # the last is used: figures and days named also join *follow-up* events of
    # one continuing story (a strike's walkout, clash and deal repeat the same
    # figures and name each other's days; the sample corpus merges them), which
    # ECB+, whose sibling events lie years apart, never shows.  Undated reports
    # count only when they share a month (a shared bare weekday is a coincidence
    # one time in seven, and the seeds' phone-call and summit reports both say
    # "Friday").
    event_numbers: float = 0.0
    event_days_named: float = 0.0
    event_floating_named: float = 0.26
    specifics_offset: float = 0.0
    # two events whose profiles are this similar are one event seen twice (order
    # repair); profiles of sibling events of one story reach ~0.55, hence high
    # (0.70 before: 0.66 repairs a few more ECB+ splits, seeds and samples intact)
    event_merge: float = 0.66
    # --- time: articles days apart report different happenings of the same kind
    time_grace_days: int = 7  # follow-ups and late reports of one happening
    time_ramp_days: int = 30  # penalty grows to its full weight over this many more days
    time_weight: float = 0.5
    # both dated within ``same_days``: agreement in time is evidence too (a week
    # apart is neither: no bonus, no penalty)
    time_bonus: float = 0.1
    # --- story similarity (no time penalty: a story may span years)
    story_dense: float = 0.7
    story_terms: float = 0.1
    story_entities: float = 0.2
    story_lead: float = 0.0
    # an event joins a story at this, scored as the lower of its match with
    # the story's profile and with the closest of the story's neighbouring
    # events (``stories._place``): stories in one town share its name and
    # background words, which add up in a young story's sum while what tells
    # its events apart averages out.  With that guard 0.42 keeps the sample
    # corpus's three stories of one town apart (at 0.42 without it they merged
    # in 5 of 8 one-at-a-time orders once the dense lead read ~20 words)
    story_join: float = 0.42
    story_merge: float = 0.48
    # --- reconsidering undated reports (``reassign``): when an event gains
    # reports, its undated members and those of its candidate sibling events
    # move to another event only when it now fits clearly better (by this
    # margin over the leave-one-out fit to their own event); at most
    # ``reassign_max_moves`` per call and ``reassign_per_event`` undated members
    # looked at per event, so moves stay rare and a call stays bounded
    reassign_margin: float = 0.05
    reassign_max_moves: int = 20
    reassign_per_event: int = 40
    # a report alone in its event is reconsidered too, dated or not (a foreign-
    # language report that arrived before its happening's other reports)
    reassign_singletons: bool = True
    # ... and when its days agree with the other event's (within ``same_days``)
    # it is placed as if it arrived now (join at margin >= 0): it has no event to
    # be loyal to.  Days apart, it needs ``reassign_margin`` like any move (a
    # picket clash a week after a walkout fits the walkout at ~+0.02)
    reassign_alone_margin: float = 0.0
    # --- candidate search
    neighbours: int = 20  # nearest articles looked up per new article
    min_candidate_cosine: float = 0.15  # neighbours below this are not candidates


DEFAULT = LinkConfig()
