"""Events and stories on ECB+: B-cubed and ARI of ``storyline.link`` against a tuned peer.

    python benchmarks/events.py ../shared/data/events/ecbplus-dev.jsonl.gz --pred /tmp/ecb-pred.jsonl

Articles are plain texts; they go through spaCy (``storyline.models.get_nlp``)
for sentences and entities, then ``link`` with the default MiniLM featurizer.
The number of clusters is not given to anything.  The linker runs once on the
whole set as one batch and then ``--orders`` times one article at a time in
shuffled orders (incremental use), reporting the spread of F1 over orders.

Peer: TF-IDF + average-linkage agglomerative clustering with the distance
threshold tuned on the same data (separately for events and for topics), i.e.
an optimistic peer.  Analyses and embeddings are cached under ``--cache``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import pickle
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from storyline.link import EmbeddingFeaturizer, LinkConfig, LinkState, link
from storyline.model import Article, EntityMention, Sentence


def bcubed(pred: list, gold: list) -> tuple[float, float, float]:
    pc: dict = defaultdict(set)
    gc: dict = defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold)):
        pc[p].add(i)
        gc[g].add(i)
    precision = float(np.mean([len(pc[p] & gc[g]) / len(pc[p]) for p, g in zip(pred, gold)]))
    recall = float(np.mean([len(pc[p] & gc[g]) / len(gc[g]) for p, g in zip(pred, gold)]))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def ari(pred: list, gold: list) -> float:
    from sklearn.metrics import adjusted_rand_score

    return float(adjusted_rand_score(gold, pred))


def load(path: str) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def analyse(rows: list[dict], cache_dir: Path, mode: str = "pipeline") -> list[Article]:
    """Plain texts → analysed articles, cached (spaCy over 772 texts takes minutes here).

    ``pipeline``: the project's own stages as ``storyline build`` runs them:
    ``storyline.extract.extract`` (splits off the scraped URL/title/date lines
    some texts start with), ``storyline.analyze.analyze`` (sentences, entities,
    inferred publication date, time expressions, quotes) and
    ``storyline.link.entities.canonicalize``; ``spacy``: raw text, spaCy
    sentences and entities only.
    """
    key = hashlib.sha256("".join(r["id"] + r["text"] for r in rows).encode()).hexdigest()[:16]
    path = cache_dir / f"ecb-{mode}-v4-{key}.pkl"
    if path.exists():
        articles = [Article.from_dict(d) for d in pickle.loads(path.read_bytes())]
    else:
        articles = [Article(id=r["id"], source=r["id"], text=r["text"], language="en") for r in rows]
        if mode == "pipeline":
            articles = [_extracted(r) or a for r, a in zip(rows, articles)]
            from storyline.analyze import analyze

            analyze(articles)
        else:
            from storyline.models import get_nlp

            for article, doc in zip(articles, get_nlp().pipe((a.text for a in articles), batch_size=32)):
                article.sentences = [Sentence(s.start_char, s.end_char) for s in doc.sents]
                article.entities = [EntityMention(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]
                article.analyzed = True
        path.write_bytes(pickle.dumps([a.to_dict() for a in articles]))
    if mode == "pipeline":
        try:
            from storyline.link.entities import canonicalize

            canonicalize(articles)
        except Exception as exc:  # another stage's bug must not hide the link figures
            print(f"warning: canonicalize failed ({type(exc).__name__}: {exc}); linking on mention text")
            for a in articles:
                for m in a.entities:
                    m.entity_id = None
    return articles


def _extracted(row: dict) -> Article | None:
    from storyline.extract import extract
    from storyline.model import RawDocument

    try:
        article = extract(RawDocument(id=row["id"], source=row["id"], kind="text", content=row["text"]))
    except Exception:  # ExtractError or a bug upstream: fall back to the plain text
        return None
    article.id = row["id"]
    return article


class CachedEmbed:
    """MiniLM embeddings memoised on disk by text hash (CPU is scarce)."""

    def __init__(self, path: Path):
        self.path = path
        self.vectors: dict[str, np.ndarray] = pickle.loads(path.read_bytes()) if path.exists() else {}
        self.dirty = False

    def __call__(self, texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
        missing = [i for i, k in enumerate(keys) if k not in self.vectors]
        if missing:
            from storyline.models import embed

            vecs = embed([texts[i] for i in missing])
            for i, v in zip(missing, vecs):
                self.vectors[keys[i]] = v
            self.dirty = True
        return np.vstack([self.vectors[k] for k in keys])

    def save(self) -> None:
        if self.dirty:
            self.path.write_bytes(pickle.dumps(self.vectors))
            self.dirty = False


def run_link(
    articles: list[Article], featurizer, batch: int, config: LinkConfig
) -> tuple[dict[str, str], dict[str, str], float]:
    """Link ``articles`` in chunks of ``batch``; returns article→event, article→story, seconds."""
    for a in articles:
        a.duplicate_of = None
    state = LinkState()
    t0 = time.perf_counter()
    for i in range(0, len(articles), batch):
        result = link(articles[i : i + batch], state, featurizer=featurizer, config=config)
        state = result.state
    seconds = time.perf_counter() - t0
    art_event = dict(state.article_event)
    art_story = {a: state.events[e].story_id or e for a, e in art_event.items()}
    return art_event, art_story, seconds


def peer(rows: list[dict], gold_event: list, gold_topic: list) -> dict[str, tuple]:
    """TF-IDF + agglomerative (average, cosine); threshold tuned on this data per target."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    X = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform(r["text"] for r in rows)
    distance = 1.0 - (X @ X.T).toarray()
    np.clip(distance, 0.0, 2.0, out=distance)
    best: dict[str, tuple] = {}
    for threshold in np.arange(0.30, 1.00, 0.01):
        labels = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=float(threshold)
        ).fit_predict(distance)
        for name, gold in (("event", gold_event), ("story", gold_topic)):
            p, r, f = bcubed(list(labels), gold)
            if name not in best or f > best[name][2]:
                best[name] = (p, r, f, ari(list(labels), gold), len(set(labels)), float(threshold))
    return best


