"""One name per person, organisation and place across all articles.

Mentions are blocked by a key (a person's surname, an organisation's or
place's normalised name), so the work is linear in the number of mentions and
runs over thousands of articles.  Within a surname block, full names ("Donald
Trump") make the clusters; a bare or titled surname ("Trump", "Mr Trump",
"President Trump") joins the full name with that surname in the same article,
else the block's most frequent one.  Role descriptions ("the US President",
"the Russian leader") are found in the text and tied to the person whose
printed titles fit them (:mod:`storyline.analyze.quote_roles`).  spaCy's type
slips are repaired from context: a mention tagged ORG/GPE whose text is the
surname of a person, or that follows "Mr"/"Mrs", becomes PERSON.

Everything is sorted before it is grouped, so the result does not depend on
the order of the articles; ids hash type and canonical name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from storyline.analyze import quote_roles as roles
from storyline.model import Article, Entity, EntityMention, content_id

NAMED_TYPES = frozenset(
    ["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"]
)
# label of a role description ("the US President") tied to a person; not a spaCy label
ROLE_LABEL = "ROLE"
PERSON_SLIP_TYPES = frozenset(["ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "FAC", "LOC"])

_HONORIFIC_BEFORE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr|Sir|Dame)\.?\s+$")
_TITLE_WORD = re.compile(r"[A-Za-z][\w.\-]*")
_GLUED = re.compile(r"^[a-z]+(?=[A-Z][a-z])")
_POSSESSIVE = re.compile(r"(['’]s|['’])$")
_ROLE_PHRASE = None  # compiled lazily from the role noun list


@dataclass
class _Mention:
    article: Article
    mention: EntityMention
    name: list[str]  # normalised tokens (honorifics, titles, "the", possessive removed)
    type: str


def _clean_tokens(text: str, type_: str) -> list[str]:
    text = _POSSESSIVE.sub("", text.strip())
    tokens = text.replace("\n", " ").split()
    while tokens and tokens[0].lower() in ("the", "a", "an"):
        tokens = tokens[1:]
    if type_ == "PERSON":
        while tokens and (
            tokens[0].lower() in roles.HONORIFICS
            or tokens[0].lower().rstrip(".") in roles.role_nouns()
            or tokens[0].lower() in ("president", "prime", "minister", "sen.", "rep.", "gov.", "gen.")
        ):
            tokens = tokens[1:]
        tokens = [t for t in tokens if not (len(t) == 2 and t.endswith(".") and t[0].isupper())]  # "J."
        # scraped text glues words ("5 year oldDonald Trump"): drop a lowercase prefix
        tokens = [_GLUED.sub("", t) for t in tokens]
    return tokens


def _titles_before(text: str, start: int) -> list[str]:
    """Title words printed right before a name ("US President", "Press secretary")."""
    window = text[max(0, start - 80) : start]
    words: list[str] = []
    for word in reversed(_TITLE_WORD.findall(window.split("\n")[-1])):
        low = word.lower()
        if word[0].isupper() or low in roles.role_nouns() or low in roles.country_of():
            if low in ("the", "a", "an", "and", "of", "by", "with", "to", "in", "on", "at", "for"):
                break
            words.append(word)
            if len(words) >= 4:
                break
        else:
            break
    # "The US ambassador to the United Nations, Jane Doe": an apposition before the name
    appos = re.search(r"(?:^|[.\n]\s*|\s)[Tt]he ([^,.;\n]{3,60}), $", window)
    if appos:
        words += appos.group(1).split()
    return list(reversed(words))


_APPOSITION_AFTER = re.compile(r"^,\s+(?:the|a|an)\s+([^,.;:\n]{3,60})(?:,|\.|;)", re.IGNORECASE)


def _titles_after(text: str, end: int) -> list[str]:
    """A role in apposition after the name: "Jane Doe, the harbour commissioner, said"."""
    found = _APPOSITION_AFTER.match(text[end : end + 80])
    return found.group(1).split() if found else []


def _person_label_slips(mentions: list[_Mention]) -> None:
    """Relabel ORG/GPE/... mentions that are really people (in place).

    A one- or two-word mention is a person when "Mr"/"Mrs" precedes it, when its
    article names a person with that surname, or when across all articles the
    surname is more often a person's than anything else.
    """
    person_surnames: Counter[str] = Counter()
    other_surnames: Counter[str] = Counter()
    local: set[tuple[str, str]] = set()
    for m in mentions:
        if not m.name:
            continue
        key = m.name[-1].lower()
        if m.type == "PERSON" and len(m.name) >= 2:
            person_surnames[key] += 1
            local.add((m.article.id, key))
        elif m.type in PERSON_SLIP_TYPES and len(m.name) == 1:
            other_surnames[key] += 1
    for m in mentions:
        if m.type not in PERSON_SLIP_TYPES or not m.name or len(m.name) > 3:
            continue
        text = m.article.text
        honorific = _HONORIFIC_BEFORE.search(text[max(0, m.mention.start - 6) : m.mention.start])
        key = m.name[-1].lower()
        short = len(m.name) <= 2
        named_here = short and (m.article.id, key) in local
        known = short and person_surnames[key] > 0 and person_surnames[key] >= other_surnames[key] / 2
        if (honorific or named_here or known) and all(t[:1].isupper() for t in m.name):
            m.type = "PERSON"
            m.mention.label = "PERSON"
            m.name = _clean_tokens(m.mention.text, "PERSON")


def _norm_key(tokens: list[str], type_: str) -> str:
    joined = " ".join(tokens).lower().replace(".", "")
    if type_ in ("GPE", "LOC"):
        return roles.country_of().get(joined, roles.country_of().get(" ".join(tokens).lower(), joined))
    return joined


def _entity_id(type_: str, name: str) -> str:
    return content_id(f"{type_}:{name.lower()}", "ent_")


def _pick_name(forms: Counter[str]) -> str:
    """Most frequent form; ties go to the longer, then alphabetical (deterministic)."""
    return sorted(forms.items(), key=lambda kv: (-kv[1], -len(kv[0].split()), kv[0]))[0][0]


def canonicalize(articles: list[Article]) -> list[Entity]:
    """Canonical entities over ``articles``; sets ``entity_id`` on mentions and quotes."""
    ordered = sorted(articles, key=lambda a: a.id)
    for article in ordered:
        # role descriptions are re-derived on every run (the stage is re-run as articles arrive)
        article.entities = [e for e in article.entities if e.label != ROLE_LABEL]
    mentions: list[_Mention] = []
    for article in ordered:
        for em in sorted(article.entities, key=lambda e: (e.start, e.end)):
            if em.label not in NAMED_TYPES:
                continue
            tokens = _clean_tokens(em.text, em.label)
            if tokens:
                mentions.append(_Mention(article, em, tokens, em.label))
    _person_label_slips(mentions)

    clusters: dict[tuple[str, str], list[_Mention]] = defaultdict(list)
    # a mention whose name cleaned down to nothing ("M. B. A.") names no one
    person_mentions = [m for m in mentions if m.type == "PERSON" and m.name]
    for key, members in _person_clusters(person_mentions).items():
        clusters[("PERSON", key)].extend(members)
    for m in mentions:
        if m.type != "PERSON":
            clusters[(m.type, _norm_key(m.name, m.type))].append(m)

    entities: dict[str, Entity] = {}
    titles: dict[str, set[str]] = defaultdict(set)
    for (type_, _key), members in sorted(clusters.items()):
        forms = Counter(" ".join(m.name) for m in members)
        if type_ == "PERSON":
            full = Counter({f: c for f, c in forms.items() if len(f.split()) >= 2})
            name = _pick_name(full or forms)
        else:
            name = _pick_name(forms)
        eid = _entity_id(type_, name)
        ent = entities.get(eid) or Entity(id=eid, name=name, type=type_)
        entities[eid] = ent
        aliases = set(ent.aliases)
        for m in members:
            m.mention.entity_id = eid
            alias = m.mention.text.replace("\n", " ").strip()
            honorific = _HONORIFIC_BEFORE.search(m.article.text[max(0, m.mention.start - 6) : m.mention.start])
            if honorific and type_ == "PERSON":
                alias = f"{honorific.group(0).strip()} {alias}"  # "Mr Doe" as printed
            aliases.add(alias)
            if type_ == "PERSON":
                printed = _titles_before(m.article.text, m.mention.start) + _titles_after(m.article.text, m.mention.end)
                titles[eid] |= roles.normalise_words(printed)
        ent.aliases = sorted(aliases)
        ent.mentions += len(members)

    _link_roles(ordered, entities, titles)
    _link_quotes(ordered, entities, titles)
    return sorted(entities.values(), key=lambda e: (-e.mentions, e.id))


def _person_clusters(mentions: list[_Mention]) -> dict[str, list[_Mention]]:
    """Surname blocks split by first name; a bare surname joins a full name.

    A bare or titled surname ("Varga", "Ms Varga") joins the most recent full name
    with that surname before it in its article (gender-compatible when an
    honorific tells), else the first full name after it there, else the block's
    most frequent full name.
    """
    by_surname: dict[str, list[_Mention]] = defaultdict(list)
    for m in mentions:
        by_surname[m.name[-1].lower()].append(m)
    out: dict[str, list[_Mention]] = {}
    for surname, members in by_surname.items():
        full_counts: Counter[str] = Counter(m.name[0].lower() for m in members if len(m.name) >= 2)
        if not full_counts:
            out[surname] = members
            continue
        default = sorted(full_counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        gender_of_first: dict[str, str] = {}
        for m in members:
            g = _honorific_gender(m)
            if g and len(m.name) >= 2:
                gender_of_first.setdefault(m.name[0].lower(), g)
        by_article: dict[str, list[_Mention]] = defaultdict(list)
        for m in members:
            by_article[m.article.id].append(m)
        for m in members:
            if len(m.name) >= 2:
                first = m.name[0].lower()
            else:
                first = _nearest_full(m, by_article[m.article.id], gender_of_first) or default
            out.setdefault(f"{first} {surname}", []).append(m)
    return out


def _honorific_gender(m: _Mention) -> str | None:
    before = m.article.text[max(0, m.mention.start - 6) : m.mention.start]
    found = _HONORIFIC_BEFORE.search(before)
    word = found.group(1) if found else m.mention.text.split()[0]
    return roles.honorific_gender(word)


def _nearest_full(m: _Mention, same_article: list[_Mention], gender_of_first: dict[str, str]) -> str | None:
    """The full name a bare surname stands for in its article: gender-compatible when an
    honorific tells, then the most often named (a passing "his daughter Jane Doe" must
    not capture every later "Doe"), then the most recent before it."""
    want = _honorific_gender(m)
    fulls = [f for f in same_article if len(f.name) >= 2]
    if want:
        fitting = [f for f in fulls if gender_of_first.get(f.name[0].lower(), want) == want]
        fulls = fitting or fulls
    if not fulls:
        return None
    counts = Counter(f.name[0].lower() for f in fulls)
    last_before: dict[str, int] = {}
    for f in fulls:
        if f.mention.start < m.mention.start:
            last_before[f.name[0].lower()] = f.mention.start
    told = {first: want is not None and gender_of_first.get(first) == want for first in counts}
    return max(counts, key=lambda first: (told[first], counts[first], last_before.get(first, -1), first))


def _role_regex() -> re.Pattern:
    global _ROLE_PHRASE
    if _ROLE_PHRASE is None:
        nouns = "|".join(sorted((re.escape(n) for n in roles.role_nouns()), key=len, reverse=True))
        _ROLE_PHRASE = re.compile(
            rf"\b[Tt]he ((?:[A-Z][\w.\-]*|[a-z]+) )?((?:[A-Z][\w.\-]*|[a-z]+) )?({nouns})\b", re.IGNORECASE
        )
    return _ROLE_PHRASE


def _link_roles(articles: list[Article], entities: dict[str, Entity], titles: dict[str, set[str]]) -> None:
    """Add role descriptions ("the US President") as ROLE mentions of the person they stand for."""
    for article in articles:
        persons_here = [e for e in article.entities if e.label == "PERSON" and e.entity_id]
        taken = {(e.start, e.end) for e in article.entities}
        added: list[EntityMention] = []
        for match in _role_regex().finditer(article.text):
            words = [w.strip() for w in (match.group(1), match.group(2), match.group(3)) if w]
            if any(w.lower() in ("and", "of", "to", "for", "in") for w in words):
                continue
            start, end = match.start(), match.end()
            if (start, end) in taken or any(e.start <= start < e.end for e in article.entities):
                continue
            eid = _resolve_role(words, start, persons_here, entities, titles)
            if eid is None:
                continue
            added.append(EntityMention(start, end, article.text[start:end], ROLE_LABEL, eid))
            ent = entities[eid]
            ent.mentions += 1
            if article.text[start:end] not in ent.aliases:
                ent.aliases = sorted(set(ent.aliases) | {article.text[start:end]})
        if added:
            article.entities = sorted(article.entities + added, key=lambda e: (e.start, e.end))


def _resolve_role(words, start, persons_here, entities, titles) -> str | None:
    """The person of this article a role description fits: the most recent one named
    before it, else the first named after it.  Titles come from every article, so
    "the US President" fits a "Mr Doe" once any outlet printed "US President Jane Doe";
    a role that fits nobody in the article stays unresolved (no cross-story guess)."""
    if roles.role_signature(tuple(words)) is None:
        return None
    fits = {eid: roles.role_matches(words, titles[eid]) for eid in {e.entity_id for e in persons_here}}
    fitting = [e for e in persons_here if fits[e.entity_id]]
    before = [e for e in fitting if e.start < start]
    if before:
        return before[-1].entity_id
    after = [e for e in fitting if e.start > start]
    return after[0].entity_id if after else None


def _link_quotes(articles: list[Article], entities: dict[str, Entity], titles: dict[str, set[str]]) -> None:
    """Give each quote its speaker's entity and canonical name where resolvable."""
    by_name: dict[str, set[str]] = defaultdict(set)
    for eid, ent in entities.items():
        for alias in ent.aliases + [ent.name]:
            toks = _clean_tokens(alias, ent.type)
            if toks:
                by_name[" ".join(toks).lower()].add(eid)
    for article in articles:
        mentions = [e for e in article.entities if e.entity_id]
        for quote in article.quotes:
            eid = None
            if quote.source is not None:
                inside = [
                    e for e in mentions if e.start >= quote.source.start and e.end <= quote.source.end
                ]
                people = [e for e in inside if entities[e.entity_id].type == "PERSON"]
                # a non-person only when it is the head of the source ("the White House",
                # not the "US" of "US intelligence agencies")
                heads = [e for e in inside if quote.source.end - e.end <= 2]
                chosen = people or heads
                if chosen:
                    eid = chosen[-1].entity_id
            if eid is None and quote.speaker:
                at = quote.source.start if quote.source else quote.start
                eid = _by_speaker_string(quote.speaker, at, mentions, by_name, entities, titles)
            if eid is not None:
                quote.entity_id = eid
                quote.speaker = entities[eid].name


def _by_speaker_string(speaker, at, mentions, by_name, entities, titles) -> str | None:
    toks = _clean_tokens(speaker, "PERSON")
    if not toks:
        return None
    key = " ".join(toks).lower()
    here = {e.entity_id for e in mentions}
    found = by_name.get(key, set())
    local = found & here
    if len(local) == 1:
        return next(iter(local))
    if len(found) == 1:
        return next(iter(found))
    # a surname alone: the person with that surname in this article
    surname = toks[-1].lower()
    same = sorted(
        {e.entity_id for e in mentions if entities[e.entity_id].type == "PERSON" and e.text.split()[-1].lower().strip("'’s") == surname}
    )
    if len(same) == 1:
        return same[0]
    # a role description the quote finder could not tie to a name
    words = speaker.split()
    if words and words[0].lower() in ("the", "this"):
        persons_here = [e for e in mentions if entities[e.entity_id].type == "PERSON"]
        return _resolve_role(words[1:], at, persons_here, entities, titles)
    return None
