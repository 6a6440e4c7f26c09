"""Body-vs-boilerplate decision for lines of scraped text.

Two small logistic regressions, shipped as numbers in ``line_model.json``
(trained by :mod:`storyline.extract.train` on the fundus dev pages, checked by
leave-one-publisher-out cross-validation):

1. per line, from :data:`features.BASE_FEATURES`;
2. per line again, from the first stage's probabilities of the line and its
   neighbours (:data:`features.STACK_FEATURES`) — article text comes in runs,
   so a short line between two paragraphs is body, a long line inside a menu is not.

Lines already marked by a boilerplate rule or taken as metadata never reach the
model.  Without a model file, a transparent length/punctuation rule decides.
"""

from __future__ import annotations

import json
import math
import operator
from functools import lru_cache
from importlib import resources
from typing import Any

from .blocks import Line
from .features import BASE_FEATURES, STACK_FEATURES, _Window, line_features, window_stats

MODEL_FILE = "line_model.json"
_TERMINAL = tuple(".!?\"”’'»)…")


@lru_cache(maxsize=1)
def load_model() -> dict[str, Any] | None:
    path = resources.files(__package__).joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    model = json.loads(path.read_text("utf-8"))
    if model["base"]["features"] != BASE_FEATURES or model["stack"]["features"] != STACK_FEATURES:
        return None  # features changed since training: retrain rather than misread weights
    return model


def _logit(layer: dict[str, Any], row: list[float]) -> float:
    if "trees" in layer:
        return _trees_logit(layer, row)
    weights, bias = _linear(layer)
    return bias + sum(map(operator.mul, weights, row))


def _linear(layer: dict[str, Any]) -> tuple[list[float], float]:
    """Standardisation folded into the weights once: z = b + w·x."""
    cached = layer.get("_linear")
    if cached is None:
        weights = [c / s for c, s in zip(layer["coef"], layer["scale"])]
        bias = layer["intercept"] - sum(w * m for w, m in zip(weights, layer["mean"]))
        cached = layer["_linear"] = (weights, bias)
    return cached


def _trees_logit(layer: dict[str, Any], row: list[float]) -> float:
    """Boosted shallow trees: each node is [feature, threshold, left, right] or [leaf value]."""
    z = layer["init"]
    for tree in layer["trees"]:
        node = tree[0]
        while len(node) == 4:
            node = tree[node[2] if row[node[0]] <= node[1] else node[3]]
        z += layer["rate"] * node[0]
    return z


def _sigmoid(z: float) -> float:
    if z < -35:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def body_probabilities(
    lines: list[Line], reasons: list[str | None], model: dict[str, Any]
) -> list[float]:
    """Second-stage probability that each line is article body (0 for flagged lines)."""
    rows = line_features(lines, reasons)
    mask = [not r for r in reasons]
    first = [_sigmoid(_logit(model["base"], row)) if m else 0.0 for row, m in zip(rows, mask)]
    out = [0.0] * len(lines)
    for i, row in stack_rows(first, mask).items():
        out[i] = _sigmoid(_logit(model["stack"], row))
    return out


def stack_rows(first: list[float], mask: list[bool]) -> dict[int, list[float]]:
    """Second-stage inputs for the lines the model decides.

    Neighbours are counted among those lines only: a widget removed by a rule
    between two paragraphs is transparent, it does not make them look isolated.
    """
    index = [i for i, m in enumerate(mask) if m]
    compact = [first[i] for i in index]
    window = _Window(compact)
    return {i: window_stats(compact, k, window) for k, i in enumerate(index)}


def body_mask(
    lines: list[Line], reasons: list[str | None], model: dict[str, Any] | None = None
) -> list[bool]:
    """True for lines that are article body."""
    model = model or load_model()
    if model is None:
        return [not r and _heuristic(line) for line, r in zip(lines, reasons)]
    threshold = model.get("threshold", 0.5)
    return [p >= threshold for p in body_probabilities(lines, reasons, model)]


def _heuristic(line: Line) -> bool:
    words = line.text.split()
    link_share = line.link_chars / max(1, len(line.text))
    long_prose = len(words) >= 10 and (line.text.rstrip().endswith(_TERMINAL) or len(words) >= 18)
    return long_prose and link_share < 0.5
