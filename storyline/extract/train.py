"""Train the scraped-text line classifier (``line_model.json``) and report honest figures.

    python -m storyline.extract.train ../shared/data/extraction/fundus-eval.jsonl.gz \
        [--out storyline/extract/line_model.json]

Data: rows with ``id`` (``Publisher_N``), ``noisy_text`` and ``gold`` paragraphs
(the fundus dev split).  A line is labelled body when its normalised text is a
gold paragraph (or a long piece of one).  Lines taken by rules or metadata are
not shown to the model.  The report is leave-one-publisher-out: every page is
scored by a model that never saw its publisher, with the full extract_text
pipeline and the benchmark's bag-of-tokens F1.  Only the dev split is used;
the model is two logistic regressions (a few dozen numbers).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

from .classifier import stack_rows
from .features import BASE_FEATURES, STACK_FEATURES, line_features
from .repeats import repeated_lines
from .text import extract_text, prepare_lines

_TOKEN = re.compile(r"\w+")
TREES = False  # stage 1 as boosted trees instead of a logistic regression (experiment)


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def variants(row: dict) -> list[str]:
    """Other shapes the same page takes when scraped by other tools (for training only).

    Readability-style tools hand over nearly clean text with blank lines between
    paragraphs; partial cleaners leave a few lines of furniture around the article.
    Training on these too keeps the model from learning that the first lines of
    every input are a menu (true of naive scrapes, false of the seeds).
    """
    gold = [p for p in row["gold"] if p.strip()]
    if not gold:
        return []
    lines = [line for line in row["noisy_text"].splitlines() if line.strip()]
    keys = {_normal(p) for p in gold}
    hits = [i for i, line in enumerate(lines) if _normal(line) in keys]
    out = ["\n\n".join(gold)]
    furniture = [line for line in lines if _normal(line) not in keys]
    if len(furniture) >= 6:  # a readability-style scrape that kept a little furniture at both ends
        out.append("\n\n".join(furniture[:3] + gold + furniture[-3:]))
    if hits:
        lo, hi = max(0, hits[0] - 4), min(len(lines), hits[-1] + 5)
        out.append("\n\n".join(lines[lo:hi]))
    return out


def page_examples(row: dict, field: str = "noisy_text") -> tuple[list[list[float]], list[int], list[bool]]:
    """Features, labels and a 'model decides' mask for every line of one page."""
    lines, reasons, _meta = prepare_lines(row[field])
    gold = {_normal(p) for p in row["gold"]}
    gold_text = _normal(" ".join(row["gold"]))
    labels = []
    for line in lines:
        key = _normal(line.text)
        labels.append(int(bool(key) and (key in gold or (len(key) > 40 and key in gold_text))))
    return line_features(lines, reasons), labels, [r is None for r in reasons]


def _fit(x: list[list[float]], y: list[int], c: float) -> dict[str, Any]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    arr = np.asarray(x, dtype=float)
    mean = arr.mean(axis=0)
    scale = arr.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    clf.fit((arr - mean) / scale, y)
    return {
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "coef": [round(float(v), 6) for v in clf.coef_[0]],
        "intercept": round(float(clf.intercept_[0]), 6),
    }


def _fit_trees(x: list[list[float]], y: list[int], n_trees: int = 60, depth: int = 3) -> dict[str, Any]:
    """Small gradient-boosted trees, exported as nested lists (no sklearn at run time)."""
    import numpy as np
    from sklearn.ensemble import GradientBoostingClassifier

    clf = GradientBoostingClassifier(n_estimators=n_trees, max_depth=depth, learning_rate=0.15, random_state=0)
    clf.fit(np.asarray(x, dtype=float), y)
    prior = float(np.mean(y))
    trees = []
    for est in clf.estimators_[:, 0]:
        t = est.tree_
        nodes = []
        for i in range(t.node_count):
            if t.children_left[i] == -1:
                nodes.append([round(float(t.value[i][0][0]), 6)])
            else:
                nodes.append([int(t.feature[i]), round(float(t.threshold[i]), 6), int(t.children_left[i]), int(t.children_right[i])])
        trees.append(nodes)
    return {"init": round(float(np.log(prior / (1 - prior))), 6), "rate": 0.15, "trees": trees}


def _predict(layer: dict[str, Any], rows: list[list[float]]) -> list[float]:
    from .classifier import _logit, _sigmoid

    return [_sigmoid(_logit(layer, r)) for r in rows]


def train(pages: list[tuple[list[list[float]], list[int], list[bool]]], groups: list[str], c: float) -> dict[str, Any]:
    """Stage 1 on line features; stage 2 on out-of-fold stage-1 probabilities."""
    x = [f for feats, _, mask in pages for f, m in zip(feats, mask) if m]
    y = [lab for _, labels, mask in pages for lab, m in zip(labels, mask) if m]
    fit_base = _fit_trees if TREES else (lambda a, b: _fit(a, b, c))
    base = fit_base(x, y)
    # out-of-fold stage-1 probabilities (by publisher) so stage 2 learns from honest inputs
    first: list[list[float]] = [[] for _ in pages]
    publishers = sorted(set(groups))
    folds = [publishers[i::4] for i in range(4)] if len(publishers) >= 4 else [publishers]
    for fold in folds:
        train_idx = [i for i, g in enumerate(groups) if g not in fold or len(folds) == 1]
        fx = [f for i in train_idx for f, m in zip(pages[i][0], pages[i][2]) if m]
        fy = [lab for i in train_idx for lab, m in zip(pages[i][1], pages[i][2]) if m]
        layer = fit_base(fx, fy)
        for i, g in enumerate(groups):
            if g in fold:
                probs = _predict(layer, pages[i][0])
                first[i] = [p if m else 0.0 for p, m in zip(probs, pages[i][2])]
    sx, sy = [], []
    for i, (_, labels, mask) in enumerate(pages):
        for j, row in stack_rows(first[i], mask).items():
            sx.append(row)
            sy.append(labels[j])
    stack = _fit(sx, sy, c)
    return {
        "_why": "Line classifier for scraped text; see storyline/extract/classifier.py and train.py.",
        "threshold": 0.5,
        "base": {"features": BASE_FEATURES, **base},
        "stack": {"features": STACK_FEATURES, **stack},
    }


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    p_tok, g_tok = Counter(_TOKEN.findall(pred)), Counter(_TOKEN.findall(gold))
    overlap = sum((p_tok & g_tok).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    p, r = overlap / sum(p_tok.values()), overlap / sum(g_tok.values())
    return p, r, 2 * p * r / (p + r)


def page_score(row: dict, model: dict[str, Any], furniture: frozenset[str] | None = None) -> tuple[float, float, float]:
    try:
        text = extract_text(row["noisy_text"], model=model, furniture=furniture).text
    except Exception:  # noqa: BLE001 - an empty extraction scores zero
        text = ""
    return prf(text, "\n".join(row["gold"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength")
    parser.add_argument("--threshold", type=float, default=0.5, help="body if probability >= this")
    parser.add_argument("--thresholds", type=float, nargs="*", help="cross-validate several thresholds")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--no-augment", dest="augment", action="store_false", help="train on the naive scrapes only")
    parser.add_argument("--trees", action="store_true", help="stage 1 as small boosted trees")
    args = parser.parse_args(argv)
    global TREES
    TREES = args.trees
    with gzip.open(args.data, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    groups = [row["id"].rsplit("_", 1)[0] for row in rows]
    pages = [page_examples(row) for row in rows]
    if args.augment:  # extra shapes of each training page, never of a test page
        extra = [(g, page_examples({**row, "variant": text}, "variant")) for row, g in zip(rows, groups) for text in variants(row)]
    else:
        extra = []

    thresholds = args.thresholds or [args.threshold]
    per_threshold: dict[float, dict[str, list[tuple[float, float, float]]]] = {t: {} for t in thresholds}
    batch_scores: dict[float, list[tuple[float, float, float]]] = {}
    for held in sorted(set(groups)):
        idx = [i for i, g in enumerate(groups) if g != held]
        train_pages = [pages[i] for i in idx] + [p for g, p in extra if g != held]
        train_groups = [groups[i] for i in idx] + [g for g, _ in extra if g != held]
        model = train(train_pages, train_groups, args.c)
        held_rows = [rows[i] for i, g in enumerate(groups) if g == held]
        furniture = repeated_lines([row["noisy_text"] for row in held_rows])
        for t in thresholds:
            model["threshold"] = t
            per_threshold[t][held] = [page_score(row, model) for row in held_rows]
            batch_scores.setdefault(t, []).extend(page_score(row, model, furniture) for row in held_rows)
    for t, per_publisher in per_threshold.items():
        scores = [s for v in per_publisher.values() for s in v]
        if len(thresholds) == 1 or args.verbose:
            for pub, vals in per_publisher.items():
                print(f"{pub:<20} F1 {statistics.fmean(v[2] for v in vals):.3f}")
        print(
            "threshold {:.2f} leave-one-publisher-out: P {:.3f} R {:.3f} F1 {:.3f} over {} pages".format(
                t, *(statistics.fmean(s[k] for s in scores) for k in range(3)), len(scores)
            )
        )
        print(
            "threshold {:.2f} same, pages of one publisher as one batch (extract_batch): P {:.3f} R {:.3f} F1 {:.3f}".format(
                t, *(statistics.fmean(s[k] for s in batch_scores[t]) for k in range(3))
            )
        )
    if args.out:
        model = train(pages + [p for _, p in extra], groups + [g for g, _ in extra], args.c)
        model["threshold"] = args.threshold
        for layer in ("base", "stack"):
            model[layer].pop("_linear", None)
        args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
