"""Article text cut into paragraphs of marked segments (entities, quotes, dates, a cited span).

The template renders each segment as an escaped ``<span>`` with classes; no
article string is ever turned into markup.  Overlapping annotations (a date
inside a quote) are resolved by cutting the text at every boundary, so each
piece carries the classes of everything covering it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyline.model import Article

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")


@dataclass
class Mark:
    start: int
    end: int
    css: str
    note: str
    entity_id: str | None = None


@dataclass
class Segment:
    text: str
    classes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    entity_id: str | None = None
    anchor: str | None = None

    @property
    def css(self) -> str:
        return " ".join(dict.fromkeys(self.classes))

    @property
    def title(self) -> str:
        return "; ".join(dict.fromkeys(self.notes))


def article_marks(article: Article, cited: tuple[int, int] | None = None) -> list[Mark]:
    marks: list[Mark] = []
    for q in article.quotes:
        who = q.speaker or (q.source.text if q.source else None) or "unattributed"
        marks.append(Mark(q.start, q.end, "hl-quote", f"quote ({q.kind}) by {who}"))
        if q.source:
            marks.append(Mark(q.source.start, q.source.end, "hl-speaker", f"speaker: {who}"))
    for m in article.entities:
        marks.append(Mark(m.start, m.end, f"hl-ent hl-ent-{_css_token(m.label)}", f"{m.label}: {m.text}", m.entity_id))
    for t in article.time_mentions:
        marks.append(Mark(t.start, t.end, "hl-date", f"{t.type} {t.value}"))
    if cited is not None:
        marks.append(Mark(cited[0], cited[1], "hl-cited", "cited span"))
    return [m for m in marks if 0 <= m.start < m.end <= len(article.text)]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """[start, end) of each non-blank paragraph of the clean text."""
    spans, pos = [], 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        if text[pos : brk.start()].strip():
            spans.append((pos, brk.start()))
        pos = brk.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


def segment_article(article: Article, cited: tuple[int, int] | None = None) -> list[list[Segment]]:
    marks = article_marks(article, cited)
    out: list[list[Segment]] = []
    anchored = False
    for p_start, p_end in paragraphs(article.text):
        inside = [m for m in marks if m.start < p_end and m.end > p_start]
        cuts = {p_start, p_end}
        for m in inside:
            cuts.add(max(m.start, p_start))
            cuts.add(min(m.end, p_end))
        points = sorted(cuts)
        segments: list[Segment] = []
        for a, b in zip(points, points[1:]):
            covering = [m for m in inside if m.start <= a and m.end >= b]
            seg = Segment(article.text[a:b])
            for m in covering:
                seg.classes.extend(m.css.split())
                seg.notes.append(m.note)
                seg.entity_id = seg.entity_id or m.entity_id
            if not anchored and "hl-cited" in seg.classes:
                seg.anchor, anchored = "cited", True
            segments.append(seg)
        out.append(segments)
    return out


def _css_token(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "", label) or "X"
