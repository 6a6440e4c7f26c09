"""Time expressions: find them and turn them into TimeML TIMEX3 values.

``tag_times(text, anchor, doc)`` runs the compiled rules of ``timex_rules``
over the text, keeps the longest non-overlapping matches, and resolves each
anchor-free :class:`~storyline.analyze.timex_rules.Reading` against the
publication date with tense-aware rules (a bare weekday in past-tense
narration is the last one; "next May" after the anchor month…).  Relative
expressions that depend on an earlier mention ("a year earlier", "the
following day") resolve against the discourse reference time: the last
explicit date or reporting quarter in the text.

No anchor: relative values stay underspecified (``XXXX-WXX-5``, ``XXXX-07``).
The spaCy ``doc`` is optional and only sharpens the tense cue.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from storyline.analyze import timex_calendar as cal
from storyline.analyze.timex_rules import FIXED_HOLIDAYS, FLOATING_HOLIDAYS, RULES, TRIGGER, Reading, trim_offsets
from storyline.model import TimeMention

__all__ = ["tag_times", "tag_readings", "resolve", "TaggedTime", "retag_article", "Discourse"]


@dataclass
class TaggedTime:
    """One recognised expression before resolution: span, reading and tense cue."""

    start: int
    end: int
    text: str
    reading: Reading
    tense: str  # past | present | future


# ------------------------------------------------------------------ recognition


_WINDOW = 48  # characters each side of a trigger word; longer than any expression it starts or ends


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around trigger words, merged, cut at whitespace."""
    spans: list[list[int]] = []
    for m in TRIGGER.finditer(text):
        start, end = max(0, m.start() - _WINDOW), min(len(text), m.end() + _WINDOW)
        floor, ceiling = max(0, start - 30), min(len(text), end + 30)  # text without spaces stays linear
        while start > floor and not text[start - 1].isspace():
            start -= 1
        while end < ceiling and not text[end].isspace():
            end += 1
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    return [(s, e) for s, e in spans]


def _candidates(text: str) -> list[tuple[int, int, Reading, str]]:
    """Every rule match, scanning only the windows around trigger words (the speed of tagging)."""
    found = []
    windows = _windows(text)
    for rule in RULES:
        for w_start, w_end in windows:
            for match in rule.pattern.finditer(text, w_start, w_end):
                reading = rule.build(match, text)
                if reading is None:
                    continue
                start, end = trim_offsets(match)
                if end > start:
                    found.append((start, end, reading, rule.name))
    return found


def _select(cands: list[tuple[int, int, Reading, str]]) -> list[tuple[int, int, Reading, str]]:
    """Longest match wins; ties go to the earlier rule (more specific rules come first)."""
    order = sorted(enumerate(cands), key=lambda ic: (-(ic[1][1] - ic[1][0]), ic[0]))
    taken: list[tuple[int, int, Reading, str]] = []
    for _, cand in order:
        if all(cand[1] <= t[0] or cand[0] >= t[1] for t in taken):
            taken.append(cand)
    return sorted(taken, key=lambda c: c[0])


# ------------------------------------------------------------------ tense

_FUTURE_CUE = re.compile(
    r"\b(will|'ll|’ll|shall|won't|going to|gonna|plans? to|planning to|planned|scheduled|expected|expects to|is to|are to|to be held|would|intends? to|set to|upcoming|next)\b",
    re.IGNORECASE,
)
_PAST_CUE = re.compile(
    r"\b(said|says|was|were|had|did|told|\w{3,}ed|made|met|went|came|took|gave|held|spoke|wrote|began|won|lost|left|sent|saw|found|got|ago|last)\b",
    re.IGNORECASE,
)
_SENT_BREAK = re.compile(r"[.!?]\s|\n")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _SENT_BREAK.finditer(text, max(0, start - 400), start)), default=max(0, start - 400))
    right_m = _SENT_BREAK.search(text, end, end + 400)
    right = right_m.start() + 1 if right_m else min(len(text), end + 400)
    return left, right