def line(name: str, p: float, r: float, f: float, a: float, n: int, extra: str = "") -> str:
    return f"  {name:<22} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  ARI {a:.3f}  clusters {n:>4}{extra}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data")
    ap.add_argument("--pred", help="write {id, event, story} rows here")
    ap.add_argument("--orders", type=int, default=3, help="shuffled one-at-a-time runs")
    ap.add_argument("--batch", type=int, default=0, help="batch size of the main run (0 = all at once)")
    ap.add_argument("--topics", help="comma-separated topic subset (for quick iteration)")
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--event-join", type=float, help="override LinkConfig.event_join (to show the trade-off)")
    ap.add_argument(
        "--reassign-moves", type=int, help="override LinkConfig.reassign_max_moves (0: no order repair, to compare)"
    )
    ap.add_argument(
        "--set", action="append", default=[], metavar="KNOB=VALUE",
        help="override any LinkConfig field (repeatable), e.g. --set story_join=0.47",
    )
    ap.add_argument("--cache", default="/tmp/storyline-bench-cache")
    ap.add_argument("--analysis", choices=("pipeline", "spacy"), default="pipeline")
    args = ap.parse_args(argv)

    rows = load(args.data)
    if args.topics:
        keep = set(args.topics.split(","))
        rows = [r for r in rows if r["topic"] in keep]
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    articles = analyse(rows, cache, args.analysis)
    embedder = CachedEmbed(cache / "ecb-minilm.pkl")
    featurizer = EmbeddingFeaturizer(embed=embedder)
    featurizer(articles)  # warm the embedding cache outside the timed runs
    embedder.save()
    gold_event = [r["event"] for r in rows]
    gold_topic = [r["topic"] for r in rows]
    ids = [r["id"] for r in rows]
    n_gold = (len(set(gold_event)), len(set(gold_topic)))
    print(f"{len(rows)} articles, gold: {n_gold[0]} events, {n_gold[1]} topics")

    from dataclasses import replace

    config = LinkConfig()
    # the two older flags are shorthands for --set
    if args.event_join is not None:
        args.set.insert(0, f"event_join={args.event_join}")
    if args.reassign_moves is not None:
        args.set.insert(0, f"reassign_max_moves={args.reassign_moves}")
    for knob in args.set:
        name, _, value = knob.partition("=")
        current = getattr(config, name)  # AttributeError names an unknown knob
        config = replace(config, **{name: type(current)(value) if not isinstance(current, bool) else value == "true"})
    print(f"event_join {config.event_join}" + "".join(f", {k}" for k in args.set))
    art_event, art_story, secs = run_link(articles, featurizer, args.batch or len(articles), config)
    pe, ps = [art_event[i] for i in ids], [art_story[i] for i in ids]
    how = f"batches of {args.batch}" if args.batch and args.batch < len(articles) else "one batch"
    print(f"storyline.link ({how}, {secs:.1f}s):")
    print(line("event vs gold event", *bcubed(pe, gold_event), ari(pe, gold_event), len(set(pe))))
    print(line("story vs gold topic", *bcubed(ps, gold_topic), ari(ps, gold_topic), len(set(ps))))
    if args.pred:
        with open(args.pred, "w", encoding="utf-8") as fh:
            for i in ids:
                fh.write(json.dumps({"id": i, "event": art_event[i], "story": art_story[i]}) + "\n")

    if args.orders:
        ev_f, st_f = [], []
        for seed in range(args.orders):
            order = articles[:]
            random.Random(seed).shuffle(order)
            ae, ast, secs = run_link(order, featurizer, 1, config)
            ev_f.append(bcubed([ae[i] for i in ids], gold_event)[2])
            st_f.append(bcubed([ast[i] for i in ids], gold_topic)[2])
            print(
                f"  shuffled order {seed}, one at a time ({secs:.1f}s): event F1 {ev_f[-1]:.3f}  story F1 {st_f[-1]:.3f}"
                f"  events {len(set(ae.values()))}  stories {len(set(ast.values()))}"
            )
        print(
            f"  order spread: event F1 {min(ev_f):.3f}-{max(ev_f):.3f} (sd {statistics.pstdev(ev_f):.3f}),"
            f" story F1 {min(st_f):.3f}-{max(st_f):.3f} (sd {statistics.pstdev(st_f):.3f})"
        )

    if not args.no_peer:
        best = peer(rows, gold_event, gold_topic)
        print("peer: TF-IDF + agglomerative, threshold tuned on this data:")
        for name, gold_name in (("event", "gold event"), ("story", "gold topic")):
            p, r, f, a, n, th = best[name]
            print(line(f"{name} vs {gold_name}", p, r, f, a, n, f"  (distance threshold {th:.2f})"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
