"""What the linker sees of an article: a dense vector, weighted terms, entities, a day.

Three signals, because each one alone fails on the near miss the linker exists for
(two summits with the same two leaders, two years apart):

* ``dense`` – a unit vector for *topic* (MiniLM over headline and lead by default).
  It finds candidates through the ANN index and carries most of the story signal.
* ``terms`` – a sparse, L2-normalised bag of content words weighted by a *fixed*
  prior IDF (``wordfreq``'s general English frequencies).  A fixed prior, not
  corpus IDF, so an article's weights do not depend on what was linked before it
  – that keeps incremental linking order-independent and works for a corpus of
  five articles as well as for a hundred thousand.
* ``entities`` – canonical entity ids (or normalised mention text when the
  canonicalizer has not run), weighted the same way.  Names, places and
  organisations are what tell one happening from another of the same kind.
* ``day`` – the article's anchor day (published date, else the most cited full
  date among its time mentions), as a proleptic ordinal, or ``None``.
* ``times`` / ``floating`` – the days and months it names, resolved or (weekday,
  month without a year) not: how an undated report is placed in time
  (``time_fit``).
* ``numbers`` – the figures its lead gives (``numbers``).

Sparse vectors are pairs of sorted ``int64`` hash ids and ``float32`` weights so
that event aggregates stay compact at 100k articles.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Callable, Protocol, Sequence

import numpy as np

from storyline.model import Article

# --------------------------------------------------------------------- sparse vectors

EMPTY_IDS = np.zeros(0, dtype=np.int64)
EMPTY_W = np.zeros(0, dtype=np.float32)


@dataclass
class Sparse:
    """A sparse vector: sorted unique ``ids`` with ``weights`` (same length)."""

    ids: np.ndarray
    weights: np.ndarray

    @staticmethod
    def empty() -> "Sparse":
        return Sparse(EMPTY_IDS, EMPTY_W)

    @staticmethod
    def from_counter(weights: dict[int, float], normalise: bool = True) -> "Sparse":
        if not weights:
            return Sparse.empty()
        ids = np.fromiter(weights.keys(), dtype=np.int64, count=len(weights))
        w = np.fromiter(weights.values(), dtype=np.float32, count=len(weights))
        order = np.argsort(ids)
        ids, w = ids[order], w[order]
        if normalise:
            norm = float(np.linalg.norm(w))
            if norm > 0:
                w = w / norm
        return Sparse(ids, w.astype(np.float32))

    def norm(self) -> float:
        # cached: vectors are never modified in place (sparse_add builds new ones)
        cached = self.__dict__.get("_norm")
        if cached is None:
            cached = float(np.sqrt(np.dot(self.weights, self.weights))) if len(self.weights) else 0.0
            self.__dict__["_norm"] = cached
        return cached

    def __len__(self) -> int:
        return len(self.ids)


def sparse_dot(a: Sparse, b: Sparse) -> float:
    if not len(a) or not len(b):
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    # both id arrays are sorted: look the shorter one up in the longer
    pos = np.searchsorted(b.ids, a.ids)
    pos[pos == len(b.ids)] = 0
    hit = b.ids[pos] == a.ids
    if not hit.any():
        return 0.0
    return float(np.dot(a.weights[hit], b.weights[pos[hit]]))


def sparse_cosine(a: Sparse, b: Sparse, a_norm: float | None = None, b_norm: float | None = None) -> float:
    a_norm = a.norm() if a_norm is None else a_norm
    b_norm = b.norm() if b_norm is None else b_norm
    if a_norm <= 0 or b_norm <= 0:
        return 0.0
    return sparse_dot(a, b) / (a_norm * b_norm)


def sparse_add(a: Sparse, b: Sparse, keep: int | None = None) -> Sparse:
    """``a + b``; with ``keep`` only the heaviest ``keep`` entries survive (bounded memory)."""
    if not len(a):
        out = Sparse(b.ids.copy(), b.weights.copy())
    elif not len(b):
        out = Sparse(a.ids.copy(), a.weights.copy())
    else:
        ids = np.concatenate([a.ids, b.ids])
        w = np.concatenate([a.weights, b.weights])
        uniq, inverse = np.unique(ids, return_inverse=True)
        out = Sparse(uniq, np.bincount(inverse, weights=w).astype(np.float32))
    if keep is not None and len(out) > keep:
        top = np.argpartition(-out.weights, keep)[:keep]
        top.sort()
        out = Sparse(out.ids[top], out.weights[top])
    return out


# --------------------------------------------------------------------- term weights

_WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*[^\W_])?|\b\d{4}\b")
_YEAR = re.compile(r"^\d{4}$")
# Weight a year token like a moderately rare word: "2008" vs "2013" is how two
# events of the same kind often differ, but a year alone must not make an event.
YEAR_IDF = 2.0
# Below this weight a word carries no identity (the, said, also, people ...).
MIN_IDF = 0.05
_ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "MISC", "PER"}
)


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    import wordfreq

    return wordfreq.get_frequency_dict("en")


@lru_cache(maxsize=200_000)
def prior_idf(token: str) -> float:
    """IDF-like weight from general English frequency: 0 for 'the', ~4.5 for unseen words.

    ``-log10(freq) - 3``: words more common than one in a thousand weigh nothing.
    """
    if _YEAR.match(token):
        return YEAR_IDF
    freq = _frequencies().get(token)
    if freq is None:
        return 4.5
    return max(0.0, -math.log10(freq) - 3.0)


def term_hash(token: str) -> int:
    return zlib.crc32(token.encode("utf-8", "surrogatepass"))


def tokens(text: str) -> list[str]:
    out = []
    for m in _WORD.finditer(text):
        tok = m.group(0).lower().replace("’", "'")
        if tok.endswith("'s"):
            tok = tok[:-2]
        if len(tok) > 1:
            out.append(tok)
    return out


def term_vector(text: str) -> Sparse:
    """Sublinear tf × prior IDF over content words, L2-normalised."""
    counts = Counter(tokens(text))
    weights: dict[int, float] = {}
    for tok, tf in counts.items():
        idf = prior_idf(tok)
        if idf <= MIN_IDF:
            continue
        h = term_hash(tok)
        weights[h] = weights.get(h, 0.0) + (1.0 + math.log(tf)) * idf
    return Sparse.from_counter(weights)


def entity_key(mention_text: str, entity_id: str | None) -> str:
    """The canonical id when known, else the mention text normalised (case, 'the', possessive)."""
    if entity_id:
        return "id:" + entity_id
    text = " ".join(tokens(mention_text))
    if text.startswith("the "):
        text = text[4:]
    return "tx:" + text


def entity_vector(mentions: Sequence[tuple[str, str | None, str]]) -> Sparse:
    """``(text, entity_id, label)`` triples → sparse vector of entity keys.

    Weighted by sublinear count × the prior IDF of the mention's rarest word, so
    'Osaka' weighs more than 'US' and 'White House'.
    """
    counts: Counter[str] = Counter()
    idf: dict[str, float] = {}
    for text, entity_id, label in mentions:
        if label not in _ENTITY_LABELS:
            continue
        key = entity_key(text, entity_id)
        if key in ("tx:", "id:"):
            continue
        counts[key] += 1
        if key not in idf:
            words = tokens(text)
            idf[key] = max((prior_idf(w) for w in words), default=0.0)
    weights: dict[int, float] = {}
    for key, n in counts.items():
        if idf[key] <= MIN_IDF:
            continue
        h = term_hash(key)
        weights[h] = weights.get(h, 0.0) + (1.0 + math.log(n)) * idf[key]
    return Sparse.from_counter(weights)


# --------------------------------------------------------------------- time

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def iso_day(value: str | None) -> int | None:
    """``2019-06-28...`` → proleptic ordinal; anything less precise → ``None``."""
    if not value:
        return None
    m = _ISO_DAY.match(value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).toordinal()
    except ValueError:
        return None


def anchor_day(article: Article) -> int | None:
    """When the article reports from: its published day, else its most cited full date."""
    day = iso_day(article.published)
    if day is not None:
        return day
    days = Counter(
        d for d in (iso_day(t.value) for t in article.time_mentions if t.type == "DATE") if d is not None
    )
    if not days:
        return None
    best = max(days.items(), key=lambda kv: (kv[1], kv[0]))
    return best[0]


# --------------------------------------------------------------------- features


@dataclass
class ArticleFeatures:
    dense: np.ndarray  # float32, unit norm
    terms: Sparse
    entities: Sparse
    day: int | None
    headline: str
    lead_terms: Sparse = field(default_factory=Sparse.empty)
    # resolved days/months mentioned, and weekday/month mentions without a year
    # (see ``time_fit``): what lets an undated report be placed in time
    times: Sparse = field(default_factory=Sparse.empty)
    floating: Sparse = field(default_factory=Sparse.empty)
    numbers: Sparse = field(default_factory=Sparse.empty)  # figures it gives (``numbers``)


class Featurizer(Protocol):
    """Turns articles into :class:`ArticleFeatures`; the linker calls it once per batch."""

    def __call__(self, articles: Sequence[Article]) -> list[ArticleFeatures]: ...


def headline(article: Article, limit: int = 160) -> str:
    """The article's title, else its first sentence (clipped): what a title can be built from."""
    if article.title and article.title.strip():
        return " ".join(article.title.split())[:limit]
    for s in article.sentences:
        text = " ".join(article.text[s.start : s.end].split())
        if len(text) >= 20:
            return _clip(text, limit)
    return _clip(" ".join(article.text.split()), limit)


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