def _tense_regex(text: str, start: int, end: int) -> str:
    """Tense of the clause around a mention: the nearest future or past cue wins."""
    left, right = _sentence_bounds(text, start, end)
    best: tuple[int, str] | None = None
    for pattern, label in ((_FUTURE_CUE, "future"), (_PAST_CUE, "past")):
        for m in pattern.finditer(text, left, right):
            if start <= m.start() < end:
                continue
            dist = start - m.end() if m.end() <= start else m.start() - end
            if best is None or dist < best[0]:
                best = (dist, label)
    return best[1] if best else "present"


_INTENT_VERBS = {"plan", "schedule", "expect", "slate", "intend", "aim", "hope", "propose", "due"}
_LOOK_AHEAD_VERBS = _INTENT_VERBS | {"decide", "agree", "want", "vow", "promise", "threaten", "prepare", "seek", "try", "ask", "urge", "order"}


def _tense_doc(doc, start: int, end: int) -> str | None:
    """Tense from the governing verb of the mention in a spaCy parse."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    if token.pos_ not in ("VERB", "AUX"):
        return None
    auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if token.lemma_ in _INTENT_VERBS:
        return "future"  # "planned for March", "scheduled a conference Thursday"
    if token.tag_ == "VB" and any(a.tag_ == "TO" for a in auxes) and token.head.lemma_ in _LOOK_AHEAD_VERBS:
        return "future"  # "decided to admit them in March": the decision looks ahead
    if words & {"will", "'ll", "’ll", "shall", "wo"} or "going" in words:
        return "future"
    if words & {"would"}:
        return "future"
    if token.lower_ == "going" and any(c.lower_ == "to" for c in token.children):
        return "future"
    tags = {token.tag_} | {a.tag_ for a in auxes}
    if tags & {"VBD"}:
        return "past"
    if token.tag_ == "VBN" and words & {"has", "have", "had", "'s", "'ve"}:
        return "past"
    if token.tag_ in ("VBZ", "VBP") or tags & {"VBZ", "VBP"}:
        if token.tag_ == "VBG" or any(c.tag_ == "TO" for c in token.children):
            return "future"
        return "present"
    return None


_FUTURE_PREP = re.compile(
    r"\b(until|till|by|through|effective|payable|as early as|as soon as|no later than|starting|beginning|ahead of|before)\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?$",
    re.IGNORECASE,
)


def tense_at(text: str, start: int, end: int, doc=None) -> str:
    """past | present | future for the clause of a mention.

    A deadline preposition ("until Tuesday", "by February") reads as future;
    then the governing verb in the parse when a doc is given; then cue words.
    """
    if _FUTURE_PREP.search(text[max(0, start - 30) : start]):
        return "future"
    if doc is not None:
        try:
            tense = _tense_doc(doc, start, end)
        except Exception:  # a doc not of this text: fall back to cue words
            tense = None
        if tense:
            return tense
    return _tense_regex(text, start, end)


def tag_readings(text: str, doc=None) -> list[TaggedTime]:
    """Recognise time expressions; no resolution (see :func:`resolve`)."""
    if doc is not None and len(doc.text) != len(text):
        doc = None
    out = []
    for start, end, reading, _ in _select(_candidates(text)):
        out.append(TaggedTime(start, end, text[start:end], reading, tense_at(text, start, end, doc)))
    return out


# ------------------------------------------------------------------ resolution


@dataclass
class Discourse:
    """Reference time carried along the text: the last explicit date and reporting quarter."""

    date: dt.date | None = None
    date_unit: str = "D"
    quarter: tuple[int, int] | None = None  # (year, q)


_EXPLICIT_KINDS = {"date", "abs"}


def _direction(tense: str) -> str:
    return "future" if tense == "future" else "past"


def resolve(t: TaggedTime, anchor: dt.date | None, disc: Discourse | None = None) -> str:
    """TIMEX3 value of a tagged expression under ``anchor`` (underspecified without one)."""
    disc = disc or Discourse()
    r = t.reading
    p = r.params
    kind = r.kind
    if kind == "abs":
        return p["value"]
    if kind == "date":
        year = p.get("year")
        if year is None:
            if anchor is None:
                return f"XXXX-{p['month']:02d}-{p['day']:02d}"
            year = _year_for_month_day(anchor, p["month"], p["day"], t.tense)
        d = cal.safe_date(year, p["month"], p["day"])
        return cal.fmt_day(d) if d else f"{year:04d}-{p['month']:02d}"
    if kind == "month":
        month = p["month"]
        if anchor is None:
            return f"XXXX-{month:02d}"
        rel = p.get("rel") or ""
        if p.get("yoff") is not None:
            return cal.fmt_month(anchor.year + p["yoff"], month)
        if rel in ("last", "this past"):
            year = anchor.year if month < anchor.month else anchor.year - 1
        elif rel in ("next", "this coming", "the coming"):
            year = anchor.year if month > anchor.month else anchor.year + 1
        elif rel == "this":
            year = anchor.year
        elif t.tense == "present":
            year = _nearest_year(anchor, lambda y: dt.date(y, month, 15), "present")
        else:
            year = cal.month_near(anchor, month, _direction(t.tense))
        return cal.fmt_month(year, month)
    if kind == "weekday":
        return _weekday_value(p, anchor, t.tense)
    if kind == "rel_unit":
        if anchor is None:
            if p["n"] == 0 and p["unit"] == "D":
                return "PRESENT_REF" if not p.get("pod") else "XXXX-XX-XXT" + p["pod"]
            return cal.underspecified(p["unit"])
        if p.get("ago") and p["unit"] == "Y" and disc.quarter and disc.date_unit == "Q":
            # "up from $5 million a year ago" in a quarterly report: the same quarter a year back
            return f"{disc.quarter[0] + p['n']:04d}-Q{disc.quarter[1]}"
        value = cal.shift_value(anchor, p["n"], p["unit"])
        if p.get("pod") and p["unit"] == "D":
            value += "T" + p["pod"]
        return value
    if kind == "discourse":
        return _discourse_value(p, anchor, disc)
    if kind == "season":
        return _season_value(p, anchor, t.tense)
    if kind == "weekend":
        if anchor is None:
            return "XXXX-WXX-WE"
        base = anchor
        if p["n"] == 0 and p.get("rel") == "the" and t.tense != "future" and anchor.isoweekday() < 6:
            base = anchor - dt.timedelta(days=7)
        elif p["n"]:
            base = anchor + dt.timedelta(days=7 * p["n"])
        return cal.fmt_week(base) + "-WE"
    if kind == "quarter":
        return _quarter_value(p, anchor, disc, t.tense)
    if kind == "half":
        if anchor is None:
            return f"XXXX-H{p['h']}"
        return f"{anchor.year + p['yoff']:04d}-H{p['h']}"
    if kind == "clock":
        day = TaggedTime(t.start, t.end, t.text, Reading("DATE", p["day"]["kind"], p["day"]), t.tense)
        date_value = resolve(day, anchor, disc)
        if not re.match(r"\d{4}-\d\d-\d\d$", date_value):
            date_value = "XXXX-XX-XX"
        return f"{date_value}T{p['hour']:02d}:{p['minute']:02d}"
    if kind == "holiday":
        return _holiday_value(p, anchor, t.tense)
    if kind == "year_end":
        if anchor is None:
            return "XXXX-12-31"
        back = p.get("back") or (t.tense == "past" and anchor.month < 12)
        return f"{anchor.year - (1 if back else 0):04d}-12-31"
    return "XXXX-XX-XX"


def _year_for_month_day(anchor: dt.date, month: int, day: int, tense: str) -> int:
    """Year of "June 28": the one within half a year of the anchor, nudged by tense."""
    return _nearest_year(anchor, lambda y: cal.safe_date(y, month, day), tense)


def _nearest_year(anchor: dt.date, on, tense: str) -> int:
    """The year whose occurrence (``on(year)``) is nearest the anchor; tense pushes
    a past narration a month's grace back and a future one forward."""
    best_year, best_dist = anchor.year, None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        d = on(year)
        if d is None:
            continue
        dist = (d - anchor).days
        if tense == "past" and dist > 30:
            dist += 365
        if tense == "future" and dist < -30:
            dist -= 365
        if best_dist is None or abs(dist) < abs(best_dist):
            best_year, best_dist = year, dist
    return best_year


