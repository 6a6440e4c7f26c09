"""The linker's knobs, in one place, with why each has the value it has.

Defaults were tuned on the ECB+ development topics (see docs/benchmarks.md); the
seeds test checks they still behave on real multi-outlet coverage.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LinkConfig:
    # --- event similarity: weights of dense (topic), terms and entities
    event_dense: float = 0.4
    event_terms: float = 0.3
    event_entities: float = 0.3
    # an article joins the best event at or above this; below, it opens a new one
    event_join: float = 0.40
    # two events whose profiles are this similar are one event seen twice (order repair)
    event_merge: float = 0.45
    # --- time: articles days apart report different happenings of the same kind
    time_grace_days: int = 3  # follow-ups and late reports
    time_ramp_days: int = 11  # penalty grows to its full weight over this many more days
    time_weight: float = 0.5
    # --- story similarity (no time penalty: a story may span years)
    story_dense: float = 0.6
    story_terms: float = 0.2
    story_entities: float = 0.2
    story_join: float = 0.30
    story_merge: float = 0.35
    # --- candidate search
    neighbours: int = 20  # nearest articles looked up per new article
    min_candidate_cosine: float = 0.15  # neighbours below this are not candidates


DEFAULT = LinkConfig()
