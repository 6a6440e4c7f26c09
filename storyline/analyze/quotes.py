"""Who said what: direct and indirect quotations with cue, source and speaker.

Two evidence streams meet here:

* quotation marks (:mod:`quote_marks`) give direct quotes in any style, split
  and multi-paragraph ones included;
* the dependency parse gives attribution frames (:mod:`quote_frames`): a
  reporting verb with its subject (the source) and its complement (the content
  of indirect speech), "according to X", "X tweeted: …", "X called for …".

A direct quote takes the nearest cue in its own or an adjacent sentence; a
quote without a cue continues the previous speaker's quote when it follows it
directly; short quoted fragments inside an indirect clause stay part of that
clause.  An attribution nested in another one's content is part of what the
outer source reported, not a quote of its own.  A third, learned stream checks
the first two: the token tagger (:mod:`quote_tagger`) extends indirect contents
over neighbouring tokens it finds content and adds the complements the rules
passed over when it and the cue scorer agree they are reported content.
Speakers are resolved within the article by :mod:`quote_speakers`; canonical
names across articles come later (``storyline.link.entities``).
"""

from __future__ import annotations

from bisect import bisect_right

from storyline.analyze.quote_frames import (
    RELATIVE,
    Cue,
    cue_source_range,
    Lines,
    find_cues,
    headline_cues,
    quote_mask,
    source_range,
)
from storyline.analyze.quote_marks import Marked, find_marked, trim_content
from storyline.analyze.quote_speakers import ArticlePeople
from storyline.analyze.quote_tagger import refine
from storyline.model import Article, Quote, Span

MIN_FLOATING_WORDS = 6  # an uncued quote shorter than this is a scare quote, not speech


def _sentence_bounds(doc) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in doc.sents]


def _nearest_cue(m: Marked, cues: list[Cue], text: str, sents: list[tuple[int, int]], mask: bytearray, lines: Lines) -> Cue | None:
    """The cue of a direct quote: nearest in the sentences it touches (within its lines),
    or at the end of the line before when that line ends in a colon."""
    lo_mark = m.open_mark
    hi_mark = (m.close_mark + 1) if m.close_mark is not None else m.end
    first_line = lines.bounds(lo_mark)
    last_line = lines.bounds(max(lo_mark, hi_mark - 1))
    lo, hi = lo_mark, hi_mark
    for s_start, s_end in sents:
        if s_start < hi_mark and s_end > lo_mark:
            lo, hi = min(lo, s_start), max(hi, s_end)
        elif s_start >= hi_mark and s_start - hi_mark < 3 and "\n" not in text[hi_mark:s_start]:
            hi = max(hi, s_end)  # "…" he said, split off by the sentencizer
    lo, hi = max(lo, first_line[0]), min(hi, last_line[1])
    before = text[first_line[0] : lo_mark].strip()
    if not before and first_line[0] > 0:
        prev_line = lines.bounds(first_line[0] - 2) if first_line[0] >= 2 else first_line
        prev_text = text[prev_line[0] : first_line[0]].strip()
        if prev_text.endswith(":"):
            lo = prev_line[0]
        elif not prev_text and prev_line[0] >= 2:  # a blank line between paragraphs
            prev2 = lines.bounds(prev_line[0] - 2)
            if text[prev2[0] : prev_line[0]].strip().endswith(":"):
                lo = prev2[0]
    best: tuple[int, Cue] | None = None
    for cue in cues:
        if cue.start < lo or cue.end > hi or cue.start < 0 or mask[cue.start]:
            continue
        if cue.source_chars and cue.source_chars[0] <= lo_mark < cue.source_chars[1]:
            continue  # a quoted name inside the source itself ('the "Never X" movement said')
        if cue.end <= lo_mark:
            gap_lo, gap_hi = cue.end, lo_mark
        elif cue.start >= hi_mark:
            gap_lo, gap_hi = hi_mark, cue.start
        else:
            continue
        if any(mask[gap_lo:gap_hi]):
            continue  # another quotation sits between: it owns this cue
        distance = gap_hi - gap_lo
        if cue.end <= lo_mark and not text[gap_lo:gap_hi].rstrip().endswith((":", ",")) and distance > 40:
            distance += 1000  # a cue well before the quote without a colon: weak
        if cue.start >= hi_mark and _introduces_next(m, cue, text, mask):
            distance += 1000  # '“A.” He added, “B.”': "added" is B's cue; A's only when it has no other
        if SKIP_FAR_CUE_WITH_CONTENT and distance > FAR_CUE_CHARS and _has_other_content(cue, m):
            continue  # 'Doe suggested that X, before … “Y”': the cue reported X; Y is another utterance
        if best is None or distance < best[0]:
            best = (distance, cue)
    return best[1] if best else None


