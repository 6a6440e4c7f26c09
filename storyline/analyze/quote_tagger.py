"""A learned token-level attribution tagger that checks and extends the rule finder.

The rule finder (:mod:`quotes`, :mod:`quote_frames`) decides attribution cue by
cue.  This tagger looks at every token instead and estimates the probability
that it lies inside the *content* of some attribution, from sparse features of
the parse:

* the token itself (lower-cased word, POS, dependency), whether it sits inside
  quotation marks;
* its path to the sentence root: the lemma of each ancestor with the
  dependency that leads into it ("under a ``ccomp`` of *say*", "under the
  ``dobj`` of *endorse*"), and the first verb above it and which side of it the
  token lies on;
* what the rule finder already said about the token (inside a direct or an
  indirect content, a cue, a source): the tagger is stacked on the rules and
  learns where they are wrong.

A logistic-regression weight table (``quote_data/tagger_model.json``, trained
on PolNeAR's training split by ``python -m storyline.analyze.quote_tagger_train``)
turns the features into a probability.  :func:`refine` then uses the
probabilities in ways that stay explainable: an indirect quote grows over the
neighbouring tokens of its sentence that the tagger finds content; a whole
constituent (a complement and its subtree) that no rule quote touches becomes a
new indirect quote when its tokens' mean probability and the cue scorer's view
of the word governing it (:mod:`quote_cues`) agree, its cue that word and its
source that word's subject; a rule quote whose tokens the tagger finds unlikely
content can be dropped (``drop_below``; off in the shipped model: it did not
help on held-out train).  The decision settings travel in the JSON with the
weights.  Without the weight file the tagger does nothing and the rules alone
decide.
"""

from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MODEL_FILE = "tagger_model.json"
MAX_PATH = 6  # ancestors looked at above each token


@dataclass
class RuleMarks:
    """Per-token labels from the rule finder's quotes: 'D' direct content,
    'I' indirect content, 'Q' cue, 'S' source, '' nothing."""

    labels: list[str]

    @classmethod
    def from_quotes(cls, doc, quotes) -> "RuleMarks":
        from spacy.attrs import IDX, LENGTH

        labels = [""] * len(doc)
        bounds = doc.to_array([IDX, LENGTH]).tolist()
        starts = [b[0] for b in bounds]

        def mark(start: int, end: int, label: str) -> None:
            i = max(bisect.bisect_right(starts, start) - 1, 0)
            while i < len(bounds) and bounds[i][0] < end:
                if bounds[i][0] + bounds[i][1] > start and not labels[i]:
                    labels[i] = label
                i += 1

        for q in quotes:
            if q.cue is not None:
                mark(q.cue.start, q.cue.end, "Q")
            if q.source is not None:
                mark(q.source.start, q.source.end, "S")
        for q in quotes:
            mark(q.start, q.end, "D" if q.kind == "direct" else "I")
        return cls(labels)


def _parse_lists(doc) -> tuple[list[str], list[str], list[str], list[str], list[int]]:
    """Word, lemma, POS, dependency and head index of every token, read with one
    ``to_array`` call (building spaCy Token objects per token costs more than the
    tagger itself).  Names and numbers enter the features as classes, never as
    themselves: the weights must not learn who speaks in the training articles."""
    from spacy.attrs import DEP, ENT_TYPE, HEAD, LEMMA, LIKE_NUM, LOWER, POS

    strings = doc.vocab.strings
    rows = doc.to_array([LOWER, LEMMA, POS, DEP, HEAD, LIKE_NUM, ENT_TYPE]).tolist()
    cache: dict[int, str] = {}

    def text(key: int) -> str:
        got = cache.get(key)
        if got is None:
            got = cache[key] = strings[key]
        return got

    lower, lemma, pos, dep, head = [], [], [], [], []
    for i, (low, lem, p, d, h, num, ent) in enumerate(rows):
        p_s = text(p)
        if num or p_s == "NUM":
            word = lem_s = "<num>"
        elif p_s == "PROPN":
            word = lem_s = "<name:" + (text(ent) or "-") + ">"
        else:
            word, lem_s = text(low), text(lem).lower()
        lower.append(word)
        lemma.append(lem_s)
        pos.append(p_s)
        dep.append(text(d))
        head.append(i + h if h < 2**31 else i + h - 2**64)
    return lower, lemma, pos, dep, head


