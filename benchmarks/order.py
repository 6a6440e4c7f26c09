"""Order dependence of incremental linking on the bundled sample corpus.

    python benchmarks/order.py [examples/] [--orders 8]

Builds the sample corpus once with the real pipeline (extract, analyse,
canonicalise) into a temporary store, then links its articles with a fresh
``LinkState`` one article per ``link`` call in ``--orders`` seeded shuffled
orders, and once as one batch.  Dates the pipeline inferred from events are
cleared first (a fresh ingest has not inferred them yet).  Prints, per order,
how many of the expected events (``expected.json``) are found exactly and
whether the stories match, plus how many reports the order repair moved.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import replace
from collections import defaultdict
from pathlib import Path


def _truth(examples: Path, articles) -> tuple[dict[str, str], dict[str, str]]:
    """article id -> expected event, article id -> expected story (keys as in tests/test_examples.py)."""
    import json

    expected = json.loads((examples / "expected.json").read_text())["articles"]
    corpus = (examples / "corpus").resolve()
    by_source = {a.source: a.id for a in articles}
    event, story = {}, {}
    for key, truth in expected.items():
        path, _, index = key.partition("#")
        full = (corpus / path).as_posix()
        if index:  # the k-th line of a JSON-lines file, its source suffixed ":line"
            lines = sorted((int(s.rsplit(":", 1)[1]), i) for s, i in by_source.items() if s.startswith(full + ":"))
            article_id = lines[int(index)][1]
        else:
            article_id = by_source[full]
        event[article_id], story[article_id] = truth["event"], truth["story"]
    return event, story


def _partition(labels: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for item, label in labels.items():
        groups[label].add(item)
    return {frozenset(g) for g in groups.values()}


def _score(state, gold_event: dict[str, str], gold_story: dict[str, str]) -> tuple[int, int, bool]:
    found = _partition({a: e for a, e in state.article_event.items() if a in gold_event})
    truth = _partition(gold_event)
    story_of = {a: state.events[e].story_id for a, e in state.article_event.items() if a in gold_story}
    return len(found & truth), len(truth), _partition(story_of) == _partition(gold_story)


def _explain(state, gold_event: dict[str, str], by_id: dict) -> None:
    """The expected events not found exactly, and where their reports went."""
    found = _partition({a: e for a, e in state.article_event.items() if a in gold_event})
    groups: dict[str, set[str]] = defaultdict(set)
    for a, label in gold_event.items():
        groups[label].add(a)
    for label, members in sorted(groups.items()):
        if frozenset(members) in found:
            continue
        where = {a: state.article_event[a][:10] for a in members}
        print(
            f"   missed {label}: "
            + ", ".join(
                f"{(by_id[a].title or a)[:40]!r}{' (undated)' if not by_id[a].published else ''} -> {e}"
                for a, e in where.items()
            )
        )


def _print_margins(state, config, by_id: dict, featurizer) -> None:
    """How clearly each report without a printed date sits in its event.

    Its margin there (leave-one-out) minus the next event's; all events are
    compared (the sample corpus is tiny; the linker itself only looks at index
    candidates).
    """
    from storyline.link.events import EventPass
    from storyline.link.reassign import _margin
    from storyline.link.state import Profile

    events = EventPass(state, config)
    for article_id in sorted(a for a, art in by_id.items() if not art.published and a in state.article_row):
        report = Profile.of(featurizer([by_id[article_id]])[0])
        home = state.article_event[article_id]
        rest = state.events[home].profile.copy()
        rest.subtract(report)
        own = _margin(events, report, rest) if rest.size else 0.0
        others = sorted((_margin(events, report, ev.profile), eid) for eid, ev in state.events.items() if eid != home)
        best, best_id = others[-1]
        print(
            f"   {'no day' if report.day_min is None else 'day from text'} {by_id[article_id].title[:45]!r}: own {own:+.3f}, next {best:+.3f} "
            f"({state.events[best_id].title[:30]!r}), lead {own - best:+.3f}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("examples", nargs="?", default="examples", help="folder with corpus/ and expected.json")
    ap.add_argument("--orders", type=int, default=8)
    ap.add_argument("--max-moves", type=int, default=None, help="reassign_max_moves (0: no order repair)")
    ap.add_argument("--verbose", action="store_true", help="print the expected events not found")
    ap.add_argument("--margins", action="store_true", help="after the one-batch build, each undated report's lead")
    args = ap.parse_args(argv)
    examples = Path(args.examples)

    from storyline.link import LinkState, link
    from storyline.link.config import DEFAULT
    from storyline.link.features import EmbeddingFeaturizer
    from storyline.pipeline import build
    from storyline.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/order.db")
        build(store, [str((examples / "corpus").resolve())])
        articles = store.articles()
    for a in articles:
        if a.published_inferred:
            a.published, a.published_inferred, a.published_confidence = None, False, None
        a.duplicate_of = None
    gold_event, gold_story = _truth(examples, articles)
    featurizer = EmbeddingFeaturizer()
    config = DEFAULT if args.max_moves is None else replace(DEFAULT, reassign_max_moves=args.max_moves)

    state = link(articles, LinkState(), featurizer=featurizer, config=config).state
    exact, total, stories_ok = _score(state, gold_event, gold_story)
    print(f"one batch: {exact}/{total} events exact, stories {'exact' if stories_ok else 'differ'}")
    if args.margins:
        _print_margins(state, config, {a.id: a for a in articles}, featurizer)
    counts = []
    for seed in range(args.orders):
        order = list(articles)
        random.Random(seed).shuffle(order)
        state, moves, start = LinkState(), 0, time.perf_counter()
        for article in order:
            result = link([article], state, featurizer=featurizer, config=config)
            state, moves = result.state, moves + len(result.moved_articles)
        exact, total, stories_ok = _score(state, gold_event, gold_story)
        counts.append(exact)
        if args.verbose:
            _explain(state, gold_event, {a.id: a for a in articles})
        print(
            f"order {seed}: {exact}/{total} events exact, stories {'exact' if stories_ok else 'differ'}, "
            f"{moves} moved ({time.perf_counter() - start:.1f}s)"
        )
    if counts:
        print(f"one at a time, {len(counts)} orders: events exact {counts}, all exact in {counts.count(total)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
