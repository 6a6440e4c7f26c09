"""Resolve a quote's source as written to a person named in the same article.

Pronouns go to the most recent compatible person (same gender when known,
subjects preferred, at most a few sentences back); definite role descriptions
("the Russian leader") go to the most recent person whose printed titles fit
(see :mod:`quote_roles`).  Names go to the fullest form of the same surname in
the article ("Mr Trump" -> "Donald Trump").  Unresolved sources are kept as
written by the caller.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from storyline.analyze import quote_roles as roles

_GLUED = re.compile(r"^[a-z]+(?=[A-Z][a-z])")  # scraped "5 year oldDonald Trump"
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
MAX_SENTENCES_BACK = 4


@dataclass
class Person:
    start: int  # char offsets of the name mention
    end: int
    text: str
    key: str  # surname, lowercase
    sent: int
    subject: bool
    titles: set[str] = field(default_factory=set)
    quoted: bool = False  # named inside a quotation: not an antecedent for "he"/"she"


def _strip_honorific(tokens) -> list:
    toks = list(tokens)
    while toks and (toks[0].lower_ in roles.HONORIFICS or toks[0].is_punct):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].lower_ in ("'s", "’s")):
        toks = toks[:-1]
    return toks


def _left_titles(doc, first_token_i: int, sent_start: int) -> list[str]:
    """Title words printed right before a name: "US President", "Press secretary"."""
    words: list[str] = []
    i = first_token_i - 1
    while i >= sent_start and len(words) < 5:
        tok = doc[i]
        if tok.is_punct or tok.pos_ in ("DET", "ADP", "VERB", "AUX", "PRON", "CCONJ", "SCONJ", "NUM"):
            break
        if tok.pos_ not in ("PROPN", "NOUN", "ADJ"):
            break
        words.append(tok.text)
        i -= 1
    return list(reversed(words))


def _np_words(tok, exclude: set[int]) -> list[str]:
    """Words of a noun phrase head and its modifiers (no clauses, no commas)."""
    out = []
    for t in tok.subtree:
        if t.i in exclude or t.is_punct or t.pos_ in ("DET",):
            continue
        if t.dep_ in ("relcl", "acl", "appos") and t is not tok:
            continue
        out.append(t.text)
    return out


def _role_head(tok):
    """The role noun a name is in apposition to ("the US ambassador to the UN, Jane Doe"),
    climbing over a misattached "to the UN" prepositional phrase."""
    t = tok.head
    for _ in range(3):
        if t.lemma_.lower() in roles.role_nouns():
            return t
        if t.dep_ in ("pobj", "prep") and t.head is not t:
            t = t.head
        else:
            break
    return tok.head


def _looks_like_person(doc, ent, toks, key: str, person_keys: set[str], titles: list[str]) -> bool:
    if ent.label_ not in ("ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "FAC", "LOC"):
        return False
    if not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in toks) or len(toks) > 3:
        return False
    if key in person_keys and len(toks) <= 2:
        return True
    if ent.start > 0 and doc[ent.start - 1].lower_ in roles.HONORIFICS:
        return True
    root = ent.root
    framing = [w.lower() for w in titles[-2:]]
    if root.dep_ == "appos":
        framing.append(_role_head(root).lemma_.lower())
    framing += [c.lemma_.lower() for c in root.children if c.dep_ == "appos"]
    return len(toks) >= 2 and any(w in roles.role_nouns() for w in framing)


class ArticlePeople:
    """Person mentions of one parsed article, with titles and genders."""

    def __init__(self, doc, quoted: bytearray | None = None):
        self.doc = doc
        self.quoted = quoted
        self.sent_starts = [s.start for s in doc.sents]
        # distance is counted in sentences outside quotations: a long quote between a
        # name and "she added" does not push the name out of reach
        self.effective: list[int] = []
        count = 0
        for s in doc.sents:
            self.effective.append(count)
            if not (quoted and quoted[s.start_char] and quoted[max(s.start_char, s.end_char - 1)]):
                count += 1
        self.people: list[Person] = []
        self.gender: dict[str, str] = {}
        self.full_name: dict[str, str] = {}
        self._collect()

    def sent_index(self, token_i: int) -> int:
        return self.effective[self._raw_sent(token_i)]

    def _raw_sent(self, token_i: int) -> int:
        lo, hi = 0, len(self.sent_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sent_starts[mid] <= token_i:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def _collect(self) -> None:
        doc = self.doc
        person_keys: set[str] = {
            _strip_honorific(e)[-1].lower_ for e in doc.ents if e.label_ == "PERSON" and _strip_honorific(e)
        }
        for ent in doc.ents:
            toks = _strip_honorific(ent)
            if not toks:
                continue
            key = toks[-1].lower_
            first = toks[0]
            sent = ent.sent
            titles = _left_titles(doc, ent.start, sent.start)
            root = ent.root
            # spaCy sometimes tags a person ORG/GPE/NORP ("Trump", "Jane Doe" as ORG):
            # accept it when its surname is a person's elsewhere, or a role/honorific frames it
            if ent.label_ != "PERSON" and not _looks_like_person(doc, ent, toks, key, person_keys, titles):
                continue
            appos_head = _role_head(root) if root.dep_ == "appos" else None
            if appos_head is not None:
                titles += _np_words(appos_head, {t.i for t in ent})
            for child in root.children:
                if child.dep_ == "appos":
                    titles += _np_words(child, set())
            gender = None
            if ent.start > 0:
                gender = roles.honorific_gender(doc[ent.start - 1].text)
            gender = gender or roles.honorific_gender(ent[0].text)
            for w in titles:
                gender = gender or roles.honorific_gender(w)
            if gender is None and len(toks) >= 2:
                gender = roles.first_name_gender(toks[0].text)
            if gender and key not in self.gender:
                self.gender[key] = gender
            name = " ".join(_GLUED.sub("", t.text) for t in toks)
            if len(toks) > len(self.full_name.get(key, "").split()):
                self.full_name[key] = name
            self.people.append(
                Person(
                    start=doc[first.i].idx,
                    end=toks[-1].idx + len(toks[-1].text),
                    text=name,
                    key=key,
                    sent=self.sent_index(ent.start),
                    subject=root.dep_ in ("nsubj", "nsubjpass") or (appos_head is not None and appos_head.dep_ == "nsubj"),
                    titles=roles.normalise_words(titles),
                    quoted=bool(self.quoted and self.quoted[doc[first.i].idx]),
                )
            )

    def keys(self) -> set[str]:
        return {p.key for p in self.people}

    def name_for(self, person: Person) -> str:
        return self.full_name.get(person.key, person.text)

    def person_in(self, start: int, end: int) -> Person | None:
        """The last person mention inside a character range (the name in "Press secretary Sarah Sanders")."""
        inside = [p for p in self.people if p.start >= start and p.end <= end]
        return inside[-1] if inside else None

    def person_heading(self, span, head) -> Person | None:
        """The person a source noun phrase names: the mention holding its head word
        ("Jon Coan, Vale's attorney": Coan), else the last mention that is not a
        possessive modifier ("the head of Vale's campaign, Jon Coan": Coan)."""
        clauses = [
            (t.left_edge.idx, t.right_edge.idx + len(t.right_edge.text))
            for t in span
            if t.dep_ == "relcl" and not (t.left_edge.i <= head.i <= t.right_edge.i)
        ]  # "the mayor of the town, who met Jon Vale,": Vale is not the mayor
        inside = [
            p
            for p in self.people
            if p.start >= span.start_char and p.end <= span.end_char and not any(lo <= p.start < hi for lo, hi in clauses)
        ]
        if not inside:
            return None
        for p in inside:
            if p.start <= head.idx < p.end:
                return p
        text = self.doc.text
        owners = [p for p in inside if not text[p.end : p.end + 2] in ("'s", "’s") and text[p.end : p.end + 1] not in ("'", "’")]
        return (owners or inside)[-1]

    def resolve_pronoun(self, token, exclude_after: int | None = None) -> Person | None:
        word = token.lower_
        want = PRONOUN_GENDER.get(word)
        if want is None:
            return None
        here = self.sent_index(token.i)
        limit = token.idx if exclude_after is None else min(token.idx, exclude_after)
        best: tuple | None = None
        for p in self.people:
            if p.quoted or p.start >= limit or here - p.sent > MAX_SENTENCES_BACK:
                continue
            g = self.gender.get(p.key)
            if g and g != want:
                continue
            # nearer sentences first; in an earlier sentence prefer its subject; then recency
            score = (here - p.sent, 0 if (p.subject or p.sent == here) else 1, -p.start)
            if best is None or score < best[0]:
                best = (score, p)
        return best[1] if best else None

    def cataphora(self, token) -> Person | None:
        """A possessive pronoun with no antecedent before it points ahead to its
        sentence's subject ("In her statement condemning X, Jane Doe said …")."""
        if token.dep_ != "poss" or token.lower_ not in PRONOUN_GENDER:
            return None
        want = PRONOUN_GENDER[token.lower_]
        sent = token.sent
        for p in self.people:
            if p.start <= token.idx or p.start >= sent.end_char or p.quoted or not p.subject:
                continue
            if self.gender.get(p.key, want) == want:
                return p
        return None

    def resolve_role(self, span) -> Person | None:
        """A definite role description ("the US President") -> most recent fitting person."""
        toks = [t for t in span if not t.is_punct]
        if not toks or toks[0].lower_ not in ("the", "this", "that"):
            return None
        words = [t.text for t in toks[1:] if t.dep_ not in ("relcl", "acl", "prep")]
        # the head noun last: drop trailing words after the head ("the US President himself")
        head = span.root
        words = [t.text for t in toks[1:] if t.i <= head.i and t.dep_ not in ("relcl", "acl")]
        if not words:
            return None
        best: Person | None = None
        for p in self.people:
            if p.start >= span.start_char:
                break
            if not p.quoted and roles.role_matches(words, self.titles_of(p.key)):
                best = p
        return best

    def note_pronoun(self, token, person: Person) -> None:
        """Record a resolved pronoun source as a mention of its person, so the next
        pronoun can chain to it (a pronoun subject outranks a name in an object)."""
        mention = Person(
            start=token.idx,
            end=token.idx + len(token.text),
            text=person.text,
            key=person.key,
            sent=self.sent_index(token.i),
            subject=token.dep_ in ("nsubj", "nsubjpass"),
            titles=set(),
            quoted=False,
        )
        starts = [p.start for p in self.people]
        self.people.insert(bisect_right(starts, mention.start), mention)

    def titles_of(self, key: str) -> set[str]:
        out: set[str] = set()
        for p in self.people:
            if p.key == key:
                out |= p.titles
        return out
