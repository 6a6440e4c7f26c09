"""Source comparison for one event: who reported what, who left it out, who disagrees.

Three parts, all built from spans of the sources:

* **coverage**: a matrix outlet x row.  Fact rows are the event's central,
  non-redundant sentences (as in :mod:`summary`); an outlet covers a fact when
  one of its sentences lexically supports it.  Quote rows are quote groups
  (``Quote.group_id`` from the quote linker, else quotes of one speaker whose
  wordings support each other); an outlet maps to ``True`` when it carries the
  row's wording, to its own wording when that differs, to ``False`` when absent.
* **only_one_outlet**: rows only one outlet carries (when the event has several).
* **contradictions** between matched claims (no NLI model offline, so rules
  over aligned claims): ``polarity`` (a shared content word affirmed in one
  claim, negated in the other), ``number`` (different numbers counting the same
  noun in claims about the same thing), ``date`` and ``name`` (the same
  statement with a different date, or about a different person),
  ``quote_wording`` (one speaker's quote worded differently by different outlets).  Each has a ``confidence`` in
  [0, 1] built from how well the two claims align (shared content, TF-IDF cosine).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from dataclasses import dataclass

from storyline.model import Article, Event
from storyline.write.faithfulness import (
    NEGATION_CUES,
    SUPPORT_THRESHOLD,
    content_stems,
    number_clashes,
    polarity,
    polarity_flips,
    stem,
    support,
    words,
)
from storyline.write.summary import (
    SupportIndex,
    TfidfSpace,
    Unit,
    event_units,
    outlet_label,
    select_central,
)

#: Fact rows per event in the coverage matrix (most central first; the rest feed nothing).
MAX_FACT_ROWS = 30
#: Contradictions below this confidence are not reported.
MIN_CONFIDENCE = 0.3
MAX_CONTRADICTIONS = 8
#: Claim pairs less TF-IDF-similar than this share too little to be compared.
MIN_PAIR_COSINE = 0.02

_QUESTION_WORDS = frozenset("whether why how if what when where who whom which".split())
_QUOTED = re.compile(r"[\"“]([^\"“”]{12,}?)[\"”]")


@dataclass
class Claim:
    """A statement to compare: a quote (with speaker when known) or a sentence."""

    article_id: str
    outlet: str
    start: int
    end: int
    text: str
    is_quote: bool
    speaker: str | None = None
    group: str | None = None
    direct: bool = False  # a verbatim quote, whose wording outlets should agree on
    dates: frozenset[str] = frozenset()  # calendar values of the time expressions inside
    names: frozenset[str] = frozenset()  # people named inside (canonical id, else lower-cased text)
    marked: frozenset[str] = frozenset()  # content stems of those date and name expressions

    def is_question(self) -> bool:
        """An indirect or direct question asserts nothing ("whether the fine came up")."""
        first = (words(self.text) or [""])[0]
        return first in _QUESTION_WORDS or self.text.rstrip(" \"'”’").endswith("?")

    def to_dict(self) -> dict:
        return {"article_id": self.article_id, "outlet": self.outlet, "text": self.text,
                "start": self.start, "end": self.end}


def article_quotes(article: Article, outlet: str) -> list[Claim]:
    """The article's extracted quotes, plus quoted strings (regex) that no extracted quote covers.

    The regex pass catches short direct quotes a quote finder may skip
    ("We did not do that," he said.); their speaker stays unknown.
    """
    claims = [Claim(article.id, outlet, q.start, q.end, article.text[q.start:q.end], True, q.speaker, q.group_id,
                    direct=q.kind == "direct")
              for q in article.quotes if q.end > q.start]
    taken = [(c.start, c.end) for c in claims]
    for m in _QUOTED.finditer(article.text):
        start, end = m.start(1), m.end(1)
        text = m.group(1)
        trimmed = text.rstrip(" ,;:")
        end -= len(text) - len(trimmed)
        if any(s < end and start < e for s, e in taken) or len(words(trimmed)) < 3:
            continue
        claims.append(Claim(article.id, outlet, start, end, trimmed, True, direct=True))
    return claims


def _content(text: str) -> set[str]:
    return {s for s in content_stems(text) if s not in NEGATION_CUES and stem(s) not in NEGATION_CUES}


def _comparable(a: Claim, b: Claim) -> bool:
    """Claims worth comparing: different articles, or different speakers quoted in one article."""
    if a.article_id != b.article_id:
        return True
    return a.is_quote and b.is_quote and (a.speaker or "?") != (b.speaker or "!")


def polarity_conflict(a: Claim, b: Claim, cosine: float) -> dict | None:
    """A content word affirmed by one claim and negated by the other, the claims otherwise aligned.

    Aligned means the shorter claim's content words mostly recur in the longer
    one.  A claim that is *only* the flipped word ("We did not discuss that")
    is matched only between two quotes of different speakers, with lower confidence.
    """
    if a.is_question() or b.is_question():
        return None
    flipped = polarity_flips(a.text, b.text)
    if not flipped:
        return None
    ca, cb = _content(a.text), _content(b.text)
    shared = ca & cb
    coverage = len(shared) / (min(len(ca), len(cb)) or 1)
    if coverage < 0.5:
        return None
    if shared <= set(flipped):
        if not (a.is_quote and b.is_quote and coverage == 1.0):
            return None
        conf = 0.35 + 0.3 * cosine
    else:
        conf = coverage * (0.4 + 0.3 * min(1.0, len(shared) / 3) + 0.3 * cosine)
    pa, pb = polarity(a.text), polarity(b.text)
    if any(pa.get(s) is False and pb.get(s) is False for s in shared):
        conf *= 0.5  # both deny something shared: likely one negative claim, negation scoped differently
    return {"kind": "polarity", "confidence": round(min(conf, 0.95), 2),
            "cue": flipped, "claims": [a.to_dict(), b.to_dict()]}


def number_conflict(a: Claim, b: Claim, cosine: float) -> dict | None:
    clash = number_clashes(a.text, b.text)
    if not clash or cosine < 0.3:
        return None
    conf = 0.3 + 0.6 * cosine
    return {"kind": "number", "confidence": round(min(conf, 0.95), 2), "cue": clash,
            "claims": [a.to_dict(), b.to_dict()]}


def _aligned_apart_from(a: Claim, b: Claim, differing: set[str], cosine: float) -> float:
    """How well two claims align once the words that differ (dates, names) are set aside: 0..1."""
    ca, cb = _content(a.text) - differing, _content(b.text) - differing
    if not ca or not cb:
        return 0.0
    coverage = len(ca & cb) / min(len(ca), len(cb))
    return coverage if coverage >= 0.7 and cosine >= 0.4 else 0.0


def date_conflict(a: Claim, b: Claim, cosine: float) -> dict | None:
    """The same statement, dated differently (same granularity, different value)."""
    if not a.dates or not b.dates or a.dates & b.dates:
        return None
    pairs = [(x, y) for x in a.dates for y in b.dates if len(x) == len(y)]
    if not pairs:
        return None
    aligned = _aligned_apart_from(a, b, set(a.marked | b.marked), cosine)
    if not aligned:
        return None
    return {"kind": "date", "confidence": round(min(0.3 + 0.5 * aligned * cosine, 0.95), 2),
            "cue": sorted({v for p in pairs for v in p}), "claims": [a.to_dict(), b.to_dict()]}


def name_conflict(a: Claim, b: Claim, cosine: float) -> dict | None:
    """The same statement about (or by) a different person: one name each, and they differ."""
    if len(a.names) != 1 or len(b.names) != 1 or a.names == b.names:
        return None
    aligned = _aligned_apart_from(a, b, set(a.marked | b.marked), cosine)
    if not aligned:
        return None
    return {"kind": "name", "confidence": round(min(0.25 + 0.5 * aligned * cosine, 0.9), 2),
            "cue": sorted(a.names | b.names), "claims": [a.to_dict(), b.to_dict()]}


_CONTRACTIONS = (("can't", "can not"), ("cannot", "can not"), ("won't", "will not"), ("n't", " not"),
                 ("'re", " are"), ("'ll", " will"), ("'ve", " have"), ("'m", " am"))


def _normal(text: str) -> str:
    """Wording for comparison: case, punctuation and contractions ("doesn't" = "does not") ignored."""
    out = " ".join(words(text))
    for short, long in _CONTRACTIONS:
        out = out.replace(short, long)
    return " ".join(out.split())


def quote_groups(claims: Sequence[Claim]) -> list[list[Claim]]:
    """Quotes grouped by ``group_id``, else by speaker + mutually supporting wording."""
    groups: dict[str, list[Claim]] = {}
    loose: list[list[Claim]] = []
    for c in claims:
        if c.group:
            groups.setdefault(c.group, []).append(c)
            continue
        for g in loose:
            head = g[0]
            same_speaker = not head.speaker or not c.speaker or head.speaker == c.speaker
            if same_speaker and support(head.text, c.text) >= 0.6 and support(c.text, head.text) >= 0.6:
                g.append(c)
                break
        else:
            loose.append([c])
    return list(groups.values()) + loose


def _quote_row(group: list[Claim], outlets: Sequence[str]) -> dict:
    head = min(group, key=lambda c: (c.article_id, c.start))
    cells: dict[str, bool | str] = {o: False for o in outlets}
    for c in group:
        if _normal(c.text) == _normal(head.text):
            cells[c.outlet] = True
        elif cells.get(c.outlet) is False:
            cells[c.outlet] = c.text
    citations = [{"article_id": c.article_id, "start": c.start, "end": c.end}
                 for c in group if support(head.text, c.text) >= SUPPORT_THRESHOLD]
    speaker = next((c.speaker for c in group if c.speaker), None)
    return {"kind": "quote", "text": head.text, "speaker": speaker, "outlets": cells, "citations": citations}


def _fact_rows(units: list[Unit], outlets: Sequence[str]) -> list[dict]:
    if not units:
        return []
    index = SupportIndex(units)
    space = TfidfSpace([u.text for u in units])
    rows = []
    for i in select_central(space, list(range(len(units))), MAX_FACT_ROWS):
        u = units[i]
        backers = [units[j] for j in index.supporters(i)]
        cells: dict[str, bool | str] = {o: False for o in outlets}
        for o in [u.outlet, *(b.outlet for b in backers)]:
            cells[o] = True
        rows.append({"kind": "fact", "text": u.text, "outlets": cells,
                     "citations": [u.citation()] + [b.citation() for b in backers]})
    return rows


def _contradictions(claims: list[Claim], quote_rows: list[list[Claim]]) -> list[dict]:
    found: list[dict] = []
    if len(claims) >= 2:
        space = TfidfSpace([c.text for c in claims])
        sims = (space.matrix @ space.matrix.T).toarray()
        # only pairs that share some content can conflict: skip the rest without looking
        rows, cols = np.nonzero(np.triu(sims, k=1) > MIN_PAIR_COSINE)
        for i, j in zip(rows.tolist(), cols.tolist()):
            a, b = claims[i], claims[j]
            if not _comparable(a, b):
                continue
            for rule in (polarity_conflict, number_conflict, date_conflict, name_conflict):
                hit = rule(a, b, float(sims[i, j]))
                if hit and hit["confidence"] >= MIN_CONFIDENCE:
                    found.append(hit)
    for group in quote_rows:
        by_outlet: dict[str, Claim] = {}
        for c in group:
            if c.direct:
                by_outlet.setdefault(c.outlet, c)
        wordings = [c for c in by_outlet.values() if c.direct]
        for i in range(len(wordings)):
            for j in range(i + 1, len(wordings)):
                a, b = wordings[i], wordings[j]
                na, nb = _normal(a.text), _normal(b.text)
                if na in nb or nb in na:  # equal, or one outlet quoted only part of it
                    continue
                same = min(support(a.text, b.text), support(b.text, a.text))
                if same < SUPPORT_THRESHOLD:
                    continue
                found.append({"kind": "quote_wording", "confidence": round(0.5 + 0.4 * same, 2),
                              "claims": [a.to_dict(), b.to_dict()]})
    found.sort(key=lambda c: -c["confidence"])
    seen, unique = set(), []
    for c in found:
        key = tuple(sorted((cl["article_id"], cl["start"]) for cl in c["claims"]))
        if key not in seen:
            seen.add(key)
            unique.append(c)
    return unique[:MAX_CONTRADICTIONS]


def _annotate(claims: list[Claim], articles: dict[str, Article]) -> None:
    """Attach the dates and people each claim mentions (from the analysed article)."""
    for c in claims:
        art = articles.get(c.article_id)
        if art is None:
            continue
        times = [tm for tm in art.time_mentions
                 if tm.type == "DATE" and c.start <= tm.start < c.end and _calendar(tm.value)]
        people = [m for m in art.entities if m.label == "PERSON" and c.start <= m.start < c.end]
        c.dates = frozenset(tm.value for tm in times)
        c.names = frozenset(m.entity_id or m.text.lower() for m in people)
        c.marked = frozenset(st for x in [*times, *people] for st in content_stems(x.text))


def _calendar(value: str | None) -> str | None:
    return value if value and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value) else None


def _sentence_claims(units: list[Unit], quotes: list[Claim]) -> list[Claim]:
    """Sentence claims, minus the sentences that merely carry an extracted quote."""
    covered = {(q.article_id, q.start) for q in quotes}
    out = []
    for u in units:
        if any(aid == u.article_id and u.start <= s < u.end for aid, s in covered):
            continue
        out.append(Claim(u.article_id, u.outlet, u.start, u.end, u.text, False))
    return out


def compare_event(event: Event, articles: dict[str, Article]) -> dict:
    """``{event_id, coverage: {outlets, rows}, only_one_outlet, contradictions}``."""
    arts = [articles[a] for a in event.article_ids if a in articles and not articles[a].duplicate_of]
    outlets = sorted({outlet_label(a) for a in arts})
    units = event_units(event, articles)
    quotes = [q for a in arts for q in article_quotes(a, outlet_label(a))]
    groups = quote_groups(quotes)
    rows = _fact_rows(units, outlets) + [_quote_row(g, outlets) for g in groups]
    only_one = []
    if len(outlets) > 1:
        for row in rows:
            carriers = [o for o, v in row["outlets"].items() if v is not False]
            if len(carriers) == 1:
                only_one.append({"kind": row["kind"], "text": row["text"], "outlet": carriers[0],
                                 "citations": row["citations"]})
    claims = quotes + _sentence_claims(units, quotes)
    _annotate(claims, articles)
    return {
        "event_id": event.id,
        "coverage": {"outlets": outlets, "rows": rows},
        "only_one_outlet": only_one,
        "contradictions": _contradictions(claims, groups),
    }


def quote_board(events: Sequence[Event], articles: dict[str, Article]) -> list[dict]:
    """Quote groups over a story: speaker, canonical text, outlets, and wording variants."""
    seen: set[str] = set()
    quotes: list[Claim] = []
    for ev in events:
        for aid in ev.article_ids:
            art = articles.get(aid)
            if art is None or art.duplicate_of or aid in seen:
                continue
            seen.add(aid)
            quotes.extend(q for q in article_quotes(art, outlet_label(art)))
    board = []
    for group in quote_groups(quotes):
        head = min(group, key=lambda c: (c.article_id, c.start))
        variants: dict[str, dict] = {}
        for c in group:
            v = variants.setdefault(_normal(c.text), {"text": c.text, "outlets": [], "citations": []})
            if c.outlet not in v["outlets"]:
                v["outlets"].append(c.outlet)
            v["citations"].append({"article_id": c.article_id, "start": c.start, "end": c.end})
        board.append({
            "group_id": head.group,
            "speaker": next((c.speaker for c in group if c.speaker), None),
            "text": head.text,
            "outlets": sorted({c.outlet for c in group}),
            "variants": list(variants.values()),
            "citations": [{"article_id": c.article_id, "start": c.start, "end": c.end} for c in group
                          if support(head.text, c.text) >= SUPPORT_THRESHOLD],
        })
    board.sort(key=lambda g: (-len(g["outlets"]), g["text"]))
    return board