SELF_DEPS = frozenset(["ccomp", "xcomp", "dobj", "nsubj", "prep", "advcl"])


def doc_features(doc, mask: bytearray, rule_labels: list[str]) -> list[list[str]]:
    """Sparse features of every token (see the module docstring).  The parse is read
    into plain lists once, so the per-token walks up the tree stay cheap."""
    n = len(doc)
    lower, lemma, pos, dep, head = _parse_lists(doc)
    quoted = ["1" if mask[i] else "0" for i in doc.to_array("IDX").tolist()]
    kids: list[set[str]] = [set() for _ in range(n)]
    for i in range(n):
        if head[i] != i and dep[i] in SELF_DEPS:
            kids[head[i]].add(dep[i])
    out = []
    for i in range(n):
        rule = rule_labels[i]
        q = quoted[i]
        if rule:
            feats = ["r=" + rule, "rq=" + rule + "|" + q, "rp=" + rule + "|" + pos[i] + "|" + dep[i]]
        else:
            feats = ["r=-"]
        feats += [
            "w=" + lower[i],
            "p=" + pos[i],
            "d=" + dep[i],
            "pd=" + pos[i] + "|" + dep[i],
            "q=" + q,
            "q1=" + lower[i] + "|" + q,
            "hp=" + pos[head[i]] + "|" + dep[i],
        ]
        node = i
        verb = -1
        for k in range(MAX_PATH):
            up = head[node]
            if up == node:
                feats.append(f"top={k}")
                break
            d = dep[node]
            node = up
            if k == 0:
                feats.append("a1=" + d + "|" + lemma[node])
                feats.append("a1p=" + d + "|" + pos[node])
            elif k == 1:
                feats.append("a2p=" + d + "|" + pos[node])
            feats.append("A=" + d + "|" + lemma[node])
            feats.append("Ap=" + d + "|" + pos[node])
            if verb < 0 and (pos[node] in ("VERB", "AUX") or dep[node] == "ROOT"):
                verb = node
                side = "L" if i < node else "R"
                feats.append("v=" + lemma[node] + "|" + d)
                feats.append("vs=" + lemma[node] + "|" + side)
                feats.append("vds=" + d + "|" + side)
        if verb < 0:
            feats.append("v=none")
        if pos[i] in ("VERB", "AUX"):
            feats.append("self=" + lemma[i] + "|" + ",".join(sorted(kids[i])))
        out.append(feats)
    return out


