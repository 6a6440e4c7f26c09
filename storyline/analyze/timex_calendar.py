"""Calendar arithmetic and TIMEX3 value formatting for the time tagger.

Kept apart from the pattern rules so the same arithmetic serves tagging
(``timex``), publication-date inference (``dating``) and event dating: every
resolver here takes an anchor ``date`` and returns a TIMEX3 value string, or an
underspecified one (``XXXX-07``) when there is no anchor.
"""

from __future__ import annotations

import calendar
import datetime as dt

Date = dt.date

SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}


def fmt_day(d: Date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def fmt_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def fmt_week(d: Date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(d: Date) -> int:
    return (d.month - 1) // 3 + 1


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def add_days(d: Date, n: int) -> Date:
    return d + dt.timedelta(days=n)


def safe_date(year: int, month: int, day: int) -> Date | None:
    try:
        return Date(year, month, day)
    except ValueError:
        return None


def weekday_on_or_before(anchor: Date, weekday: int, strict: bool = False) -> Date:
    """The latest ``weekday`` (1=Monday) at or before ``anchor`` (strictly before if ``strict``)."""
    back = (anchor.isoweekday() - weekday) % 7
    if strict and back == 0:
        back = 7
    return anchor - dt.timedelta(days=back)


def weekday_on_or_after(anchor: Date, weekday: int, strict: bool = False) -> Date:
    ahead = (weekday - anchor.isoweekday()) % 7
    if strict and ahead == 0:
        ahead = 7
    return anchor + dt.timedelta(days=ahead)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> Date:
    """The ``nth`` ``weekday`` of a month (nth=-1: the last one)."""
    days = [
        Date(year, month, day)
        for day in range(1, calendar.monthrange(year, month)[1] + 1)
        if Date(year, month, day).isoweekday() == weekday
    ]
    return days[nth - 1] if nth > 0 else days[nth]


def easter(year: int) -> Date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return Date(year, month, day + 1)


def shift_value(anchor: Date, n: int, unit: str) -> str:
    """The calendar value ``n`` units away from ``anchor`` at the unit's granularity.

    ``unit`` is a TIMEX unit code: D, W, M, Q, Y, DE (decade), CE (century).
    """
    if unit == "D":
        return fmt_day(add_days(anchor, n))
    if unit == "W":
        return fmt_week(add_days(anchor, 7 * n))
    if unit == "M":
        return fmt_month(*add_months(anchor.year, anchor.month, n))
    if unit == "Q":
        year, month = add_months(anchor.year, anchor.month, 3 * n)
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    if unit == "Y":
        return f"{anchor.year + n:04d}"
    if unit == "DE":
        return f"{(anchor.year + 10 * n) // 10:03d}X"
    if unit == "CE":
        return f"{(anchor.year + 100 * n) // 100:02d}"
    if unit in ("H", "MIN", "S"):
        return fmt_day(anchor)
    return fmt_day(anchor)


def underspecified(unit: str) -> str:
    return {
        "D": "XXXX-XX-XX",
        "W": "XXXX-WXX",
        "M": "XXXX-XX",
        "Q": "XXXX-QX",
        "Y": "XXXX",
        "DE": "XXXX",
        "CE": "XXXX",
    }.get(unit, "XXXX-XX-XX")


def month_near(anchor: Date, month: int, direction: str) -> int:
    """Year of a bare month name: the last one (past), next one (future) or this year's."""
    if direction == "past":
        return anchor.year if month <= anchor.month else anchor.year - 1
    if direction == "future":
        return anchor.year if month >= anchor.month else anchor.year + 1
    return anchor.year


def value_interval(value: str) -> tuple[Date, Date] | None:
    """First and last day covered by a calendar value (``2019-06``, ``2019-W26``…), or None."""
    try:
        if len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[:10].replace("-", "").isdigit():
            d = Date(int(value[:4]), int(value[5:7]), int(value[8:10]))
            return d, d
        if len(value) == 7 and value[4] == "-" and value[5:].isdigit() and value[:4].isdigit():
            y, m = int(value[:4]), int(value[5:])
            return Date(y, m, 1), Date(y, m, calendar.monthrange(y, m)[1])
        if len(value) == 4 and value.isdigit():
            y = int(value)
            return Date(y, 1, 1), Date(y, 12, 31)
        if len(value) >= 7 and value[4:6] == "-Q" and value[:4].isdigit() and value[6].isdigit():
            y, q = int(value[:4]), int(value[6])
            first = Date(y, 3 * q - 2, 1)
            last_month = 3 * q
            return first, Date(y, last_month, calendar.monthrange(y, last_month)[1])
        if len(value) >= 8 and value[4:6] == "-W" and value[:4].isdigit() and value[6:8].isdigit():
            monday = Date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
            return monday, monday + dt.timedelta(days=6)
    except ValueError:
        return None
    return None
