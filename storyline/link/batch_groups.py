"""Group the new articles of one batch among themselves before they meet existing events.

Greedy one-pass assignment loses recall: the first reports of a happening meet
each other as single articles, whose pairwise scores run lower than an article's
score against a whole event, so early reports open events of their own that a
later, fuller profile would have absorbed.  Here the batch is clustered first,
agglomeratively with *centroid* linkage on the linker's own combined similarity
(topic, words, names, days: ``event_similarity`` against ``join_threshold``):
the two groups whose summed profiles match best are merged, their profile is
the sum, and merging stops when no pair of groups clears the join bar.

Only pairs of near neighbours (dense cosine, top ``cfg.neighbours`` within the
chunk) are scored, and batches are cut into chunks of ``MAX_CHUNK`` articles, so
the cost stays bounded however large a build is.  One article per call reduces
to the plain incremental path.
"""

from __future__ import annotations

import heapq
from typing import Sequence

import numpy as np

from storyline.link.config import LinkConfig
from storyline.link.events import event_similarity, join_threshold
from storyline.link.features import ArticleFeatures
from storyline.link.state import EVENT_ENTITIES, EVENT_TERMS, Profile

MAX_CHUNK = 2000


def group_batch(feats: Sequence[ArticleFeatures], cfg: LinkConfig) -> list[list[int]]:
    """Indices of ``feats`` grouped into would-be events; groups and members in input order."""
    groups: list[list[int]] = []
    for start in range(0, len(feats), MAX_CHUNK):
        chunk = feats[start : start + MAX_CHUNK]
        groups.extend([start + i for i in g] for g in _group_chunk(chunk, cfg))
    return sorted(groups, key=lambda g: g[0])


def _copy(p: Profile) -> Profile:
    out = Profile.empty(len(p.dense))
    out.add(p, EVENT_TERMS, EVENT_ENTITIES)
    return out


def _span(a: Profile, b: Profile) -> int:
    """Days covered by the two profiles together (0 when either is undated)."""
    if a.day_min is None or b.day_min is None or a.day_max is None or b.day_max is None:
        return 0
    return max(a.day_max, b.day_max) - min(a.day_min, b.day_min)


def _group_chunk(feats: Sequence[ArticleFeatures], cfg: LinkConfig) -> list[list[int]]:
    n = len(feats)
    if n < 2:
        return [[i] for i in range(n)]
    dense = np.vstack([f.dense for f in feats]).astype(np.float32)
    dense /= np.maximum(np.linalg.norm(dense, axis=1, keepdims=True), 1e-9)
    sims = dense @ dense.T
    np.fill_diagonal(sims, -1.0)
    k = min(cfg.neighbours, n - 1)
    nearest = np.argpartition(-sims, k - 1, axis=1)[:, :k]

    profiles: dict[int, Profile] = {i: Profile.of(f) for i, f in enumerate(feats)}
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    links: dict[int, set[int]] = {i: set() for i in range(n)}
    for i in range(n):
        for j in nearest[i]:
            if sims[i, j] >= cfg.min_candidate_cosine:
                links[i].add(int(j))
                links[int(j)].add(i)

    def margin(a: int, b: int) -> float:
        pa, pb = profiles[a], profiles[b]
        if _span(pa, pb) > cfg.time_grace_days:
            # a group's day range only grows: without this, reports a day apart
            # chain one happening into the next of the same story
            return -1.0
        return event_similarity(pa, pb, cfg) - join_threshold(pa, pb, cfg)

    # (-margin, a, b): ties broken by ids, so the result does not depend on dict order
    heap = [(-margin(i, j), i, j) for i in range(n) for j in links[i] if i < j]
    heapq.heapify(heap)
    next_id = n
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in profiles or b not in profiles:
            continue  # one side was merged since this pair was scored
        if -neg < 0.0:
            break
        merged = _copy(profiles[a])
        merged.add(profiles[b], EVENT_TERMS, EVENT_ENTITIES)
        c, next_id = next_id, next_id + 1
        profiles[c] = merged
        members[c] = sorted(members.pop(a) + members.pop(b))
        links[c] = (links.pop(a) | links.pop(b)) - {a, b}
        del profiles[a], profiles[b]
        for other in links[c]:
            links[other] -= {a, b}
            links[other].add(c)
            heapq.heappush(heap, (-margin(c, other), min(c, other), max(c, other)))
    return sorted(members.values(), key=lambda g: g[0])
