"""Extractive, multi-source event summaries whose every sentence cites its sources.

Why extractive: storyline writes only what its sources say, so a summary
sentence is a source sentence, verbatim, and its primary citation is the span it
was copied from.  Sentences are chosen for *centrality* (TF-IDF cosine to the
centroid of all the event's sentences) boosted by *coverage* (how many outlets
carry the same content), redundancy is removed greedily (MMR-style), and the
result is ordered by publication date, then by position in the source article
(leads first).  Sentences of other outlets that lexically support a chosen
sentence are added as citations, which is what the outlet count reports.

The same units and scoring serve the timeline writer (:mod:`timeline`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

import numpy as np

from storyline.model import Article, Event
from storyline.write.faithfulness import (
    SUPPORT_THRESHOLD,
    content_stems,
    number_clashes,
    polarity_flips,
    words,
)

#: A sentence shorter or longer than this (in words) is not summary material.
MIN_WORDS, MAX_WORDS = 6, 45
#: Two chosen sentences may not be more TF-IDF-similar than this.
REDUNDANCY_COSINE = 0.5
#: Each additional outlet carrying a sentence's content multiplies its score by (1 + this).
COVERAGE_BONUS = 0.3

_SENTENCE_END = re.compile(r"(?<=[.!?])([\"'”’)]*)\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n|\n(?=\s*[A-Z\"“])")
_ABBREVIATIONS = frozenset("mr mrs ms dr st jr sr prof gen gov sen rep lt col sgt u.s u.k no vs jan feb mar apr jun jul aug sep sept oct nov dec".split())


@dataclass
class Unit:
    """One source sentence: the atom every writer selects and cites."""

    article_id: str
    outlet: str
    start: int
    end: int
    text: str
    position: int  # sentence index in its article
    published: str | None

    def citation(self) -> dict:
        return {"article_id": self.article_id, "start": self.start, "end": self.end}


def label_outlet(outlet: str | None, url: str | None, source: str | None, fallback: str) -> str:
    """The outlet name, else the URL's domain, else the source file's name."""
    if outlet:
        return outlet
    if url:
        host = urlparse(url).hostname or ""
        if host:
            return host.removeprefix("www.")
    base = os.path.basename((source or "").rstrip("/")) or fallback
    return os.path.splitext(base)[0] or fallback


def outlet_label(article: Article) -> str:
    """:func:`label_outlet` of an Article."""
    return label_outlet(article.outlet, article.url, article.source, article.id)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Regex sentence spans, for articles that were not run through spaCy.

    Splits after ``.!?`` (plus closing quotes) before a capital, and at blank
    lines; not after common abbreviations (Mr., Dr., U.S.).
    """
    bounds, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end(1) if m.group(1) is not None else m.start()
        before = text[max(0, m.start() - 6) : m.start()].split()
        if m.group(1) is not None and before and before[-1].rstrip(".").lower() in _ABBREVIATIONS:
            continue
        bounds.append((start, end))
        start = m.end()
    bounds.append((start, len(text)))
    return [t for t in (_trimmed(text, s, e) for s, e in bounds) if t[1] > t[0]]


_DANGLING = re.compile(r"^(?:[\"”’']\s+)+")
# A wire dateline ending "(Agency) - ", e.g. "LONDON | Fri May 1, 2031 9:12 am EDT LONDON (Wire) - ".
_DATELINE_END = re.compile(r"\((?:[A-Z][A-Za-z]{1,15})\)\s+[-—–]{1,2}\s+")
_DATELINE_LOWER_OK = frozenset({"am", "pm", "a.m", "p.m", "of"})


def _dateline_length(text: str) -> int:
    """Length of a leading newswire dateline (place, date, agency), 0 when there is none.

    A dateline is metadata, not a claim: it is left out of the sentence so
    selection and citation are about what the article says.
    """
    m = _DATELINE_END.search(text[:160])
    if not m:
        return 0
    tokens = re.findall(r"[A-Za-z.]+", text[: m.start()])
    if not any(w.isupper() and len(w) >= 3 for w in tokens):  # the place, in capitals
        return 0
    if any(w[0].islower() and w.rstrip(".") not in _DATELINE_LOWER_OK for w in tokens):
        return 0
    return m.end()


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Span without surrounding whitespace or a dangling closing quote left by the splitter."""
    seg = text[start:end]
    lead = len(seg) - len(seg.lstrip())
    m = _DANGLING.match(seg[lead:])
    if m:
        lead += m.end()
    return start + lead, start + len(seg.rstrip())


def sentence_units(article: Article, outlet: str | None = None, *, filtered: bool = True) -> list[Unit]:
    """The article's sentences as :class:`Unit` s (spaCy sentences when analysed)."""
    spans = [(s.start, s.end) for s in article.sentences] or split_sentences(article.text)
    label = outlet or outlet_label(article)
    units = []
    for i, (s, e) in enumerate(spans):
        s, e = _trimmed(article.text, s, e)
        if e <= s:
            continue
        s += _dateline_length(article.text[s:e])
        if e <= s:
            continue
        text = article.text[s:e]
        if filtered and not is_summary_material(text):
            continue
        units.append(Unit(article.id, label, s, e, text, i, article.published))
    return units


def is_summary_material(text: str) -> bool:
    """A complete declarative sentence of reasonable length (no questions, no headings)."""
    n = len(words(text))
    if n < MIN_WORDS or n > MAX_WORDS or text.isupper():
        return False
    stripped = text.rstrip("\"'”’) ")
    return stripped.endswith((".", "!"))


