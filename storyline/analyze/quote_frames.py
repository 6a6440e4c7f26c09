"""Attribution frames from the parse: cue, source and content of reported speech.

A frame is a :class:`Cue`: the cue words (a reporting verb, "according to", a
colon after a name, a nominal cue such as "claim that"), the source (the
verb's subject, inherited through "saying"/"adding" and conjoined verbs) and,
for indirect speech, the content (the verb's clausal, infinitive or object
complement).  Word lists in ``quote_data/`` name the usual cues; the learned
scorer (:mod:`quote_cues`) admits verbs no list names.  :mod:`quotes` then
pairs frames with quotation marks.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from storyline.analyze import quote_cues as cue_scorer
from storyline.analyze import quote_roles as roles
from storyline.analyze.quote_marks import Marked, trim_content

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
MAX_SOURCE_TOKENS = 12
DROP_NESTED_SCORED = True  # a scored verb inside listed indirect speech is part of that speech
CUT_AT_CONJOINED_CUES = True  # "said A and accused B": two attributions (quote_bounds)
NOUN_CONTENT_PREPS = frozenset(["of", "about", "on", "for", "against"])
# verbs whose object and object predicate carry a judgement: "called the plan a disaster"
PREDICATIVE = frozenset(["call", "label", "brand", "dub", "deem", "consider", "declare", "term", "pronounce"])
# first-person sources outside quotation marks ("I think …" in an op-ed or transcript) do attribute
NOT_SOURCES = frozenset(["there", "what", "us", "this"])
RELATIVE = frozenset(["who", "which", "that"])
# pronouns standing for a group a participle describes: "those describing themselves as …"
GROUP_PRONOUNS = frozenset(["those", "many", "some", "others", "few", "most", "several"])
# a pronoun object stands for the content: "half said so", "he said that"
PRO_CONTENT = frozenset(["so", "yes", "no", "that", "this", "otherwise", "nothing"])
MAX_HEADLINE = 160
LISTED_FALLBACK = 0.7  # scorer probability over which a listed cue's plain complement is content
NOUN_THRESHOLD = 0.7  # scorer probability over which a noun with a complement is a cue
NOUN_THRESHOLD_NO_SOURCE = 0.9  # the same, for a noun whose holder the parse does not give
LISTED_VETO = 0.4  # scorer probability under which a listed non-speech cue is dropped
SCORED_SUBJECT_FALLBACK = False  # a verb no list names needs a subject of its own
MAX_HEADLINE_SOURCE_WORDS = 6


@dataclass
class Cue:
    """One attribution frame found by the parse."""

    start: int  # char span of the cue words
    end: int
    token_i: int  # the cue's head token (the verb, or "according")
    source: tuple[int, int] | None = None  # token range [i, j)
    source_token: int | None = None  # head token of the source
    content: tuple[int, int] | None = None  # char span of indirect content
    direct: list[tuple[int, int]] = field(default_factory=list)  # char spans of direct contents
    tail: tuple[int, int] | None = None  # second half of "X, he said, Y"
    source_chars: tuple[int, int] | None = None  # char span of the source
    scored: bool = False  # found by the learned scorer, not a word list


class Lines:
    """Paragraph (line) bounds: scraped text often reaches spaCy without sentence
    breaks between lines, so sources and contents are kept within one line."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def bounds(self, idx: int) -> tuple[int, int]:
        k = bisect_right(self.starts, idx) - 1
        start = self.starts[k]
        end = self.starts[k + 1] - 1 if k + 1 < len(self.starts) else len(self.text)
        return start, end


def quote_mask(marked: list[Marked], size: int) -> bytearray:
    mask = bytearray(size)
    for m in marked:
        lo = m.open_mark
        hi = m.close_mark + 1 if m.close_mark is not None else m.end
        mask[lo:hi] = b"\x01" * (hi - lo)
    return mask


