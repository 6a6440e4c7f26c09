"""Split scraped text into lines that remember where they came from.

Scraped text arrives as one block per line (naive scrapers) or as markdown-ish
paragraphs separated by blank lines (readability-style tools), with inline
markup left in: ``[text](url)`` links, ``**bold**``, ``# headings``, stray HTML
tags, control characters.  Each :class:`Line` keeps the raw character ranges of
the text it retains, so the clean text can always be mapped back to the input
(``Article.offsets``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# One pass over a line: each alternative is markup to drop, or a link whose
# label (group "keep") survives.
_INLINE = re.compile(
    r"(?P<image>!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\))"
    r"|\[(?P<keep>[^\]\n]{0,500})\]\((?P<href>[^)\n]{0,2000})\)"
    r"|<(?P<auto>https?://[^>\s]{1,2000})>"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>\n]{0,500})?/?>)"
    r"|(?P<emph>\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*]))"
    r"|(?P<ctrl>[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\ufeff])"
)
_MAYBE_MARKUP = re.compile(r"[\[<*_\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\ufeff]")  # cheap pre-check
_LEAD = re.compile(r"^(?P<marks>\s*(?:#{1,6}\s+|>\s*|[-*+•]\s+)?)")
MAX_LINE_CHARS = 50_000  # a longer "line" is not a paragraph; its head is enough
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_LIST = re.compile(r"^\s*[-*+•]\s+")


@dataclass
class Line:
    """One non-blank raw line after inline markup removal."""

    index: int  # position among non-blank lines
    raw_start: int
    raw_end: int
    pieces: list[tuple[int, int]] = field(default_factory=list)  # kept raw ranges
    text: str = ""
    blank_before: bool = False  # a blank line separates it from the previous line
    heading: bool = False  # markdown "# " heading
    list_item: bool = False
    link_chars: int = 0  # characters that sat inside [links](...)
    image: bool = False
    html_tags: int = 0
    hard_break: bool = False  # markdown "  " line break: continues with the next line


def split_lines(raw: str, max_lines: int = 20000) -> list[Line]:
    """Non-blank lines of ``raw`` (at most ``max_lines``) with kept raw ranges and markup flags."""
    lines: list[Line] = []
    pos = 0
    blank_run = False
    for raw_line in raw.splitlines(keepends=True):
        start, body = pos, raw_line.rstrip("\r\n")
        pos += len(raw_line)
        if not body.strip():
            blank_run = True
            continue
        line = _parse_line(body[:MAX_LINE_CHARS], start, len(lines))
        line.blank_before = blank_run or not lines
        blank_run = False
        if line.text:
            lines.append(line)
            if len(lines) >= max_lines:
                break
    return lines


def _parse_line(body: str, base: int, index: int) -> Line:
    line = Line(index=index, raw_start=base, raw_end=base + len(body))
    line.heading = bool(_HEADING.match(body))
    line.list_item = bool(_LIST.match(body))
    line.hard_break = body.endswith("  ") or body.endswith("\\")
    lead = _LEAD.match(body)
    cursor = lead.end() if lead else 0
    pieces: list[tuple[int, int]] = []
    matches = _INLINE.finditer(body, cursor) if _MAYBE_MARKUP.search(body, cursor) else ()
    for match in matches:
        if match.start() > cursor:
            pieces.append((cursor, match.start()))
        if match.group("keep") is not None:
            pieces.append(match.span("keep"))
            line.link_chars += len(match.group("keep"))
        elif match.group("auto") is not None:
            pieces.append(match.span("auto"))
            line.link_chars += len(match.group("auto"))
        elif match.group("image") is not None:
            line.image = True
        elif match.group("tag") is not None:
            line.html_tags += 1
        cursor = match.end()
    if cursor < len(body):
        pieces.append((cursor, len(body)))
    pieces = _trim(body, pieces)
    line.pieces = [(base + s, base + e) for s, e in pieces]
    line.text = "".join(body[s:e] for s, e in pieces)
    return line


def _trim(body: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop empty pieces and the whitespace at both ends of the line."""
    out = [(s, e) for s, e in pieces if e > s]
    while out:
        s, e = out[0]
        while s < e and body[s].isspace():
            s += 1
        if s < e:
            out[0] = (s, e)
            break
        out.pop(0)
    while out:
        s, e = out[-1]
        while e > s and body[e - 1].isspace():
            e -= 1
        if e > s:
            out[-1] = (s, e)
            break
        out.pop()
    return out
