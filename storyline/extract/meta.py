"""Metadata found in the content: printed dates, bylines, outlet names, URLs.

Only *printed* absolute dates are read here ("June 28, 2019", "Sunday 09 July
2017 15:06", "2019-06-28"); relative expressions ("yesterday") are left to the
analyze stage's date inference.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit


@lru_cache(maxsize=1)
def _month_lookup() -> dict[str, int]:
    data = json.loads(resources.files(__package__).joinpath("months.json").read_text("utf-8"))
    return {name: int(num) for num, names in data.items() if not num.startswith("_") for name in names}


@lru_cache(maxsize=1)
def _date_patterns() -> list[tuple[re.Pattern[str], str]]:
    months = sorted(_month_lookup(), key=len, reverse=True)
    mon = "(?P<mon>" + "|".join(re.escape(m) for m in months) + r")\.?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|\.)?"
    year = r"(?P<year>(?:19|20)\d\d)"
    flags = re.IGNORECASE
    return [
        (re.compile(r"(?<!\d)" + year + r"-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?!\d)", flags), "iso"),
        (re.compile(r"\b" + mon + r"\s+" + day + r",?\s+" + year + r"\b", flags), "mdy"),
        (re.compile(r"(?<!\d)" + day + r"\s*(?:de\s+)?" + mon + r"\s*,?\s*(?:de\s+)?" + year + r"\b", flags), "dmy"),
        (re.compile(r"(?<!\d)(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)\.(?P<year>(?:19|20)\d\d)(?!\d)", flags), "dotted"),
        # "2013 - 09 - 26": an ISO date some scrapers and tokenisers space out
        (re.compile(r"(?<![\d-])" + year + r" - (?P<mnum>[01]\d) - (?P<day>[0-3]\d)(?![\d-])", flags), "iso"),
        # "26/09/2013", "4 / 11 / 2007": day and month order decided in ``_to_iso``
        (re.compile(r"(?<![\d/])(?P<a>[0-3]?\d) ?/ ?(?P<b>[0-3]?\d) ?/ ?" + year + r"(?![\d/])", flags), "slashed"),
    ]


def find_printed_date(text: str) -> tuple[str, int, int] | None:
    """First absolute calendar date printed in ``text``: (ISO date, start, end)."""
    if len(text) > 2000:
        text = text[:2000]
    best: tuple[str, int, int] | None = None
    for pattern, _kind in _date_patterns():
        for match in pattern.finditer(text):
            iso = _to_iso(match)
            if iso and (best is None or match.start() < best[1]):
                best = (iso, match.start(), match.end())
                break
    return best


def _to_iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    if groups.get("a"):
        # slashed: a first number above 12 is a day (26/09/2013), a second above
        # 12 makes it month/day (09/26/2013); when both could be a month the
        # US order, month first, is taken (the order of most English-language
        # wire copy); the same number twice is the same date either way
        a, b = int(groups["a"]), int(groups["b"])
        month, day = (b, a) if a > 12 else (a, b)
        try:
            return date(int(groups["year"]), month, day).isoformat()
        except ValueError:
            return None
    try:
        year = int(groups["year"])
        month = int(groups["mnum"]) if groups.get("mnum") else _month_lookup()[groups["mon"].lower()]
        day = int(groups["day"])
        return date(year, month, day).isoformat()
    except (KeyError, ValueError, TypeError):
        return None


def normalise_date(value: str) -> str | None:
    """ISO YYYY-MM-DD from a metadata date string (ISO timestamps or printed)."""
    value = value.strip()
    match = re.match(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", value)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            return None
    found = find_printed_date(value)
    return found[0] if found else None


_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.", "edition.", "en.")
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac"}


def outlet_from_url(url: str) -> str | None:
    """A readable outlet name from a URL's domain: themoscowtimes.com -> themoscowtimes.com.

    The registrable domain is the honest name we can give without a lookup table;
    ``www.`` and mobile prefixes are dropped.
    """
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return None
    host = host.lower().rstrip(".")
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix) :]
    if not host or "." not in host:
        return None
    return host


_URL_RE = re.compile(r"https?://[^\s<>\"'()\[\]]+", re.IGNORECASE)


def find_url(text: str) -> str | None:
    """First http(s) URL in ``text``, trailing punctuation stripped."""
    match = _URL_RE.search(text)
    return match.group(0).rstrip(".,;:!?>") if match else None


_BYLINE_RE = re.compile(
    r"^\s*(?:by|von|par|por|di|door|written by|words by|reporting by)\s*[:\-]?\s+(?P<name>.{2,120}?)\s*$",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’\-.]*|[A-Z]\.|(?:de|van|von|der|la|le|da|di|bin|al)\b)$")


def byline_from_line(line: str) -> str | None:
    """The author name(s) when ``line`` is a byline ("By Jane Roe and Al Poe")."""
    match = _BYLINE_RE.match(line)
    if match:
        name = match.group("name").strip(" ,|·-")
        return name if name and len(name.split()) <= 12 else None
    return None


def looks_like_person_name(line: str) -> bool:
    """"Chloe Farand"-like: 2-4 capitalised tokens (or "A and B"), no sentence punctuation."""
    text = line.strip()
    if not 4 <= len(text) <= 60 or text[-1:] in ".!?:;\"”":
        return False
    tokens = [t for t in re.split(r"\s+|,", text) if t and t.lower() not in {"and", "und", "et", "y", "e"}]
    if not 2 <= len(tokens) <= 6:
        return False
    return all(_NAME_TOKEN.match(t) for t in tokens) and not any(t.isupper() and len(t) > 3 for t in tokens)
