"""Line features for the body-vs-boilerplate classifier.

Every feature is a plain number a person can read off the line or its
neighbourhood: length, closing punctuation, stop-word density (prose is dense in
function words, menus and buttons are not), link share, capitalisation, digits,
position in the page, repetition within the page, and how prose-like the
surrounding lines are.  The heaviest run of prose lines (a maximum-sum segment)
marks where the article most likely sits.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib import resources

from .blocks import Line

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_TERMINAL = tuple(".!?\"”’'»…")
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+(?=[A-Z\"“‘])")
_NAV = re.compile(r"[|•·»›>/]")

BASE_FEATURES = [
    "log_words",
    "long10",
    "long20",
    "terminal",
    "colon_end",
    "starts_upper",
    "starts_lower",
    "stopword_share",
    "comma_per_word",
    "digit_share",
    "upper_share",
    "titlecase_share",
    "link_share",
    "heading",
    "list_item",
    "nav_chars",
    "repeated",
    "in_heaviest_run",
    "run_distance",
    "short",
    "prose_window1",
    "prose_window3",
    "prose_window8",
    "prev_log_words",
    "next_log_words",
    "avg_word_len",
    "sentences",
    "headline_like",
    "headline_run",
]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    data = json.loads(resources.files(__package__).joinpath("stopwords.json").read_text("utf-8"))
    return frozenset(w for key, words in data.items() if not key.startswith("_") for w in words)


_NON_WORD = re.compile(r"\W+")


def _normal(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()


def _prose_like(words: int, text: str) -> float:
    """1 for a full sentence-like line, 0 for a label, in between for short prose."""
    if words >= 12 and (text.endswith(_TERMINAL) or words >= 20):
        return 1.0
    if words >= 6 and text.endswith(_TERMINAL):
        return 0.5
    return 0.0


def line_features(lines: list[Line], reasons: list[str | None]) -> list[list[float]]:
    """One feature vector (in BASE_FEATURES order) per line."""
    n = len(lines)
    stop = stopwords()
    texts = [line.text.strip() for line in lines]
    tokens = [_WORD.findall(t) if not r else [] for t, r in zip(texts, reasons)]
    counts = [len(t.split()) for t in texts]
    prose = [_prose_like(c, t) if not r else 0.0 for c, t, r in zip(counts, texts, reasons)]
    normals = [_normal(t) for t in texts]
    seen: dict[str, int] = {}
    for key in normals:
        seen[key] = seen.get(key, 0) + 1
    heavy = _heaviest_run(counts, prose, reasons)
    in_headline_run = _headline_runs(texts, counts, reasons)
    prose_sums = _Window(prose)
    rows = []
    blank = [0.0] * len(BASE_FEATURES)
    for i, text in enumerate(texts):
        if reasons[i]:  # decided by a rule; the model never sees it
            rows.append(blank)
            continue
        words = tokens[i]
        nw = max(1, counts[i])
        chars = max(1, len(text))
        titled = sum(map(str.isupper, [w[0] for w in words])) / max(1, len(words))
        digits, uppers, letters = _char_counts(text)
        rows.append(
            [
                math.log1p(counts[i]),
                1.0 if counts[i] >= 10 else 0.0,
                1.0 if counts[i] >= 20 else 0.0,
                1.0 if text.endswith(_TERMINAL) else 0.0,
                1.0 if text.endswith(":") else 0.0,
                1.0 if text[:1].isupper() else 0.0,
                1.0 if text[:1].islower() else 0.0,
                sum(map(stop.__contains__, map(str.lower, words))) / max(1, len(words)),
                text.count(",") / nw,
                digits / chars,
                uppers / max(1, letters),
                titled,
                min(1.0, lines[i].link_chars / chars),
                1.0 if lines[i].heading else 0.0,
                1.0 if lines[i].list_item else 0.0,
                min(1.0, len(_NAV.findall(text)) / 3),
                1.0 if seen[normals[i]] > 1 else 0.0,
                1.0 if heavy[0] <= i <= heavy[1] else 0.0,
                math.log1p(max(0, heavy[0] - i, i - heavy[1])),
                1.0 if counts[i] < 5 else 0.0,
                prose_sums.mean(i, 1),
                prose_sums.mean(i, 3),
                prose_sums.mean(i, 8),
                math.log1p(counts[i - 1]) if i > 0 else 0.0,
                math.log1p(counts[i + 1]) if i + 1 < n else 0.0,
                sum(map(len, words)) / max(1, len(words)),
                math.log1p(len(_SENTENCE_END.findall(text))),
                1.0 if 4 <= counts[i] <= 20 and not text.endswith(_TERMINAL) and titled > 0.5 else 0.0,
                1.0 if in_headline_run[i] else 0.0,
            ]
        )
    return rows


_HEADLINE_END = tuple(".!?\"”’'»…:;")


def _headline_shaped(text: str, count: int) -> bool:
    """A teaser's headline: 6-30 words, mostly capitalised, no closing punctuation."""
    if not 6 <= count <= 30 or text.endswith(_HEADLINE_END):
        return False
    words = _WORD.findall(text)
    return sum(w[:1].isupper() for w in words) >= 0.6 * max(1, len(words))


