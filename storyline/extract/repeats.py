"""Lines repeated across pages of one outlet are that outlet's furniture.

A footer, a "trending" list or an author box printed on most pages of a site is
not article text, however prose-like it reads.  This needs several pages of one
outlet at once, so it is used by :func:`storyline.extract.extract_batch` (the
single-document :func:`extract` cannot see other pages and stays deterministic).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from storyline.model import RawDocument

from .meta import outlet_from_url

MIN_PAGES = 3  # fewer pages of one outlet say nothing reliable about its furniture
MIN_CHARS = 12  # very short labels are left to the line classifier


_NON_WORD = re.compile(r"\W+")
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)|<[^>\n]*>")


def normal_line(text: str) -> str:
    """Case, punctuation and link targets do not make two lines different."""
    return _NON_WORD.sub(" ", _LINK_TARGET.sub(" ", text).lower()).strip()


def outlet_key(doc: RawDocument) -> str | None:
    """Which outlet a document belongs to: the given outlet, else its URL's domain."""
    if doc.outlet:
        return doc.outlet.strip().lower()
    if doc.url:
        return outlet_from_url(doc.url)
    return None


def repeated_lines(pages: list[str]) -> frozenset[str]:
    """Normalised lines found on at least half (and at least two) of ``pages``."""
    if len(pages) < MIN_PAGES:
        return frozenset()
    counts: Counter[str] = Counter()
    for raw in pages:  # a light split: furniture lines carry little markup
        counts.update({normal_line(line) for line in raw.splitlines()[:20000]})
    need = max(2, math.ceil(len(pages) / 2))
    return frozenset(key for key, n in counts.items() if n >= need and len(key) >= MIN_CHARS)


def furniture_by_outlet(docs: list[RawDocument]) -> dict[str, frozenset[str]]:
    """For each outlet with enough scraped-text pages, its repeated lines."""
    groups: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        key = outlet_key(doc)
        if key and doc.kind == "text" and doc.content:
            groups[key].append(doc.content)
    return {key: repeated_lines(pages) for key, pages in groups.items()}