LEAD_SENTENCES = 3
# The dense vector reads the headline and the opening sentences up to about 20
# words (at most three sentences): long inputs blur into the story's shared
# background, the opening says which happening it is.  One sentence, as before,
# was too little when it is short ("Can you believe it?"): ECB+ dev event F1
# 0.833 -> 0.848 (20 words; 15: 0.845, 25: 0.848 but the seeds' May call joined
# the June summit in one order).
DENSE_LEAD_SENTENCES = 3
DENSE_LEAD_WORDS = 20


_PROSE_WORD = re.compile(r"[^\W\d_]{2,}")
# a "sentence" with fewer real words is a timestamp, byline or date line the
# extractor left in ("04 / 04 / 2012", "Last updated 13:26"): it says nothing
# about which happening the report is about
MIN_PROSE_WORDS = 4


def is_prose(text: str) -> bool:
    return len(_PROSE_WORD.findall(text)) >= MIN_PROSE_WORDS


def lead_text(article: Article, sentences: int = LEAD_SENTENCES, chars: int = 600, min_words: int = 0) -> str:
    """Headline and first sentences: where a report says *which* happening it is about.

    Background (earlier meetings, the wider affair) comes later in the body and is
    shared by every event of a story; the lead is what tells events apart.
    Date lines and timestamps left in the text (or taken for a title) are
    skipped: they are not the lead.
    """
    title = article.title if article.title and is_prose(article.title) else ""
    if not article.sentences:
        return f"{title}\n{article.text[:chars]}"
    parts: list[str] = []
    words = 0
    for s in article.sentences:
        text = article.text[s.start : s.end]
        if is_prose(text):
            parts.append(text)
            words += len(_PROSE_WORD.findall(text))
            if len(parts) >= sentences or (min_words and words >= min_words):
                break
    if not parts:  # nothing prose-like: the opening as it is
        parts = [article.text[s.start : s.end] for s in article.sentences[:sentences]]
    return title + "\n" + " ".join(parts)