def _lemma(tok) -> str:
    """The cue lemma, repairing lemmatizer slips ("hoped" -> "hop") and headline
    capitals ("Trump Tells Putin", tagged PROPN) against the cue word lists."""
    lemma = tok.lemma_.lower()
    known = roles.cue_lemmas()
    if lemma in known:
        return lemma
    if tok.pos_ in ("VERB", "AUX") or (tok.pos_ in ("PROPN", "NOUN") and tok.dep_ == "ROOT"):
        low = tok.lower_
        for suffix, add in (("ing", "e"), ("ing", ""), ("ed", ""), ("d", ""), ("es", ""), ("s", "")):
            if low.endswith(suffix) and low[: -len(suffix)] + add in known:
                return low[: -len(suffix)] + add
    return lemma


def _is_verb(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") or (tok.dep_ == "ROOT" and tok.pos_ in ("PROPN", "NOUN"))


def subject_of(tok, fallback: bool = True):
    """Subject of a cue verb, inherited through "saying"/"adding" and conjoined verbs;
    ``fallback``: else the main subject before the verb in its sentence."""
    holder = _noun_holder(tok)
    if holder is not None:
        return holder
    if tok.dep_ == "acl" and tok.tag_ == "VBG" and (tok.head.pos_ in ("NOUN", "PROPN") or tok.head.lower_ in GROUP_PRONOUNS):
        noun = tok.head
        if noun.lemma_.lower() in roles.medium_nouns() and noun.dep_ in ("dobj", "pobj") and noun.head is not noun:
            # "the campaign released a statement saying …": the issuer speaks
            issuer = subject_of(noun.head if noun.dep_ == "dobj" else noun.head.head)
            if issuer is not None:
                return issuer
        return noun  # "voters saying they want …": the noun the participle describes
    start = tok
    seen = 0
    via_conj = False
    while tok is not None and seen < 4:
        if via_conj and tok.dep_ == "acl" and tok.tag_ == "VBG":
            return subject_of(tok, fallback)  # "voters telling stories and criticizing X": the voters
        for child in tok.children:
            if child.dep_ in SUBJECT_DEPS and _in_quotation(child) and any(
                c.dep_ == "nsubj" and c.i > tok.i for c in tok.children
            ):
                continue  # '"Meh," wrote a supporter': the quotation parsed as a subject
            if child.dep_ in SUBJECT_DEPS and (child.dep_ != "nsubjpass" or via_conj):
                # a passive first conjunct shares its subject: "he was booed … and declared that …"
                return child
            if child.dep_ == "agent" and not via_conj:  # a passive conjunct's agent is not the next verb's subject
                for g in child.children:
                    if g.dep_ == "pobj":
                        return g
        if seen == 0:
            found = _quantity_subject(tok) or _absorbed_subject(tok)
            if found is not None:
                return found
        if tok.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
            return None  # "When asked whether …": the one asked is not the asker
        if tok.dep_ in ("advcl", "conj", "xcomp", "pcomp") and tok.head is not tok:
            via_conj = tok.dep_ == "conj"
            tok = tok.head
            seen += 1
            continue
        break
    return _main_subject_before(start) if fallback else None


QUOTE_CHARS = frozenset("\"“”‘’'«»")


def _in_quotation(tok) -> bool:
    """The token's phrase is wrapped in quotation marks ('"Meh," wrote …')."""
    doc = tok.doc
    lo, hi = tok.left_edge.i, tok.right_edge.i
    if lo == 0 or doc[lo - 1].text not in QUOTE_CHARS:
        return False
    nxt = hi + 1
    while nxt < len(doc) and doc[nxt].is_punct and doc[nxt].text not in QUOTE_CHARS:
        nxt += 1
    return nxt < len(doc) and doc[nxt].text in QUOTE_CHARS


def _noun_holder(verb):
    """"Doe's refusal to disavow …", "his plan of deporting … and promoting …": a verb
    complementing a noun that has a possessor is that possessor's act or word."""
    tok = verb
    for _ in range(3):
        if tok.dep_ == "conj" and tok.head is not tok:
            tok = tok.head
        else:
            break
    if tok.dep_ == "acl" and tok.tag_ in ("TO", "VB", "VBG") or (tok.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)):
        noun = tok.head
    elif tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.lower_ == "of":
        noun = tok.head.head
    else:
        return None
    if noun.pos_ != "NOUN":
        return None
    return next((c for c in noun.children if c.dep_ == "poss"), None)