def _weekday_value(p: dict, anchor: dt.date | None, tense: str) -> str:
    wd, rel, pod = p["wd"], p.get("rel") or "", p.get("pod")
    if anchor is None:
        return f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else "")
    if rel in ("last", "this past", "past", "previous"):
        d = cal.weekday_on_or_before(anchor, wd, strict=True)
    elif rel in ("next", "coming", "this coming"):
        d = cal.weekday_on_or_after(anchor, wd, strict=True)
    elif rel == "this":
        d = cal.weekday_on_or_after(anchor, wd) if tense == "future" else cal.weekday_on_or_before(anchor, wd)
    elif tense == "future":
        d = cal.weekday_on_or_after(anchor, wd)
    else:
        d = cal.weekday_on_or_before(anchor, wd)
    return cal.fmt_day(d) + (f"T{pod}" if pod else "")


def _season_value(p: dict, anchor: dt.date | None, tense: str) -> str:
    season, rel, year = p["season"], p.get("rel") or "", p.get("year")
    if year:
        return f"{year:04d}-{season}"
    if anchor is None:
        return f"XXXX-{season}"
    month = cal.SEASON_MONTH[season]
    current = anchor.year
    if season == "WI" and anchor.month >= 11:
        current = anchor.year + 1
    if rel in ("last", "the past", "this past"):
        year = current if month + 2 < anchor.month and season != "WI" else current - 1
        if season == "WI":
            year = anchor.year if anchor.month >= 4 else anchor.year - 1
    elif rel in ("next", "the coming"):
        year = current if month > anchor.month else current + 1
    else:
        year = current
    return f"{year:04d}-{season}"


