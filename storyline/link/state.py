"""Everything the linker keeps between runs, and how it is stored as one blob.

Events and stories are kept as *aggregates* (summed dense vectors, summed and
truncated sparse term/entity vectors, a day range), never as lists of article
features: memory grows with the number of events plus one small vector per
article in the ANN index, which is what lets 100k articles fit well under 2 GB.

The ANN index (faiss HNSW over article vectors) is append-only: an article's
vector never changes, only the event it maps to, so merges need no re-indexing.
"""

from __future__ import annotations

import io
import pickle
from dataclasses import dataclass, field

import numpy as np

from storyline.link.dedup import DuplicateIndex
from storyline.link.features import ArticleFeatures, Sparse, sparse_add

# Bounded aggregates: the heaviest terms/entities of an event or story are its identity.
EVENT_TERMS = 300
EVENT_ENTITIES = 80
STORY_TERMS = 400
STORY_ENTITIES = 120

FORMAT_VERSION = 4  # 2: profiles carry time keys (times, floating) and numbers; 3: undated profiles kept;
# 4: the dense vector reads ~20 words of prose lead (features.DENSE_LEAD_WORDS), not one sentence
EVENT_TIMES = 120


@dataclass
class Profile:
    """What similarity compares: an article, an event or a story look alike to it."""

    dense: np.ndarray  # summed (not necessarily unit) dense vectors
    terms: Sparse
    entities: Sparse
    day_min: int | None = None
    day_max: int | None = None
    size: int = 0  # articles summed in (duplicates excluded)
    lead: Sparse = field(default_factory=Sparse.empty)
    times: Sparse = field(default_factory=Sparse.empty)  # resolved days/months its reports name
    floating: Sparse = field(default_factory=Sparse.empty)  # weekdays/months named without a year
    numbers: Sparse = field(default_factory=Sparse.empty)  # figures its reports give

    @staticmethod
    def empty(dim: int) -> "Profile":
        return Profile(np.zeros(dim, dtype=np.float32), Sparse.empty(), Sparse.empty())

    @staticmethod
    def of(f: ArticleFeatures) -> "Profile":
        return Profile(
            f.dense.astype(np.float32), f.terms, f.entities, f.day, f.day, 1, f.lead_terms, f.times, f.floating, f.numbers
        )

    def add(self, other: "Profile", term_cap: int, entity_cap: int) -> None:
        if self.dense.shape != other.dense.shape and not self.size:
            self.dense = np.zeros_like(other.dense)
        self.dense = self.dense + other.dense
        # adding nothing is skipped (vectors are never changed in place, so no copy is needed)
        if len(other.terms):
            self.terms = sparse_add(self.terms, other.terms, keep=term_cap)
        if len(other.entities):
            self.entities = sparse_add(self.entities, other.entities, keep=entity_cap)
        if len(other.lead):
            self.lead = sparse_add(self.lead, other.lead, keep=term_cap)
        if len(other.times):
            self.times = sparse_add(self.times, other.times, keep=EVENT_TIMES)
        if len(other.floating):
            self.floating = sparse_add(self.floating, other.floating, keep=EVENT_TIMES)
        if len(other.numbers):
            self.numbers = sparse_add(self.numbers, other.numbers, keep=EVENT_TIMES)
        self.day_min = _min(self.day_min, other.day_min)
        self.day_max = _max(self.day_max, other.day_max)
        self.size += other.size

    def subtract(self, other: "Profile") -> None:
        """Take one report back out (it moved to another event).

        Exact for the dense sum; the sparse sums were truncated to their
        heaviest entries, so an entry the report added may already be gone
        (what is left at or below zero is dropped).  The day range is kept: only
        undated reports are ever moved, and they never widened it.
        """
        if other.dense.shape == self.dense.shape:
            self.dense = self.dense - other.dense
        self.terms = _sparse_minus(self.terms, other.terms)
        self.entities = _sparse_minus(self.entities, other.entities)
        self.lead = _sparse_minus(self.lead, other.lead)
        self.times = _sparse_minus(self.times, other.times)
        self.floating = _sparse_minus(self.floating, other.floating)
        self.numbers = _sparse_minus(self.numbers, other.numbers)
        self.size = max(0, self.size - other.size)

    def copy(self) -> "Profile":
        """A copy whose changes do not reach this profile (sparse vectors are never changed in place)."""
        return Profile(
            self.dense.copy(), self.terms, self.entities, self.day_min, self.day_max, self.size,
            self.lead, self.times, self.floating, self.numbers,
        )


