"""Faithfulness: every output sentence must be backed by the spans it cites.

storyline only writes what its sources say.  This module holds the lexical
machinery shared by the writers (tokens, light stemming, overlap) and the
checker run over every export: a citation is faithful when its span exists in
the cited article's clean text and covers at least ``SUPPORT_THRESHOLD`` of the
output sentence's content words.  Extractive outputs score 1.0 on their primary
citation; the threshold is what lets a second outlet's paraphrase count as
support without letting an unrelated sentence in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

#: Share of an output sentence's content words that a cited span must contain.
SUPPORT_THRESHOLD = 0.5

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

# Function words: they carry no claim, so they must not create support.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not of off on once only or other our ours ourselves
    out over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours yourself yourselves mr mrs ms said says say told
    according""".split()
)


def words(text: str) -> list[str]:
    """Lower-cased word tokens (apostrophes kept inside words: didn't, Putin's)."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately light suffix stripper: discussed/discusses/discussing -> discuss.

    Light on purpose: over-stemming would merge words and invent support.
    """
    if word.endswith("'s"):
        word = word[:-2]
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith("ss"):
                return word
            if suffix == "es" and not word[: -2].endswith(("ss", "sh", "ch", "x", "z")):
                continue
            return word[: -len(suffix)] + keep
    return word


@lru_cache(maxsize=16384)
def content_stems(text: str) -> tuple[str, ...]:
    """Stems of the words that carry content (no stopwords, no lone digits kept as-is)."""
    return tuple(stem(w) for w in words(text) if w not in STOPWORDS)


NEGATION_CUES = frozenset(
    "not no never nothing nobody none neither nor without didn't don't doesn't isn't wasn't weren't "
    "aren't won't wouldn't can't cannot couldn't shouldn't hasn't haven't hadn't ain't deny denies "
    "denied denying refuse refused refuses rather instead".split()
)
# Adverbs that let a negation pass on to the word after them ("not yet paid", "never really said").
_NEGATION_TRANSPARENT = frozenset(
    "yet even ever really actually necessarily always also just still quite entirely fully completely "
    "exactly directly".split()
)
#: How many words before the first content word after it a negation cue may stand and still govern it.
NEGATION_WINDOW = 3

_NUMBER_WORDS = {
    w: str(i) for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split())
}
_NUMBER_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70",
                      "eighty": "80", "ninety": "90", "hundred": "100", "dozen": "12"})
