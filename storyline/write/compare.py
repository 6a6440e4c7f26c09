"""Source comparison for one event: who reported what, who left it out, who disagrees.

Three parts, all built from spans of the sources:

* **coverage**: a matrix outlet x row.  Fact rows are the event's central,
  non-redundant sentences (as in :mod:`summary`); an outlet covers a fact when
  one of its sentences lexically supports it.  Quote rows are quote groups
  (``Quote.group_id`` from the quote linker, else quotes of one speaker whose
  wordings support each other); an outlet maps to ``True`` when it carries the
  row's wording, to its own wording when that differs, to ``False`` when absent.
* **only_one_outlet**: rows only one outlet carries (when the event has several).
* **contradictions** between claims (quotes and sentences) of different
  outlets, or quotes of different speakers.  No NLI model offline, so rules
  over aligned claims: ``polarity`` (a shared content word affirmed in one
  claim, negated in the other), ``number`` (different numbers for the same
  thing: same counted noun, or overlapping surrounding words), ``date`` (the
  same thing dated differently), ``name`` (one person spelled two ways by two
  outlets), ``quote_wording`` (one speaker's direct quote worded differently).
  Claims align by shared content words, TF-IDF cosine and, for claims with
  numbers or dates, MiniLM embedding cosine.  Each contradiction has a
  ``confidence`` in [0, 1] from how well the claims align; the sample corpus's
  planted contradictions score 0.38-0.73 (see docs/benchmarks.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from dataclasses import dataclass

import numpy as np

from storyline.model import Article, Event
from storyline.write.faithfulness import (
    NEGATION_CUES,
    SUPPORT_THRESHOLD,
    content_stems,
    number_clashes,
    STOPWORDS,
    number_spans,
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
    sentence_units,
)

#: Fact rows per event in the coverage matrix (most central first; the rest feed nothing).
MAX_FACT_ROWS = 30
#: Contradictions below this confidence are not reported.
MIN_CONFIDENCE = 0.3
MAX_CONTRADICTIONS = 8
#: Use MiniLM sentence embeddings to align claims (TF-IDF alone when False or unavailable).
USE_EMBEDDINGS = True
#: Claims are embedded only if they share at least this TF-IDF cosine with a candidate partner.
EMBED_MIN_LEX = 0.15
#: Two claims are "about the same thing" above these cosines (see :class:`Similarity`).
ALIGN_SEM, ALIGN_LEX = 0.55, 0.4
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
    dates: tuple[tuple[str, int, int], ...] = ()  # calendar time expressions inside: (value, start, end)
    published: str | None = None  # the article's publication day: tells reports of the past from plans

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
    """Claims worth comparing: different outlets, or quotes of different speakers.

    Two articles of one outlet differing is usually an update (a toll that
    rose), not sources disagreeing.  An unknown speaker counts as different.
    """
    if a.outlet != b.outlet:
        return True
    return a.is_quote and b.is_quote and (a.speaker or "?") != (b.speaker or "!")


@dataclass(frozen=True)
class Similarity:
    """How alike two claims are: TF-IDF cosine (words) and MiniLM cosine (meaning, None offline)."""

    lex: float
    sem: float | None = None

    def aligned(self) -> float:
        """0 when the claims are not about the same thing, else a 0..1 strength.

        Thresholds sit near the top 5-10% of cross-outlet sentence pairs of one
        event: MiniLM cosine 0.55, TF-IDF cosine 0.4.
        """
        strength = max(self.lex if self.lex >= ALIGN_LEX else 0.0,
                       self.sem if self.sem is not None and self.sem >= ALIGN_SEM else 0.0)
        return strength

    def best(self) -> float:
        return max(self.lex, self.sem or 0.0)


def _first_content(text: str) -> str | None:
    stems = _content(text)
    for w in words(text):
        st = stem(w)
        if st in stems:
            return st
    return None


def polarity_conflict(a: Claim, b: Claim, sim: Similarity) -> dict | None:
    """A content word affirmed by one claim and negated by the other, the claims otherwise aligned.

    Aligned means the shorter claim's content words mostly recur in the longer
    one.  When the flipped word is all they share ("We did not discuss that"
    vs "it was discussed briefly"), only two quotes of different speakers
    qualify, the flipped word must lead the shorter claim, and confidence is lower.
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
        shorter = a if len(ca) <= len(cb) else b
        if not (a.is_quote and b.is_quote and _first_content(shorter.text) in flipped):
            return None
        conf = 0.3 + 0.3 * sim.best()
    else:
        conf = coverage * (0.4 + 0.3 * min(1.0, len(shared) / 3) + 0.3 * sim.best())
    pa, pb = polarity(a.text), polarity(b.text)
    if any(pa.get(s) is False and pb.get(s) is False for s in shared):
        conf *= 0.5  # both deny something shared: likely one negative claim, negation scoped differently
    return {"kind": "polarity", "confidence": round(min(conf, 0.95), 2),
            "cue": flipped, "claims": [a.to_dict(), b.to_dict()]}