def _absorbed_subject(verb):
    """"Doe, who backed Roe and opposed Poe, said …" parsed with "Doe … opposed Poe" as a
    clause of "said" before it and the real content after: the subject of that left
    clause, a noun phrase carrying its own relative clause or apposition, is the source."""
    lefts = [c for c in verb.lefts if c.dep_ == "ccomp"]
    if not lefts or not any(c.dep_ == "ccomp" for c in verb.rights):
        return None
    clause = lefts[0]
    for child in clause.children:
        if child.dep_ == "nsubj" and child.left_edge.i == clause.left_edge.i and child.i < clause.i:
            if any(g.dep_ in ("relcl", "appos") for g in child.children):
                return child
    return None


QUANTITY_DEPS = ("nummod", "npadvmod", "quantmod", "nmod", "dep")


def _quantity_subject(verb):
    """A poll's share the parser did not label as subject ("About 4 in 10 say …",
    "Less than a third agreed …"): a number or noun phrase hanging on the verb right
    before it, with nothing but its own words between.  Dates and times are not sources."""
    for child in verb.lefts:
        if child.dep_ not in QUANTITY_DEPS or child.pos_ not in ("NUM", "NOUN", "PROPN"):
            continue
        if child.ent_type_ in ("DATE", "TIME") or child.right_edge.i + 1 != verb.i:
            continue
        if child.left_edge.i != verb.sent.start and doc_word(verb, child.left_edge.i - 1) not in ("", ","):
            continue
        return child
    return None


def doc_word(tok, i: int) -> str:
    """The text of token ``i`` of ``tok``'s doc, "" before the sentence start."""
    return tok.doc[i].text if i >= tok.sent.start else ""


def _main_subject_before(verb):
    """Fallback: the last subject before the verb in its sentence that is not in a
    subordinate "if/whether/when" clause ("When asked if he…, Doe smiled and said: …")."""
    best = None
    for t in verb.sent:
        if t.i >= verb.i:
            break
        if t.dep_ == "nsubj" and not any(c.dep_ == "mark" for c in t.head.children) and t.head.dep_ not in ("relcl", "ccomp", "acl"):
            best = t
    return best