def _headline_runs(texts: list[str], counts: list[int], reasons: list[str | None]) -> list[bool]:
    """Headline-shaped lines next to another one (rule-removed lines are transparent).

    A list of headlines is a "trending"/"more from" block; an article's own subheads
    stand alone between paragraphs (on the dev pages 128 such lines were furniture, 9 body,
    all of them in list articles)."""
    index = [i for i, r in enumerate(reasons) if not r]
    shaped = [_headline_shaped(texts[i], counts[i]) for i in index]
    out = [False] * len(texts)
    for k, i in enumerate(index):
        if shaped[k] and ((k > 0 and shaped[k - 1]) or (k + 1 < len(index) and shaped[k + 1])):
            out[i] = True
    return out


_ASCII_DIGITS = b"0123456789"
_ASCII_UPPER = bytes(range(65, 91))
_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))


def _char_counts(text: str) -> tuple[int, int, int]:
    """Digits, upper-case letters and letters of ``text`` (as str.isdigit/isupper/isalpha
    count them; ASCII lines, most of a page, are counted in C)."""
    if text.isascii():
        raw = text.encode("ascii")
        n = len(raw)
        return (
            n - len(raw.translate(None, _ASCII_DIGITS)),
            n - len(raw.translate(None, _ASCII_UPPER)),
            n - len(raw.translate(None, _ASCII_LETTERS)),
        )
    return sum(map(str.isdigit, text)), sum(map(str.isupper, text)), sum(map(str.isalpha, text))


class _Window:
    """Neighbourhood means in O(1) from prefix sums (the line itself excluded)."""

    def __init__(self, values: list[float]) -> None:
        self.values = values
        self.prefix = [0.0]
        for v in values:
            self.prefix.append(self.prefix[-1] + v)

    def mean(self, i: int, radius: int) -> float:
        lo, hi = max(0, i - radius), min(len(self.values), i + radius + 1)
        count = hi - lo - 1
        return (self.prefix[hi] - self.prefix[lo] - self.values[i]) / count if count > 0 else 0.0


def _heaviest_run(counts: list[int], prose: list[float], reasons: list[str | None]) -> tuple[int, int]:
    """Maximum-sum segment: prose lines add their length, other lines cost a little."""
    best, best_span = 0.0, (-1, -2)
    total, start = 0.0, 0
    for i, (count, p) in enumerate(zip(counts, prose)):
        gain = count * p if p else -(3.0 + min(count, 10) * 0.3) - (5.0 if reasons[i] else 0.0)
        if total <= 0:
            total, start = 0.0, i
        total += gain
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def window_stats(values: list[float], i: int, window: _Window | None = None) -> list[float]:
    """Context of a first-stage probability: neighbours at ±1, ±2, ±4 and ±8.

    ``window``: prefix sums over ``values`` when the caller asks for every line."""
    window = window or _Window(values)
    return [
        values[i],
        window.mean(i, 1),
        window.mean(i, 2),
        window.mean(i, 4),
        window.mean(i, 8),
        values[i - 1] if i > 0 else 0.0,
        values[i + 1] if i + 1 < len(values) else 0.0,
    ]


STACK_FEATURES = ["p", "p_win1", "p_win2", "p_win4", "p_win8", "p_prev", "p_next"]
