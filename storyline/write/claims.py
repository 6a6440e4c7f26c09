"""What a claim's numbers, dates and verbs are about: light frames from a dependency parse.

Two sentences on one event share many words, so "the same topic" is not
enough to call two different numbers a contradiction ("three volunteers fell
ill" and "1,100 volunteers received the vaccine" are about different groups).
A value conflicts with another only when both describe the same thing, read
here from the spaCy parse of each claim (parsed once, cached by text):

* a **quantity** is a number with the noun it counts (``workers``), its
  governing verb and that verb's prepositional objects (``taken to
  hospital``), its role (a count, or the size of a whole as in "two *of the
  five* cranes") and whether it is a core argument (subject or object) of its
  clause.  Ratios ("two in three"), fractions ("two thirds") and contrast
  values ("rather than the three") are no claim of a count and are left out.
* a **dated frame** is a time expression with its governing verb, the
  nouns that verb is about, and the role the date plays: a point ("on
  Monday"), a deadline ("by 2024"), a start ("since 2018"), an end ("until
  September") or a noun attribute ("the 2020 decision", never compared).
* a **predicate frame** is a verb (or predicative adjective) with its agent
  and theme, for polarity: "we did not discuss the fine" conflicts with "it
  was discussed" (theme unknown) but not with "they discussed ferry
  timetables" (another theme).  Imperatives and bare infinitive fragments
  ("Don't raise the tolls", "to blame the minister") assert nothing.

Strengths are in [0, 1]; 0 means "not about the same thing".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from storyline.write.faithfulness import number_spans, stem

#: Prefix length that lets "hospitalised" meet "hospital" without a stemmer.
PREFIX = 6


def _people_groups() -> tuple[frozenset[str], dict[str, int]]:
    """(generic people nouns, noun -> group number) from ``claims_people.txt``."""
    generic: set[str] = set()
    group: dict[str, int] = {}
    lines = resources.files("storyline.write").joinpath("claims_people.txt").read_text(encoding="utf-8")
    for n, line in enumerate(lines.splitlines()):
        line = line.split("#", 1)[0].strip()
        if line.startswith("*"):
            generic.update(line[1:].split())
        else:
            group.update((w, n) for w in line.split())
    return frozenset(generic), group


_GENERIC_PEOPLE, _PEOPLE_GROUP = _people_groups()
_QUANTIFIERS = frozenset("none some all most many each any few several majority half both".split())
_FRACTIONS = frozenset("half halves third thirds quarter quarters fifth fifths tenth tenths".split())
_CONTRAST = frozenset("than instead from".split())
_COMPARATIVES = frozenset("more less fewer over under".split())
# Figures summed over a period or several occasions: compared only with other totals.
_CUMULATIVE = re.compile(r"\b(a total of|in total|in all|so far|altogether|to date|cumulative)\b", re.IGNORECASE)
_SUBSET = frozenset("other another additional further more remaining".split())
_HEDGES = frozenset(
    "about around approximately roughly nearly almost some over under least most more less than up estimated".split()
)
# Nouns of measure: "an eight-year contract" says how long, not how many.
_UNIT_NOUNS = frozenset("year month week day hour minute second mile kilometre km metre foot inch".split())
_SCALES = frozenset("thousand million billion trillion m bn".split())
_CURRENCY = re.compile(r"[$£€¥]")
# Nouns that date or measure a verb rather than saying what it is about.
_TIME_NOUNS = frozenset(
    "morning afternoon evening night dawn dusk noon midnight weekend day week month year time hour minute "
    "today yesterday tomorrow "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
_DATE_ROLES = {"by": "deadline", "before": "deadline", "since": "start", "from": "start", "after": "start",
               "until": "end", "till": "end", "through": "end", "to": "end"}
_BYLINE_VERBS = frozenset("post publish update file".split())
_ATTRIBUTE_DEPS = frozenset(("compound", "nmod", "amod", "poss", "nummod"))
_VAGUE = frozenset("everything anything something nothing it that this they them we he she i you".split())
_SUBJECTS = ("nsubj", "nsubjpass")


def _key(token) -> str:
    return token.lemma_.lower()[:PREFIX]


@lru_cache(maxsize=4096)
def parse(text: str):
    """spaCy parse of a claim (no NER), or None when the pipeline is unavailable."""
    try:
        from storyline.models import get_nlp

        nlp = get_nlp()
    except Exception:  # no model: callers fall back to word context
        return None
    disable = [p for p in ("ner",) if p in nlp.pipe_names]
    return nlp(text, disable=disable)


def _tokens(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _top(tokens):
    """The token of a span whose head lies outside it (the span's syntactic head)."""
    inside = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in inside or t.head.i == t.i:
            return t
    return tokens[0]


#: A date further than this many dependency arcs below a verb is taken to date a noun, not the verb.
MAX_ARCS = 4


def _governor(token, max_arcs: int = 16):
    """The nearest verb above ``token`` (auxiliaries passed through), or None."""
    t = token
    for _ in range(max_arcs + 1):
        if t.pos_ == "VERB":
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _predicate_words(verb, skip=None) -> frozenset[str]:
    """The verb and what completes it: particles, prepositional objects ("taken to hospital").

    ``skip`` (a token) is left out: a counted noun must not make its own predicate match.
    """
    if verb is None:
        return frozenset()
    out = {_key(verb)}
    for child in verb.children:
        if child.dep_ == "prt":  # "set off" and "splintered off" share no predicate: the particle goes with its verb
            out.add(f"{_key(verb)} {child.lower_}")
        elif child.dep_ in ("acomp", "xcomp"):  # "rushed to hospital" may parse as a verb
            out.add(_key(child))
        elif child.dep_ == "prep":
            for obj in child.children:
                if (obj.dep_ == "pobj" and obj.pos_ == "NOUN" and obj.lemma_.lower() not in _TIME_NOUNS
                        and (skip is None or obj.i != skip.i)):
                    out.add(_key(obj))
    return frozenset(out)


def _name_words(token) -> frozenset[str]:
    """A noun phrase's head with its compounds and modifiers ("the Indian navy" -> indian, navy)."""
    parts = [token, *(c for c in token.children if c.dep_ in ("compound", "amod") and c.pos_ != "NUM")]
    return frozenset(_key(t) for t in parts)


def _agent(verb, phrase) -> frozenset[str]:
    """Words naming who does ``verb`` (its active subject), unless that subject is the counted phrase."""
    if verb is None:
        return frozenset()
    for child in verb.children:
        if child.dep_ == "nsubj" and child.i != phrase.i and child.pos_ in ("NOUN", "PROPN"):
            return _name_words(child)
    return frozenset()


def _argument_words(verb) -> frozenset[str]:
    """Nouns the verb is about: its subjects and objects, and the noun a relative clause hangs on."""
    if verb is None:
        return frozenset()
    out: set[str] = set()
    for child in verb.children:
        if child.dep_ in (*_SUBJECTS, "dobj") and child.pos_ in ("NOUN", "PROPN"):
            out.add(_key(child))
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        out.add(_key(verb.head))
    if verb.dep_ in ("xcomp", "ccomp", "conj") and verb.head.pos_ == "VERB":
        out |= {_key(c) for c in verb.head.children if c.dep_ in _SUBJECTS and c.pos_ in ("NOUN", "PROPN")}
    return frozenset(out)


@dataclass(frozen=True)
class Quantity:
    """A number in a claim and what it counts."""

    value: str
    noun: str | None  # lemma of the counted noun ("worker"), None when elided ("14 were taken")
    role: str  # "count"; "whole", the size of a set a part is taken from; "total" ("a total of 14"); "rate"
    predicate: frozenset[str]  # governing verb and its completions, as prefixes
    core: bool  # subject or object of its clause's verb
    agent: frozenset[str] = frozenset()  # who does the verb, when not the counted phrase itself
    approx: bool = False  # "about 300", "over 20", "a dozen": a round figure, not an exact count
    #: whose figure it is: (start, end) in the claim of the clause's subject, a name or a personal
    #: pronoun ("*He* has 548 rushing yards"), for the caller to resolve against the article's people
    holder: tuple[int, int] | None = None
    future: bool = False  # "will miss two games", "to miss": a plan or forecast, not a report
    bound: str | None = None  # "min" ("at least two"), "max" ("up to 20"): a bound, not a value
    modifiers: frozenset[str] = frozenset()  # what kind of noun: "prior DUI convictions" -> dui, prior
    verb: str = ""  # the governing verb's prefix alone
    subjectless: bool = False  # no subject up the clause chain: a fragment ("offered him $10 million")
    background: bool = False  # past perfect ("had captured eight"): a happening before the story's

    def disagrees(self, other: Quantity) -> bool:
        """Different values; a bound holds any value on its side ("at least two" vs 100); a round figure
        must be off by more than half to disagree ("over 20" vs 17)."""
        if self.value == other.value:
            return False
        try:
            x, y = float(self.value), float(other.value)
        except ValueError:
            return True
        if (self.bound == "min" and y >= x) or (self.bound == "max" and y <= x):
            return False
        if (other.bound == "min" and x >= y) or (other.bound == "max" and x <= y):
            return False
        if not (self.approx or other.approx):
            return True
        return abs(x - y) > 0.5 * max(x, y)


def _is_ratio_or_fraction(tok) -> bool:
    """"two in three", "one out of five", "two thirds": a proportion, not a count."""
    before = tok.doc[max(0, tok.i - 3) : tok.i]
    if len(before) >= 2 and before[-1].lower_ in ("in", "of") and any(t.like_num for t in before[:-1]):
        return True  # the denominator
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is None:
        return False
    if nxt.lower_ in _FRACTIONS:
        return True
    after = tok.doc[tok.i + 2] if tok.i + 2 < len(tok.doc) else None
    return nxt.lower_ in ("in", "out") and after is not None and (after.like_num or after.lower_ == "of")


def _is_label(tok) -> bool:
    """"AK - 47", "HB - 204": part of a name, spaced around its hyphen."""
    return (tok.i >= 2 and tok.doc[tok.i - 1].text == "-" and tok.doc[tok.i - 2].text[:1].isupper()
            and not tok.doc[tok.i - 2].like_num)


def _is_rate(phrase) -> bool:
    """"$23 million per season", "40 a day": a rate, compared only with rates."""
    doc = phrase.doc
    after = [t.lower_ for t in doc[phrase.i + 1 : phrase.i + 3]]
    if not after:
        return False
    return after[0] in ("per", "each", "annually", "apiece", "a-year") or (
        after[0] in ("a", "an") and len(after) > 1 and after[1] in _TIME_NOUNS)


def _is_clock(tok) -> bool:
    """"by 7 a.m.", "6:40": a time of day."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and (nxt.text.startswith(":") or nxt.lower_.rstrip(".") in ("a", "p", "am", "pm"))


def _is_approximate(tok) -> bool:
    """A round or hedged figure: "about 300", "over 20", "at least 17", "a dozen"."""
    near = {c.lower_ for c in tok.children if c.dep_ in ("advmod", "quantmod", "amod")}
    near |= {t.lower_ for t in tok.doc[max(0, tok.i - 2) : tok.i]}
    return bool(near & _HEDGES) or tok.lower_ in ("dozen", "dozens", "hundreds", "thousands", "scores")


def _is_contrast(tok) -> bool:
    """"rather than the three", "up from 12": the number is what the claim sets aside."""
    if any(c.dep_ == "quantmod" for c in tok.children):  # "more than 400": still the claim's number
        return False
    for back in range(1, 4):  # the nearest preposition before the number decides ("from 3 to 5": 5 stays)
        if tok.i - back < 0:
            return False
        prev = tok.doc[tok.i - back]
        if prev.like_num:
            return False
        if prev.lower_ in _CONTRAST:
            earlier = tok.doc[prev.i - 1].lower_ if prev.i > 0 else ""
            return not (prev.lower_ == "than" and earlier in _COMPARATIVES)
        if prev.pos_ in ("ADP", "PART") and prev.lower_ != "of":
            return False
    return False


_LOWER_BOUNDS = ("at least", "more than", "over", "upwards of", "no fewer than", "no less than")
_UPPER_BOUNDS = ("up to", "at most", "fewer than", "less than", "under", "no more than")
#: Number words that multiply the number before them ("two dozen" = 24).
_MULTIPLIERS = {"dozen": 12, "hundred": 100, "thousand": 1000}
_FUTURE_AUX = frozenset("will 'll shall wo".split())
_PERSONAL_HOLDERS = frozenset("he she his her him".split())


def _bound(tok) -> str | None:
    """"at least two" -> "min", "up to 20" -> "max": the words just before the number decide."""
    before = " ".join(t.lower_ for t in tok.doc[max(0, tok.i - 3) : tok.i])
    if any(before.endswith(b) for b in _LOWER_BOUNDS):
        return "min"
    if any(before.endswith(b) for b in _UPPER_BOUNDS):
        return "max"
    return None


def _is_conversion(text: str, start: int) -> bool:
    """A figure restated in brackets right after another: "$US1 million ($1.52 million)", "600 metres
    (2,000 feet)".  The bracket restates a unit or currency; it is not a second claim."""
    opened = text.rfind("(", max(0, start - 12), start)
    if opened < 0 or ")" in text[opened:start]:
        return False
    return bool(re.search(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred)\b",
                          text[max(0, opened - 30) : opened], re.IGNORECASE))