# A cue that is not right beside a quotation (> FAR_CUE_CHARS apart, or weak for the
# reasons above) and already reports an indirect content of its own is not the
# quotation's cue: a second utterance in the sentence is a second attribution (PolNeAR
# annotates two; grouping them cost a match on held-out train).  Right beside it ('“Y,”
# she said') the quotation wins over whatever complement the parse gave the verb.
SKIP_FAR_CUE_WITH_CONTENT = True
FAR_CUE_CHARS = 40


def _has_other_content(cue: Cue, m: Marked) -> bool:
    """The cue already reports an indirect content of its own, apart from this quotation."""
    hi_mark = (m.close_mark + 1) if m.close_mark is not None else m.end
    for part in (cue.content, cue.tail):
        if part and _overlap(part, (m.open_mark, hi_mark)) == 0:
            return True
    return False


def _introduces_next(m: Marked, cue: Cue, text: str, mask: bytearray) -> bool:
    """A cue after a finished quotation that opens the next one ('“A.” He added, “B.”'):
    the quotation ends a sentence, and the cue (with a source after it, if any) is
    followed by a comma or colon and another quotation.  A split quote ('“A,” he
    said, “B.”') ends in a comma and keeps its cue."""
    if m.close_mark is None:
        return False
    before_close = text[m.start : m.close_mark].rstrip()
    if not before_close.endswith((".", "!", "?")):
        return False
    after = cue.end
    if cue.source_chars and cue.source_chars[0] >= cue.end:
        after = max(after, cue.source_chars[1])
    rest = text[after : after + 4].lstrip(" ")
    if not rest or rest[0] not in ",:":
        return False
    pos = after + (len(text[after : after + 4]) - len(rest)) + 1
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos < len(mask) and bool(mask[pos])


def _neighbour_cue(m: Marked, cues: list[Cue], text: str, sents: list[tuple[int, int]], lines: Lines) -> Cue | None:
    """Last resort for a quotation with no cue of its own: a bare speech cue ("Doe told
    reporters.", "she added.") in the sentence right before or after it, same paragraph."""
    hi_mark = (m.close_mark + 1) if m.close_mark is not None else m.end
    para = (lines.bounds(m.open_mark)[0], lines.bounds(max(m.open_mark, hi_mark - 1))[1])
    before = [s for s in sents if s[1] <= m.open_mark + 1 and s[0] >= para[0]]
    after = [s for s in sents if s[0] >= hi_mark - 1 and s[1] <= para[1]]
    window = []
    if before:
        window.append(before[-1])
    if after:
        window.append(after[0])
    for lo, hi in window:
        for cue in cues:
            if lo <= cue.start < hi and cue.source is not None and not cue.content and not cue.tail and not cue.scored:
                return cue
    return None


def _colon_cue(doc, m: Marked, text: str, people: ArticlePeople, lines: Lines) -> Cue | None:
    """'Jane Doe: "quote"' or a headline 'Doe jokes to Roe: "quote"': the first
    person named before the colon on the same line is the source."""
    line = lines.bounds(m.open_mark)
    before = text[line[0] : m.open_mark].rstrip()
    if not before.endswith(":"):
        return None
    colon = line[0] + len(before) - 1
    keys = people.keys()
    for tok in doc.char_span(line[0], colon + 1, alignment_mode="expand") or []:
        if tok.idx >= colon:
            break
        if tok.lower_ in keys and tok.text[:1].isupper():
            lo = tok.i
            while lo > 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].idx >= line[0]:
                lo -= 1
            return Cue(start=colon, end=colon + 1, token_i=tok.i, source=(lo, tok.i + 1), source_token=tok.i)
    return None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _words(s: str) -> int:
    return len(s.split())


