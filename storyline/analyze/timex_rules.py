"""Compiled recognition rules for time expressions.

Each rule is a regex plus a builder that turns a match into a :class:`Reading`:
an anchor-free interpretation ("the weekday Friday, before the anchor",
"one year before the anchor at year granularity").  Resolution against a
publication date happens later (``timex_resolve``), which lets date inference
re-resolve the same readings under hypothetical anchors.

Word lists come from ``timex_data/lexicon.json``.  All rules are plain ``re``
patterns compiled once at import, so tagging costs a few regex scans per text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Callable

LEX: dict[str, Any] = json.loads(
    resources.files("storyline.analyze").joinpath("timex_data/lexicon.json").read_text("utf-8")
)

MONTHS: dict[str, int] = LEX["months"]
WEEKDAYS: dict[str, int] = LEX["weekdays"]
NUMBERS: dict[str, int] = LEX["numbers"]
ORDINALS: dict[str, int] = LEX["ordinals"]
UNITS: dict[str, str] = LEX["units"]
SEASONS: dict[str, str] = LEX["seasons"]
PARTS_OF_DAY: dict[str, str] = LEX["parts_of_day"]
FIXED_HOLIDAYS: dict[str, str] = LEX["fixed_holidays"]
FLOATING_HOLIDAYS: dict[str, list[int]] = {k: v for k, v in LEX["floating_holidays"].items() if not k.startswith("_")}


@dataclass
class Reading:
    """An anchor-free interpretation of one time expression.

    ``kind`` selects the resolver; ``params`` carries its arguments.  ``type``
    is the TIMEX3 type (DATE, TIME, DURATION, SET).
    """

    type: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict)


def _alt(words, escape=True) -> str:
    items = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) if escape else w for w in items) + ")"


# ---------------------------------------------------------------- building blocks
_FULL_MONTHS = [m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_ABBR_MONTHS = [m for m in MONTHS if m not in _FULL_MONTHS]
MONTH = "(?:" + _alt(_FULL_MONTHS) + "|" + _alt(_ABBR_MONTHS) + r"\.|sept\b)"
_FULL_WEEKDAYS = [w for w in WEEKDAYS if w.endswith("day")]
WEEKDAY = _alt(_FULL_WEEKDAYS)
WEEKDAY_ANY = "(?:" + WEEKDAY + "|" + _alt([w for w in WEEKDAYS if w not in _FULL_WEEKDAYS and len(w) > 3]) + r"\.)"
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
WORDNUM = (
    "(?:" + _alt(_TENS) + "(?:[- ]" + _alt(_ONES) + ")?|" + _alt(_TEENS + _ONES)
    + "|(?:a |one )?hundred|(?:a )?dozen|(?:a )?couple(?: of)?|a pair of|an?)"
)
VAGUE = _alt(LEX["vague_numbers"])
DIGITS = r"\d{1,3}(?:,\d{3})*(?:\.\d+)?"
NUM = "(?:" + DIGITS + r"(?:\s+1/2|\s+and\s+a\s+half)?|" + WORDNUM + r"(?:\s+and\s+a\s+half)?|" + VAGUE + ")"
UNIT = _alt(UNITS)
UNIT_SG = _alt([u for u in UNITS if not u.endswith("s") or u in ("hours",)] + ["hour"])
SEASON = _alt(SEASONS)
POD = _alt(PARTS_OF_DAY)
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
MOD = (
    r"(?:(?:about|around|approximately|roughly|nearly|almost|more than|less than|fewer than|under|"
    r"at least|at most|up to|no more than|no less than|well over|close to|upwards of|some|only|just|barely|"
    r"merely|another|an additional|the last|the past|the next|the first|the final|the previous|the following|"
    r"the coming|the latest|the entire|the whole|a full|the full|the)\s+)"
)
EARLY_LATE = r"(?:(?:early|late|mid|the end of|the beginning of|the start of|the middle of|the first half of|the second half of|earlier|later)[\s-]+)"
REL = r"(?:last|next|this|coming|past|previous|following|current|the coming|the past|the last|the next|this past)"
SPELLED_YEAR = (
    r"(?:nineteen(?: hundred)?(?: and)?[- ]" + "(?:" + _alt(_TENS) + "(?:[- ]" + _alt(_ONES) + ")?|" + _alt(_TEENS + _ONES) + ")"
    + r"|two thousand(?: and)?(?:[- ]" + _alt(_TEENS + _ONES) + ")?)"
)

# ------------------------------------------------------------------ word helpers


def number_value(text: str) -> float | None:
    """Value of a number phrase ("two", "twenty-five", "2 1/2", "a few" -> None)."""
    t = text.lower().strip()
    half = 0.0
    for suffix in (" and a half", " 1/2"):
        if t.endswith(suffix):
            t, half = t[: -len(suffix)].strip(), 0.5
    if re.fullmatch(DIGITS, t):
        return float(t.replace(",", "")) + half
    if t in NUMBERS:
        return NUMBERS[t] + half
    parts = re.split(r"[- ]", t)
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS:
        return NUMBERS[parts[0]] + NUMBERS[parts[1]] + half
    return None


def spelled_year(text: str) -> int | None:
    t = re.sub(r"\b(hundred|and)\b", " ", text.lower())
    parts = [p for p in re.split(r"[- ]+", t) if p]
    if parts[:2] == ["two", "thousand"]:
        rest = parts[2:]
        return 2000 + (sum(NUMBERS.get(p, 0) for p in rest))
    if parts and parts[0] == "nineteen":
        return 1900 + sum(NUMBERS.get(p, 0) for p in parts[1:])
    return None


def month_of(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def weekday_of(word: str) -> int:
    return WEEKDAYS[word.lower().rstrip(".")]


def unit_of(word: str) -> str:
    return UNITS[word.lower()]


def capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


def duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration: P2Y, PT5H30M, PXD (unknown amount)."""
    if unit == "2W":
        unit, n = "W", (n or 1) * 2 if n is not None else None
    timed = unit in ("H", "MIN", "S")
    code = {"MIN": "M", "DE": "DE", "CE": "CE"}.get(unit, unit)
    if n is None:
        return ("PT" if timed else "P") + "X" + code
    if unit == "DE":
        n, code = n * 10, "Y"
    elif unit == "CE":
        n, code = n * 100, "Y"
    elif unit == "ML":
        n, code = n * 1000, "Y"
    whole = int(n)
    frac = n - whole
    value = ("PT" if timed else "P") + f"{whole}{code}"
    if frac:
        sub = {"Y": (6, "M"), "M": (15, "D"), "D": (12, "H"), "H": (30, "M"), "MIN": (30, "S"), "W": (3, "D")}.get(unit)
        if sub:
            if unit == "D":
                value = f"P{whole}DT12H"
            else:
                value += f"{sub[0]}{sub[1]}"
    return value