CONTEXT_WORDS = 4  # content words each side of a number or date that say what it is about
MIN_CONTEXT_OVERLAP = 1  # shared context words for two numbers (dates) to be about the same thing


def _context(text: str, start: int, end: int) -> frozenset[str]:
    """What a number or date in ``text[start:end]`` is about: nearby content words, as 6-letter prefixes.

    Prefixes let "hospitalised" meet "hospital" without a stemmer.
    """
    left = [w for w in words(text[:start]) if w not in STOPWORDS and not w[0].isdigit()][-CONTEXT_WORDS:]
    right = [w for w in words(text[end:]) if w not in STOPWORDS and not w[0].isdigit()][:CONTEXT_WORDS]
    return frozenset(w[:6] for w in left + right if w not in NEGATION_CUES)


def _mismatches(a: Claim, b: Claim, items_a, items_b, differ) -> list[tuple[str, str]]:
    """Pairs (x, y) of values about the same thing (shared context) that differ,
    where the other claim does not also state x for that thing."""
    ctx_a = [(v, _context(a.text, s, e)) for v, s, e in items_a]
    ctx_b = [(v, _context(b.text, s, e)) for v, s, e in items_b]
    out = []
    for x, cx in ctx_a:
        about = [(y, cy) for y, cy in ctx_b if len(cx & cy) >= MIN_CONTEXT_OVERLAP]
        if about and all(differ(x, y) for y, _ in about):
            out.extend((x, y) for y, _ in about)
    return out


def number_conflict(a: Claim, b: Claim, sim: Similarity) -> dict | None:
    """Different numbers for the same thing in two aligned claims ("12 workers injured" vs "nine workers").

    Either the same noun is counted differently, or numbers whose surrounding
    words overlap differ ("14 were taken to hospital" vs "sending 11 to hospital").
    """
    clash = number_clashes(a.text, b.text)
    if clash and sim.lex >= 0.3:
        conf = 0.3 + 0.6 * sim.best()
    else:
        aligned = sim.aligned()
        if not aligned:
            return None
        pairs = _mismatches(a, b, number_spans(a.text), number_spans(b.text), lambda x, y: x != y)
        if not pairs:
            return None
        clash = sorted({v for p in pairs for v in p})
        conf = 0.2 + 0.6 * aligned
    return {"kind": "number", "confidence": round(min(conf, 0.95), 2), "cue": clash,
            "claims": [a.to_dict(), b.to_dict()]}


def _year_month_day(value: str) -> list[str]:
    """A calendar-ish TIMEX3 value cut at its year / month / day boundaries (2023-SU -> [2023])."""
    parts = [value[:4]]
    if re.fullmatch(r"\d{4}-\d{2}.*", value):
        parts.append(value[:7])
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", value):
        parts.append(value[:10])
    return parts


def _dates_disagree(x: str, y: str) -> bool:
    """Different at the finest granularity both values have."""
    px, py = _year_month_day(x), _year_month_day(y)
    n = min(len(px), len(py))
    return px[n - 1] != py[n - 1]


def _is_plan(value: str, published: str | None) -> bool:
    """The date lies after the article's publication (at the coarser granularity of the two)."""
    if not published:
        return False
    parts, pub = _year_month_day(value), _year_month_day(published)
    n = min(len(parts), len(pub))
    return parts[n - 1] > pub[n - 1]


def date_conflict(a: Claim, b: Claim, sim: Similarity) -> dict | None:
    """The same thing dated differently in two aligned claims ("on Tuesday 22 August" vs "on Monday")."""
    if not a.dates or not b.dates:
        return None
    aligned = sim.aligned()
    if not aligned:
        return None
    def differ(x: str, y: str) -> bool:
        # a plan (after publication) and a report of the past are not the same statement
        return _dates_disagree(x, y) and _is_plan(x, a.published) == _is_plan(y, b.published)

    pairs = _mismatches(a, b, a.dates, b.dates, differ)
    if not pairs:
        return None
    return {"kind": "date", "confidence": round(min(0.2 + 0.6 * aligned, 0.95), 2),
            "cue": sorted({v for p in pairs for v in p}), "claims": [a.to_dict(), b.to_dict()]}


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


