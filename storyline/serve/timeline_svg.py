"""Layout of the timeline picture: dated events on a proportional axis.

Only numbers and short strings are computed here; ``templates/_timeline.svg.html``
draws them as inline SVG with every label escaped by Jinja.  Labels are
stacked in lanes so that events close in time do not print over each other;
the full title stays available as the mark's ``<title>`` tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

WIDTH = 960
MARGIN = 24
LANE_HEIGHT = 22
MAX_LANES = 6
CHAR_WIDTH = 6.6  # 12px sans-serif, roughly
MAX_LABEL_CHARS = 48


@dataclass
class Mark:
    x: float
    label_x: float
    label_y: float
    anchor: str  # start | end
    label: str
    title: str
    date: str
    href: str
    lane: int


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class TimelineLayout:
    width: int
    height: int
    axis_y: float
    marks: list[Mark] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    undated: list[tuple[str, str]] = field(default_factory=list)  # (title, href)


def parse_date(value: str | None) -> date | None:
    """ISO day, month or year (events may be dated only to the month)."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return date(year, month, day)
    except (ValueError, IndexError):
        return None


def shorten(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def layout(items: list[tuple[str | None, str, str]]) -> TimelineLayout:
    """items: (ISO date or None, title, href) -> positions for the SVG."""
    dated = sorted(((parse_date(d), d, t, h) for d, t, h in items if parse_date(d)), key=lambda x: x[0])
    undated = [(t, h) for d, t, h in items if not parse_date(d)]
    if not dated:
        return TimelineLayout(WIDTH, 0, 0, undated=undated)
    first, last = dated[0][0], dated[-1][0]
    span_days = max((last - first).days, 1)
    pad = max(span_days * 0.04, 1)
    lo, hi = first - timedelta(days=pad), last + timedelta(days=pad)
    total = (hi - lo).days or 1
    inner = WIDTH - 2 * MARGIN

    def x_of(d: date) -> float:
        return round(MARGIN + inner * (d - lo).days / total, 1)

    lane_ends: list[float] = []
    placed: list[tuple[float, float, str, str, str, str, str, int]] = []
    for d, raw, title, href in dated:
        x = x_of(d)
        label = shorten(title)
        width = len(label) * CHAR_WIDTH + 8
        anchor = "start" if x + width <= WIDTH - 4 else "end"
        left, right = (x, x + width) if anchor == "start" else (x - width, x)
        lane = next((i for i, end in enumerate(lane_ends) if end < left), None)
        if lane is None:
            if len(lane_ends) < MAX_LANES:
                lane_ends.append(right)
                lane = len(lane_ends) - 1
            else:  # out of lanes: reuse the one that frees up first, shortening the label
                lane = min(range(len(lane_ends)), key=lambda i: lane_ends[i])
                label = shorten(title, 18)
                width = len(label) * CHAR_WIDTH + 8
                left, right = (x, x + width) if anchor == "start" else (x - width, x)
        lane_ends[lane] = max(lane_ends[lane], right)
        placed.append((x, left, anchor, label, title, raw, href, lane))

    lanes = max(len(lane_ends), 1)
    axis_y = 12 + lanes * LANE_HEIGHT + 8
    marks = [
        Mark(
            x=x,
            label_x=x + 5 if anchor == "start" else x - 5,
            label_y=axis_y - 16 - lane * LANE_HEIGHT,  # lane 0 right above the axis
            anchor=anchor,
            label=label,
            title=title,
            date=raw[:10],
            href=href,
            lane=lane,
        )
        for x, _left, anchor, label, title, raw, href, lane in placed
    ]
    return TimelineLayout(WIDTH, int(axis_y + 34), axis_y, marks, _ticks(lo, hi, x_of), undated)


def _ticks(lo: date, hi: date, x_of) -> list[Tick]:
    days = (hi - lo).days
    ticks: list[Tick] = []
    if days <= 45:
        step = max(days // 6, 1)
        d = lo + timedelta(days=1)
        while d < hi:
            ticks.append(Tick(x_of(d), d.strftime("%d %b %Y")))
            d += timedelta(days=step)
    elif days <= 800:
        month_step = max(round(days / 30 / 6), 1)
        d = date(lo.year, lo.month, 1)
        while d <= hi:
            if d >= lo:
                ticks.append(Tick(x_of(d), d.strftime("%b %Y")))
            month = d.month - 1 + month_step
            d = date(d.year + month // 12, month % 12 + 1, 1)
    else:
        year_step = max((hi.year - lo.year) // 8, 1)
        for year in range(lo.year + 1, hi.year + 1, year_step):
            ticks.append(Tick(x_of(date(year, 1, 1)), str(year)))
    return ticks