# ------------------------------------------------------------------- rules
Builder = Callable[[re.Match, str], "Reading | None"]


@dataclass
class Rule:
    name: str
    pattern: re.Pattern
    build: Builder


RULES: list[Rule] = []


def rule(name: str, regex: str, flags: int = re.IGNORECASE):
    def deco(fn: Builder) -> Builder:
        RULES.append(Rule(name, re.compile(r"(?<![\w$-])" + regex + r"(?![\w])", flags), fn))
        return fn

    return deco


def _opt_year(m: re.Match, name: str = "year") -> int | None:
    y = m.group(name)
    if not y:
        return None
    y = y.strip("'’ ")
    return int(y) if len(y) == 4 else None


# --- explicit calendar dates --------------------------------------------------------


@rule("iso", r"(?P<y>" + YEAR + r")-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)")
def _iso(m, text):
    return Reading("DATE", "abs", {"value": f"{m['y']}-{m['m']}-{m['d']}"})


@rule("slash", r"(?P<m>0?[1-9]|1[0-2])/(?P<d>[0-3]?\d)/(?P<y>(?:19|20)?\d\d)")
def _slash(m, text):
    y = m["y"]
    year = int(y) if len(y) == 4 else (1900 + int(y) if int(y) > 30 else 2000 + int(y))
    return Reading("DATE", "date", {"year": year, "month": int(m["m"]), "day": int(m["d"].rstrip("stndrh"))})


@rule(
    "month_day",
    r"(?:(?P<wd>" + WEEKDAY_ANY + r"),?\s+)?(?P<month>" + MONTH + r")\s+(?P<day>" + DAYNUM
    + r")(?!\d)(?:(?:,\s*|\s+)(?P<year>" + YEAR + r"|'\d\d))?",
)
def _month_day(m, text):
    if not capitalised(m["month"]):
        return None
    year = _opt_year(m)
    if m["year"] and len(m["year"].strip("'’")) == 2:
        yy = int(m["year"].strip("'’"))
        year = 1900 + yy if yy > 30 else 2000 + yy
    day = int(re.sub(r"\D", "", m["day"]))
    return Reading("DATE", "date", {"year": year, "month": month_of(m["month"]), "day": day})


@rule(
    "month_day_abbr",
    r"(?:(?P<wd>Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun),?\s+)?(?P<month>Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\s+(?P<day>"
    + DAYNUM + r"),?\s+(?P<year>" + YEAR + ")",
    flags=0,
)
def _month_day_abbr(m, text):
    """Wire-service datelines: "Mon Mar 2, 2009" (abbreviations without a full stop)."""
    day = int(re.sub(r"\D", "", m["day"]))
    return Reading("DATE", "date", {"year": int(m["year"]), "month": month_of(m["month"]), "day": day})