def _in_address(text: str, start: int) -> bool:
    """A number inside a URL or path ("/2010/news/"): part of an address, not a claim."""
    left = text.rfind(" ", 0, start) + 1
    right = text.find(" ", start)
    token = text[left : right if right >= 0 else len(text)]
    return "/" in token or "www." in token or "://" in token


def _is_future(verb) -> bool:
    """"will miss", "'ll face", headline "to miss": said of what is to come."""
    if verb is None:
        return False
    kids = list(verb.children)
    if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in kids):
        return True
    to = any(c.dep_ == "aux" and c.lower_ == "to" for c in kids)
    return to and (verb.dep_ == "ROOT" or any(c.dep_ in _SUBJECTS for c in kids))  # "Bush to miss 2 games"


def _holder(verb, phrase) -> tuple[int, int] | None:
    """Char span of the name or personal pronoun whose figure this is: the subject of the verb
    the number hangs on, climbing through participle and coordinated clauses ("died after
    slipping and falling 200 feet": the one who died).  An appositive name stands for its noun
    ("another climber, Duncan Rait")."""
    v = verb
    for _ in range(5):
        if v is None:
            return None
        kids = [*v.children, *(k for c in v.children if c.dep_ == "aux" for k in c.children)]  # misparsed aux
        subj = next((c for c in kids if c.dep_ in _SUBJECTS and c.i != phrase.i), None)
        if subj is not None:
            appos = next((c for c in subj.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
            who = appos or subj
            if who.pos_ == "PROPN" or who.lower_ in _PERSONAL_HOLDERS:
                return who.idx, who.idx + len(who.text)
            return None
        if v.dep_ not in ("conj", "pcomp", "advcl", "xcomp", "acl") or v.head.i == v.i:
            return None
        v = _governor(v.head)
    return None


def _subjectless(verb, phrase) -> bool:
    """No subject on the verb or the verbs it hangs from, and the counted phrase is none either."""
    v = verb
    for _ in range(5):
        if v is None:
            return False
        if phrase.dep_ in _SUBJECTS and phrase.head.i == v.i:
            return False
        kids = [*v.children, *(k for c in v.children if c.dep_ == "aux" for k in c.children)]
        if any(c.dep_ in (*_SUBJECTS, "expl") for c in kids):
            return False
        if v.dep_ in ("ROOT",) or v.head.i == v.i:
            return v.tag_ != "VB" or not any(c.lower_ == "to" for c in kids)  # a bare verb scrap
        v = _governor(v.head)
    return False


def _is_pluperfect(verb) -> bool:
    """"had captured": the past before the story's past, usually background."""
    return verb is not None and verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)


def _modifiers(phrase) -> frozenset[str]:
    """Words saying which kind of the counted noun: compounds, names and participles ("DUI
    convictions", "Somali pirates", "rushing yards"); plain adjectives ("last", "young") are left
    out, they rarely tell two kinds apart."""
    if phrase.pos_ not in ("NOUN", "PROPN"):
        return frozenset()
    return frozenset(_key(t) for t in phrase.subtree
                     if t.i < phrase.i and not t.like_num and t.lower_ not in _HEDGES
                     and (t.dep_ == "compound" or (t.dep_ == "amod" and (t.pos_ in ("PROPN", "VERB")
                                                                          or t.text[:1].isupper()))))


@lru_cache(maxsize=4096)
def quantities(text: str) -> tuple[Quantity, ...]:
    """The counts a claim states (see module docstring); empty without a parser."""
    doc = parse(text)
    if doc is None:
        return ()
    out = []
    cumulative = bool(_CUMULATIVE.search(text))
    split_tail = -1
    for value, start, end in number_spans(text):
        if start == split_tail:
            continue  # the "000" of a scraped "31, 000", already joined to its head
        tail = re.match(r",\s(\d{3})\b", text[end : end + 6])
        if tail and value.isdigit():
            value, split_tail = value + tail.group(1), end + tail.start(1)
        toks = _tokens(doc, start, end)
        if not toks:
            continue
        num = toks[-1]
        if _is_ratio_or_fraction(num) or _is_contrast(num) or _is_clock(num) or _is_label(num):
            continue
        if _is_conversion(text, start) or _in_address(text, start):
            continue
        if num.lower_ in _MULTIPLIERS and num.i > 0 and num.doc[num.i - 1].like_num:
            continue  # the "dozen" of "two dozen": counted with the number before it
        nxt = num.doc[num.i + 1] if num.i + 1 < len(num.doc) else None
        if nxt is not None and nxt.lower_ in _MULTIPLIERS and value.replace(".", "", 1).isdigit():
            value = f"{float(value) * _MULTIPLIERS[nxt.lower_]:g}"
        noun, phrase = None, num
        if num.head.lower_ in _SCALES and num.head.i != num.i:  # "£4 million": the amount is the phrase
            phrase = num.head
        if _CURRENCY.search(doc.text[max(0, phrase.left_edge.idx - 1) : phrase.idx + len(phrase.text)]):
            noun = "money"
        elif phrase.dep_ == "nummod" and phrase.head.pos_ in ("NOUN", "PROPN"):
            noun, phrase = phrase.head.lemma_.lower(), phrase.head
        else:
            part_of = [c for c in phrase.children if c.dep_ == "prep" and c.lower_ == "of"]
            objs = [o for p in part_of for o in p.children if o.dep_ == "pobj" and o.pos_ == "NOUN"]
            if objs:
                noun = objs[0].lemma_.lower()
        if noun in _UNIT_NOUNS and phrase.dep_ in ("amod", "compound", "nmod", "npadvmod"):
            continue  # "an eight-year contract", "a 29-year-old": an attribute of another noun
        if any(c.lower_ in _SUBSET for c in phrase.children):
            continue  # "two other rifles": a further subset, not a count of the same things
        total = cumulative or any(t.lower_ == "total" for t in doc[max(0, num.i - 3) : num.i])
        whole = (phrase.dep_ == "pobj" and phrase.head.lower_ == "of"
                 and (phrase.head.head.like_num or phrase.head.head.lower_ in _QUANTIFIERS))
        verb = _governor(phrase)
        core = phrase.dep_ in (*_SUBJECTS, "dobj") and verb is not None and phrase.head.i == verb.i
        if noun is None and not core:
            continue  # a bare number off the clause's core: a time or label ("after 7", "Gate 4")
        role = "whole" if whole else "total" if total else "rate" if _is_rate(phrase) else "count"
        out.append(Quantity(value, noun, role, _predicate_words(verb, phrase), core,
                            _agent(verb, phrase), _is_approximate(num), _holder(verb, phrase),
                            _is_future(verb), _bound(num), _modifiers(phrase), _key(verb) if verb is not None else "",
                            _subjectless(verb, phrase), _is_pluperfect(verb)))
    return tuple(_parts(out))


def _parts(found: list[Quantity]) -> list[Quantity]:
    """Counts of one noun with different values in one claim are a breakdown ("12 Somali and 11
    Yemeni pirates"): each is a part, compared only with parts, never with a single total."""
    values: dict[str | None, set[str]] = {}
    for q in found:
        if q.role == "count" and q.noun:
            values.setdefault(q.noun, set()).add(q.value)
    return [replace(q, role="part") if q.role == "count" and len(values.get(q.noun, ())) > 1 else q
            for q in found]


def _same_people(a: str, b: str) -> bool:
    """Two nouns that may count one group: "participants"/"volunteers", "people"/"workers"."""
    if a in _GENERIC_PEOPLE:
        return b in _GENERIC_PEOPLE or b in _PEOPLE_GROUP
    if b in _GENERIC_PEOPLE:
        return a in _PEOPLE_GROUP
    return a in _PEOPLE_GROUP and _PEOPLE_GROUP.get(a) == _PEOPLE_GROUP.get(b)


def quantity_match(a: Quantity, b: Quantity) -> float:
    """How surely two quantities count the same thing: same noun (or both people) and same predicate.

    A shared predicate ("taken to hospital" / "sending to hospital") is needed,
    except for the same noun as core argument of both clauses ("twelve workers
    were injured" / "nine workers were treated").
    """
    if a.role != b.role or a.future != b.future:
        return 0.0  # a forecast ("will miss two games") and a report ("missed four") are two happenings
    if a.modifiers and b.modifiers and not a.modifiers & b.modifiers:
        return 0.0  # two kinds of one noun: "prior DUI convictions" / "theft convictions"
    if a.agent and b.agent and len(a.agent & b.agent) <= 0.5 * min(len(a.agent), len(b.agent)):
        return 0.0  # done by someone else: "the Indian navy captured 23" / "the Royal Navy captured eight"
    if a.noun and b.noun:
        if a.noun == b.noun:
            noun = 1.0
        elif _same_people(a.noun, b.noun):
            noun = 0.6
        else:
            return 0.0
    else:
        noun = 0.4 if not (a.noun or b.noun) else 0.3
        if noun == 0.3 and a.verb != b.verb:
            return 0.0  # "eight (of his touchdowns) have come" / "returned three punts": nothing shared to count
    if a.predicate & b.predicate:
        return (noun + 1.0) / 2
    if noun == 1.0 and a.core and b.core:
        return 0.6
    return 0.0


@dataclass(frozen=True)
class DatedFrame:
    """A calendar expression in a claim and what it dates."""

    value: str
    surface: str  # the words as written, normalised ("last year")
    role: str  # point, deadline, start, end, attribute
    predicate: frozenset[str]
    arguments: frozenset[str]
    future: bool = False  # "will be hosting this year": a plan, whatever the date's value


@lru_cache(maxsize=4096)
def dated_frames(text: str, dates: tuple[tuple[str, int, int], ...]) -> tuple[DatedFrame, ...]:
    """Frames for the claim's dates ((value, start, end) relative to ``text``); empty without a parser."""
    doc = parse(text)
    if doc is None:
        return ()
    out = []
    for value, start, end in dates:
        toks = _tokens(doc, start, end)
        if not toks:
            continue
        top = _top(toks)
        role = "point"
        if top.pos_ == "ADP" and len(toks) > 1:  # the tagger kept the preposition: "since 2016"
            role = _DATE_ROLES.get(top.lower_, "point")
        elif top.dep_ == "pobj":  # "since" may tag as a conjunction
            role = _DATE_ROLES.get(top.head.lower_, "point")
        elif top.dep_ in _ATTRIBUTE_DEPS and top.head.pos_ in ("NOUN", "PROPN") and top.head.i not in {
                t.i for t in toks}:
            role = "attribute"
        verb = _governor(top, MAX_ARCS)
        if verb is not None and verb.lemma_.lower() in _BYLINE_VERBS:
            role = "attribute"  # "posted on 18 September": the page's own date, not the event's
        if verb is not None and any(top.i in {t.i for t in d.subtree} for c in verb.children
                                    if c.dep_ in _SUBJECTS for d in c.children if d.dep_ in ("appos", "relcl", "acl")):
            role = "attribute"  # describes the subject: "X, the leading rusher in 2009, was put on ..."
        surface = " ".join(re.findall(r"\w+", re.sub(r"['’]s\b", "", text[start:end].lower())))
        out.append(DatedFrame(value, surface, role, _predicate_words(verb), _argument_words(verb), _is_future(verb)))
    return tuple(out)


def date_match(a: DatedFrame, b: DatedFrame) -> float:
    """How surely two dates date the same thing: same role, and a shared verb or shared nouns it is about.

    The same words ("in December", "by the end of the year") resolved to two
    values is a difference of anchoring, not of the sources, and scores 0.
    """
    if a.role != b.role or a.role == "attribute" or a.surface == b.surface:
        return 0.0
    verb = bool(a.predicate & b.predicate)
    nouns = bool(a.arguments & b.arguments)
    if a.arguments and b.arguments and not nouns:
        return 0.0  # one verb, other things: "Wynn was signed on Tuesday" / "signed Bell on Wednesday"
    if a.role == "point" and not verb:
        return 0.0  # a point in time dates an action: "paused in October" is not "resumed in December"
    return 0.5 * verb + 0.5 * nouns


@dataclass(frozen=True)
class PredicateFrame:
    """A verb (or predicative adjective) with who does it and what it is done to."""

    asserted: bool  # False for imperatives and bare infinitive fragments
    agent: tuple[frozenset[str], bool] | None  # (noun prefixes, vague) of the doer
    theme: tuple[frozenset[str], bool] | None  # ... of what it is done to
    direction: str | None = None  # "in" / "out" of "checked into" / "checked out of": two predicates
    agent_span: tuple[int, int] | None = None  # where the doer's head word stands in the claim, to resolve


#: Prepositions whose object is what an intransitive verb is about ("checked into the clinic").
_THEME_PREPS = frozenset("into onto to about on over for with".split())
_DIRECTIONS = {"into": "in", "in": "in", "onto": "on", "on": "on", "out": "out", "off": "off", "up": "up",
               "down": "down", "back": "back", "away": "away"}


def _direction(tok) -> str | None:
    """The particle or directional preposition completing a verb: "check *in*", "check *out* of"."""
    for c in tok.children:
        if c.dep_ == "prt" or (c.dep_ == "prep" and c.lower_ in ("into", "onto", "out")):
            return _DIRECTIONS.get(c.lower_, c.lower_)
    return None


def _prep_theme(tok) -> tuple[frozenset[str], bool] | None:
    """The object of a verb's first theme-like preposition, when the verb has no direct object."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in _THEME_PREPS:
            for obj in c.children:
                if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN") and obj.lower_ not in _TIME_NOUNS:
                    return _slot(obj)
    return None


def _slot(token, with_verbs: bool = False) -> tuple[frozenset[str], bool]:
    """Nouns of an argument's phrase (and verbs, for a clause: "want *to know who*"),
    and whether the argument is vague ("it", "that", "everything")."""
    kinds = ("NOUN", "PROPN", "VERB") if with_verbs else ("NOUN", "PROPN")
    nouns = {_key(t) for t in token.subtree if t.pos_ in kinds}
    if token.pos_ not in ("PRON", "DET", "NUM"):
        nouns.add(_key(token))  # the head itself, whatever its tag ("the fine" may tag as an adjective)
    vague = token.lower_ in _VAGUE or token.pos_ == "PRON"
    if vague:
        nouns.add(token.lower_)  # "we" meets "we"
    return frozenset(nouns), vague


def predicate_frames(text: str, stem_: str) -> list[PredicateFrame]:
    """Frames of the predicates in ``text`` whose stem is ``stem_`` (nouns and modifiers are no predicate)."""
    doc = parse(text)
    if doc is None:
        return []
    out = []
    for tok in doc:
        if stem(tok.lower_.replace("’", "'")) != stem_:
            continue
        if not (tok.pos_ == "VERB" or (tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "ROOT", "conj"))):
            continue
        if tok.dep_ in ("amod", "compound"):
            continue  # an attributive participle describes a noun ("an approved clinic"), asserts nothing
        kids = list(tok.children)
        lead = tok  # coordinated verbs share their first verb's subject and "to": "to denounce X or side with Y"
        while lead.dep_ == "conj" and lead.head.i != lead.i:
            lead = lead.head
        lead_kids = list(lead.children)
        has_subject = any(c.dep_ in _SUBJECTS for c in kids + lead_kids)
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in kids + lead_kids)
        imperative = lead.tag_ == "VB" and not has_subject and not infinitive and lead.dep_ == "ROOT"
        fragment = infinitive and lead.dep_ in ("ROOT", "advcl")  # a headline "to quit", a purpose "to get him out"
        auxes = {c.lower_ for c in kids + lead_kids if c.dep_ == "aux"}
        if auxes & {"would", "could", "might", "'d"} and "have" in auxes:
            fragment = True  # "would not have placed him ... if": a counterfactual, not a report
        if (lead.dep_ == "ROOT" and lead.tag_ in ("VBG", "VBN") and not has_subject
                and not any(c.dep_ in ("aux", "auxpass") for c in lead_kids)):
            fragment = True  # "Not responding.": a subjectless scrap, no telling of whom
        agent = theme = None
        agent_span = None
        for c in kids:
            if c.dep_ == "nsubj":
                agent = _slot(c)
                agent_span = (c.idx, c.idx + len(c.text))
            elif c.dep_ in ("nsubjpass", "dobj"):
                theme = _slot(c)
            elif c.dep_ in ("xcomp", "ccomp") and theme is None:
                theme = _slot(c, with_verbs=True)
            elif c.dep_ == "agent":
                objs = [o for o in c.children if o.dep_ == "pobj"]
                if objs:
                    agent = _slot(objs[0])
        if theme is None:
            theme = _prep_theme(tok)
        out.append(PredicateFrame(not (imperative or fragment), agent, theme, _direction(tok), agent_span))
    return out


_PERSONAL = frozenset("i we you he she they".split())


def _slot_match(a: tuple[frozenset[str], bool] | None, b: tuple[frozenset[str], bool] | None) -> float:
    if a is None or b is None:
        return 0.5  # unsaid: compatible, but no evidence
    if a[0] & b[0]:
        return 1.0
    pa, pb = a[0] & _PERSONAL, b[0] & _PERSONAL
    if pa and pb:
        return 0.0  # "he" and "she" are two people
    if a[1] or b[1] or not a[0] or not b[0]:
        return 0.5  # a pronoun may stand for the other's noun
    return 0.0


def frame_match(a: PredicateFrame, b: PredicateFrame) -> float:
    """How surely two predicate frames say the same thing of the same arguments (0 = other arguments)."""
    if not (a.asserted and b.asserted):
        return 0.0
    if a.direction and b.direction and a.direction != b.direction:
        return 0.0  # "checked in" and "checked out" are two predicates
    agent, theme = _slot_match(a.agent, b.agent), _slot_match(a.theme, b.theme)
    if not agent or not theme:
        return 0.0
    return (agent + theme) / 2