def _sparse_minus(a: Sparse, b: Sparse) -> Sparse:
    if not len(a) or not len(b):
        return a
    out = sparse_add(a, Sparse(b.ids, -b.weights))
    keep = out.weights > 1e-6
    return Sparse(out.ids[keep], out.weights[keep]) if not keep.all() else out


def _min(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


def _max(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


@dataclass
class EventAgg:
    id: str
    seq: int  # creation order: the survivor of a merge is the older event
    article_ids: list[str]
    profile: Profile
    story_id: str | None = None
    title: str = ""


@dataclass
class StoryAgg:
    id: str
    seq: int
    event_ids: list[str]
    profile: Profile
    title: str = ""


class ArticleIndex:
    """faiss HNSW (inner product) over unit article vectors; row i is ``ids[i]``."""

    def __init__(self, dim: int | None = None, blob: bytes | None = None, ids: list[str] | None = None):
        self.dim = dim
        self.ids: list[str] = list(ids or [])
        self._index = None
        if blob is not None:
            import faiss

            self._index = faiss.deserialize_index(np.frombuffer(blob, dtype=np.uint8))
            self.dim = self._index.d
            self._index.hnsw.efSearch = 64

    def _ensure(self, dim: int):
        if self._index is None:
            import faiss

            self.dim = dim
            self._index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
            self._index.hnsw.efConstruction = 40
            self._index.hnsw.efSearch = 64
        return self._index

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, article_id: str, vec: np.ndarray) -> int:
        index = self._ensure(len(vec))
        index.add(vec.reshape(1, -1).astype(np.float32))
        self.ids.append(article_id)
        return len(self.ids) - 1

    def search(self, vec: np.ndarray, k: int) -> list[tuple[int, float]]:
        if self._index is None or not self.ids:
            return []
        scores, rows = self._index.search(vec.reshape(1, -1).astype(np.float32), min(k, len(self.ids)))
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0]

    def vectors(self, rows: list[int]) -> np.ndarray:
        index = self._ensure(self.dim or 1)
        return np.vstack([index.reconstruct(int(r)) for r in rows]) if rows else np.zeros((0, self.dim or 0))

    def to_bytes(self) -> bytes | None:
        if self._index is None:
            return None
        import faiss

        return faiss.serialize_index(self._index).tobytes()


@dataclass
class LinkState:
    """The linker's memory: events, stories, their indexes and the duplicate signatures.

    ``LinkState()`` is the empty state; ``to_bytes``/``from_bytes`` round-trip it
    as one blob (the store writes it in the same transaction as the events).
    """

    events: dict[str, EventAgg] = field(default_factory=dict)
    stories: dict[str, StoryAgg] = field(default_factory=dict)
    article_event: dict[str, str] = field(default_factory=dict)
    article_row: dict[str, int] = field(default_factory=dict)  # row in ``index`` (non-duplicates)
    headlines: dict[str, str] = field(default_factory=dict)
    duplicates: DuplicateIndex = field(default_factory=DuplicateIndex)
    index: ArticleIndex = field(default_factory=ArticleIndex)
    next_seq: int = 0
    # undated reports' own profiles without the dense vector (that is in
    # ``index``), so a later call can take one out of its event and move it
    undated: dict[str, Profile] = field(default_factory=dict)

    def take_seq(self) -> int:
        self.next_seq += 1
        return self.next_seq

    def to_bytes(self) -> bytes:
        plain = {
            "version": FORMAT_VERSION,
            "events": self.events,
            "stories": self.stories,
            "article_event": self.article_event,
            "article_row": self.article_row,
            "headlines": self.headlines,
            "duplicates": self.duplicates.to_plain(),
            "index_ids": self.index.ids,
            "index_blob": self.index.to_bytes(),
            "next_seq": self.next_seq,
            "undated": self.undated,
        }
        buf = io.BytesIO()
        pickle.dump(plain, buf, protocol=pickle.HIGHEST_PROTOCOL)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> "LinkState":
        """Load a blob written by :meth:`to_bytes` (trusted: our own store writes it)."""
        if not data:
            return cls()
        plain = pickle.loads(data)
        if plain.get("version") != FORMAT_VERSION:
            raise ValueError(f"link state format {plain.get('version')} is not {FORMAT_VERSION}")
        blob = plain["index_blob"]
        return cls(
            events=plain["events"],
            stories=plain["stories"],
            article_event=plain["article_event"],
            article_row=plain["article_row"],
            headlines=plain["headlines"],
            duplicates=DuplicateIndex.from_plain(plain["duplicates"]),
            index=ArticleIndex(blob=blob, ids=plain["index_ids"]) if blob else ArticleIndex(),
            next_seq=plain["next_seq"],
            undated=plain.get("undated", {}),
        )