@rule(
    "day_month",
    r"(?:(?P<wd>" + WEEKDAY_ANY + r"),?\s+)?(?:the\s+)?(?P<day>" + DAYNUM + r")\s+(?:of\s+)?(?P<month>" + MONTH
    + r")(?:,?\s+(?P<year>" + YEAR + r"))?",
)
def _day_month(m, text):
    if not capitalised(m["month"]):
        return None
    day = int(re.sub(r"\D", "", m["day"]))
    return Reading("DATE", "date", {"year": _opt_year(m), "month": month_of(m["month"]), "day": day})


@rule("month_year", r"(?P<el>" + EARLY_LATE + r")?(?P<month>" + MONTH + r"),?\s+(?:of\s+)?(?P<year>" + YEAR + r")")
def _month_year(m, text):
    if not capitalised(m["month"]):
        return None
    return Reading("DATE", "abs", {"value": f"{int(m['year']):04d}-{month_of(m['month']):02d}"})


@rule(
    "month_spelled_year",
    r"(?P<month>" + MONTH + r")\s+(?P<year>" + SPELLED_YEAR + ")",
)
def _month_spelled_year(m, text):
    year = spelled_year(m["year"])
    if not capitalised(m["month"]) or year is None:
        return None
    return Reading("DATE", "abs", {"value": f"{year:04d}-{month_of(m['month']):02d}"})


@rule(
    "month_rel",
    r"(?P<el>" + EARLY_LATE + r")?(?:(?P<rel>last|next|this|this past|this coming|the coming)\s+)?(?P<month>" + MONTH
    + r")(?:\s+(?P<yrel>this|last|next)\s+year)?",
)
def _month_rel(m, text):
    word = m["month"]
    if not capitalised(word):
        return None
    rel = (m["rel"] or "").lower()
    if not rel and not m["yrel"] and not m["el"]:
        # a bare month name needs a cue: "in March", "since May", "March's"
        before = text[: m.start()][-12:].lower()
        after = text[m.end() : m.end() + 3]
        if not re.search(r"\b(in|since|until|till|by|from|through|during|before|after|of|to|and|or|between|last|early|late|for|on|the)\s+$", before) and not after.startswith(("'s", "’s")):
            return None
        if word.lower() in ("may", "march") and not re.search(r"\b(in|since|until|by|from|through|during|before|after|of|early|late|last)\s+$", before):
            return None
    yoff = {"this": 0, "last": -1, "next": 1}.get((m["yrel"] or "").lower())
    return Reading("DATE", "month", {"month": month_of(word), "rel": rel, "yoff": yoff})


@rule("spelled_year", r"(?:the\s+year\s+)?(?P<year>" + SPELLED_YEAR + ")")
def _spelled_year(m, text):
    if "thousand" not in m["year"].lower() and "year" not in m.group(0).lower():
        # "nineteen ninety-six" is a year only with two parts
        if len(re.split(r"[- ]+", m["year"].strip())) < 2:
            return None
    year = spelled_year(m["year"])
    return Reading("DATE", "abs", {"value": f"{year:04d}"}) if year else None


@rule("decade", r"(?:the\s+)?(?P<el>early|late|mid|mid-|the early|the late)?[\s-]*(?P<dec>(?:1[5-9]|20)\d0)'?s")
def _decade(m, text):
    return Reading("DATE", "abs", {"value": m["dec"][:3] + "X"})


@rule("century", r"(?:the\s+)?(?P<ord>\d{1,2})(?:st|nd|rd|th)[\s-]+century")
def _century(m, text):
    return Reading("DATE", "abs", {"value": f"{int(m['ord']) - 1:02d}"})


@rule(
    "year",
    r"(?P<el>" + EARLY_LATE + r")?(?:(?:fiscal|calendar|the\s+year|model\s+year|the\s+fiscal\s+year|fy)\s+)?(?P<year>" + YEAR
    + r")(?:'s)?(?!\d|,\d|\.\d|\s*(?:%|percent|per\s+cent|shares|people|feet|meters|metres|tons|units|miles|yen|dollars|votes|troops|points|acres|cars))",
)
def _year(m, text):
    before = text[max(0, m.start() - 3) : m.start()]
    if re.search(r"(\$|#|No\.\s*|\d[,.]?)$", before):
        return None
    return Reading("DATE", "abs", {"value": m["year"]})


@rule("season", r"(?P<el>" + EARLY_LATE + r")?(?:(?P<rel>last|next|this|this past|the coming|the past|the)\s+)?(?P<season>" + SEASON + r")(?:\s+(?:of\s+)?(?P<year>" + YEAR + r"|" + SPELLED_YEAR + r"))?")
def _season(m, text):
    rel = (m["rel"] or "").lower()
    year_text = m["year"]
    if not rel and not year_text and not m["el"]:
        before = text[: m.start()][-8:].lower()
        if not re.search(r"\b(in|this|since|until|by|during|over)\s+$", before):
            return None
    if m["season"].lower() == "fall" and not rel and not year_text:
        return None
    year = None
    if year_text:
        year = int(year_text) if year_text.isdigit() else spelled_year(year_text)
    if rel == "the" and year is None:
        return None
    return Reading("DATE", "season", {"season": SEASONS[m["season"].lower()], "rel": rel, "year": year})