def _similarities(claims: list[Claim]) -> tuple[np.ndarray, np.ndarray | None]:
    """Pairwise TF-IDF cosines; MiniLM cosines (NaN where not computed) when the embedder is available.

    Only claims carrying a number or a date, with some word overlap
    (``EMBED_MIN_LEX``) with such a claim of another article, are embedded: the
    number and date rules are the ones that need meaning-level alignment, and
    embedding every sentence of every event would dominate the write stage's time.
    """
    space = TfidfSpace([c.text for c in claims])
    lex = (space.matrix @ space.matrix.T).toarray()
    if not USE_EMBEDDINGS:
        return lex, None
    has_value = np.array([bool(c.dates or number_spans(c.text)) for c in claims])
    other_article = np.array([[a.article_id != b.article_id for b in claims] for a in claims])
    candidates = (lex >= EMBED_MIN_LEX) & other_article & has_value[:, None] & has_value[None, :]
    np.fill_diagonal(candidates, False)
    idx = np.nonzero(candidates.any(axis=1))[0].tolist()
    sem = np.full(lex.shape, np.nan, dtype=np.float32)
    if len(idx) >= 2:
        try:
            from storyline.models import embed

            vecs = embed([claims[i].text for i in idx])
        except Exception:  # no model offline: words alone decide
            return lex, None
        sem[np.ix_(idx, idx)] = vecs @ vecs.T
    return lex, sem


def name_variants(arts: Sequence[Article]) -> list[dict]:
    """One person, two spellings across outlets ("Dr Hana Okafor" vs "Dr Hana Okoro").

    Person mentions of different outlets that agree on every word but the last,
    whose last words are similar but not equal; the claims are the sentences
    that carry them.
    """
    seen: dict[tuple[str, str], Claim] = {}
    for art in arts:
        outlet = outlet_label(art)
        people = [m for m in art.entities if m.label == "PERSON" and len(m.text.split()) >= 2]
        if not people:
            continue
        for u in sentence_units(art, outlet, filtered=False):
            for m in people:
                if u.start <= m.start < u.end:
                    claim = Claim(art.id, outlet, u.start, u.end, u.text, False)
                    seen.setdefault((outlet, " ".join(m.text.split())), claim)
    found, done = [], set()
    items = sorted(seen.items())
    for i, ((oa, na), ca) in enumerate(items):
        for (ob, nb), cb in items[i + 1 :]:
            if oa == ob or (na, nb) in done:
                continue
            ta, tb = na.split(), nb.split()
            if len(ta) != len(tb) or ta[:-1] != tb[:-1] or ta[-1].lower() == tb[-1].lower():
                continue
            ratio = SequenceMatcher(None, ta[-1].lower(), tb[-1].lower()).ratio()
            if ratio >= 0.6 and ta[-1][0].lower() == tb[-1][0].lower():
                done.add((na, nb))
                found.append({"kind": "name", "confidence": round(0.3 + 0.5 * ratio, 2), "cue": [na, nb],
                              "claims": [ca.to_dict(), cb.to_dict()]})
    return found


def _contradictions(claims: list[Claim], quote_rows: list[list[Claim]], arts: Sequence[Article]) -> list[dict]:
    found: list[dict] = name_variants(arts)
    if len(claims) >= 2:
        lex, sem = _similarities(claims)
        # only pairs that share some content or meaning can conflict: skip the rest without looking
        near = np.triu(lex, k=1) > MIN_PAIR_COSINE
        if sem is not None:
            near |= np.triu(np.nan_to_num(sem, nan=0.0), k=1) >= ALIGN_SEM
        rows, cols = np.nonzero(near)
        for i, j in zip(rows.tolist(), cols.tolist()):
            a, b = claims[i], claims[j]
            if not _comparable(a, b):
                continue
            sem_ij = None if sem is None or np.isnan(sem[i, j]) else float(sem[i, j])
            sim = Similarity(float(lex[i, j]), sem_ij)
            for rule in (polarity_conflict, number_conflict, date_conflict):
                hit = rule(a, b, sim)
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
    """Attach the calendar dates each claim mentions (from the analysed article)."""
    for c in claims:
        art = articles.get(c.article_id)
        if art is None:
            continue
        c.published = (art.published or "")[:10] or None
        c.dates = tuple((tm.value, tm.start - c.start, tm.end - c.start) for tm in art.time_mentions
                        if tm.type == "DATE" and c.start <= tm.start and tm.end <= c.end
                        and re.match(r"\d{4}", tm.value or ""))


def _sentence_claims(units: list[Unit], quotes: list[Claim]) -> list[Claim]:
    """Sentence claims, minus sentences that are mostly a quote already compared as one."""
    by_article: dict[str, list[Claim]] = {}
    for q in quotes:
        by_article.setdefault(q.article_id, []).append(q)
    out = []
    for u in units:
        quoted = sum(max(0, min(q.end, u.end) - max(q.start, u.start)) for q in by_article.get(u.article_id, []))
        if quoted >= 0.5 * (u.end - u.start):
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
        "contradictions": _contradictions(claims, groups, arts),
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
