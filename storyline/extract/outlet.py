"""Which outlet published a page, from the page's own words.

Scraped text rarely carries a URL, yet the source comparison needs an outlet per
article.  Pages name themselves in predictable places: the masthead on the first
line, donation and subscription appeals ("… keeps The Journal open", "The Ledger
relies on readers like you"), copyright lines, community prompts ("follow other
Independent readers").  The phrases are data (``outlet_cues.tsv``); a masthead
counts only when it looks like one (a short capitalised line, not a menu word).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from storyline.models import get_name_genders


_MENU_WORDS = {
    "advertisement", "home", "menu", "news", "subscribe", "log", "login", "sign", "search", "skip",
    "share", "sponsored", "breaking", "live", "opinion", "sport", "sports", "business", "close", "more",
    "nachrichten", "startseite", "inicio", "noticias", "accueil", "actualités",
    "weather", "culture", "travel", "video", "podcasts", "newsletters",
    "by", "photo", "image", "updated", "published", "analysis", "world", "politics", "trending",
}
_STOP_NAMES = {"Facebook", "Twitter", "Instagram", "X", "Mastodon", "WhatsApp", "Google", "Apple", "All", "Our", "Us"}
_TAGS = re.compile(r"<[^>]{0,2000}>")


WINDOW = 200  # characters either side of a trigger in which its regex is tried


@lru_cache(maxsize=1)
def _cues() -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    text = (Path(__file__).with_name("outlet_cues.tsv")).read_text(encoding="utf-8")
    cues = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, _, triggers = line.partition("\t")
            cues.append((re.compile(pattern), tuple(t for t in triggers.split(",") if t)))
    return cues


def _cue_matches(text: str) -> list[str]:
    """Names from the cue phrases, trying each regex only near its trigger strings (pages are long)."""
    names: list[str] = []
    for pattern, triggers in _cues():
        spans: list[tuple[int, int]] = []
        for trigger in triggers:
            at = text.find(trigger)
            while at != -1:
                spans.append((max(0, at - WINDOW), at + WINDOW))
                at = text.find(trigger, at + 1)
        for start, end in sorted(set(spans)):
            names.extend(m.group("name") for m in pattern.finditer(text, start, min(len(text), end)))
    return list(dict.fromkeys(names))


def _first_name(word: str) -> bool:
    """A personal first name ("Chloe"): the line is a byline, not a masthead."""
    return word.isalpha() and get_name_genders().get_gender(word) in ("male", "female")


def _tidy(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" .,'’-")
    if name.isupper() and len(name) > 4:
        name = name.title()
    if name.startswith("the "):
        name = name[4:]  # "subscribe to the Ledger": running text, the article is not part of the name
    return name


def _masthead(lines: list[str]) -> str | None:
    """A short capitalised name among the first lines ("NORTHGATE TIMES", "Valley Wire | Health")."""
    seen = 0
    for line in lines[:12]:
        line = line.strip().strip("#*_>•·|- ").strip()
        if not line:
            continue
        seen += 1
        if seen > 4:
            break
        line = re.split(r"\s+[|›>]\s+", line)[0].strip()  # "Outlet | Section"
        words = line.split()
        if not 1 <= len(words) <= 4 or line[-1] in ".!?:;,\"”'’|)":
            continue
        if len(words) == 1 and seen > 1:
            continue  # one word further down is a menu item ("Weather"), not a masthead
        if words[0].lower().strip(".:") in _MENU_WORDS or not all(w[0].isupper() for w in words if w.isalpha()):
            continue
        if any(ch.isdigit() for ch in line) or (len(words) >= 2 and _first_name(words[0])):
            continue  # a dateline or a byline, not a masthead
        return _tidy(line)
    return None


def is_outlet_section_line(line: str) -> bool:
    """ "Valley Wire Service | Health": outlet and section, both short, not "Headline | Outlet"."""
    parts = re.split(r"\s+[|›>]\s+", line.strip())
    return len(parts) >= 2 and all(1 <= len(p.split()) <= 4 for p in parts) and _masthead([parts[0]]) is not None


def is_masthead_line(line: str, others: list[str]) -> bool:
    """A first line that is the outlet's own name, not a headline.

    A short capitalised line is ambiguous (Title Case headlines look the same); it is
    a masthead when its name recurs further down the page ("told the Civic Observer",
    "Photo: … / The Civic Observer").
    """
    name = _masthead([line])
    if not name:
        return False
    key = _key(name)
    return len(key) > 3 and any(key in other.lower() for other in others)


def _key(name: str) -> str:
    return re.sub(r"^the\s+", "", name.lower()).strip()


def outlet_from_text(raw: str) -> str | None:
    """The outlet a page names itself by, or None when it does not say."""
    if "<" in raw[:2000]:
        # HTML: a page names itself in its header and footer; the middle is the article and scripts
        head_and_foot = raw if len(raw) <= 60_000 else raw[:30_000] + "\n" + raw[-30_000:]
        text = _TAGS.sub(" ", head_and_foot)
    else:
        text = raw[:200_000]
    found: list[str] = []
    for raw_name in _cue_matches(text):
        name = _tidy(raw_name)
        if name and name.split()[-1] not in _STOP_NAMES and name not in _STOP_NAMES:
            found.append(name)
    masthead = _masthead(text.splitlines())
    if masthead:
        for name in found:  # one outlet, two spellings: keep the one with its article ("The Journal")
            if _key(name) == _key(masthead):
                return name if name.startswith("The ") and not masthead.startswith("The ") else masthead
        return masthead
    if not found:
        return None
    counts: dict[str, int] = {}
    for name in found:
        counts[_key(name)] = counts.get(_key(name), 0) + 1
    best = max(counts, key=lambda k: (counts[k], -found.index(next(n for n in found if _key(n) == k))))
    return next(n for n in found if _key(n) == best)