def _quarter_value(p: dict, anchor: dt.date | None, disc: Discourse, tense: str) -> str:
    q = p.get("q")
    year = p.get("year")
    yoff = p.get("yoff") or 0
    if q is None and p.get("rel") is None:
        # "the quarter", "the latest period": the reporting quarter under discussion,
        # which in past narration has ended (a forecast for the running quarter is not it)
        running = anchor is not None and disc.quarter is not None and disc.quarter >= (anchor.year, cal.quarter_of(anchor))
        if disc.quarter and not (running and tense == "past"):
            ref_year, ref_q = disc.quarter
        elif anchor is not None:
            ref_year, ref_q = cal.add_months(anchor.year, anchor.month, -3)[0], cal.quarter_of(
                dt.date(*cal.add_months(anchor.year, anchor.month, -3), 1)
            )
        else:
            return "XXXX-QX"
        if year is not None:
            return f"{year:04d}-Q{ref_q}" if disc.quarter else f"{year:04d}"
        return f"{ref_year + yoff:04d}-Q{ref_q}"
    if q is None:
        if anchor is None:
            return "XXXX-QX"
        if p["rel"] == 0:
            return f"{anchor.year:04d}-Q{cal.quarter_of(anchor)}"
        year_q = dt.date(*cal.add_months(anchor.year, anchor.month, 3 * p["rel"]), 1)
        return f"{year_q.year + yoff:04d}-Q{cal.quarter_of(year_q)}"
    if year is None:
        if anchor is None and not disc.quarter:
            return f"XXXX-Q{q}"
        base_year = anchor.year if anchor is not None else disc.quarter[0]
        if anchor is not None and disc.quarter is None and q > cal.quarter_of(anchor) and tense != "future":
            base_year -= 1  # a reported quarter that has not begun yet is last year's
        elif disc.quarter is not None and anchor is not None and disc.quarter[0] == anchor.year - 1 and q > cal.quarter_of(anchor):
            base_year = disc.quarter[0]
        year = base_year + yoff
    return f"{year:04d}-Q{q}"


def _discourse_value(p: dict, anchor: dt.date | None, disc: Discourse) -> str:
    n, unit = p["n"], p["unit"]
    if unit == "Q" or (disc.quarter and unit == "Y" and n == -1 and disc.date_unit == "Q"):
        if disc.quarter:
            year, q = disc.quarter
            if unit == "Y":
                return f"{year + n:04d}-Q{q}"
            y, m = cal.add_months(year, 3 * q - 2, 3 * n)
            return f"{y:04d}-Q{(m - 1) // 3 + 1}"
    coarse = {"D": 0, "W": 1, "M": 2, "Q": 3, "Y": 4}
    ref = disc.date if disc.date and coarse.get(disc.date_unit, 0) <= coarse.get(unit, 0) else anchor
    if ref is None:
        return cal.underspecified(unit)
    value = cal.shift_value(ref, n, unit)
    if p.get("pod") and unit == "D":
        value += "T" + p["pod"]
    return value


