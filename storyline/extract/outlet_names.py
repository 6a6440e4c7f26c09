"""One readable name per outlet.

An outlet reaches storyline under several spellings: a bare domain when the page
gives nothing better (``themoscowtimes.com``), a masthead without its article
("Northgate Times") and a self-naming appeal with it ("The Northgate Times").  The
source comparison groups articles by outlet, so two spellings would read as two
outlets that each "omitted" what the other reported.  This module turns a domain
into the words it is made of and maps every spelling to one name per outlet key.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "news"}
_ARTICLES = {"the", "le", "el", "il", "de", "du", "die", "der", "das"}
_LOWER_INSIDE = {"of", "and", "the", "on", "in", "for", "de", "la", "le", "el", "der", "die"}
MIN_ZIPF = 2.3  # a segment must be a known word (wordfreq's Zipf scale) to be believed
WHOLE_ZIPF = 3.0  # a label this common is one word (reuters, breitbart), not split further


@lru_cache(maxsize=1)
def _zipf():
    import wordfreq

    return wordfreq.zipf_frequency


def _label(host: str) -> str | None:
    """The registrable label of a host: www.themoscowtimes.com -> themoscowtimes."""
    parts = [p for p in host.lower().strip(".").split(".") if p]
    if len(parts) < 2:
        return None
    parts = parts[:-1]  # the top-level domain
    if len(parts) >= 2 and parts[-1] in _SECOND_LEVEL:
        parts = parts[:-1]  # co.uk, com.au
    return parts[-1] if parts else None


def _segment(label: str) -> list[str] | None:
    """Split a run of letters into common words, fewest pieces first, then the most frequent ones."""
    zipf = _zipf()
    n = len(label)
    # best[i] = (pieces, -sum of zipf, split) for label[:i]
    best: list[tuple[int, float, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, 0.0, [])
    for end in range(1, n + 1):
        for start in range(max(0, end - 20), end):
            prev = best[start]
            piece = label[start:end]
            if prev is None or len(piece) < 2 or (len(piece) == 2 and start > 0) or len(piece) == n:
                continue  # two letters only as leading initials (ny, la, ap), not "lemon|de"
            score = zipf(piece, "en")
            if score < MIN_ZIPF:
                continue
            candidate = (prev[0] + 1, prev[1] - score, prev[2] + [piece])
            if best[end] is None or candidate[:2] < best[end][:2]:
                best[end] = candidate
    return best[n][2] if best[n] else None


def _display(word: str, first: bool, alone: bool) -> str:
    if not first and word in _LOWER_INSIDE:
        return word
    if word in _ARTICLES:
        return word.capitalize()  # Le Monde, El Pais
    if (alone and len(word) <= 3) or len(word) == 2 or not re.search(r"[aeiouy]", word):
        return word.upper()  # abc, ny, ap, bbc, cnbc: initials
    return word.capitalize()


def name_from_domain(host: str) -> str | None:
    """themoscowtimes.com -> "The Moscow Times"; bbc.co.uk -> "BBC"; None when there is no label.

    A label that is one common word stays one word; otherwise it is split into the
    fewest common words.  Letters that do not split are kept as one capitalised word.
    """
    label = _label(host)
    if not label:
        return None
    words: list[str] = []
    for chunk in re.split(r"[^a-z]+", label):
        if not chunk:
            continue
        pieces = [chunk] if _zipf()(chunk, "en") >= WHOLE_ZIPF else (_segment(chunk) or [chunk])
        if len(pieces[0]) == 2 and any(len(p) < 4 for p in pieces[1:]):
            pieces = [chunk]  # leading initials only before real words (ny|times, not ax|ios)
        words.extend(pieces)
    if not words:
        return None
    return " ".join(_display(w, i == 0, len(words) == 1) for i, w in enumerate(words))


def looks_like_domain(name: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", name.strip().lower()))


def outlet_key(name: str) -> str:
    """What two spellings of one outlet share: no leading article, case, spaces or punctuation."""
    name = name.strip().lower()
    if looks_like_domain(name):
        name = name_from_domain(name) or name
        name = name.lower()
    name = re.sub(r"^(the|die|der|le|la|el)\s+", "", name)
    return re.sub(r"[\W_]+", "", name)


def _preference(name: str, count: int) -> tuple:
    """Among spellings of one outlet: a written name over a domain, the commonest, then with its article."""
    return (not looks_like_domain(name), count, name.split()[0] == "The", len(name), name)


def unify(names: list[str | None], known: dict[str, str] | None = None) -> dict[str, str]:
    """A map from each spelling to the outlet's one name.

    ``known`` maps keys to names already stored: they win, so stored articles and
    their outputs keep the name they were written with.  New keys take the best
    spelling among ``names`` (see ``_preference``); domains become readable names.
    """
    known = dict(known or {})
    counts = Counter(n for n in names if n)
    by_key: dict[str, list[str]] = {}
    for name in counts:
        by_key.setdefault(outlet_key(name), []).append(name)
    mapping: dict[str, str] = {}
    for key, spellings in by_key.items():
        if not key:
            continue
        chosen = known.get(key)
        if chosen is None:
            chosen = max(spellings, key=lambda s: _preference(s, counts[s]))
            if looks_like_domain(chosen):
                chosen = name_from_domain(chosen) or chosen
        for spelling in spellings:
            mapping[spelling] = chosen
    return mapping