# --- quarters and halves (financial reporting periods) ----------------------------------
_QORD = r"(?:first|second|third|fourth|1st|2nd|3rd|4th|final|last)"


@rule(
    "quarter",
    r"(?:(?P<det>the|this|last|next|a)\s+(?!(?:first|second|third|fourth|1st|2nd|3rd|4th)-quarter\b))?(?:(?P<yearpos>" + YEAR + r"|this year|last year|next year|fiscal " + YEAR + r")(?:'s|’s)?\s+)?(?:(?:fiscal|calendar|year-ago|year-earlier|year-before|latest|current|comparable|same|recent|previous|preceding)[\s-]+)*(?P<ord>" + _QORD + r")?[\s-]*(?:fiscal\s+)?quarter(?:\s+of\s+(?P<of>" + YEAR + r"|this year|last year|next year|fiscal " + YEAR + "))?",
)
def _quarter(m, text):
    words = m.group(0).lower()
    after = text[m.end() : m.end() + 30].lower()
    ordw = (m["ord"] or "").lower()
    det = (m["det"] or "").lower()
    if not ordw and not det:
        return None
    if det == "a" and not ordw:
        return None  # "a quarter" is usually a fraction
    yoff = -1 if re.search(r"year-(ago|earlier|before)", words) else 0
    yearpos = (m["yearpos"] or m["of"] or "").lower()
    year = None
    if re.search(YEAR, yearpos):
        year = int(re.search(YEAR, yearpos).group(0))
    elif "last year" in yearpos:
        yoff -= 1
    elif "next year" in yearpos:
        yoff += 1
    q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4}.get(ordw)
    rel = None
    if "current" in words and not ordw:
        rel = 0
    elif ordw == "last" or det == "last" or "previous" in words or "preceding" in words:
        rel = -1
    elif det == "next":
        rel = 1
    if not q and not rel and after.startswith((" of ", " to ", "-point", " point", " mile")):
        return None
    return Reading("DATE", "quarter", {"q": q, "year": year, "yoff": yoff, "rel": rel})


@rule(
    "period",
    r"the\s+(?P<what>(?:year-ago|year-earlier|year-before|latest|comparable|same|" + YEAR + r")(?:\s+(?:fiscal\s+)?)?)[\s-]*period",
)
def _period(m, text):
    what = m["what"].lower()
    year_match = re.search(YEAR, what)
    if year_match:
        return Reading("DATE", "quarter", {"q": None, "year": int(year_match.group(0)), "yoff": 0, "rel": None, "period": True})
    yoff = -1 if re.search(r"year-(ago|earlier|before)", what) else 0
    return Reading("DATE", "quarter", {"q": None, "year": None, "yoff": yoff, "rel": None, "period": True})


@rule("half", r"the\s+(?P<ord>first|second|latter)\s+half(?:\s+of\s+(?P<year>" + YEAR + r"|this year|last year|next year|the year))?")
def _half(m, text):
    year = m["year"] or ""
    h = 1 if m["ord"].lower() == "first" else 2
    if year.isdigit():
        return Reading("DATE", "abs", {"value": f"{year}-H{h}"})
    yoff = {"last year": -1, "next year": 1}.get(year.lower(), 0)
    return Reading("DATE", "half", {"h": h, "yoff": yoff})


# --- weekdays, days, parts of days ---------------------------------------------------------


@rule(
    "weekday",
    r"(?:(?P<el>early|late|earlier|later)\s+)?(?:(?P<rel>last|next|this|this past|this coming|coming|past|previous)\s+)?(?P<wd>" + WEEKDAY + r")(?:(?P<plural>s)\b)?(?:\s+(?P<pod>" + POD + r"))?",
)
def _weekday(m, text):
    if not capitalised(m["wd"]):
        return None
    wd = weekday_of(m["wd"])
    pod = PARTS_OF_DAY.get((m["pod"] or "").lower())
    before = text[: m.start()][-7:].lower()
    if m["plural"] or re.search(r"\b(every|each)\s+$", before):
        return Reading("SET", "abs", {"value": f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else "")})
    return Reading("TIME" if pod else "DATE", "weekday", {"wd": wd, "rel": (m["rel"] or "").lower(), "pod": pod})


@rule("every_weekday", r"(?:every|each)\s+(?P<wd>" + WEEKDAY + r")(?:\s+(?P<pod>" + POD + r"))?")
def _every_weekday(m, text):
    pod = PARTS_OF_DAY.get((m["pod"] or "").lower())
    return Reading("SET", "abs", {"value": f"XXXX-WXX-{weekday_of(m['wd'])}" + (f"T{pod}" if pod else "")})


