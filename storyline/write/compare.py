"""Source comparison for one event: who reported what, who left it out, who disagrees.

Three parts, all built from spans of the sources:

* **coverage**: a matrix outlet x row.  Fact rows are the event's central,
  non-redundant sentences (as in :mod:`summary`); an outlet covers a fact when
  one of its sentences lexically supports it.  Quote rows are quote groups
  (``Quote.group_id`` from the quote linker, else quotes of one speaker whose
  wordings support each other); an outlet maps to ``True`` when it carries the
  row's wording, to its own wording when that differs, to ``False`` when absent.
* **only_one_outlet**: rows only one outlet carries (when the event has several);
  a quote row only when it is a statement (:func:`is_statement`) that no other
  outlet's sentence restates.
* **contradictions** between claims (quotes and sentences) of different
  outlets, or quotes of different speakers.  No NLI model offline, so rules
  over aligned claims: ``polarity`` (a predicate affirmed in one claim,
  negated in the other, said of compatible agent and theme), ``number``
  (different numbers for the same thing), ``date`` (the same action or
  target dated differently), ``name`` (one person spelled two ways by two
  outlets), ``quote_wording`` (one speaker's direct quote worded differently).
  "The same thing" is read from a dependency parse of both claims
  (:mod:`storyline.write.claims`): the counted noun (or one group of people)
  and the verb it is counted for, the date's role and verb.  Topic-similar
  sentences about different quantities are the typical false alarm this
  rules out; on real news so are figures of two people (pronouns resolved to
  the last person named), background happenings (an earlier month, a past
  perfect, the sentence an "It" points back to) and quoted scraps without a
  subject.  Claims must also align as sentences: TF-IDF cosine, and MiniLM
  cosine for the few pairs whose values already match by frame but whose
  words differ.  Each contradiction has a ``confidence`` in [0, 1] from how
  strong the frame match and the sentence alignment are, a one-line ``why``
  (who gives which value, for what), the quoted ``speaker`` on each claim when
  known, and ``also``: claims of further outlets restating the same
  disagreement (see docs/benchmarks.md, "Contradictions (issue 7)", for recall
  and precision on the sample corpus and on ECB+).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from dataclasses import dataclass

import numpy as np

from storyline.model import Article, Event
from storyline.write.claims import (
    date_match,
    parse,
    dated_frames,
    frame_match,
    predicate_frames,
    quantities,
    quantity_match,
)
from storyline.write.faithfulness import (
    NEGATION_CUES,
    SUPPORT_THRESHOLD,
    content_stems,
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
#: Two claims are "about the same thing" above these cosines (see :class:`Similarity`).
ALIGN_SEM, ALIGN_LEX = 0.55, 0.4
#: Claim pairs less TF-IDF-similar than this share too little to be compared.
MIN_PAIR_COSINE = 0.02
#: Two claims restate each other when each supports this share of the other's content words.
RESTATE = 0.6
#: A claim with this many figures is a line of statistics: its figures are compared only when both
#: claims name the same person as their holder.
STAT_LINE = 3
#: A pronoun is resolved to the last person named at most this many characters before it.
PRONOUN_REACH = 600

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
    anchor_inferred: bool = False  # that day was inferred, not printed: relative dates are less sure
    people: tuple[tuple[int, int, str], ...] = ()  # the article's PERSON mentions: (start, end, surname)
    reference: str | None = None  # when undated: the event's usual publication month, for background tests
    context_dates: tuple[str, ...] = ()  # dates of the sentence before, for a claim opening on "It"/"They"

    def is_question(self) -> bool:
        """An indirect or direct question asserts nothing ("whether the fine came up")."""
        first = (words(self.text) or [""])[0]
        return first in _QUESTION_WORDS or self.text.rstrip(" \"'”’").endswith("?")

    def to_dict(self) -> dict:
        out = {"article_id": self.article_id, "outlet": self.outlet, "text": self.text,
               "start": self.start, "end": self.end}
        if self.speaker:
            out["speaker"] = self.speaker
        return out

    def source(self) -> str:
        """Who says it, for a report: the outlet, and the speaker when it quotes one."""
        named = self.speaker and self.speaker.lower() not in _UNNAMED
        return f"{self.outlet} (quoting {self.speaker})" if self.is_quote and named else self.outlet

    def named(self) -> set[str]:
        """Surnames of the people named inside the claim."""
        return {p[2] for p in self.people if self.start <= p[0] < self.end}

    def person_at(self, start: int, end: int) -> str | None:
        """Surname of the person a name or personal pronoun at ``start:end`` (claim offsets) stands for.

        A name: the PERSON mention covering it (else the word itself).  A
        pronoun ("he", "his"): the last person named before it in the article,
        a crude but usually right antecedent in news prose.
        """
        at, word = self.start + start, self.text[start:end].lower()
        if word in ("he", "she", "his", "her", "him"):
            before = [p for p in self.people if p[1] <= at and at - p[1] <= PRONOUN_REACH]
            return before[-1][2] if before else None
        covering = next((p for p in self.people if p[0] <= at < p[1]), None)
        return covering[2] if covering else word


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


def _predicate_alignment(a: Claim, b: Claim, flipped: list[str]) -> float:
    """Best :func:`frame_match` over the flipped words used as predicates in both claims (0: none)."""
    best = 0.0
    for s in flipped:
        for fa in predicate_frames(a.text, s):
            for fb in predicate_frames(b.text, s):
                doer_a, doer_b = _doer(a, fa.agent_span), _doer(b, fb.agent_span)
                if doer_a and doer_b and doer_a != doer_b:
                    continue  # "I am so excited to be hosting" (one host) / "he would not host" (another)
                best = max(best, frame_match(fa, fb))
    return best


def _doer(claim: Claim, span: tuple[int, int] | None) -> str | None:
    """Surname of the person doing a predicate: a quote's "I" is its speaker, "he"/"she" or a name
    resolve through :meth:`Claim.person_at`; None when it is no known person."""
    if span is None:
        return None
    word = claim.text[span[0] : span[1]].lower()
    if word in ("i", "me") and claim.is_quote and _named(claim.speaker):
        return claim.speaker.split()[-1].lower()
    who = claim.person_at(*span)
    return who if who in {p[2] for p in claim.people} else None


_IMPLICIT_NEGATION = re.compile(r"\b(?:yet to|failed to|fails to|fail to|unable to|never managed to)\s+(\w+)",
                                re.IGNORECASE)


def _implicit_negations(*texts: str) -> set[str]:
    """Stems negated without a negation word ("had yet to regain" = "had not regained"): a flip on
    them is the same statement in other words."""
    return {stem(m.group(1).lower()) for t in texts for m in _IMPLICIT_NEGATION.finditer(t)}


def polarity_conflict(a: Claim, b: Claim, sim: Similarity) -> dict | None:
    """A predicate affirmed by one claim and negated by the other, said of the same arguments.

    Lexical gate first: the shorter claim's content words mostly recur in the
    longer one.  When the flipped word is all they share ("We did not discuss
    that" vs "it was discussed briefly"), only two quotes of different
    speakers qualify and the flipped word must lead the shorter claim.  Then
    the parse: the flipped word must be a verb (or predicative adjective) in
    both, asserted (no imperative, no bare infinitive), with compatible agent
    and theme (:func:`storyline.write.claims.frame_match`); confidence grows
    with that match, the word overlap and the sentence similarity.
    """
    if a.is_question() or b.is_question():
        return None
    flipped = [s for s in polarity_flips(a.text, b.text) if s not in _implicit_negations(a.text, b.text)]
    if not flipped:
        return None
    ca, cb = _content(a.text), _content(b.text)
    shared = ca & cb
    coverage = len(shared) / (min(len(ca), len(cb)) or 1)
    if coverage < 0.5:
        return None
    only_flipped = shared <= set(flipped)
    if only_flipped:
        shorter = a if len(ca) <= len(cb) else b
        if not (a.is_quote and b.is_quote and _first_content(shorter.text) in flipped):
            return None
    frame = _predicate_alignment(a, b, flipped)
    if not frame:
        return None
    if only_flipped:
        conf = 0.25 + 0.2 * frame + 0.2 * sim.lex
    else:
        conf = 0.25 + 0.25 * frame + 0.25 * coverage * min(1.0, len(shared) / 3) + 0.2 * sim.lex
    pa, pb = polarity(a.text), polarity(b.text)
    if any(pa.get(s) is False and pb.get(s) is False for s in shared):
        conf *= 0.5  # both deny something shared: likely one negative claim, negation scoped differently
    yes, no = (a, b) if pb.get(flipped[0]) is False else (b, a)
    why = f"{yes.source()} affirms {flipped[0]!r}, {no.source()} denies it, of compatible agent and theme"
    return {"kind": "polarity", "confidence": round(min(conf, 0.95), 2),
            "cue": flipped, "why": why, "claims": [a.to_dict(), b.to_dict()]}


#: Below this strength two values are not taken to be about the same thing.
MIN_VALUE_MATCH = 0.5


def _value_mismatches(items_a: list, items_b: list, match, differ) -> tuple[list[tuple], float]:
    """Pairs (x, y) of items (with ``.value``) about the same thing whose values differ, and the strongest match.

    A value counts only when every value of the other claim about the same
    thing differs from it (an outlet that gives both figures does not
    contradict one that gives one of them).
    """
    pairs: list[tuple] = []
    strength = 0.0
    for x in items_a:
        about = [(y, m) for y in items_b if (m := match(x, y)) >= MIN_VALUE_MATCH]
        if about and all(differ(x, y) for y, _ in about):
            pairs.extend((x, y) for y, _ in about)
            strength = max(strength, max(m for _, m in about))
    return pairs, strength


def _numbers_differ(text_a: str, text_b: str):
    """x and y disagree, and neither claim also gives the other's figure ("six AK-47 rifles" vs "six rifles")."""
    values_a = {v for v, _, _ in number_spans(text_a)}
    values_b = {v for v, _, _ in number_spans(text_b)}
    return lambda x, y: x.disagrees(y) and y.value not in values_a and x.value not in values_b


def _different_months(a: Claim, b: Claim) -> bool:
    """The claims' past dates (an undated claim: its article's publication) share no month.

    News reports its event near publication, so a claim dated months before
    (background: "in November the navy captured eight") is another happening.
    Planned dates ("to finish in June") say nothing about which happening it is.
    """
    def months(c: Claim) -> set[str]:
        past = [v for v in [*(v for v, _, _ in c.dates), *c.context_dates] if not _is_plan(v, c.published)]
        anchor = c.published or c.reference
        values = past or ([anchor] if anchor else [])
        return {v[:7] if re.fullmatch(r"\d{4}-\d{2}.*", v) else v[:4] for v in values}

    ma, mb = months(a), months(b)
    if not ma or not mb:
        return False
    return not any(x.startswith(y) or y.startswith(x) for x in ma for y in mb)


def number_conflict(a: Claim, b: Claim, sim: Similarity) -> dict | None:
    """Different numbers for the same thing ("twelve workers were injured" vs "nine workers were treated").

    Same thing = :func:`storyline.write.claims.quantity_match`: the same
    counted noun (or both counting people) with a shared predicate, or the
    same noun as core argument of both clauses.  The claims must also align
    as sentences (:meth:`Similarity.aligned`), or nearly so when the
    quantities match strongly.
    """
    if not number_spans(a.text) or not number_spans(b.text) or not _two_sources(a, b):
        return None
    if _different_months(a, b):
        return None  # two happenings: "23 captured on Saturday" / "eight captured early last month"
    pa, pb = _periods(a.text), _periods(b.text)
    if pa and pb and not pa & pb:
        return None  # figures over two periods: "in his last two games" / "since Week 11"
    aligned = sim.aligned()
    pairs, strength = _value_mismatches(quantities(a.text), quantities(b.text), _quantity_match(a, b),
                                        _numbers_differ(a.text, b.text))
    if not pairs or not (aligned or (strength >= 0.8 and sim.best() >= 0.3)):
        return None
    conf = 0.15 + 0.4 * strength + 0.4 * sim.best()
    x, y = pairs[0]
    what = x.noun or y.noun or "(unnamed)"
    verb = "/".join(sorted(x.predicate & y.predicate)) or "same noun as subject or object"
    why = f"{a.source()} gives {x.value}, {b.source()} gives {y.value}: count of {what!r} ({verb})"
    return {"kind": "number", "confidence": round(min(conf, 0.95), 2),
            "cue": sorted({q.value for p in pairs for q in p}), "why": why, "claims": [a.to_dict(), b.to_dict()]}


_PERIOD = re.compile(
    r"\b(?:(?:this|last|next|his|her|their|its|the)\s+(?:\w+\s+)?(?:season|year|week|month|career|games?|half|quarter)"
    r"|since\s+\w+(?:\s+\d+)?|week\s+\d+)\b", re.IGNORECASE)


def _periods(text: str) -> set[str]:
    """The periods a claim's figures are counted over ("this season", "his last two games", "since
    Week 11"), lower-cased; two claims with periods but none in common count two
    different spans of time."""
    return {" ".join(m.group(0).lower().split()) for m in _PERIOD.finditer(text)}


def _fragment(c: Claim) -> bool:
    """A quote that starts mid-sentence ("offered him ..."), not a whole sentence."""
    return c.is_quote and c.text[:1].islower()


def _two_sources(a: Claim, b: Claim) -> bool:
    """Figures and dates are compared across articles, or between two named speakers of one article:
    one article's unattributed fragments rarely disagree ("began around 8" / "some 20 blocks")."""
    if a.article_id != b.article_id:
        return True
    return _named(a.speaker) and _named(b.speaker) and a.speaker != b.speaker


_UNNAMED = frozenset("a an the they he she it we i you one some".split())


def _named(speaker: str | None) -> bool:
    """A speaker given by name ("Mayor Quillan"), not a pronoun or "a source"."""
    if not speaker:
        return False
    first = speaker.split()[0].lower()
    return first not in _UNNAMED and speaker[:1].isupper()


def _quantity_match(a: Claim, b: Claim):
    """:func:`quantity_match`, and zero when the figures belong to two different people
    ("*He* has 548 rushing yards" said of one player, "*he* had 440 yards" of another), or when
    either claim is a line of figures (:data:`STAT_LINE`) not clearly about one same person."""
    many = len(number_spans(a.text)) >= STAT_LINE or len(number_spans(b.text)) >= STAT_LINE

    def match(x, y) -> float:
        if (x.subjectless and _fragment(a)) or (y.subjectless and _fragment(b)):
            return 0.0  # a quoted scrap with no subject: whose figure it is, nobody can tell
        if (x.background and not y.background and not a.is_quote) or (
                y.background and not x.background and not b.is_quote):
            return 0.0  # "had already missed three games" tells of before; reported speech shifts tense anyway
        who_x = a.person_at(*x.holder) if x.holder else None
        who_y = b.person_at(*y.holder) if y.holder else None
        if who_x and who_y and who_x != who_y:
            return 0.0
        if (who_x and not who_y and b.named() and who_x not in b.named()) or (
                who_y and not who_x and a.named() and who_y not in a.named()):
            return 0.0  # one figure is a named person's, the other claim names only other people
        person_x = who_x if who_x in {p[2] for p in a.people} else None
        person_y = who_y if who_y in {p[2] for p in b.people} else None
        if many and (person_x or person_y) and who_x != who_y:
            return 0.0  # a person's line of figures ("404 yards and two touchdowns on 106 carries"): whose?
        return quantity_match(x, y)
    return match


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
    """The same thing dated differently ("approved ... on Tuesday 22 August" vs "approved ... on Monday").

    Same thing = :func:`storyline.write.claims.date_match`: the same role
    (point, deadline, start, end) and a shared verb or shared nouns it is
    about; the claims must align as sentences too.  A planned date (after the
    article's publication) and a reported past date are different statements.
    """
    if not a.dates or not b.dates or not _two_sources(a, b):
        return None
    aligned = sim.aligned()
    if not aligned:
        return None

    values_a, values_b = {v for v, _, _ in a.dates}, {v for v, _, _ in b.dates}

    def differ(x, y) -> bool:
        if y.value in values_a or x.value in values_b:
            return False  # both claims give that date: "on November 19 ... since November 2" / "on November 19"
        plan_x = x.future or _is_plan(x.value, a.published)
        plan_y = y.future or _is_plan(y.value, b.published)
        return _dates_disagree(x.value, y.value) and plan_x == plan_y  # a plan is no report of the past

    pairs, strength = _value_mismatches(dated_frames(a.text, a.dates), dated_frames(b.text, b.dates),
                                        date_match, differ)
    if not pairs:
        return None
    conf = 0.15 + 0.4 * strength + 0.4 * aligned
    if any(_guessed_anchor(x, a) or _guessed_anchor(y, b) for x, y in pairs):
        conf *= 0.75  # "last year" read from a publication date storyline inferred: less sure
    x, y = pairs[0]
    verb = "/".join(sorted(x.predicate & y.predicate)) or "/".join(sorted(x.arguments & y.arguments))
    why = (f"{a.source()} dates it {x.value} ({x.surface!r}), {b.source()} {y.value} ({y.surface!r}): "
           f"{x.role} of {verb!r}")
    return {"kind": "date", "confidence": round(min(conf, 0.95), 2),
            "cue": sorted({d.value for p in pairs for d in p}), "why": why, "claims": [a.to_dict(), b.to_dict()]}


def _guessed_anchor(frame, claim: Claim) -> bool:
    """A relative date ("yesterday", "last year", no digit written) in an article whose date was inferred."""
    return claim.anchor_inferred and not any(ch.isdigit() for ch in frame.surface)


_CONTRACTIONS = (("can't", "can not"), ("cannot", "can not"), ("won't", "will not"), ("n't", " not"),
                 ("'re", " are"), ("'ll", " will"), ("'ve", " have"), ("'m", " am"))


def _normal(text: str) -> str:
    """Wording for comparison: case, punctuation, contractions ("doesn't" = "does not") and an
    editor's bracketed insertions ("altered (its course) towards") ignored."""
    text = re.sub(r"(?<=\w)\s*[’']\s*(?=(?:s|m|t|d|re|ll|ve)\b)", "'", text)  # "I ’ m" as scraped is "I'm"
    text = re.sub(r"(\d)\s*:\s*00\b", r"\1", text)  # "6:00 p.m." is "6 p.m."
    out = " ".join(words(re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", text)))
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


def _lexical(claims: list[Claim]) -> np.ndarray:
    """Pairwise TF-IDF cosines of the claims."""
    space = TfidfSpace([c.text for c in claims])
    return (space.matrix @ space.matrix.T).toarray()


def _value_candidates(a: Claim, b: Claim) -> bool:
    """Claims whose numbers or dates are about the same thing yet differ: the only pairs worth embedding."""
    if number_spans(a.text) and number_spans(b.text):
        if _value_mismatches(quantities(a.text), quantities(b.text), quantity_match,
                             _numbers_differ(a.text, b.text))[0]:
            return True
    if a.dates and b.dates:
        return bool(_value_mismatches(dated_frames(a.text, a.dates), dated_frames(b.text, b.dates),
                                      date_match, lambda x, y: _dates_disagree(x.value, y.value))[0])
    return False


def _semantic(claims: list[Claim], pairs: list[tuple[int, int]]) -> dict[tuple[int, int], float]:
    """MiniLM cosines for the given claim pairs (empty when the embedder is unavailable).

    Only claims of pairs whose values already match by frame but whose words
    align weakly are embedded: meaning-level alignment is needed for nothing
    else, and embedding every sentence would dominate the write stage's time.
    """
    if not USE_EMBEDDINGS or not pairs:
        return {}
    idx = sorted({k for p in pairs for k in p})
    try:
        from storyline.models import embed

        vecs = embed([claims[k].text for k in idx])
    except Exception:  # no model offline: words alone decide
        return {}
    row = {k: n for n, k in enumerate(idx)}
    return {(i, j): float(vecs[row[i]] @ vecs[row[j]]) for i, j in pairs}


def _unpossessive(name: str) -> str:
    """"Robert Mueller's" is Robert Mueller."""
    return re.sub(r"['’]s?$", "", name)


def name_variants(arts: Sequence[Article]) -> list[dict]:
    """One person, two spellings across outlets ("Dr Hana Okafor" vs "Dr Hana Okoro").

    Person mentions of different outlets that agree on every word but the last,
    whose last words are similar but not equal; the claims are the sentences
    that carry them.  One report per outlet of the rarer spelling, its "why"
    listing which outlets write which: a name spelled one way by four outlets
    and another way by two is two reports, not eight.
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
    spellings: dict[str, dict[str, Claim]] = {}  # name as written -> outlet -> first sentence carrying it
    for (outlet, name), claim in sorted(seen.items()):
        spellings.setdefault(name, {}).setdefault(outlet, claim)
    found = []
    names = sorted(spellings)
    for i, na in enumerate(names):
        for nb in names[i + 1 :]:
            ratio = _variant_ratio(na, nb)
            if not ratio:
                continue
            side_a, side_b = spellings[na], spellings[nb]
            if len(side_b) < len(side_a):
                (na, side_a), (nb, side_b) = (nb, side_b), (na, side_a)
            why = (f"{na!r} in {', '.join(sorted(side_a))}; {nb!r} in {', '.join(sorted(side_b))}")
            for outlet, claim in sorted(side_a.items()):  # one report per outlet of the rarer spelling
                other = next((side_b[o] for o in sorted(side_b) if o != outlet), None)
                if other is None:
                    continue
                found.append({"kind": "name", "confidence": round(0.3 + 0.5 * ratio, 2), "cue": [na, nb],
                              "why": why, "claims": [claim.to_dict(), other.to_dict()]})
    return found


def _variant_ratio(na: str, nb: str) -> float:
    """Similarity of two spellings of one name (0: not variants): same words but the last, last
    words alike, same initial, neither an abbreviation of the other ("Ave" / "Avenue")."""
    ta, tb = _unpossessive(na).split(), _unpossessive(nb).split()
    if len(ta) != len(tb) or ta[:-1] != tb[:-1]:
        return 0.0
    la, lb = ta[-1].lower().rstrip("."), tb[-1].lower().rstrip(".")
    short, long_ = sorted((la, lb), key=len)
    if la == lb or la[0] != lb[0] or (long_.startswith(short) and len(long_) - len(short) >= 2):
        return 0.0
    ratio = SequenceMatcher(None, la, lb).ratio()
    return ratio if ratio >= 0.6 else 0.0


def _contradictions(claims: list[Claim], quote_rows: list[list[Claim]], arts: Sequence[Article]) -> list[dict]:
    found: list[dict] = name_variants(arts)
    if len(claims) >= 2:
        lex = _lexical(claims)
        # only pairs that share some content can conflict: skip the rest without looking
        rows, cols = np.nonzero(np.triu(lex, k=1) > MIN_PAIR_COSINE)
        pairs = [(i, j) for i, j in zip(rows.tolist(), cols.tolist()) if _comparable(claims[i], claims[j])]
        weak = [(i, j) for i, j in pairs if lex[i, j] < ALIGN_LEX and _value_candidates(claims[i], claims[j])]
        sem = _semantic(claims, weak)
        for i, j in pairs:
            a, b = claims[i], claims[j]
            sim = Similarity(float(lex[i, j]), sem.get((i, j)))
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
                speaker = a.speaker or b.speaker
                why = (f"{'the words of ' + speaker if speaker else 'one quote'} worded differently by "
                       f"{a.outlet} and {b.outlet}")
                found.append({"kind": "quote_wording", "confidence": round(0.5 + 0.4 * same, 2),
                              "why": why, "claims": [a.to_dict(), b.to_dict()]})
    found.sort(key=lambda c: -c["confidence"])
    seen, unique = set(), []
    for c in found:
        key = tuple(sorted((cl["article_id"], cl["start"]) for cl in c["claims"]))
        if key in seen:
            continue
        seen.add(key)
        same = next((u for u in unique if _restates(u, c)), None)
        if same is not None:
            same.setdefault("also", []).extend(c["claims"])  # the same disagreement in more outlets
        else:
            unique.append(c)
    return unique[:MAX_CONTRADICTIONS]


def _restates(kept: dict, new: dict) -> bool:
    """The same disagreement again: one kind and cue, and each new claim restates a claim already
    reported (or listed under "also"), by words.  Wire copies carry one quote to many outlets."""
    if kept["kind"] != new["kind"] or kept.get("cue") != new.get("cue") or kept["kind"] == "name":
        return False
    known = kept["claims"] + kept.get("also", [])
    return all(any(min(support(k["text"], c["text"]), support(c["text"], k["text"])) >= RESTATE
                   for k in known) for c in new["claims"])


_SENTENCE_END = re.compile(r"[.!?][\"”’]?\s+(?=[A-Z\"“])|\n")


def _previous_sentence_start(text: str, start: int) -> int:
    """Where the sentence before ``start`` begins (a line break or a full stop before a capital)."""
    window_start = max(0, start - 600)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, window_start, max(window_start, start - 2))]
    return ends[-1] if ends else window_start


def _with_year(value: str, year: str) -> str:
    """"XXXX-07" (a month the tagger could not place in a year) in the given year, else unchanged."""
    if year.isdigit() and re.fullmatch(r"XXXX-\d{2}(-\d{2})?", value):
        return year + value[4:]
    return value


def _annotate(claims: list[Claim], articles: dict[str, Article], reference: str | None = None) -> None:
    """Attach the calendar dates each claim mentions and its article's people (from the analysed article)."""
    people: dict[str, tuple] = {}
    for c in claims:
        art = articles.get(c.article_id)
        if art is None:
            continue
        c.published = (art.published or "")[:10] or None
        c.anchor_inferred = bool(art.published_inferred)
        addresses = [m.span() for m in _ADDRESS.finditer(c.text)]
        year = (c.published or reference or "")[:4]
        c.dates = tuple((_with_year(tm.value or "", year), tm.start - c.start, tm.end - c.start)
                        for tm in art.time_mentions
                        if tm.type == "DATE" and c.start <= tm.start and tm.end <= c.end
                        and re.match(r"\d{4}", _with_year(tm.value or "", year))
                        and not any(s <= tm.start - c.start < e for s, e in addresses))
        if not c.dates and re.match(r"(?:it|they|this|that|he|she)\b", c.text, re.IGNORECASE):
            before = _previous_sentence_start(art.text, c.start)  # the sentence the pronoun points back to
            c.context_dates = tuple(_with_year(tm.value or "", year) for tm in art.time_mentions
                                    if tm.type == "DATE" and before <= tm.start and tm.end <= c.start
                                    and re.match(r"\d{4}", _with_year(tm.value or "", year)))
        if c.article_id not in people:
            people[c.article_id] = _people(art)
        c.people = people[c.article_id]


_ADDRESS = re.compile(r"\S*(?:://|www\.)\S*")


def _reference_month(arts: Sequence[Article]) -> str | None:
    """The month most of the event's articles were published in (else the month their full dates
    name most): an undated claim in an article without a date is taken to speak of then."""
    from collections import Counter

    months = Counter((a.published or "")[:7] for a in arts if re.match(r"\d{4}-\d{2}", a.published or ""))
    if not months:
        months = Counter(tm.value[:7] for a in arts for tm in a.time_mentions
                         if tm.type == "DATE" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", tm.value or ""))
    return months.most_common(1)[0][0] if months else None


def _people(art: Article) -> tuple[tuple[int, int, str], ...]:
    """(start, end, surname) of the article's PERSON mentions, in text order.  A one-word mention
    takes the surname of a fuller mention it is part of ("Kimani" after "Kimani Gray": gray)."""
    names = [(m.start, m.end, _unpossessive(m.text).lower().split())
             for m in art.entities if m.label == "PERSON" and _unpossessive(m.text).split()]
    alias: dict[str, str] = {}
    for _, _, parts in names:
        if len(parts) > 1:
            for part in parts[:-1]:
                alias.setdefault(part, parts[-1])
    return tuple(sorted((s, e, alias.get(parts[0], parts[0]) if len(parts) == 1 else parts[-1])
                        for s, e, parts in names))


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
        out.extend(Claim(u.article_id, u.outlet, u.start + s, u.start + e, u.text[s:e], False)
                   for s, e in _lines(u.text))
    return out


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text's non-empty lines, stripped: a line break ends a claim even where
    sentence splitting glued a headline or standfirst to the first sentence."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0)
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        if len(words(body)) >= 3:
            spans.append((m.start() + lead, m.start() + lead + len(body)))
    return spans


def _carried_elsewhere(units: list[Unit]):
    """``(text, outlet) -> bool``: does a sentence of another outlet restate the text (each
    supporting :data:`RESTATE` of its content words)?  Quote groups are built from quotes only;
    an outlet that paraphrases or quotes more loosely still carries the statement."""
    stems = [(u.outlet, frozenset(content_stems(u.text)), u.text) for u in units]

    def carried(text: str, outlet: str) -> bool:
        need = set(content_stems(text))
        if not need:
            return False
        return any(o != outlet and len(need & st) >= RESTATE * len(need) and support(text, t) >= RESTATE
                   for o, st, t in stems)
    return carried


#: A quote needs this many words, and a finite verb, to be reported as something only one outlet carries.
MIN_STATEMENT_WORDS = 4


def is_statement(text: str) -> bool:
    """A quote that says something: a clause with a finite verb, not a topic or a scrap ("the
    government's handling of the protests", "At one time") and not a dateline in capitals."""
    tokens = words(text)
    if len(tokens) < MIN_STATEMENT_WORDS:
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) > 0.6 * len(letters):
        return False  # "WEDNESDAY, MARCH 13, 2013, 2: 29 PM"
    doc = parse(text)
    if doc is None:
        return True
    return any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") or (t.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children)) for t in doc)


_FINITE_TAGS = ("VBD", "VBZ", "VBP", "MD")


def heads_a_clause(text: str) -> bool:
    """Reported speech whose *head* is a clause ("that Russia did meddle", "the talks were
    useful"), not a phrase with a clause tucked inside ("to make light of a scandal that led
    to …", "alliances he has strained"): what a reader can take as something said."""
    doc = parse(text)
    if doc is None:
        return True
    sent = next(iter(doc.sents), None)
    root = sent.root if sent is not None else None
    if root is None:
        return False
    if root.tag_ in _FINITE_TAGS:
        return True
    children = list(root.children)
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in children):
        return True  # "Russia did meddle": the auxiliary carries the tense
    return any(c.dep_ == "aux" and c.tag_ in _FINITE_TAGS for c in children)


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
        carried = _carried_elsewhere(units)
        for row in rows:
            carriers = [o for o, v in row["outlets"].items() if v is not False]
            if row["kind"] == "quote" and not is_statement(row["text"]):
                continue  # "At one time", "dozens of police stations": a scrap, not something others left out
            if len(carriers) == 1 and row["kind"] == "quote" and carried(row["text"], carriers[0]):
                continue  # another outlet has it in its own sentence, unquoted or quoted in other words
            if len(carriers) == 1:
                only_one.append({"kind": row["kind"], "text": row["text"], "outlet": carriers[0],
                                 "citations": row["citations"]})
    claims = quotes + _sentence_claims(units, quotes)
    reference = _reference_month(arts)
    _annotate(claims, articles, reference)
    for c in claims:
        c.reference = reference
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
