"""Do an undated report's days fit an event?  Its weekdays and months, read against the event's days.

An undated report still says *when*: "on Tuesday", "in October", "on March 12".
Those mentions cannot be resolved on their own (the tagger leaves them as
``XXXX-WXX-2``, ``XXXX-10``, ``XXXX-03-12``), but read as if the report had been
published during a candidate event they become dates, and the event's own
reports say which dates matter to it.  Reports of one happening cite the same
days (the day it happened, the earlier steps their background names); a report
of another happening of the same story names other days, or the same weekday
in another week.  So each floating mention that lands on a day (or month) the
event's reports also name is evidence for the event, one that lands elsewhere
evidence against.

Encoding, so that profiles can sum these like any other sparse vector:

* resolved ``times`` (of a dated report, summed into its event): a day as its
  proleptic ordinal, a month as ``MONTH_BASE + 12 * year + month - 1``;
* ``floating`` mentions (of any report): a weekday as ``1..7`` (ISO), a month
  as ``FLOAT_MONTH + month``, a month-day as ``FLOAT_MONTH_DAY + 100 * month + day``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Iterable

import numpy as np

from storyline.link.features import Sparse
from storyline.model import TimeMention

MONTH_BASE = 100_000_000
FLOAT_MONTH = 100
FLOAT_MONTH_DAY = 10_000

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:$|[^-\d])")
_WEEKDAY = re.compile(r"^XXXX-WXX-([1-7])")
_FLOAT_MONTH_DAY = re.compile(r"^XXXX-(\d{2})-(\d{2})")
_FLOAT_MONTH = re.compile(r"^XXXX-(\d{2})(?:$|[^-\d])")

# a weekday names a day of the week before the report (or of the event's days)
WEEKDAY_WINDOW = 6


def month_key(year: int, month: int) -> int:
    return MONTH_BASE + 12 * year + month - 1


def _day(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def time_keys(mentions: Iterable[TimeMention]) -> tuple[Sparse, Sparse]:
    """``(times, floating)`` of one report's DATE/TIME mentions, each key counted once."""
    times: set[int] = set()
    floating: set[int] = set()
    for t in mentions:
        if t.type not in ("DATE", "TIME"):
            continue
        value = t.value or ""
        if m := _DAY.match(value):
            day = _day(*m.groups())
            if day is not None:
                times.add(day.toordinal())
                times.add(month_key(day.year, day.month))
        elif m := _MONTH.match(value):
            if 1 <= int(m.group(2)) <= 12:
                times.add(month_key(int(m.group(1)), int(m.group(2))))
        elif m := _WEEKDAY.match(value):
            floating.add(int(m.group(1)))
        elif m := _FLOAT_MONTH_DAY.match(value):
            month, day_of_month = int(m.group(1)), int(m.group(2))
            if 1 <= month <= 12 and 1 <= day_of_month <= 31:
                floating.add(FLOAT_MONTH_DAY + 100 * month + day_of_month)
        elif m := _FLOAT_MONTH.match(value):
            if 1 <= int(m.group(1)) <= 12:
                floating.add(FLOAT_MONTH + int(m.group(1)))
    return _binary(times), _binary(floating)


def _binary(keys: set[int]) -> Sparse:
    if not keys:
        return Sparse.empty()
    ids = np.array(sorted(keys), dtype=np.int64)
    return Sparse(ids, np.ones(len(ids), dtype=np.float32))


def _readings(key: int, day_min: int, day_max: int) -> list[int]:
    """The dates (or month keys) a floating mention may mean for a report of days ``day_min..day_max``."""
    first, last = date.fromordinal(day_min), date.fromordinal(day_max)
    if key <= 7:
        start = first - timedelta(days=WEEKDAY_WINDOW)
        return [
            (start + timedelta(days=i)).toordinal()
            for i in range((last - start).days + 1)
            if (start + timedelta(days=i)).isoweekday() == key
        ]
    if key >= FLOAT_MONTH_DAY:
        month, day_of_month = divmod(key - FLOAT_MONTH_DAY, 100)
        out = []
        for year in range(first.year - 1, last.year + 2):
            day = _day(str(year), str(month), str(day_of_month))
            if day is not None and first - timedelta(days=366) <= day <= last + timedelta(days=366):
                out.append(day.toordinal())
        return out
    month = key - FLOAT_MONTH
    # the latest such month up to the report (past) and the next one after it (plans)
    years = {last.year if month <= last.month else last.year - 1, first.year if month >= first.month else first.year + 1}
    return [month_key(year, month) for year in sorted(years)]


# A floating month that the event's reports never name is weak evidence against:
# reports of one happening often leave out its background months, while a
# weekday or a month-day pins the day itself.
MONTH_MISS = 0.5


def floating_fit(floating: Sparse, times: Sparse, day_min: int, day_max: int, reports: int = 1) -> float:
    """Evidence in ``[-1, 1)`` that floating mentions belong with ``times`` of days ``day_min..day_max``.

    (hits − misses) / (mentions + 1): one matching weekday is weaker evidence
    than three matching weekdays and months, and a report with none says nothing.
    A hit weighs the share of the event's ``reports`` that name that day (the
    day all its reports name is the happening's; a day one report of five names
    is background, and may be another happening's day of the same weekday).
    A missed month counts ``MONTH_MISS``.
    """
    if not len(floating) or not len(times):
        return 0.0
    score = 0.0
    for key in floating.ids:
        readings = np.array(_readings(int(key), day_min, day_max), dtype=np.int64)
        pos = np.searchsorted(times.ids, readings)
        pos[pos == len(times.ids)] = 0
        named = times.weights[pos][times.ids[pos] == readings] if len(readings) else times.weights[:0]
        if len(named):
            score += min(1.0, float(named.max()) / max(1, reports))
        else:
            score -= MONTH_MISS if FLOAT_MONTH < key < FLOAT_MONTH_DAY else 1.0
    return score / (len(floating) + 1)