@rule("every_month", r"(?:every|each)\s+(?P<month>" + MONTH + ")")
def _every_month(m, text):
    return Reading("SET", "abs", {"value": f"XXXX-{month_of(m['month']):02d}"})


_DEICTIC = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


@rule(
    "deictic_day",
    r"(?:(?P<el>early|late|earlier|later)\s+)?(?:the\s+day\s+(?P<ba>before|after)\s+)?(?P<day>today|tonight|yesterday|tomorrow)(?:'s|’s)?(?:\s+(?P<pod>" + POD + r"))?",
)
def _deictic_day(m, text):
    word = m["day"].lower()
    offset = _DEICTIC[word]
    if m["ba"]:
        offset += -1 if m["ba"].lower() == "before" else 1
    pod = PARTS_OF_DAY.get((m["pod"] or "").lower())
    return Reading("TIME" if pod else "DATE", "rel_unit", {"n": offset, "unit": "D", "pod": pod})


@rule("this_pod", r"(?:(?P<el>early|late|earlier|later)\s+)?(?P<rel>this|last|tomorrow|yesterday)\s+(?P<pod>" + POD + r")")
def _this_pod(m, text):
    rel = m["rel"].lower()
    pod = PARTS_OF_DAY[m["pod"].lower()]
    offset = {"this": 0, "last": -1 if pod == "NI" else 0, "tomorrow": 1, "yesterday": -1}[rel]
    if rel == "last" and pod != "NI":
        offset = -1
    return Reading("TIME", "rel_unit", {"n": offset, "unit": "D", "pod": pod})


# --- relative units: last week, this year, two months ago --------------------------------------


@rule(
    "rel_unit",
    r"(?P<el>" + EARLY_LATE + r")?(?P<rel>last|next|this|coming|past|previous|the\s+coming|the\s+past|the\s+last|the\s+next|the\s+previous|the\s+following|the\s+current|the\s+same|this\s+past|that|the)\s+(?P<unit>week|weekend|month|year|decade|century)(?:'s|’s)?",
)
def _rel_unit(m, text):
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit_word = m["unit"].lower()
    after = text[m.end() : m.end() + 12].lower()
    if re.match(r"\s*(-|ago|earlier|later|before|after|old|ended|ending)", after) and rel not in ("last", "next", "this"):
        return None
    if after.startswith(("-", " ago", " earlier", " later", " before")):
        return None
    if rel == "the" and unit_word not in ("weekend",):
        return None
    if rel in ("that", "the same"):
        return None
    if rel in ("the past", "the last", "the next", "the coming", "past", "coming") and unit_word not in ("weekend",):
        # "over the past year" is a period ending now; keep DATE values for week/month/year
        n = 1 if rel in ("the next", "the coming", "coming") else -1
        unit = {"week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE"}[unit_word]
        if unit in ("DE", "CE"):
            return Reading("DURATION", "abs", {"value": duration_value(1, unit)})
        return Reading("DATE", "rel_unit", {"n": n, "unit": unit})
    n = {"last": -1, "previous": -1, "the previous": -1, "next": 1, "the following": 1, "this": 0, "the current": 0,
         "this past": -1, "the": 0}.get(rel, 0)
    if unit_word == "weekend":
        return Reading("DATE", "weekend", {"n": n, "rel": rel})
    unit = {"week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE"}[unit_word]
    if rel == "the following":
        return Reading("DATE", "discourse", {"n": 1, "unit": unit})
    return Reading("DATE", "rel_unit", {"n": n, "unit": unit})


@rule(
    "ago",
    r"(?:" + MOD + r")?(?P<num>" + NUM + r")[\s-]+(?P<unit>" + UNIT + r")\s+(?P<dir>ago|earlier|later|before|after|from\s+now|hence|previously|back)",
)
def _ago(m, text):
    n = number_value(m["num"])
    unit = unit_of(m["unit"])
    direction = m["dir"].lower()
    sign = -1 if direction in ("ago", "earlier", "before", "previously", "back") else 1
    if unit in ("H", "MIN", "S"):
        return Reading("TIME", "rel_unit", {"n": 0, "unit": "D"}) if direction in ("ago",) else None
    after_text = text[m.end() : m.end() + 12].lower()
    if direction in ("before", "after") and not re.match(r"\s*[,.;)]|\s*$|\s+(and|but|when|the|that)\b", after_text):
        # "two days before the vote" is anchored on the vote, not on the text's date
        return Reading("DURATION", "abs", {"value": duration_value(n, unit)})
    if n is None:
        return Reading("DATE", "abs", {"value": "PAST_REF" if sign < 0 else "FUTURE_REF"})
    kind = "rel_unit" if direction in ("ago", "from now", "hence", "back") else "discourse"
    params_extra = {"ago": True}
    unit = {"2W": "W"}.get(unit, unit)
    amount = int(n * (2 if unit_of(m["unit"]) == "2W" else 1))
    if unit == "DE":
        unit, amount = "Y", amount * 10
    if unit == "CE":
        unit, amount = "Y", amount * 100
    return Reading("DATE", kind, {"n": sign * amount, "unit": unit, **params_extra})