def _holiday_value(p: dict, anchor: dt.date | None, tense: str) -> str:
    name = p["name"]

    def on(year: int) -> dt.date:
        if name in FIXED_HOLIDAYS:
            month, day = map(int, FIXED_HOLIDAYS[name].split("-"))
            return dt.date(year, month, day)
        if name in FLOATING_HOLIDAYS:
            month, wd, nth = FLOATING_HOLIDAYS[name]
            return cal.nth_weekday(year, month, wd, nth)
        if name in ("easter", "easter sunday"):
            return cal.easter(year)
        if name == "good friday":
            return cal.easter(year) - dt.timedelta(days=2)
        if name == "easter week":
            return cal.easter(year)
        if name == "election day":
            return cal.nth_weekday(year, 11, 1, 1) + dt.timedelta(days=1)
        raise KeyError(name)

    if p.get("year"):
        d = on(p["year"])
    elif anchor is None:
        return "XXXX-XX-XX"
    else:
        this_year = on(anchor.year)
        rel = p.get("rel") or ""
        if rel == "last":
            d = this_year if this_year < anchor else on(anchor.year - 1)
        elif rel == "next":
            d = this_year if this_year > anchor else on(anchor.year + 1)
        else:
            d = on(_nearest_year(anchor, on, tense))
    if name == "easter week":
        return cal.fmt_week(d)
    return cal.fmt_day(d)


def _update_discourse(disc: Discourse, t: TaggedTime, value: str) -> None:
    """Explicit dates and quarters become the reference for later relative phrases."""
    r = t.reading
    if r.type == "DURATION" and re.fullmatch(r"P([4-9]|1[0-2])M", value) and t.text.lower().startswith("the"):
        disc.date_unit = "Y"  # "the first nine months": a later "a year earlier" compares that period
        return
    if r.kind in ("discourse", "rel_unit") or (r.kind == "quarter" and (r.params.get("yoff") or r.params.get("rel"))):
        return  # relative phrases follow the reference time, they do not move it
    m = re.match(r"(\d{4})-Q(\d)$", value)
    if m:
        disc.quarter = (int(m.group(1)), int(m.group(2)))
        disc.date_unit = "Q"
        return
    if r.kind in ("month", "season") and re.match(r"\d{4}-\d\d$", value):
        disc.date, disc.date_unit = dt.date(int(value[:4]), int(value[5:7]), 1), "M"
        return
    if r.kind in ("date", "weekday", "holiday", "clock") or (r.kind == "abs" and r.type == "DATE"):
        iv = cal.value_interval(value[:10])
        if iv and iv[0] == iv[1]:
            disc.date, disc.date_unit = iv[0], "D"
        elif iv and r.kind in ("date", "abs"):
            disc.date, disc.date_unit = iv[0], "Y" if len(value) == 4 else "M"


def resolve_all(tagged: list[TaggedTime], anchor: dt.date | None) -> list[str]:
    disc = Discourse()
    values = []
    for t in tagged:
        value = resolve(t, anchor, disc)
        values.append(value)
        _update_discourse(disc, t, value)
    return values


def tag_times(text: str, anchor: dt.date | None, doc=None) -> list[TimeMention]:
    """TIMEX3 mentions in ``text`` resolved against ``anchor`` (publication date).

    ``doc`` (an optional spaCy Doc of ``text``) sharpens the tense cue used for
    bare weekdays and months; everything else is compiled regex rules.
    """
    if isinstance(anchor, str):
        anchor = dt.date.fromisoformat(anchor[:10])
    tagged = tag_readings(text, doc)
    values = resolve_all(tagged, anchor)
    return [TimeMention(t.start, t.end, t.text, t.reading.type, v) for t, v in zip(tagged, values)]


def retag_article(article, doc=None) -> list[TimeMention]:
    """Time mentions of an article under its (possibly newly inferred) publication date.

    Pure helper for the pipeline: after ``infer_from_event`` dates an article,
    call this and store the result in ``article.time_mentions``.
    """
    anchor = dt.date.fromisoformat(article.published[:10]) if article.published else None
    return tag_times(article.text, anchor, doc)