def find_quotes(doc, article: Article, use_tagger: bool = True) -> list[Quote]:
    """Direct and indirect quotations of one article (``doc`` = spaCy Doc of ``article.text``).

    ``use_tagger=False`` gives the rule finder alone (the tagger's training input)."""
    text = article.text
    lines = Lines(text)
    marked = find_marked(text)
    mask = quote_mask(marked, len(text) + 1)
    people = ArticlePeople(doc, quoted=mask)
    cues = find_cues(doc, text, mask, lines)
    cues += [h for h in headline_cues(doc, text, lines) if not any(c.start <= h.start < c.end for c in cues)]
    for c in cues:
        if c.source is not None:
            c.source_chars = (doc[c.source[0]].idx, doc[c.source[1] - 1].idx + len(doc[c.source[1] - 1].text))
    sents = _sentence_bounds(doc)

    previous: tuple[Marked, Cue] | None = None
    for m in marked:
        start, end = trim_content(text, m.start, m.end)
        if end <= start:
            continue
        span = (start, end)
        owner = _enclosing_content(cues, span, m)
        if owner is not None:
            previous = (m, owner)
            continue  # a quoted fragment inside indirect speech
        cue = _nearest_cue(m, cues, text, sents, mask, lines) or _colon_cue(doc, m, text, people, lines)
        if cue is None and previous is not None:
            cue = _continued(previous, m, cues, text, doc)
        if cue is None:
            cue = _neighbour_cue(m, cues, text, sents, lines)
        if cue is None:
            if _words(text[start:end]) < MIN_FLOATING_WORDS:
                continue
            cue = Cue(start=-1, end=-1, token_i=-1)
        if cue not in cues:
            cues.append(cue)
        if cue.content and _overlap(cue.content, span) > 0:
            cue.content = None  # the parse's complement was this very quotation
        if cue.tail and _overlap(cue.tail, span) > 0:
            cue.tail = None
        cue.direct.append(span)
        previous = (m, cue)

    quotes = _drop_nested(doc, _build_quotes(doc, article, cues, people))
    if use_tagger:
        quotes = _tagged(doc, article, quotes, mask, people, lines)
    return quotes


def _drop_nested(doc, quotes: list[Quote]) -> list[Quote]:
    """An attribution inside another one's content ("Doe said she thinks X": "thinks X"
    inside "she thinks X") is part of what the outer source reported, not a quote of
    its own; on held-out PolNeAR train only 13% of such nested finds were annotated.
    A nested quote whose cue describes a speaker of its own ("the survey found voters
    saying X") stays."""
    kept = []
    for q in quotes:
        cue = (q.cue.start, q.cue.end) if q.cue else None
        outer = [
            o
            for o in quotes
            if o.start <= q.start and q.end <= o.end and (o.start, o.end) != (q.start, q.end) and ((o.cue.start, o.cue.end) if o.cue else None) != cue
        ]
        if outer and not (NESTED_KEEP_OWN_SPEAKER and _own_speaker(q, outer) and _group_cue(doc, q)):
            continue
        kept.append(q)
    return kept


NESTED_KEEP_OWN_SPEAKER = True


def _own_speaker(q: Quote, outer: list[Quote]) -> bool:
    """The nested quote names a speaker (not a pronoun or "who") other than the outer ones'."""
    if q.source is None:
        return False
    words = q.source.text.lower().split()
    if not words or (len(words) == 1 and words[0] in PRONOUN_SOURCES):
        return False
    return all(o.speaker != q.speaker and (o.source is None or o.source.text != q.source.text) for o in outer)


def _group_cue(doc, q: Quote) -> bool:
    """The cue is a participle whose own subject is a group ("voters saying …"), the
    typical finding of a survey or report that carries the outer attribution."""
    if q.cue is None:
        return False
    starts = doc.to_array("IDX").tolist()
    i = bisect_right(starts, q.cue.start) - 1
    if i < 0:
        return False
    tok = doc[i]
    if tok.tag_ != "VBG":
        return False
    return any(c.dep_ == "nsubj" and c.tag_ in ("NNS", "NNPS") for c in tok.children) or tok.dep_ == "acl"


PRONOUN_SOURCES = frozenset(["he", "she", "they", "it", "i", "we", "you", "who", "which", "that", "one"])


