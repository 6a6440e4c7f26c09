"""Fit the few weights of the "shared specifics" evidence on ECB+, cross-validated by topic.

    python benchmarks/event_weights.py ../shared/data/events/ecbplus-dev.jsonl.gz

There is no ECB+ train split here, so whatever is fitted on dev is reported
leave-topics-out: topics are split into ``--folds`` groups; for each, a
logistic regression over four numbers (the linker's current margin and three
shared-specifics similarities: figures given, days named by dated reports,
weekdays/months named by undated reports) is fitted on the other topics'
pairs and scored on this group's.  Pairs: every article against its own gold
event (leave-one-out profile) and against the other events of its topic (the
near misses).  Printed: the pairwise ROC AUC of the current margin and of the
fitted scorer on unseen topics, the weights fitted on all topics (as
``LinkConfig`` values: ``event_numbers``, ``event_days_named``,
``event_floating_named``, ``specifics_offset``), and with ``--cluster`` the
B-cubed F1 of ``link`` on each held-out group with that fold's weights.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from events import CachedEmbed, analyse, bcubed, load, run_link  # noqa: E402

from storyline.link import EmbeddingFeaturizer, LinkConfig  # noqa: E402
from storyline.link.events import _cos_sparse, event_similarity, join_threshold  # noqa: E402
from storyline.link.state import EVENT_ENTITIES, EVENT_TERMS, Profile  # noqa: E402

NAMES = ("margin", "numbers", "days_named", "floating_named")


def pair_features(a: Profile, b: Profile, cfg: LinkConfig) -> list[float]:
    both_dated = a.day_min is not None and b.day_min is not None
    neither = a.day_min is None and b.day_min is None
    return [
        event_similarity(a, b, cfg) - join_threshold(a, b, cfg),
        _cos_sparse(a.numbers, b.numbers),
        _cos_sparse(a.times, b.times) if both_dated else 0.0,
        _cos_sparse(a.floating, b.floating) if neither else 0.0,
    ]


def pairs(feats, gold: list[str], topic: list[str], cfg: LinkConfig):
    by_event: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        by_event[g].append(i)

    def profile(ids):
        p = Profile.empty(len(feats[0].dense))
        for i in ids:
            p.add(Profile.of(feats[i]), EVENT_TERMS, EVENT_ENTITIES)
        return p

    whole = {ev: profile(ids) for ev, ids in by_event.items()}
    X, y, groups = [], [], []
    for i in range(len(gold)):
        p = Profile.of(feats[i])
        own = [j for j in by_event[gold[i]] if j != i]
        if own:
            X.append(pair_features(p, profile(own), cfg))
            y.append(1)
            groups.append(topic[i])
        for ev, ids in by_event.items():
            if ev != gold[i] and topic[ids[0]] == topic[i]:
                X.append(pair_features(p, whole[ev], cfg))
                y.append(0)
                groups.append(topic[i])
    return np.array(X), np.array(y), np.array(groups)


def fit(X: np.ndarray, y: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=1.0, max_iter=1000).fit(X, y)


def as_config(model, base: LinkConfig) -> LinkConfig:
    """Weights relative to the margin's own coefficient, so the linker's scale is kept."""
    w = model.coef_[0]
    scale = w[0]
    return replace(
        base,
        event_numbers=round(float(w[1] / scale), 3),
        event_days_named=round(float(w[2] / scale), 3),
        event_floating_named=round(float(w[3] / scale), 3),
        specifics_offset=round(float(-model.intercept_[0] / scale), 3),
    )


def main(argv: list[str] | None = None) -> int:
    from sklearn.metrics import roc_auc_score

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cluster", action="store_true", help="also link each held-out group with its fold's weights")
    ap.add_argument("--cache", default="/tmp/storyline-bench-cache")
    args = ap.parse_args(argv)

    rows = load(args.data)
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    articles = analyse(rows, cache)
    embedder = CachedEmbed(cache / "ecb-minilm.pkl")
    featurizer = EmbeddingFeaturizer(embed=embedder)
    feats = featurizer(articles)
    embedder.save()
    gold = [r["event"] for r in rows]
    topic = [r["topic"] for r in rows]
    # the margin is measured with the shared-specifics terms off
    base = replace(LinkConfig(), event_numbers=0.0, event_days_named=0.0, event_floating_named=0.0, specifics_offset=0.0)
    X, y, groups = pairs(feats, gold, topic, base)
    topics = sorted(set(topic), key=lambda t: (len(t), t))
    folds = [topics[k :: args.folds] for k in range(args.folds)]
    scores = np.zeros(len(y))
    held_event: dict[str, str] = {}
    held_story: dict[str, str] = {}
    plain_event: dict[str, str] = {}
    plain_story: dict[str, str] = {}
    for k, fold in enumerate(folds):
        test = np.isin(groups, fold)
        model = fit(X[~test], y[~test])
        scores[test] = model.decision_function(X[test])
        if args.cluster:
            cfg = as_config(model, LinkConfig())
            subset = [a for a, t in zip(articles, topic) if t in set(fold)]
            ae, ast, _ = run_link(subset, featurizer, len(subset), cfg)
            held_event.update({a: f"{k}:{e}" for a, e in ae.items()})
            held_story.update({a: f"{k}:{s}" for a, s in ast.items()})
            ae, ast, _ = run_link(subset, featurizer, len(subset), base)
            plain_event.update({a: f"{k}:{e}" for a, e in ae.items()})
            plain_story.update({a: f"{k}:{s}" for a, s in ast.items()})
    print(f"{len(rows)} articles, {len(y)} pairs ({int(y.sum())} same event), {args.folds} folds of topics")
    print(f"  pairwise AUC, current margin:            {roc_auc_score(y, X[:, 0]):.4f}")
    print(f"  pairwise AUC, fitted, unseen topics:     {roc_auc_score(y, scores):.4f}")
    cfg = as_config(fit(X, y), LinkConfig())
    print(
        "  fitted on all topics: "
        f"event_numbers={cfg.event_numbers} event_days_named={cfg.event_days_named} "
        f"event_floating_named={cfg.event_floating_named} specifics_offset={cfg.specifics_offset}"
    )
    if args.cluster:
        ids = [r["id"] for r in rows]
        for name, ev, st in (("without specifics", plain_event, plain_story), ("fold weights", held_event, held_story)):
            pe, ps = [ev[i] for i in ids], [st[i] for i in ids]
            p, r, f = bcubed(pe, gold)
            print(f"  link per held-out fold, {name:<17}: events P {p:.3f} R {r:.3f} F1 {f:.3f} ({len(set(pe))})", end="")
            p, r, f = bcubed(ps, topic)
            print(f"; stories P {p:.3f} R {r:.3f} F1 {f:.3f} ({len(set(ps))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
