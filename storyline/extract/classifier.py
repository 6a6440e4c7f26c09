"""Body-vs-boilerplate decision for scraped text lines (v1: transparent heuristics)."""

from __future__ import annotations

from .blocks import Line

_TERMINAL = tuple(".!?\"”’'»)…")


def body_mask(lines: list[Line], reasons: list[str | None]) -> list[bool]:
    """True for lines that are article body."""
    keep = []
    for line, reason in zip(lines, reasons):
        if reason:
            keep.append(False)
            continue
        words = line.text.split()
        link_share = line.link_chars / max(1, len(line.text))
        ok = len(words) >= 10 and (line.text.rstrip().endswith(_TERMINAL) or len(words) >= 18)
        keep.append(ok and link_share < 0.5)
    return keep