def _tagged(doc, article: Article, quotes: list[Quote], mask: bytearray, people: ArticlePeople, lines: Lines) -> list[Quote]:
    """The token tagger's verdict (:mod:`quote_tagger`): indirect quotes grow over the
    neighbouring content it sees, and confident content no rule quote touches becomes
    indirect quotes (cue and source from the parse); dropping the rule quotes it doubts
    is possible but off in the shipped settings."""
    kept, new = refine(doc, quotes, mask)
    text = article.text
    rule_cues = {(q.cue.start, q.cue.end) for q in quotes if q.cue is not None}
    for item in new:
        cue_tok = doc[item.cue_token]
        cue = Cue(start=cue_tok.idx, end=cue_tok.idx + len(cue_tok.text), token_i=cue_tok.i, scored=True)
        if (cue.start, cue.end) in rule_cues:
            continue  # the rules already read this cue: its content is theirs
        if item.source_token is not None:
            cue.source = cue_source_range(doc[item.source_token], cue_tok, lines.bounds(cue_tok.idx))
            cue.source_token = item.source_token
        source_span, speaker = _speaker(doc, cue, people, text)
        kept.append(
            Quote(
                id=f"{article.id}:q{item.start}",
                start=item.start,
                end=item.end,
                text=text[item.start : item.end],
                kind="indirect",
                cue=Span(cue.start, cue.end, text[cue.start : cue.end]),
                source=source_span,
                speaker=speaker,
            )
        )
    return sorted(kept, key=lambda q: q.start)


def _enclosing_content(cues: list[Cue], span: tuple[int, int], m: Marked) -> Cue | None:
    """The indirect-speech cue whose content holds this quoted fragment and more."""
    length = span[1] - span[0]
    for c in cues:
        if m.open_mark <= c.start < (m.close_mark or m.end):
            continue
        for part in (c.content, c.tail):
            if not part:
                continue
            inside = _overlap(part, span)
            extra = (part[1] - part[0]) - inside
            if part[0] >= m.open_mark - 1:
                continue  # the complement opens with the quotation: a direct quote ("told him “…” at the summit")
            if inside >= 0.8 * length and extra > 12:
                return c
    return None


def _continued(previous: tuple[Marked, Cue], m: Marked, cues: list[Cue], text: str, doc) -> Cue | None:
    """A quote with no cue of its own right after a cued one continues it, unless the
    narration between them says something of its own (a verb other than the cue's)."""
    prev_m, prev_cue = previous
    prev_end = (prev_m.close_mark or prev_m.end) + 1
    if m.open_mark - prev_end > CONTINUE_CHARS or text[prev_end : m.open_mark].count("\n") > CONTINUE_NEWLINES:
        return None
    if any(c.start >= prev_end and c.end <= m.open_mark for c in cues if c is not prev_cue and c.start >= 0 and c.source):
        return None
    if CONTINUE_NEEDS_BARE_GAP and _narration_between(doc, prev_end, m.open_mark, prev_cue):
        return None
    return prev_cue


CONTINUE_NEEDS_BARE_GAP = True


def _narration_between(doc, lo: int, hi: int, cue: Cue) -> bool:
    """The text between two quotations holds a verb that is not the first one's cue
    ('…," Doe said. She also praised the plan -- "…"'): the second quotation is framed
    by that new clause, another attribution, not the same utterance going on."""
    span = doc.char_span(lo, hi, alignment_mode="contract") if hi > lo else None
    if span is None:
        return False
    return any(t.pos_ == "VERB" and t.i != cue.token_i and not (cue.start <= t.idx < cue.end) for t in span)


CONTINUE_CHARS = 250
CONTINUE_NEWLINES = 2


def _build_quotes(doc, article: Article, cues: list[Cue], people: ArticlePeople) -> list[Quote]:
    text = article.text
    quotes: dict[int, Quote] = {}
    # in text order, so a pronoun resolved earlier can anchor the next one
    for cue in sorted(cues, key=lambda c: c.source_chars[0] if c.source_chars else max(c.start, 0)):
        contents = [(s, "direct") for s in cue.direct]
        for part in (cue.content, cue.tail):
            if part and not any(_overlap(part, d) for d in cue.direct):
                contents.append((part, "indirect"))
        if not contents:
            continue
        cue_span = Span(cue.start, cue.end, text[cue.start : cue.end]) if cue.start >= 0 else None
        source_span, speaker = _speaker(doc, cue, people, text)
        for (start, end), kind in contents:
            if start in quotes or _words(text[start:end]) < 1:
                continue
            quotes[start] = Quote(
                id=f"{article.id}:q{start}",
                start=start,
                end=end,
                text=text[start:end],
                kind=kind,
                cue=cue_span,
                source=source_span,
                speaker=speaker,
            )
    ordered = [quotes[k] for k in sorted(quotes)]
    _carry_speakers(ordered)
    return ordered


CARRY_SPEAKER_CHARS = 1500  # how far back a cue-less quotation looks for the speaker it continues