class TfidfSpace:
    """TF-IDF vectors (L2-normalised) of unit texts over content stems."""

    def __init__(self, texts: Sequence[str]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer = TfidfVectorizer(
            tokenizer=content_stems, lowercase=False, token_pattern=None, sublinear_tf=True
        )
        if texts and any(content_stems(t) for t in texts):
            self.matrix = self.vectorizer.fit_transform(texts)
        else:
            from scipy.sparse import csr_matrix

            self.matrix = csr_matrix((len(texts), 1))

    def rows(self, idx: Sequence[int]):
        return self.matrix[list(idx)]


def select_central(
    space: TfidfSpace,
    idx: Sequence[int],
    k: int,
    weights: Sequence[float] | None = None,
    redundancy: float = REDUNDANCY_COSINE,
) -> list[int]:
    """Greedily pick up to ``k`` of ``idx``: most central first, no near-repeats.

    Centrality is cosine to the (normalised) centroid of all candidates, times
    an optional per-candidate weight (coverage, lead position).
    """
    if not idx or k <= 0:
        return []
    rows = space.rows(idx)
    centroid = np.asarray(rows.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    scores = rows @ centroid / norm if norm > 0 else np.zeros(len(idx))
    scores = np.asarray(scores).ravel()
    if weights is not None:
        scores = scores * np.asarray(weights, dtype=float)
    order = np.argsort(-scores, kind="stable")
    chosen: list[int] = []
    for j in order:
        if len(chosen) >= k:
            break
        if chosen:
            sims = (rows[chosen] @ rows[j].T).toarray().ravel()
            if sims.max() > redundancy:
                continue
        chosen.append(int(j))
    return [idx[j] for j in chosen]


class SupportIndex:
    """For each unit, the units of *other* outlets that lexically support it.

    Shared content stems of every pair come from one sparse product, so only
    pairs above ``SUPPORT_THRESHOLD`` are looked at in Python (and checked for
    a negation or number conflict, which disqualifies them).
    """

    def __init__(self, units: Sequence[Unit]):
        from scipy.sparse import csr_matrix

        self.units = list(units)
        vocab: dict[str, int] = {}
        rows, cols = [], []
        for i, u in enumerate(self.units):
            for st in set(content_stems(u.text)):
                rows.append(i)
                cols.append(vocab.setdefault(st, len(vocab)))
        shape = (len(self.units), max(1, len(vocab)))
        incidence = csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=shape)
        self.sizes = np.asarray(incidence.sum(axis=1)).ravel()
        self.overlap = (incidence @ incidence.T).tocsr()
        self._cache: dict[int, list[int]] = {}

    def supporters(self, i: int) -> list[int]:
        """Best supporting unit per other outlet, best first."""
        if i in self._cache:
            return self._cache[i]
        unit, need = self.units[i], self.sizes[i]
        best: dict[str, tuple[float, int]] = {}
        if need > 0:
            start, end = self.overlap.indptr[i], self.overlap.indptr[i + 1]
            for j, shared in zip(self.overlap.indices[start:end], self.overlap.data[start:end]):
                other = self.units[j]
                if other.outlet == unit.outlet:
                    continue
                score = float(shared) / need
                if score < SUPPORT_THRESHOLD or score <= best.get(other.outlet, (0.0, -1))[0]:
                    continue
                if polarity_flips(unit.text, other.text) or number_clashes(unit.text, other.text):
                    continue
                best[other.outlet] = (score, int(j))
        self._cache[i] = [j for _, j in sorted(best.values(), key=lambda sj: -sj[0])]
        return self._cache[i]

    def cited(self, i: int) -> dict:
        """An output sentence: unit ``i``'s text, its own citation plus other outlets' support."""
        unit = self.units[i]
        support = [self.units[j] for j in self.supporters(i)]
        outlets = sorted({unit.outlet, *(u.outlet for u in support)})
        return {
            "text": unit.text,
            "citations": [unit.citation()] + [u.citation() for u in support],
            "outlets": outlets,
            "outlet_count": len(outlets),
        }


def event_units(event: Event, articles: dict[str, Article]) -> list[Unit]:
    """Sentence units of the event's articles, near-duplicate articles left out."""
    units: list[Unit] = []
    for aid in event.article_ids:
        art = articles.get(aid)
        if art is None or art.duplicate_of:
            continue
        units.extend(sentence_units(art))
    return units


def coverage_weights(index: SupportIndex) -> list[float]:
    """Score multipliers: more outlets carrying the content, and earlier in the article, weigh more."""
    return [
        (1.0 + COVERAGE_BONUS * len(index.supporters(i))) * (1.0 + 0.2 / (1 + u.position))
        for i, u in enumerate(index.units)
    ]


def summarize_event(event: Event, articles: dict[str, Article], max_sentences: int = 5) -> dict:
    """``{event_id, sentences: [{text, citations, outlets}]}`` for one event."""
    units = event_units(event, articles)
    if not units:
        return {"event_id": event.id, "sentences": []}
    index = SupportIndex(units)
    space = TfidfSpace([u.text for u in units])
    chosen = select_central(space, list(range(len(units))), max_sentences, coverage_weights(index))
    chosen.sort(key=lambda i: (units[i].published or "", units[i].position, units[i].article_id))
    return {"event_id": event.id, "sentences": [index.cited(i) for i in chosen]}
