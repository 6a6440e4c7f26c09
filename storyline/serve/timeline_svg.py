"""Layout of the timeline picture: dated events on a proportional axis.

Only numbers and short strings are computed here; ``templates/_timeline.svg.html``
draws them as inline SVG with every label escaped by Jinja.  Marks are
numbered in date order (the numbers of the list printed under the picture),
numbers under the axis in as many rows as needed; text labels above the axis
are stacked in lanes so that events close in time do not print over each
other, and a mark whose label finds no room in any lane shows only its number.  The
full text stays available as the mark's ``<title>`` tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

WIDTH = 960
MARGIN = 24
LANE_HEIGHT = 22
NUMBER_ROW = 14
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
    lane: int  # -1: no room for a label
    number: str = ""
    row: int = 0
    number_y: float = 0.0


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
    ticks_y: float = 0.0


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

    lane_ends: list[float] = []  # labels above the axis
    row_ends: list[float] = []  # numbers below it
    marks: list[Mark] = []
    for number, (d, raw, title, href) in enumerate(dated, start=1):
        x = x_of(d)
        label = f"{number}. {shorten(title)}"
        anchor, left, right = _extent(x, label)
        lane = next((i for i, end in enumerate(lane_ends) if end < left), None)
        if lane is None and len(lane_ends) < MAX_LANES:
            lane_ends.append(float("-inf"))
            lane = len(lane_ends) - 1
        if lane is None:  # no room: the number below the axis identifies it
            label, lane = "", -1
        else:
            lane_ends[lane] = right
        half = len(str(number)) * CHAR_WIDTH / 2 + 3
        row = next((i for i, end in enumerate(row_ends) if end < x - half), None)
        if row is None:
            row_ends.append(float("-inf"))
            row = len(row_ends) - 1
        row_ends[row] = x + half
        marks.append(Mark(x, x + 5 if anchor == "start" else x - 5, 0.0, anchor, label, title, raw[:10], href,
                          lane, str(number), row))

    lanes = len(lane_ends)
    axis_y = 12 + lanes * LANE_HEIGHT + 8
    for m in marks:
        m.label_y = axis_y - 16 - m.lane * LANE_HEIGHT  # lane 0 right above the axis
        m.number_y = axis_y + 17 + m.row * NUMBER_ROW
    ticks_y = axis_y + 17 + len(row_ends) * NUMBER_ROW + 4
    return TimelineLayout(WIDTH, int(ticks_y + 10), axis_y, marks, _ticks(lo, hi, x_of), undated, ticks_y)


def _extent(x: float, label: str) -> tuple[str, float, float]:
    """Text anchor and horizontal extent of a label at mark ``x`` (flipped left near the edge)."""
    width = len(label) * CHAR_WIDTH + 8
    if x + width <= WIDTH - 4:
        return "start", x, x + width
    return "end", x - width, x


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