@rule("year_ago_adj", r"(?P<w>year|month|week|quarter)-(?P<dir>ago|earlier|before)")
def _year_ago_adj(m, text):
    unit = {"year": "Y", "month": "M", "week": "W", "quarter": "Q"}[m["w"].lower()]
    return Reading("DATE", "discourse", {"n": -1, "unit": unit})


@rule("earlier_this", r"(?P<el>earlier|later|early|late)\s+(?P<rel>this|last|next|that)\s+(?P<unit>week|month|year|decade)")
def _earlier_this(m, text):
    unit = {"week": "W", "month": "M", "year": "Y", "decade": "DE"}[m["unit"].lower()]
    rel = m["rel"].lower()
    if rel == "that":
        return Reading("DATE", "discourse", {"n": 0, "unit": unit})
    return Reading("DATE", "rel_unit", {"n": {"this": 0, "last": -1, "next": 1}[rel], "unit": unit})


@rule("that_day", r"(?:(?P<el>earlier|later)\s+)?(?P<rel>that(?:\s+same)?|the\s+same|the\s+next|the\s+following|the\s+previous|the\s+preceding)\s+(?P<unit>day|morning|afternoon|evening|night|week|month|year)")
def _that_day(m, text):
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    word = m["unit"].lower()
    pod = PARTS_OF_DAY.get(word)
    unit = "D" if pod or word == "day" else {"week": "W", "month": "M", "year": "Y"}[word]
    n = {"that": 0, "that same": 0, "the same": 0, "the next": 1, "the following": 1, "the previous": -1, "the preceding": -1}[rel]
    if unit != "D" and rel in ("the next", "the previous") :
        return None  # "the next year" reads as a period ahead; left to rel_unit
    return Reading("TIME" if pod else "DATE", "discourse", {"n": n, "unit": unit, "pod": pod})


# --- durations ------------------------------------------------------------------------------


@rule(
    "duration",
    r"(?:" + MOD + r")*(?:over\s+)?(?P<num>" + NUM + r")(?:\s+more)?[\s-]+(?P<unit>" + UNIT + r")(?P<long>-long)?",
)
def _duration(m, text):
    after = text[m.end() : m.end() + 8].lower()
    if re.match(r"[\s-]*(old|-old)\b", after):
        return None
    num = m["num"].lower()
    unit = unit_of(m["unit"])
    n = number_value(num)
    whole = m.group(0).lower()
    if num in ("a", "an") and re.search(r"(once|twice|times|\$|\d|million|billion|cents|percent|%|per)\s*$", text[max(0, m.start() - 12) : m.start()].lower()):
        return Reading("SET", "abs", {"value": duration_value(1, unit)}) if re.search(r"(once|twice|times)\s*$", text[max(0, m.start() - 8) : m.start()].lower()) else None
    if unit == "Q":
        if num in ("a", "an", "one") and not re.match(r"(the|about|some)", whole):
            return None
        if "-" in whole or m["unit"].lower() == "quarters" and not re.match(r"\d", num) and not re.search(r"\b(the|past|last|next|first|coming)\b", whole):
            return None  # "three-quarters of the vote" is a fraction
        return Reading("DURATION", "abs", {"value": "PXQ" if n is None else f"P{int(n)}Q"})
    if num in ("a", "an") and unit == "S":
        return None
    if re.match(r"\d", num) and unit in ("S", "MIN") and re.match(r"\s*(of|to)\b", after):
        return None
    return Reading("DURATION", "abs", {"value": duration_value(n, unit)})


@rule("units_plural", r"(?P<pre>recent|coming|past|the\s+past\s+few|the\s+last\s+few|the\s+next\s+few|the\s+coming)\s+(?P<unit>years|months|weeks|days|decades)")
def _units_plural(m, text):
    unit = unit_of(m["unit"])
    pre = m["pre"].lower()
    if pre.endswith("recent") and unit == "Y":
        return Reading("DATE", "abs", {"value": "PAST_REF"})
    return Reading("DURATION", "abs", {"value": duration_value(None, unit)})


