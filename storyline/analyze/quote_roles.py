"""Titles, roles and gender cues of person names, shared by quotes and entities.

"the Russian leader" and "the US President" stand for a person named elsewhere
as "Russian President Vladimir Putin" / "US President Donald Trump".  The link
is made by comparing words: a role description's head noun (president, leader,
spokesman) and its modifiers (Russian, US) must be found among the title words
printed next to the name.  Country words are normalised ("U.S." = "US" =
"American").  Word lists live in ``quote_data/`` so they can be extended
without touching code.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from storyline.models import get_name_genders

_DATA = "storyline.analyze.quote_data"


def _lines(name: str) -> list[str]:
    raw = resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")
    return [ln.strip().lower() for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=None)
def speech_verbs() -> frozenset[str]:
    return frozenset(_lines("speech_verbs.txt"))


@lru_cache(maxsize=None)
def object_cues() -> dict[str, frozenset[str]]:
    """verb lemma -> allowed particles/prepositions ('' = a plain direct object)."""
    table: dict[str, set[str]] = {}
    for line in _lines("object_cues.txt"):
        verb, _, prep = line.partition(" ")
        table.setdefault(verb, set()).add(prep)
    return {k: frozenset(v) for k, v in table.items()}


@lru_cache(maxsize=None)
def xcomp_cues() -> frozenset[str]:
    return frozenset(_lines("xcomp_cues.txt"))


@lru_cache(maxsize=None)
def quote_only_verbs() -> frozenset[str]:
    return frozenset(_lines("quote_only_verbs.txt"))


@lru_cache(maxsize=None)
def noun_cues() -> frozenset[str]:
    return frozenset(_lines("noun_cues.txt"))


@lru_cache(maxsize=None)
def medium_nouns() -> frozenset[str]:
    return frozenset(_lines("medium_nouns.txt"))


@lru_cache(maxsize=None)
def headline_labels() -> frozenset[str]:
    return frozenset(_lines("headline_labels.txt"))


@lru_cache(maxsize=None)
def cue_lemmas() -> frozenset[str]:
    """Every lemma that can head a cue."""
    return speech_verbs() | frozenset(object_cues()) | xcomp_cues() | quote_only_verbs()


@lru_cache(maxsize=None)
def role_nouns() -> frozenset[str]:
    return frozenset(_lines("role_nouns.txt"))


@lru_cache(maxsize=None)
def _titles() -> dict:
    return json.loads(resources.files(_DATA).joinpath("titles.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def country_of() -> dict[str, str]:
    """surface word/phrase (lowercase) -> country key."""
    return {alias: key for key, aliases in _titles()["country_aliases"].items() for alias in aliases}


def honorific_gender(word: str) -> str | None:
    w = word.lower()
    t = _titles()
    if w in t["honorifics_male"] or w in t["male_words"]:
        return "m"
    if w in t["honorifics_female"] or w in t["female_words"]:
        return "f"
    return None


def first_name_gender(first: str) -> str | None:
    """'m'/'f' for a first name that is clearly one or the other, else None ("Bernie" is ambiguous)."""
    det = get_name_genders()
    if det is None or len(first) < 2 or not first[:1].isupper():
        return None
    verdict = det.get_gender(first)
    return {"male": "m", "female": "f"}.get(verdict)


HONORIFICS = frozenset(
    ["mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame", "lord", "lady", "madam"]
)


@lru_cache(maxsize=None)
def generic_heads() -> frozenset[str]:
    return frozenset(_titles()["generic_heads"])


@lru_cache(maxsize=None)
def leader_titles() -> frozenset[str]:
    return frozenset(_titles()["leader_titles"])


_WORD = re.compile(r"[A-Za-z][A-Za-z.\-']*")


def normalise_words(words: list[str]) -> set[str]:
    """Lowercase, country words to their key; keeps two-word country names."""
    lowered = [w.lower().strip(".,") if w.lower() not in country_of() else w.lower() for w in words]
    out: set[str] = set()
    countries = country_of()
    i = 0
    while i < len(lowered):
        pair = " ".join(lowered[i : i + 2])
        if pair in countries:
            out.add(countries[pair])
            i += 2
            continue
        w = lowered[i]
        out.add(countries.get(w, countries.get(w.rstrip("."), w)))
        i += 1
    return out


@lru_cache(maxsize=4096)
def role_signature(role_words: tuple[str, ...]) -> tuple[str, bool, frozenset[str]] | None:
    """(head noun, head is generic like "leader", modifier words) of a role description."""
    if not role_words:
        return None
    head = role_words[-1].lower()
    if head not in role_nouns():
        return None
    stop = {"the", "a", "an", "then", "former", "current", "new", "top", "senior", "'s", "s"}
    modifiers = frozenset(normalise_words(list(role_words)) - {head} - stop)
    return head, head in generic_heads(), modifiers


def role_matches(role_words: list[str], title_words: set[str]) -> bool:
    """Does a role description ("Russian leader") fit a name's titles?

    ``role_words``: the description without determiner, head noun last.
    ``title_words``: normalised words printed next to the name.
    """
    sig = role_signature(tuple(role_words))
    if sig is None:
        return False
    head, generic, modifiers = sig
    head_ok = bool(title_words & leader_titles()) if generic else head in title_words
    return head_ok and modifiers <= title_words


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)