_NUMBER = r"\d[\d,.]*\d|\d|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_NUMBER_NOUN = re.compile(rf"\b({_NUMBER})\s+([A-Za-z]{{3,}})", re.IGNORECASE)
_NUMBER_ALONE = re.compile(rf"\b({_NUMBER})\b(?:\s+([A-Za-z']+))?", re.IGNORECASE)
# Nouns after a number that measure time or rate, or name a month ("4 May"): not counts of things.
_UNIT_NOUNS = frozenset(
    "year month day week hour minute second percent time per am pm january february march april may june "
    "july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


@lru_cache(maxsize=16384)
def polarity(text: str) -> dict[str, bool]:
    """Content stem -> True when affirmed, False when a negation cue shortly before governs it.

    Capitalised words (names: "it is not Russia") are left out: a negated name
    is rarely the claim itself.  A stem seen both ways in one text is ambiguous
    and left out too.
    """
    raw = [w.replace("’", "'") for w in _WORD.findall(text)]
    toks = [w.lower() for w in raw]
    seen: dict[str, set[bool]] = {}
    cue_at: int | None = None
    for i, tok in enumerate(toks):
        if tok in NEGATION_CUES:
            cue_at = i
            continue
        if tok in STOPWORDS or tok in _NEGATION_TRANSPARENT:
            if cue_at is not None and tok in _NEGATION_TRANSPARENT:
                cue_at = i
            continue
        # a cue governs the first content word after it, within the window ...
        negated = cue_at is not None and i - cue_at <= NEGATION_WINDOW
        # ... and the words coordinated with it: "not hurried or frightened"
        cue_at = i + 1 if negated and i + 1 < len(toks) and toks[i + 1] in ("or", "nor") else None
        if raw[i][:1].isupper() or tok.isdigit():
            continue
        if not negated and any(t in NEGATION_CUES for t in toks[max(0, i - NEGATION_WINDOW - 1) : i]):
            continue  # inside a negated phrase ("don't want sympathy"): neither clearly affirmed nor negated
        seen.setdefault(stem(tok), set()).add(not negated)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def polarity_flips(a: str, b: str) -> list[str]:
    """Stems affirmed in one text and negated in the other."""
    pa, pb = polarity(a), polarity(b)
    if all(pa.values()) and all(pb.values()):
        return []
    return sorted(s for s in pa.keys() & pb.keys() if pa[s] != pb[s])


def number_clashes(a: str, b: str) -> list[str]:
    """Nouns counted with different numbers in the two texts ("12 engineers" vs "7 engineers")."""
    na, nb = _counts(a), _counts(b)
    if not na or not nb:
        return []
    return sorted(n for n in na.keys() & nb.keys() if na[n] != nb[n] and n not in _UNIT_NOUNS)


@lru_cache(maxsize=16384)
def _counts(text: str) -> dict[str, str]:
    """Noun stem -> the number counting it in ``text``."""
    return {stem(noun.lower()): _number_value(num) for num, noun in _NUMBER_NOUN.findall(text)
            if noun.lower() not in STOPWORDS and noun.lower() not in _NUMBER_WORDS}


def _number_value(token: str) -> str:
    token = token.lower().rstrip(".,")
    return _NUMBER_WORDS.get(token, token.replace(",", ""))


@lru_cache(maxsize=16384)
def number_spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """Counts and amounts in ``text`` as (value, start, end); digits or words.

    Left out: years (dates are compared as dates), clock and calendar units
    ("six o'clock", "4 May"), labels ("Gate 4", "HB-204", "Oct 11"), and
    "one"/"zero" (rarely a count worth comparing).
    """
    out = []
    for m in _NUMBER_ALONE.finditer(text):
        num, after = m.group(1), m.group(2)
        value = _number_value(num)
        if num.lower() in ("one", "zero") or re.fullmatch(r"(19|20)\d\d", value):
            continue
        if after and (stem(after.lower()) in _UNIT_NOUNS or after.lower().startswith("o'clock")):
            continue
        before = text[max(0, m.start() - 16) : m.start()]
        label = re.search(r"([A-Z][A-Za-z]*)\.?\s$", before)
        if re.search(r"[A-Za-z]-$", before) or (label and label.group(1).lower() not in STOPWORDS):
            continue
        out.append((value, m.start(1), m.end(1)))
    return tuple(out)


def support(sentence: str, span_text: str) -> float:
    """Share of the sentence's distinct content stems that occur in the cited span.

    Zero when the span says the opposite: a shared word negated on one side
    only, or a shared noun counted with a different number.
    """
    if polarity_flips(sentence, span_text) or number_clashes(sentence, span_text):
        return 0.0
    needed = set(content_stems(sentence))
    if not needed:
        return 1.0 if sentence.strip() and sentence.strip() in span_text else 0.0
    found = needed & set(content_stems(span_text))
    return len(found) / len(needed)


def _text_of(articles: Any) -> dict[str, str]:
    """Article id -> clean text, from Articles, article dicts, a list or a mapping."""
    items: Iterable[Any] = articles.values() if isinstance(articles, Mapping) else articles
    texts = {}
    for art in items:
        if isinstance(art, Mapping):
            texts[art["id"]] = art.get("text") or ""
        else:
            texts[art.id] = art.text or ""
    return texts


def _check_citations(
    where: str, sentence: str, citations: list[dict], texts: dict[str, str], problems: list[str]
) -> None:
    if not citations:
        problems.append(f"{where}: no citation for {sentence[:60]!r}")
        return
    for cit in citations:
        aid, start, end = cit.get("article_id"), cit.get("start"), cit.get("end")
        text = texts.get(aid)
        if text is None:
            problems.append(f"{where}: cites unknown article {aid}")
            continue
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(f"{where}: span [{start}, {end}) outside article {aid}")
            continue
        score = support(sentence, text[start:end])
        if score < SUPPORT_THRESHOLD:
            problems.append(
                f"{where}: span [{start}, {end}) of {aid} supports only {score:.2f} of {sentence[:60]!r}"
            )


def check(outputs: Mapping[str, Any], articles: Any) -> list[str]:
    """Problems with an outputs dict (empty list = faithful).

    ``outputs`` is ``StoryOutputs.to_dict()`` or an export document (with
    ``timelines``/``summaries``/``comparisons`` lists); ``articles`` maps ids to
    Articles or article dicts, or is a list of either.
    """
    texts = _text_of(articles)
    problems: list[str] = []
    timelines = list(outputs.get("timelines") or [])
    if outputs.get("timeline"):
        timelines.append(outputs["timeline"])
    for tl in timelines:
        for i, entry in enumerate(tl.get("entries", [])):
            _check_citations(
                f"timeline {tl.get('story_id')} entry {i}", entry.get("text", ""),
                entry.get("citations", []), texts, problems,
            )
    for summ in outputs.get("summaries") or []:
        for i, sent in enumerate(summ.get("sentences", [])):
            _check_citations(
                f"summary {summ.get('event_id')} sentence {i}", sent.get("text", ""),
                sent.get("citations", []), texts, problems,
            )
    for comp in outputs.get("comparisons") or []:
        for i, row in enumerate((comp.get("coverage") or {}).get("rows", [])):
            _check_citations(
                f"comparison {comp.get('event_id')} row {i}", row.get("text", ""),
                row.get("citations", []), texts, problems,
            )
        for i, con in enumerate(comp.get("contradictions") or []):
            for claim in con.get("claims", []):
                _check_citations(
                    f"comparison {comp.get('event_id')} contradiction {i}", claim.get("text", ""),
                    [claim], texts, problems,
                )
    return problems