def source_range(subj, line: tuple[int, int]) -> tuple[int, int]:
    """Token range of a source: its subtree, or just the noun phrase core when long."""
    lo, hi = subj.left_edge.i, subj.right_edge.i + 1
    if hi - lo > MAX_SOURCE_TOKENS:
        core = [subj] + [c for c in subj.lefts if c.dep_ in ("compound", "amod", "det", "poss", "nmod")]
        lo, hi = min(t.left_edge.i if t is not subj else t.i for t in core), subj.i + 1
    doc = subj.doc
    while lo < subj.i and (doc[lo].idx < line[0] or doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > subj.i + 1 and (doc[hi - 1].idx >= line[1] or doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    return lo, hi


def cue_source_range(subj, cue_tok, line: tuple[int, int]) -> tuple[int, int]:
    """Source range that stops before the cue's own clause when the cue hangs on the
    source ("voters saying …", "officials who argued …"): the clause is not the source."""
    lo, hi = source_range(subj, line)
    if lo <= cue_tok.i < hi:
        edge = cue_tok.left_edge.i
        hi = max(subj.i + 1, min(hi, edge))
        doc = subj.doc
        while hi > subj.i + 1 and (doc[hi - 1].is_punct or doc[hi - 1].is_space or doc[hi - 1].lower_ in RELATIVE):
            hi -= 1
    return lo, hi


def trailing_appositive_name(subj, verb) -> tuple[tuple[int, int], int] | None:
    """"The head of the party backing Roe, Jane Doe, praised …": the parser hangs the
    name on the nearest noun (Roe), but a person's name set off by commas right before
    the verb, closing a common-noun subject, is that subject's apposition and the
    better source.  Returns (token range, head token) of the name and its modifiers."""
    if subj.pos_ != "NOUN" or subj.i >= verb.i:
        return None
    doc = subj.doc
    end = verb.i
    while end > subj.i + 1 and doc[end - 1].pos_ in ("PUNCT", "ADV", "SPACE"):
        end -= 1  # the closing comma and an adverb ("…, Jane Doe, also said")
    if end == verb.i or doc[verb.i - 1].text != "," and doc[end].text != ",":
        return None
    if not (subj.left_edge.i <= end - 1 <= subj.right_edge.i):
        return None
    comma = next((i for i in range(end - 1, subj.i, -1) if doc[i].text == ","), None)
    if comma is None or comma + 1 >= end:
        return None
    seg = doc[comma + 1 : end]
    if any(t.pos_ in ("VERB", "AUX") for t in seg):
        return None
    names = [t for t in seg if t.ent_type_ == "PERSON"]
    if not names or seg[0].ent_type_ != "PERSON" and seg[0].lower_ not in roles.HONORIFICS:
        return None
    head = names[0]
    while head.i + 1 < end and doc[head.i + 1].ent_type_ == "PERSON" and doc[head.i + 1].ent_iob_ == "I":
        head = doc[head.i + 1]
    return (comma + 1, end), head.i


def span_chars(doc, lo: int, hi: int, text: str, within: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """Character span of tokens [lo, hi), trimmed of punctuation, clipped to ``within`` (a line)."""
    if within is not None:
        while lo < hi and doc[lo].idx < within[0]:
            lo += 1
        while hi > lo and doc[hi - 1].idx >= within[1]:
            hi -= 1
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space) and doc[lo].text not in "“\"'‘«":
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space) and doc[hi - 1].text not in "”\"'’»":
        hi -= 1
    if lo >= hi:
        return None
    start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
    start, end = trim_content(text, start, end)
    return (start, end) if end > start else None


def find_cues(doc, text: str, mask: bytearray, lines: Lines) -> list[Cue]:
    """Every attribution frame of one parsed article, outside quotation marks."""
    cues: list[Cue] = []
    lemmas = roles.cue_lemmas()
    for tok in doc:
        if mask[tok.idx]:
            continue
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            cue = _according_to(doc, tok, text, lines.bounds(tok.idx))
            if cue:
                cues.append(cue)
            continue
        if tok.pos_ in ("NOUN", "ADJ") and tok.dep_ != "ROOT":
            line = lines.bounds(tok.idx)
            cue = _noun_cue(doc, tok, text, line) if tok.lemma_.lower() in roles.noun_cues() and tok.pos_ == "NOUN" else None
            cue = cue or _scored_noun_cue(doc, tok, text, mask, line)
            if cue:
                cues.append(cue)
            continue
        if not _is_verb(tok):
            continue
        lemma = _lemma(tok)
        line = lines.bounds(tok.idx)
        if lemma not in lemmas:
            cue = _scored_cue(doc, tok, text, mask, line) if tok.pos_ in ("VERB", "AUX") else None
        else:
            cue = _verb_cue(doc, tok, lemma, text, mask, line)
        if cue:
            cues.append(cue)
    if CUT_AT_CONJOINED_CUES:
        from storyline.analyze.quote_bounds import cut_at_conjoined_cues

        cut_at_conjoined_cues(doc, cues)
    if DROP_NESTED_SCORED:
        listed = [c.content for c in cues if not c.scored and c.content]
        cues = [c for c in cues if not c.scored or not any(lo <= c.start < hi for lo, hi in listed)]
    return cues


def _noun_cue(doc, tok, text: str, line: tuple[int, int]) -> Cue | None:
    """"Doe's claim that …", "her criticism of the plan": a possessor is the source."""
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is None or poss.lower_ in ("its", "their", "our", "my", "your") or not (line[0] <= poss.idx < line[1]):
        return None
    cue = Cue(start=tok.idx, end=tok.idx + len(tok.text), token_i=tok.i, source=source_range(poss, line), source_token=poss.i)
    for child in tok.children:
        if child.dep_ in ("acl", "ccomp") and child.i > tok.i and any(g.lower_ == "that" and g.dep_ == "mark" for g in child.children):
            cue.content = span_chars(doc, child.left_edge.i, child.right_edge.i + 1, text, line)
            return cue if cue.content else None
        if child.dep_ == "prep" and child.lower_ in NOUN_CONTENT_PREPS and child.i > tok.i:
            obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                cue.end = child.idx + len(child.text)
                cue.content = span_chars(doc, obj.left_edge.i, obj.right_edge.i + 1, text, line)
                return cue if cue.content else None
    return None


def complement_content(doc, tok, comp, text: str, line: tuple[int, int]) -> tuple[tuple[int, int] | None, int]:
    """Content span of a cue's complement, and where the cue words end ("called for")."""
    kind, node = comp
    cue_end = tok.idx + len(tok.text)
    if kind.startswith("prep:"):
        obj = next(g for g in node.children if g.dep_ in ("pobj", "pcomp"))
        return span_chars(doc, obj.left_edge.i, obj.right_edge.i + 1, text, line), node.idx + len(node.text)
    if kind == "xcomp":
        obj = next((c for c in tok.children if c.dep_ == "dobj" and c.i < node.i), None)
        lo = obj.left_edge.i if obj is not None else node.left_edge.i
        return span_chars(doc, lo, node.right_edge.i + 1, text, line), cue_end
    return span_chars(doc, node.left_edge.i, node.right_edge.i + 1, text, line), cue_end


def _scored_cue(doc, tok, text: str, mask: bytearray, line: tuple[int, int]) -> Cue | None:
    """A verb no word list names, accepted when the learned scorer says it attributes."""
    comp = cue_scorer.complement(tok)
    if comp is None:
        return None
    subj = subject_of(tok, fallback=SCORED_SUBJECT_FALLBACK)
    if subj is None or subj.lower_ in NOT_SOURCES or mask[subj.idx]:
        return None
    if subj.lower_ in RELATIVE and not (tok.dep_ == "relcl" and subj.lower_ == "who"):
        return None
    if not (line[0] <= subj.idx < line[1]):
        return None
    p = cue_scorer.probability(cue_scorer.features(tok, subj, comp))
    if p is None or p < cue_scorer.threshold():
        return None
    cue = Cue(start=tok.idx, end=tok.idx + len(tok.text), token_i=tok.i, source=cue_source_range(subj, tok, line), source_token=subj.i)
    cue.content, cue.end = complement_content(doc, tok, comp, text, line)
    cue.scored = True
    return cue if cue.content else None


def _scored_complement(doc, tok, subj, text: str, mask: bytearray, line: tuple[int, int], cue: Cue) -> tuple[int, int] | None:
    """A listed cue whose rules found no content ("he reiterated his pledges", "she
    explained its importance"): its object or prepositional complement is the
    content when the learned scorer finds the frame attributive."""
    comp = cue_scorer.complement(tok)
    if comp is None or subj.lower_ in NOT_SOURCES or subj.lower_ in RELATIVE:
        return None
    p = cue_scorer.probability(cue_scorer.features(tok, subj, comp))
    if p is None or p < LISTED_FALLBACK:
        return None
    content, cue_end = complement_content(doc, tok, comp, text, line)
    if content is None or any(mask[content[0] : content[1]]):
        return None  # a quotation in there: the direct quote finds its own cue
    cue.end = max(cue.end, cue_end)
    return content


def _vetoed(tok, subj) -> bool:
    """A listed non-speech cue ("want", "support", "need") in a context the learned
    scorer finds very unlike attribution ("voters want lower taxes" vs "Doe wants a wall")."""
    comp = cue_scorer.complement(tok)
    if comp is None:
        return False
    p = cue_scorer.probability(cue_scorer.features(tok, subj, comp))
    return p is not None and p < LISTED_VETO


def _scored_noun_cue(doc, tok, text: str, mask: bytearray, line: tuple[int, int]) -> Cue | None:
    """A nominal cue the learned scorer accepts: "support for Doe", "attacks on the
    plan", "a report by the agency that …"; the source may stay unknown."""
    comp = cue_scorer.noun_complement(tok)
    if comp is None:
        return None
    src = cue_scorer.noun_source(tok)
    p = cue_scorer.probability(cue_scorer.noun_features(tok, src, comp))
    if p is None or p < NOUN_THRESHOLD:
        return None
    cue = Cue(start=tok.idx, end=tok.idx + len(tok.text), token_i=tok.i, scored=True)
    content, cue.end = complement_content(doc, tok, comp, text, line)
    if content is None or any(mask[content[0] : content[1]]):
        return None
    cue.content = content
    if src is None or mask[src.idx] or not (line[0] <= src.idx < line[1]):
        return cue if p >= NOUN_THRESHOLD_NO_SOURCE else None
    if src is not None and not mask[src.idx] and line[0] <= src.idx < line[1] and src.lower_ not in NOT_SOURCES and src.lower_ not in RELATIVE:
        cue.source = source_range(src, line)
        cue.source_token = src.i
    return cue


def _according_to(doc, tok, text: str, line: tuple[int, int]) -> Cue | None:
    to = next(c for c in tok.children if c.lower_ == "to")
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    sent = tok.sent
    pp_lo, pp_hi = tok.i, pobj.right_edge.i + 1
    # content: the rest of the sentence on the larger side of the phrase
    before = span_chars(doc, sent.start, pp_lo, text, line)
    after = span_chars(doc, pp_hi, sent.end, text, line)
    content = max((s for s in (before, after) if s), key=lambda s: s[1] - s[0], default=None)
    return Cue(
        start=tok.idx,
        end=to.idx + len(to.text),
        token_i=tok.i,
        source=source_range(pobj, line),
        source_token=pobj.i,
        content=content,
    )


def _verb_cue(doc, tok, lemma: str, text: str, mask: bytearray, line: tuple[int, int]) -> Cue | None:
    subj = subject_of(tok)
    if subj is not None and (subj.lower_ in NOT_SOURCES or mask[subj.idx] or not (line[0] <= subj.idx < line[1])):
        return None
    if subj is not None and subj.lower_ in RELATIVE and not (tok.dep_ == "relcl" and subj.lower_ == "who"):
        return None
    cue = Cue(start=tok.idx, end=tok.idx + len(tok.text), token_i=tok.i)
    if subj is not None:
        cue.source = cue_source_range(subj, tok, line)
        cue.source_token = subj.i
        named = trailing_appositive_name(subj, tok)
        if named is not None:
            cue.source, cue.source_token = named
    content = None
    if lemma in roles.quote_only_verbs():
        return cue if subj is not None else None
    if lemma in roles.speech_verbs():
        comps = [c for c in tok.children if c.dep_ == "ccomp"]
        comps = [c for c in comps if not mask[c.idx]] or comps
        sub_lo = min(t.i for t in tok.subtree)
        sub_hi = max(t.i for t in tok.subtree) + 1
        if subj is not None and len(comps) > 1 and comps[0].i < tok.i and comps[0].left_edge.i <= subj.i < comps[0].i:
            comps = comps[1:]  # the left "clause" was the source misparsed (see _absorbed_subject)
        if comps:
            comp = comps[0]
            content = span_chars(doc, comp.left_edge.i, comp.right_edge.i + 1, text, line)
            if comp.i < tok.i and content and content[1] > tok.idx:
                content = span_chars(doc, comp.left_edge.i, min(tok.i, subj.left_edge.i if subj else tok.i), text, line)
            if len(comps) > 1:  # "It is no surprise, Doe said, that …"
                last = comps[-1]
                cue.tail = span_chars(doc, last.left_edge.i, last.right_edge.i + 1, text, line)
        elif (
            tok.dep_ in ("parataxis", "ccomp")
            and tok.head.sent == tok.sent
            and sub_lo > tok.sent.start
            and (doc[sub_lo - 1].text in (",", "”", '"', "’", "'") or doc[sub_lo].text == ",")
        ):
            # "The plan failed, he said." / "…," he said / "The risk, he said, is …"
            content = span_chars(doc, tok.sent.start, sub_lo, text, line)
            if sub_hi < tok.sent.end - 1 and doc[sub_hi - 1].text == ",":
                cue.tail = span_chars(doc, sub_hi, tok.sent.end, text, line)
        else:
            colon = tok.i + 1 < len(doc) and doc[tok.i + 1].text == ":"
            if colon and tok.i + 2 < len(doc) and not mask[doc[tok.i + 2].idx]:
                end = tok.sent.end
                content = span_chars(doc, tok.i + 2, end, text, line)
            else:
                pro = next((c for c in tok.children if c.dep_ in ("dobj", "advmod", "intj") and c.lower_ in PRO_CONTENT), None)
                if pro is not None and pro.i > tok.i:
                    content = (pro.idx, pro.idx + len(pro.text))
    if content is None and lemma in roles.xcomp_cues():
        xcomp = next((c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i), None)
        if xcomp is not None:
            obj = next((c for c in tok.children if c.dep_ in ("dobj",) and c.i < xcomp.i), None)
            lo = obj.left_edge.i if obj is not None else xcomp.left_edge.i
            content = span_chars(doc, lo, xcomp.right_edge.i + 1, text, line)
    if content is None and lemma in PREDICATIVE:
        # "She called the plan a disaster": object and its predicate are the content
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        pred = next((c for c in tok.children if c.dep_ == "oprd" and obj is not None and c.i > obj.i), None)
        if pred is not None and subj is not None:
            content = span_chars(doc, obj.left_edge.i, pred.right_edge.i + 1, text, line)
    if content is None and lemma in roles.object_cues():
        preps = roles.object_cues()[lemma]
        for child in tok.children:
            if (child.dep_ == "dobj" and "" in preps) or (child.dep_ in ("prep", "prt") and child.lower_ in preps):
                if child.dep_ == "prt":
                    cue.end = child.idx + len(child.text)
                    continue
                if child.dep_ == "prep":
                    cue.end = child.idx + len(child.text)
                lo = child.i + 1 if child.dep_ == "prep" else child.left_edge.i
                hi = tok.right_edge.i + 1
                if child.i < tok.i:  # "which Doe denounced": the fronted object alone
                    hi = child.right_edge.i + 1
                # do not run into a following clause of the same verb
                for later in tok.rights:
                    if later.i > child.i and later.dep_ in ("conj", "cc", "advcl", "punct") and later.i < hi:
                        hi = later.i if later.dep_ != "advcl" else hi
                        break
                content = span_chars(doc, lo, hi, text, line)
                break
        if content is not None and subj is None:
            return None
    if content is None and subj is not None and not mask[tok.idx]:
        content = _scored_complement(doc, tok, subj, text, mask, line, cue)
    cue.content = content
    if content is not None and lemma not in roles.speech_verbs() and _vetoed(tok, subj):
        return None
    if cue.content is None and subj is None:
        # bare verbs without subject or content are no attribution, unless a quote sits next to them
        return cue if lemma in roles.speech_verbs() else None
    return cue


def _names_someone(doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(e.label_ in ("PERSON", "ORG") and e.end_char >= end - 1 for e in span.ents)


def headline_cues(doc, text: str, lines: Lines) -> list[Cue]:
    """Headline style "Poll: Sanders leads" / "Jane Doe: 'We will win'": a short
    line whose few words before a colon name the source of the rest."""
    cues = []
    for start in lines.starts:
        end = lines.bounds(start)[1]
        line = text[start:end]
        colon = line.find(": ")
        if not line.strip() or colon <= 1:
            continue
        prefix = line[:colon].strip()
        words = prefix.split()
        if len(line) > MAX_HEADLINE and not (len(words) <= 3 and _names_someone(doc, start, start + colon)):
            continue  # a long line is a transcript turn ("DOE: …") only when a name leads it
        if (
            len(words) > MAX_HEADLINE_SOURCE_WORDS
            or not prefix[:1].isupper()
            or prefix.lower() in roles.headline_labels()
            or words[0].lower() in roles.headline_labels()
            or any(ch.isdigit() for ch in prefix[-2:])
            or not all(w[:1].isupper() or w[:1].isdigit() for w in words)
        ):
            continue
        p_start = start + line.index(prefix)
        src = doc.char_span(p_start, p_start + len(prefix), alignment_mode="expand")
        c_start, c_end = trim_content(text, start + colon + 1, end)
        while c_end > c_start and text[c_end - 1] in ".":
            c_end -= 1
        if src is None or c_end - c_start < 3:
            continue
        cues.append(
            Cue(
                start=start + colon,
                end=start + colon + 1,
                token_i=src.root.i,
                source=(src.start, src.end),
                source_token=src.root.i,
                content=(c_start, c_end),
            )
        )
    return cues