@dataclass
class TaggerModel:
    """The weights and the decision settings of ``tagger_model.json`` (see
    :mod:`quote_tagger_train` for what each setting does and how it was chosen)."""

    weights: dict[str, float]
    bias: float
    drop_below: float
    add_above: float
    add_min_tokens: int
    extend_above: float = 1.01
    uses_rules: bool = True
    add_needs_source: bool = True
    cue_weight: float = 0.0
    subject_fallback: bool = False
    add_combined: float = 0.5

    def probability(self, feats: list[str]) -> float:
        z = self.bias
        w = self.weights
        for f in feats:
            z += w.get(f, 0.0)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def load_model() -> TaggerModel | None:
    try:
        raw = resources.files("storyline.analyze").joinpath("quote_data", MODEL_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    data = json.loads(raw)
    weights = dict(data["weights"])
    bias = weights.pop("bias", 0.0)
    return TaggerModel(
        weights=weights,
        bias=bias,
        drop_below=data.get("drop_below", 0.0),
        add_above=data.get("add_above", 1.01),
        add_min_tokens=data.get("add_min_tokens", 3),
        extend_above=data.get("extend_above", 1.01),
        uses_rules=data.get("uses_rules", True),
        add_needs_source=data.get("add_needs_source", True),
        subject_fallback=data.get("subject_fallback", False),
        cue_weight=data.get("cue_weight", 0.0),
        add_combined=data.get("add_combined", 0.5),
    )


def token_probabilities(doc, mask: bytearray, quotes, model: TaggerModel) -> list[float]:
    """P(content) of every token, given the rule finder's quotes as features."""
    labels = RuleMarks.from_quotes(doc, quotes).labels if model.uses_rules else [""] * len(doc)
    return [model.probability(feats) for feats in doc_features(doc, mask, labels)]


def _content_tokens(doc, start: int, end: int) -> list[int]:
    return [t.i for t in _char_span(doc, start, end) or [] if not (t.is_punct or t.is_space)]


def _char_span(doc, start: int, end: int):
    """The tokens covering [start, end), or None for an empty or odd range."""
    if end <= start:
        return None
    try:
        return doc.char_span(start, end, alignment_mode="expand")
    except (IndexError, ValueError):
        return None


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


@dataclass
class NewContent:
    """A constituent of confident content tokens no rule quote covers, with the parse's
    guess at its cue (the word governing it) and source (that word's subject)."""

    start: int
    end: int
    cue_token: int
    source_token: int | None
    probability: float


def refine(doc, quotes, mask: bytearray) -> tuple[list, list[NewContent]]:
    """The rule quotes the tagger keeps, and the new contents it proposes."""
    model = load_model()
    if model is None:
        return quotes, []
    probs = token_probabilities(doc, mask, quotes, model)
    kept = []
    for q in quotes:
        toks = _content_tokens(doc, q.start, q.end)
        if toks and _mean([probs[i] for i in toks]) < model.drop_below:
            continue
        kept.append(q)
    if model.extend_above <= 1.0:
        _extend(doc, kept, probs, model.extend_above)
    covered = bytearray(len(doc.text) + 1)
    for q in quotes:
        covered[q.start : q.end] = b"\x01" * (q.end - q.start)
    return kept, _new_contents(doc, probs, covered, model)


def _extend(doc, quotes, probs: list[float], threshold: float) -> None:
    """Grow each indirect quote over the neighbouring tokens of its sentence that the
    tagger finds content, never over a cue, a source or another quote.  The quote's id
    keeps the start it was found at, so ids stay stable."""
    blocked = bytearray(len(doc.text) + 1)
    for q in quotes:
        for span in (q.cue, q.source):
            if span is not None:
                blocked[span.start : span.end] = b"\x01" * (span.end - span.start)
        blocked[q.start : q.end] = b"\x01" * (q.end - q.start)
    for q in quotes:
        if q.kind != "indirect":
            continue
        toks = _char_span(doc, q.start, q.end)
        if toks is None or not len(toks):
            continue
        sent = toks[0].sent
        lo, hi = toks.start, toks.end
        while lo > sent.start and not blocked[doc[lo - 1].idx] and (probs[lo - 1] >= threshold or doc[lo - 1].is_punct and lo - 2 >= sent.start and probs[lo - 2] >= threshold and not blocked[doc[lo - 2].idx]):
            lo -= 1
        while hi < sent.end and not blocked[doc[hi].idx] and (probs[hi] >= threshold or doc[hi].is_punct and hi + 1 < sent.end and probs[hi + 1] >= threshold and not blocked[doc[hi + 1].idx]):
            hi += 1
        while lo < hi and _dangling(doc[lo]) and doc[lo].idx < q.start:
            lo += 1
        while hi > lo and _dangling(doc[hi - 1]) and doc[hi - 1].idx >= q.end:
            hi -= 1
        start, end = min(q.start, doc[lo].idx), max(q.end, doc[hi - 1].idx + len(doc[hi - 1].text))
        if (start, end) != (q.start, q.end):
            blocked[start:end] = b"\x01" * (end - start)
            q.start, q.end, q.text = start, end, doc.text[start:end]


def _dangling(tok) -> bool:
    """A token a grown content must not end (or open) on: punctuation, space, or a
    coordinating conjunction left over when the next conjunct is another cue's."""
    return tok.is_punct or tok.is_space or tok.dep_ == "cc"


COMPLEMENT_DEPS = frozenset(["ccomp", "xcomp", "dobj", "pobj", "pcomp", "nsubjpass", "advcl", "attr", "acomp", "oprd", "csubj"])


def _cue_probability(cue, subj) -> float:
    """The cue scorer's (:mod:`quote_cues`) view of the governing word, 0.5 when it has none."""
    from storyline.analyze import quote_cues

    if cue.pos_ in ("NOUN", "ADJ"):
        comp = quote_cues.noun_complement(cue)
        feats = quote_cues.noun_features(cue, quote_cues.noun_source(cue), comp) if comp else None
    else:
        comp = quote_cues.complement(cue)
        feats = quote_cues.features(cue, subj, comp) if comp else None
    p = quote_cues.probability(feats) if feats else None
    return 0.5 if p is None else p


def _new_contents(doc, probs: list[float], covered: bytearray, model: TaggerModel) -> list[NewContent]:
    """Whole constituents (a complement and its subtree) whose tokens the tagger
    finds content on average, best first, none overlapping another or a rule quote."""
    from storyline.analyze.quote_frames import subject_of

    from spacy.attrs import DEP, IDX, IS_PUNCT, IS_SPACE, LENGTH, SENT_START

    strings = doc.vocab.strings
    rows = doc.to_array([DEP, IDX, LENGTH, IS_PUNCT, IS_SPACE, SENT_START]).tolist()
    blank = [r[3] or r[4] for r in rows]
    sent_start, first = [], 0
    for i, r in enumerate(rows):
        if r[5] == 1:
            first = i
        sent_start.append(first)
    sent_end, last = [0] * len(rows), len(rows)
    for i in range(len(rows) - 1, -1, -1):
        sent_end[i] = last
        if sent_start[i] == i:
            last = i
    floor = 0.5 * model.add_above
    candidates: list[tuple[float, int, int, object]] = []
    for i, r in enumerate(rows):
        if probs[i] < floor or strings[r[0]] not in COMPLEMENT_DEPS:
            continue
        tok = doc[i]
        if tok.head.i == i:
            continue
        lo, hi = max(tok.left_edge.i, sent_start[i]), min(tok.right_edge.i + 1, sent_end[i])
        while lo < hi and blank[lo]:
            lo += 1
        while hi > lo and blank[hi - 1]:
            hi -= 1
        words = [k for k in range(lo, hi) if not blank[k]]
        if len(words) < model.add_min_tokens:
            continue
        start, end = rows[lo][1], rows[hi - 1][1] + rows[hi - 1][2]
        if any(covered[start:end]):
            continue
        score = _mean([probs[k] for k in words])
        if score >= model.add_above:
            cue = tok.head
            if cue.dep_ == "prep" and cue.head.i != cue.i:
                cue = cue.head  # "support for X", "critical of X": the word before the preposition
            candidates.append((score, lo, hi, cue))
    out: list[NewContent] = []
    taken = bytearray(len(doc) + 1)
    for score, lo, hi, cue in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if any(taken[lo:hi]) or lo <= cue.i < hi:
            continue
        taken[lo:hi] = b"\x01" * (hi - lo)
        subj = subject_of(cue, fallback=model.subject_fallback)
        if subj is not None and lo <= subj.i < hi:
            subj = None
        if subj is None and model.add_needs_source:
            continue
        if model.cue_weight > 0:
            score = (1 - model.cue_weight) * score + model.cue_weight * _cue_probability(cue, subj)
            if score < model.add_combined:
                continue
        out.append(
            NewContent(
                start=doc[lo].idx,
                end=doc[hi - 1].idx + len(doc[hi - 1].text),
                cue_token=cue.i,
                source_token=subj.i if subj is not None else None,
                probability=score,
            )
        )
    return out
