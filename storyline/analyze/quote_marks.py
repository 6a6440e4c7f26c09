"""Find stretches of text inside quotation marks, in every common style.

Why a scanner and not a regex: quotes nest (single inside double), straight
quotes are both opener and closer, apostrophes look like single quotes, scraped
text drops closing marks, and a quotation that runs over several paragraphs
re-opens each paragraph without closing the previous one.  The scanner walks
each paragraph once, keeping a small state machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‹"
SINGLE_CLOSE = "’›"
STRAIGHT_DOUBLE = '"'
STRAIGHT_SINGLE = "'"

# a quote left open when its paragraph ends is closed there only if it is not
# absurdly long (a stray mark must not swallow a whole article)
MAX_UNCLOSED = 600
MAX_SINGLE = 300

_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass
class Marked:
    """Content inside quotation marks: ``[start, end)`` excludes the marks."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark (None: closed by paragraph end)


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _opens(prev: str, nxt: str) -> bool:
    """A straight mark opens when it follows a space/bracket and precedes text."""
    return (prev == "" or prev.isspace() or prev in "([{—–-:/") and nxt != "" and not nxt.isspace()


def _closes(prev: str, nxt: str) -> bool:
    return prev != "" and not prev.isspace() and (nxt == "" or not _is_word(nxt))


def _scan_paragraph(text: str, start: int, end: int) -> tuple[list[Marked], int | None]:
    """Quotes of one paragraph; also returns the offset of a double quote still open at its end."""
    found: list[Marked] = []
    double_open: int | None = None
    single_open: int | None = None
    i = start
    while i < end:
        ch = text[i]
        prev = text[i - 1] if i > start else ""
        nxt = text[i + 1] if i + 1 < end else ""
        if text.startswith("''", i) or text.startswith("``", i):
            # typewriter double quotes: ``quote'' or ''quote'' (two characters)
            after = text[i + 2] if i + 2 < end else ""
            if double_open is None:
                if ch == "`" or _opens(prev, after):
                    double_open = i + 1
                    single_open = None
            elif ch == "'" and _closes(prev, after):
                found.append(Marked(double_open + 1, i, double_open, i + 1))
                double_open = None
            i += 2
            continue
        if ch in DOUBLE_OPEN or ch in DOUBLE_CLOSE or ch == STRAIGHT_DOUBLE:
            if double_open is None:
                is_open = ch in DOUBLE_OPEN or (ch != "»" and _opens(prev, nxt))
                if ch == "»" and _opens(prev, nxt):  # »German style«
                    is_open = True
                if is_open:
                    double_open = i
                    single_open = None
            else:
                is_close = ch in DOUBLE_CLOSE or ch == STRAIGHT_DOUBLE or (ch == "«" and _closes(prev, nxt))
                if ch == "“" and _closes(prev, nxt):  # „German style“
                    is_close = True
                if is_close:
                    found.append(Marked(double_open + 1, i, double_open, i))
                    double_open = None
        elif double_open is None and (ch in SINGLE_OPEN or ch in SINGLE_CLOSE or ch == STRAIGHT_SINGLE):
            if single_open is None:
                if (ch in SINGLE_OPEN or ch == STRAIGHT_SINGLE) and _opens(prev, nxt) and not _is_word(prev):
                    single_open = i
            elif ch in SINGLE_CLOSE or ch == STRAIGHT_SINGLE:
                if _closes(prev, nxt) and i - single_open <= MAX_SINGLE:
                    found.append(Marked(single_open + 1, i, single_open, i))
                    single_open = None
        i += 1
    return found, double_open


def find_marked(text: str) -> list[Marked]:
    """All quoted stretches of ``text``, in order, including multi-paragraph ones.

    A double quote still open at the end of a paragraph continues into the next
    paragraph when that one starts with an opening mark (the typographic
    convention); otherwise it is closed at the paragraph end.
    """
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    result: list[Marked] = []
    carry: int | None = None  # opening offset of a quote continuing from an earlier paragraph
    for p_start, p_end in paragraphs:
        found, still_open = _scan_paragraph(text, p_start, p_end)
        lead = p_start + (len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip()))
        continues = carry is not None and lead < p_end and text[lead] in DOUBLE_OPEN + STRAIGHT_DOUBLE
        if carry is not None and continues:
            if found and found[0].open_mark == lead:
                first = found.pop(0)
                result.append(Marked(carry + 1, first.end, carry, first.close_mark))
            elif still_open == lead:
                # the quote runs on through this paragraph as well
                still_open = carry
                found = []
            else:
                result.append(_closed_at(text, carry, p_start))
        elif carry is not None:
            result.append(_closed_at(text, carry, p_start))
        result.extend(found)
        carry = still_open
    if carry is not None:
        result.append(_closed_at(text, carry, len(text)))
    return [m for m in result if m.end - m.start >= 2 and (m.close_mark is not None or m.end - m.start <= MAX_UNCLOSED)]


def _closed_at(text: str, open_mark: int, limit: int) -> Marked:
    end = limit
    while end > open_mark + 1 and text[end - 1].isspace():
        end -= 1
    return Marked(open_mark + 1, end, open_mark, None)


def trim_content(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding spaces and a trailing comma ("…, please," he said)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end