@rule("sets", r"(?P<w>daily|weekly|yearly|hourly|nightly|bi-weekly|biweekly|semiannually|every\s+(?:other\s+)?(?:day|week|month|quarter|year|morning|night|evening|summer|winter|hour)|each\s+(?:day|week|month|year|morning|night|summer|winter)|per\s+(?:day|week|month|year|hour)|once\s+a\s+(?:day|week|month|year)|twice\s+a\s+(?:day|week|month|year))")
def _sets(m, text):
    w = m["w"].lower()
    if w in ("daily", "weekly", "monthly", "yearly", "annually", "nightly", "hourly", "biweekly", "bi-weekly", "semiannually"):
        after = text[m.end() : m.end() + 12].lower()
        if w in ("daily", "weekly") and re.match(r"\s+(newspaper|news|paper|mail|express|telegraph|star)", after):
            return None
        if capitalised(m["w"]) and w in ("daily",) and m.start() > 0 and text[m.start() - 1] != "\n":
            return None
        value = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y", "nightly": "P1D",
                 "hourly": "PT1H", "biweekly": "P2W", "bi-weekly": "P2W", "semiannually": "P6M"}[w]
        return Reading("SET", "abs", {"value": value})
    unit_word = w.split()[-1]
    pod = PARTS_OF_DAY.get(unit_word)
    if pod:
        return Reading("SET", "abs", {"value": f"XXXX-XX-XXT{pod}"})
    if unit_word in SEASONS:
        return Reading("SET", "abs", {"value": f"XXXX-{SEASONS[unit_word]}"})
    unit = unit_of(unit_word)
    n = 2 if "other" in w else 1
    return Reading("SET", "abs", {"value": duration_value(n, unit)})


# --- times of day ---------------------------------------------------------------------------------
_AMPM = r"(?P<ampm>a\.m\.?|p\.m\.?|am\b|pm\b|o'clock)"
_TZ = r"(?:\s+(?P<tz>EDT|EST|CDT|CST|MDT|MST|PDT|PST|GMT|UTC|BST|CET|local\s+time|local))?"
_TDAY = (r"(?:,?\s+(?:on\s+)?(?:(?P<tday>" + WEEKDAY + r"|today|tonight|yesterday|tomorrow)|(?P<tmonth>" + MONTH
         + r")\s+(?P<tdaynum>" + DAYNUM + r")(?!\d)))?")


@rule("clock", r"(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?\s*" + _AMPM + _TZ + _TDAY)
def _clock(m, text):
    return _clock_reading(m, int(m["h"]), int(m["mi"] or 0))


@rule("clock24", r"(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?:\s*(?P<ampm>h|hrs|GMT|UTC))?" + _TDAY)
def _clock24(m, text):
    before = text[max(0, m.start() - 2) : m.start()]
    if re.search(r"\d[:.]?$", before):
        return None
    return _clock_reading(m, int(m["h"]), int(m["mi"]))


@rule("noon", r"(?P<w>noon|midnight|midday)" + _TDAY)
def _noon(m, text):
    hour = {"noon": 12, "midday": 12, "midnight": 24}[m["w"].lower()]
    return _clock_reading(m, hour, 0)


