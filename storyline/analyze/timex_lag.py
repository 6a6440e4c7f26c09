"""When did a happening take place, if no text says so?  An estimate from report lag.

Most reports name the day of what they report ("on Friday", "yesterday"); some
never do (a Sunday piece on a meeting two days earlier, told as "after leaving
the summit").  Then the best available evidence is *when it was reported* and
*how it is told*: news that narrates a finished happening in the past tense,
"after" a multi-day gathering, lags its happening more than news told in the
present or future.

This module learns that lag (days from happening to report) from dated news:
a Bernoulli naive-Bayes table over cheap lead cues (``timex_data/lag_cues.json``:
tense, "after"/"ended", multi-day happenings, live coverage, quotes) plus the
report's weekday.  The table (``timex_data/event_lag.json``) is learned by
``benchmarks/time.py --event-lag`` from articles whose lead names the day of
its happening, with that day's expression blanked out, so the cues seen in
training are those left when no expression pins the day.

The result is an *estimate*: a day, the lag, and a posterior probability that
is its confidence, never to be shown as a date read from text.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from storyline.analyze.timex import tag_readings

__all__ = ["LagModel", "LagEstimate", "lead_cues", "load_lag_model", "estimate_happening_day", "LEAD_CHARS", "LAGS"]

LEAD_CHARS = 600  # title + opening: where news says what happened
LAGS = tuple(range(-2, 7))  # days from happening to report the model knows; others are not lead happenings
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SMOOTH = 1.0


@lru_cache(maxsize=1)
def _cue_patterns() -> dict[str, re.Pattern]:
    raw = json.loads(resources.files("storyline.analyze").joinpath("timex_data/lag_cues.json").read_text("utf-8"))
    return {name: re.compile(rx, re.IGNORECASE) for name, rx in raw.items() if not name.startswith("_")}


def lead_text(text: str, title: str | None = None) -> str:
    """The title and the opening of the text (the title is skipped when the text repeats it)."""
    head = text[:LEAD_CHARS]
    if title and title.strip() and title.strip()[:60] not in head:
        head = title.strip() + "\n" + head
    return head


def blank_times(text: str) -> str:
    """The text with every time expression replaced by spaces (offsets kept)."""
    chars = list(text)
    for t in tag_readings(text):
        chars[t.start : t.end] = " " * (t.end - t.start)
    return "".join(chars)


def lead_cues(text: str, title: str | None = None) -> set[str]:
    """The cue names (keys of ``lag_cues.json``) present in a report's lead, time expressions blanked."""
    lead = blank_times(lead_text(text, title))
    return {name for name, rx in _cue_patterns().items() if rx.search(lead)}


@dataclass
class LagEstimate:
    """An estimated happening day: ``day``, its ``lag`` behind the first report, and ``confidence``."""

    day: dt.date
    lag: int
    confidence: float


@dataclass
class LagModel:
    """Counts for P(lag) and P(cue | lag); ``weekday`` counts P(report weekday | lag)."""

    prior: dict[int, float]
    cue_counts: dict[str, dict[int, float]]
    weekday_counts: dict[str, dict[int, float]]

    @classmethod
    def learn(cls, samples: Iterable[tuple[int, set[str], dt.date]]) -> "LagModel":
        """From ``(lag, cues, report date)`` triples; lags outside ``LAGS`` are skipped."""
        prior: dict[int, float] = {lag: 0.0 for lag in LAGS}
        cues: dict[str, dict[int, float]] = {name: {lag: 0.0 for lag in LAGS} for name in _cue_patterns()}
        weekdays: dict[str, dict[int, float]] = {wd: {lag: 0.0 for lag in LAGS} for wd in _WEEKDAYS}
        for lag, present, reported in samples:
            if lag not in prior:
                continue
            prior[lag] += 1
            for name in present:
                if name in cues:
                    cues[name][lag] += 1
            weekdays[_WEEKDAYS[reported.weekday()]][lag] += 1
        return cls(prior, cues, weekdays)

    @property
    def n(self) -> float:
        return sum(self.prior.values())

    def log_posterior(self, cues: set[str], reported: dt.date) -> dict[int, float]:
        """Normalised log P(lag | cues, report weekday) for every lag in ``LAGS``."""
        n = self.n
        scores = {}
        for lag in LAGS:
            count = self.prior.get(lag, 0.0)
            score = math.log((count + _SMOOTH) / (n + _SMOOTH * len(LAGS)))
            for name, by_lag in self.cue_counts.items():
                p = (by_lag.get(lag, 0.0) + _SMOOTH) / (count + 2 * _SMOOTH)
                score += math.log(p if name in cues else 1.0 - p)
            wd = self.weekday_counts.get(_WEEKDAYS[reported.weekday()], {})
            score += math.log((wd.get(lag, 0.0) + _SMOOTH) / (count + _SMOOTH * len(_WEEKDAYS)))
            scores[lag] = score
        top = max(scores.values())
        norm = top + math.log(sum(math.exp(s - top) for s in scores.values()))
        return {lag: s - norm for lag, s in scores.items()}

    def estimate(self, reports: list[tuple[dt.date, set[str]]]) -> LagEstimate | None:
        """The likeliest happening day given its reports (date, lead cues), each independent evidence.

        The lag is counted from the first report.  Days a report cannot have
        followed by a known lag get a small floor, not zero (it may be a late
        recap).
        """
        if not reports or not self.n:
            return None
        floor = math.log(1e-4)
        per_report = [(reported, self.log_posterior(cues, reported)) for reported, cues in reports]
        candidates = {reported - dt.timedelta(days=lag) for reported, _ in per_report for lag in LAGS}
        scored = {}
        for day in candidates:
            scored[day] = sum(post.get((reported - day).days, floor) for reported, post in per_report)
        top = max(scored.values())
        total = sum(math.exp(s - top) for s in scored.values())
        # ties go to the later day: the smaller claim about an unseen lag
        best = max(scored, key=lambda d: (scored[d], d))
        first = min(reported for reported, _ in per_report)
        return LagEstimate(best, (first - best).days, round(math.exp(scored[best] - top) / total, 3))

    def to_json(self) -> dict:
        return {
            "_doc": "Learned by benchmarks/time.py --event-lag; see storyline.analyze.timex_lag.",
            "lags": list(LAGS),
            "prior": {str(k): v for k, v in self.prior.items()},
            "cues": {name: {str(k): v for k, v in by.items()} for name, by in self.cue_counts.items()},
            "weekdays": {wd: {str(k): v for k, v in by.items()} for wd, by in self.weekday_counts.items()},
        }

    @classmethod
    def from_json(cls, data: dict) -> "LagModel":
        def ints(d: dict) -> dict[int, float]:
            return {int(k): float(v) for k, v in d.items()}

        return cls(ints(data["prior"]), {n: ints(b) for n, b in data["cues"].items()}, {w: ints(b) for w, b in data["weekdays"].items()})

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def load_lag_model() -> LagModel | None:
    """The packaged table, or None when it has not been learned."""
    path = resources.files("storyline.analyze").joinpath("timex_data/event_lag.json")
    if not path.is_file():
        return None
    return LagModel.from_json(json.loads(path.read_text("utf-8")))


def estimate_happening_day(reports: list[tuple[dt.date, str, str | None]], model: LagModel | None = None) -> LagEstimate | None:
    """Estimated day of a happening from its reports ``(report date, text, title)``."""
    model = model or load_lag_model()
    if model is None:
        return None
    return model.estimate([(reported, lead_cues(text, title)) for reported, text, title in reports])