def lexical_features(article: Article, dense: np.ndarray) -> ArticleFeatures:
    from storyline.link.numbers import number_vector  # these two import Sparse from here
    from storyline.link.time_fit import time_keys

    mentions = [(m.text, m.entity_id, m.label) for m in article.entities]
    times, floating = time_keys(article.time_mentions)
    return ArticleFeatures(
        dense=dense,
        terms=term_vector(f"{article.title or ''}\n{article.text}"),
        entities=entity_vector(mentions),
        day=anchor_day(article),
        headline=headline(article),
        lead_terms=term_vector(lead_text(article)),
        times=times,
        floating=floating,
        numbers=number_vector(lead_text(article)),
    )


class EmbeddingFeaturizer:
    """Default: MiniLM over the lead for ``dense``; ``embed`` is injectable (e.g. a disk cache)."""

    def __init__(self, embed: Callable[[list[str]], np.ndarray] | None = None):
        self._embed = embed

    def __call__(self, articles: Sequence[Article]) -> list[ArticleFeatures]:
        if not articles:
            return []
        embed = self._embed
        if embed is None:
            from storyline.models import embed as model_embed

            embed = model_embed
        leads = [lead_text(a, DENSE_LEAD_SENTENCES, min_words=DENSE_LEAD_WORDS) for a in articles]
        vecs = np.asarray(embed(leads), dtype=np.float32)
        return [lexical_features(a, v) for a, v in zip(articles, vecs)]


class HashingFeaturizer:
    """No model: ``dense`` is a fixed random projection of the term vector.

    For the scale benchmark and for machines without the embedder: the linking
    code path is the same, only the topic vector is cruder.
    """

    def __init__(self, dim: int = 256, seed: int = 13):
        self.dim = dim
        self.seed = seed

    def project(self, terms: Sparse) -> np.ndarray:
        out = np.zeros(self.dim, dtype=np.float32)
        if len(terms):
            # each hash id picks a signed coordinate deterministically (sparse JL projection)
            mixed = (terms.ids * 2654435761 + self.seed) & 0xFFFFFFFF
            idx = (mixed % self.dim).astype(np.int64)
            sign = np.where((mixed >> 16) & 1, 1.0, -1.0).astype(np.float32)
            np.add.at(out, idx, sign * terms.weights)
        norm = float(np.linalg.norm(out))
        return out / norm if norm > 0 else out

    def __call__(self, articles: Sequence[Article]) -> list[ArticleFeatures]:
        feats = []
        for a in articles:
            f = lexical_features(a, np.zeros(self.dim, dtype=np.float32))
            f.dense = self.project(f.terms)
            feats.append(f)
        return feats