def _carry_speakers(quotes: list[Quote]) -> None:
    """A direct quotation with no cue at all (a paragraph that is just a quotation) is
    the last identified speaker still talking, when that speaker's quote is close
    before it; its cue and source stay empty, only the speaker is carried."""
    last: Quote | None = None
    for q in quotes:
        if q.cue is None and q.speaker is None and q.kind == "direct" and last is not None and q.start - last.end <= CARRY_SPEAKER_CHARS:
            q.speaker = last.speaker
        elif q.speaker is not None and q.cue is not None:
            last = q


SOURCELESS_NEAREST_PERSON = True


def _nearest_person(doc, cue: Cue, people: ArticlePeople, text: str) -> tuple[Span | None, str | None]:
    """A cue whose parse gives no subject ("…," said Jane Doe, the mayor, in a parse that
    hangs the name elsewhere): the person named nearest the cue in its sentence,
    outside quotation marks and outside the content."""
    if cue.token_i < 0:
        return None, None
    cue_tok = doc[cue.token_i]
    named = [c for c in cue_tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < cue_tok.i]
    if cue_tok.pos_ == "NOUN" and named:
        # a headline's nominal cue names its holder as a modifier ("Trump jokes to Putin:", "Kremlin statement")
        span = doc[min(c.left_edge.i for c in named) : max(c.i for c in named) + 1]
        person = people.person_in(span.start_char, span.end_char)
        return Span(span.start_char, span.end_char, span.text), (people.name_for(person) if person else span.text)
    addressees = {
        t.i for prep in cue_tok.children if prep.dep_ == "prep" and prep.lower_ in ("to", "with")
        for t in prep.subtree
    }  # "jokes to Putin", "spoke with Roe": the one spoken to is not the speaker
    sent = cue_tok.sent
    contents = list(cue.direct) + [c for c in (cue.content, cue.tail) if c]
    best: tuple[int, object] | None = None
    for person in people.people:
        if person.quoted or person.start < sent.start_char or person.end > sent.end_char:
            continue
        if any(_overlap((person.start, person.end), c) for c in contents):
            continue
        span = doc.char_span(person.start, person.end, alignment_mode="expand")
        if span is not None and span.root.i in addressees:
            continue
        distance = cue.start - person.end if person.end <= cue.start else person.start - cue.end
        if distance >= 0 and (best is None or distance < best[0]):
            best = (distance, person)
    if best is None:
        return None, None
    person = best[1]
    return Span(person.start, person.end, text[person.start : person.end]), people.name_for(person)


def _speaker(doc, cue: Cue, people: ArticlePeople, text: str) -> tuple[Span | None, str | None]:
    if cue.source is None:
        return _nearest_person(doc, cue, people, text) if SOURCELESS_NEAREST_PERSON else (None, None)
    lo, hi = cue.source
    span = doc[lo:hi]
    source = Span(span.start_char, span.end_char, span.text)
    head = doc[cue.source_token] if cue.source_token is not None else span.root
    if head.lower_ in RELATIVE and cue.token_i >= 0 and doc[cue.token_i].dep_ == "relcl":
        # "Barkley, who said he …": the speaker is the noun the clause hangs on
        noun = doc[cue.token_i].head
        lo_n, hi_n = source_range(noun, (noun.sent.start_char, noun.sent.end_char))
        clause_start = doc[cue.token_i].left_edge.i
        if lo_n < clause_start:  # the noun phrase without its own relative clause
            hi_n = min(hi_n, clause_start)
        while hi_n > lo_n + 1 and (doc[hi_n - 1].is_punct or doc[hi_n - 1].is_space):
            hi_n -= 1
        named = doc[lo_n:hi_n]
        person = people.person_in(named.start_char, named.end_char)
        return source, (people.name_for(person) if person else named.text)
    if head.pos_ == "PRON":
        person = people.resolve_pronoun(head) or people.cataphora(head)
        if person is not None:
            people.note_pronoun(head, person)  # "he told X …" then "he defended …": same he
        return source, (people.name_for(person) if person else span.text)
    person = people.person_heading(span, head)
    if person is not None:
        return source, people.name_for(person)
    person = people.resolve_role(span)
    if person is not None:
        return source, people.name_for(person)
    last = span[-1] if len(span) else None
    if last is not None and last.text[:1].isupper() and last.lower_ in people.full_name and len(span) <= 3:
        return source, people.full_name[last.lower_]  # a surname spaCy did not tag ("Doe: 'quote'")
    return source, span.text