def _clock_reading(m: re.Match, hour: int, minute: int) -> Reading:
    ampm = (m.groupdict().get("ampm") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    if ampm.startswith("a") and hour == 12:
        hour = 0
    tday = (m.groupdict().get("tday") or "").lower()
    # a clock time with no day of its own is on the day the text is talking about
    day: dict[str, Any] = {"kind": "discourse", "n": 0, "unit": "D"}
    if m.groupdict().get("tmonth") and capitalised(m["tmonth"]):
        day = {"kind": "date", "year": None, "month": month_of(m["tmonth"]), "day": int(re.sub(r"\D", "", m["tdaynum"]))}
    elif tday in WEEKDAYS:
        day = {"kind": "weekday", "wd": WEEKDAYS[tday], "rel": ""}
    elif tday in _DEICTIC:
        day = {"kind": "rel_unit", "n": _DEICTIC[tday], "unit": "D"}
    return Reading("TIME", "clock", {"hour": hour, "minute": minute, "day": day})


# --- holidays --------------------------------------------------------------------------------------
_HOLIDAYS = list(FIXED_HOLIDAYS) + list(FLOATING_HOLIDAYS) + ["easter", "easter sunday", "good friday", "election day", "easter week"]


@rule("holiday", r"(?:(?P<rel>last|next|this)\s+)?(?P<name>" + _alt(_HOLIDAYS) + r")(?:\s+(?P<year>" + YEAR + "))?")
def _holiday(m, text):
    name = m["name"].lower()
    if not capitalised(m["name"]):
        return None
    return Reading("DATE", "holiday", {"name": name, "rel": (m["rel"] or "").lower(), "year": _opt_year(m)})


# --- vague references --------------------------------------------------------------------------------
@rule("present_ref", r"(?P<w>now|current|currently|right\s+now|nowadays|these\s+days|at\s+present|the\s+present|this\s+(?:crucial\s+|critical\s+|historic\s+)?moment)")
def _present_ref(m, text):
    w = m["w"].lower()
    after = text[m.end() : m.end() + 6].lower()
    if w in ("now", "current") and after.startswith("-"):
        return None
    if w == "current" and re.match(r"\s+(account|assets|liabilities|affairs|events|flows?|electric|accounts)\b", after + text[m.end() + 6 : m.end() + 14].lower()):
        return None
    return Reading("DATE", "abs", {"value": "PRESENT_REF"})


@rule("past_ref", r"(?P<w>recently|lately|the\s+past(?!\s+(?:few|several|two|three|four|five|six|\d)))")
def _past_ref(m, text):
    return Reading("DATE", "abs", {"value": "PAST_REF"})


@rule("future_ref", r"(?P<w>the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|the\s+(?:near|short|long)(?:er)?\s+term)")
def _future_ref(m, text):
    # bare "soon", "future" (adjective) and "previously" are left out: in news they
    # are more often not time references than they are (TimeBank agrees)
    return Reading("DATE", "abs", {"value": "FUTURE_REF"})


def trim_offsets(match: re.Match) -> tuple[int, int]:
    """Match span without the trailing possessive ("Friday's" -> "Friday")."""
    start, end = match.span()
    text = match.group(0)
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            end -= len(suffix)
    while end > start and match.string[end - 1] in " ,-":
        end -= 1
    return start, end


@rule(
    "the_year",
    r"the\s+(?P<mod>(?:full|fiscal|current|entire|whole|latest|calendar)\s+(?:fiscal\s+)?)?year(?![-\w])",
)
def _the_year(m, text):
    """ "the (fiscal) year" is the current (reporting) year; "throughout the year" a span of one."""
    after = text[m.end() : m.end() + 14].lower()
    if re.match(r"\s*(ago|earlier|before|after|later|to\b|of\s+\d|\d)", after):
        return None
    if re.match(r"\s*(ended|ending)\b", after):
        return Reading("DURATION", "abs", {"value": "P1Y"})  # "the year ended Sept. 30": one (fiscal) year
    pre_match = re.search(r"(\w+)\s+$", text[max(0, m.start() - 12) : m.start()])
    pre = pre_match.group(1).lower() if pre_match else ""
    mod = (m["mod"] or "").lower()
    if pre in ("during", "over", "through", "throughout") and "current" not in mod:
        return Reading("DURATION", "abs", {"value": "P1Y"})
    return Reading("DATE", "rel_unit", {"n": 0, "unit": "Y"})


@rule("vague_plural", r"(?:(?<=\bthe )|(?<=\bwithin ))(?P<unit>weeks|days|months|years|decades)(?!\s+(?:of|ago|old))")
def _vague_plural(m, text):
    return Reading("DURATION", "abs", {"value": duration_value(None, unit_of(m["unit"]))})


@rule("unit_end", r"(?:the\s+)?(?P<el>end|beginning|start|middle)\s+of\s+(?P<rel>the|this|last|next)\s+(?P<unit>week|month|year|quarter)")
def _unit_end(m, text):
    rel = m["rel"].lower()
    unit = {"week": "W", "month": "M", "year": "Y", "quarter": "Q"}[m["unit"].lower()]
    return Reading("DATE", "rel_unit", {"n": {"last": -1, "next": 1}.get(rel, 0), "unit": unit})


@rule("year_end", r"(?P<pre>(?:around|by|at|since|until|before)\s+)?year[- ]end")
def _year_end(m, text):
    """ "by year-end" is this year's last day; "since year-end" last year's."""
    pre = (m["pre"] or "").strip().lower()
    return Reading("DATE", "year_end", {"back": pre == "since"})


@rule("that_quarter", r"(?:that|the\s+same)\s+(?:fiscal\s+)?quarter")
def _that_quarter(m, text):
    return Reading("DATE", "discourse", {"n": 0, "unit": "Q"})


_TRIGGER_WORDS = (
    list(MONTHS) + list(WEEKDAYS) + list(UNITS) + list(SEASONS) + list(PARTS_OF_DAY)
    + [h.split()[0] for h in _HOLIDAYS]
    + ["weekend", "today", "tonight", "yesterday", "tomorrow", "now", "nowadays", "current", "currently",
       "recent", "recently", "lately", "past", "future", "term", "daily", "weekly", "yearly", "hourly", "nightly",
       "annually", "biweekly", "bi-weekly", "semiannually", "noon", "midnight", "midday", "a.m", "p.m", "am", "pm",
       "o'clock", "moment", "present", "nineteen", "thousand", "year-end", "quarters", "period", "half"]
)
TRIGGER = re.compile(
    r"(?<![\w])(?:" + "|".join(sorted({re.escape(w) for w in _TRIGGER_WORDS if w != "second"}, key=len, reverse=True))
    + r")(?![\w])|\d{4}|\d0'?s\b|\d:\d\d|\d/\d",
    re.IGNORECASE,
)
"""Words without which no rule can match: rules run only in windows around them."""
