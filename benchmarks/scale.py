"""Link-stage scale: time per article and peak memory at 1k, 10k and 100k articles.

    python benchmarks/scale.py ../shared/data/timelines/t17 --sizes 1000 10000 100000

Synthetic articles are recombined from real T17 sentences (read at run time):
each *group* (a known event) is a pair of real source articles; each of its
articles draws 4-6 of the first's opening 8 sentences and 2 from the second, plus one
stray sentence from anywhere, and is dated at the first source's date plus 0-2
days.  (At 100k there are more groups than T17 articles, so some groups share
their first source: those are near-indistinguishable by construction.)
About 10 articles per group.

Features are precomputed *outside* the timed part with the model-free
``HashingFeaturizer`` (sparse JL projection of prior-IDF term vectors to 256
dims instead of MiniLM, and capitalised-word runs as stand-in entities,
because MiniLM and spaCy over 100k articles would take hours on this machine).
The timed part is the real ``storyline.link.link`` code path, fed in batches
of ``--batch`` articles: MinHash near-duplicate check, faiss HNSW candidate
search, event scoring and assignment, merge pass, stories, titles.

Articles are made and featurized one batch at a time (untimed), as a build
streams them from the store, so memory is the link state plus one batch.  Each
size runs in a fresh subprocess so its peak RSS (``ru_maxrss``) is its own;
"before link" is the RSS after loading the T17 sentences.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

from storyline.model import Article, EntityMention, Sentence

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“])")
_CAPITALISED = re.compile(r"\b(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)")


def load_sentences(folder: Path) -> tuple[list[list[str]], list[str]]:
    """Every T17 article's sentences (those of 40-400 chars) and its date."""
    articles, dates = [], []
    for path in sorted(folder.glob("*/articles.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                sents = [s.strip() for s in _SENTENCE.split(row["text"]) if 40 <= len(s.strip()) <= 400]
                if len(sents) >= 6:
                    articles.append(sents)
                    dates.append(str(row.get("date") or "")[:10])
    return articles, dates


class Synthesizer:
    """Articles in ~n/10 known groups, made on demand so a run can stream them in batches."""

    def __init__(self, n: int, sources: list[list[str]], dates: list[str], seed: int = 7):
        rng = random.Random(seed)
        self.sources, self.dates, self.seed = sources, dates, seed
        n_groups = max(1, n // 10)
        self.groups = [(rng.randrange(len(sources)), rng.randrange(len(sources))) for _ in range(n_groups)]
        self.labels = [rng.randrange(n_groups) for _ in range(n)]

    def article(self, i: int) -> Article:
        from datetime import date, timedelta

        rng = random.Random(self.seed * 1_000_003 + i)
        a, b = self.groups[self.labels[i]]
        sources = self.sources
        pool = sources[a][:8]  # the source's opening: what reports of one happening share most
        picked = rng.sample(pool, min(len(pool), rng.randint(4, 6)))
        picked += rng.sample(sources[b], 2)
        stray = rng.choice(sources[rng.randrange(len(sources))])
        picked.insert(rng.randrange(1, len(picked) + 1), stray)
        text, sentences, entities = "", [], []
        for s in picked:
            start = len(text)
            text += s + " "
            sentences.append(Sentence(start, start + len(s)))
            for m in _CAPITALISED.finditer(s):
                if m.start() > 0:  # skip the sentence-initial capital
                    entities.append(EntityMention(start + m.start(), start + m.end(), m.group(0), "ORG"))
        try:
            published = (date.fromisoformat(self.dates[a]) + timedelta(days=rng.randint(0, 2))).isoformat()
        except ValueError:
            published = None
        return Article(
            id=f"syn{i:07d}",
            source=f"synthetic/{i}",
            text=text.strip(),
            title=picked[0][:120],
            published=published,
            language="en",
            sentences=sentences,
            entities=entities,
            analyzed=True,
        )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_size(folder: Path, n: int, batch: int, join: float) -> dict:
    from dataclasses import replace

    from storyline.link import HashingFeaturizer, LinkConfig, LinkState, link

    config = replace(LinkConfig(), event_join=join)

    sources, dates = load_sentences(folder)
    synth = Synthesizer(n, sources, dates)
    featurize = HashingFeaturizer()
    rss_before = peak_rss_mb()
    state = LinkState()
    link_s = link_cpu = featurize_s = 0.0
    duplicates = 0
    for i in range(0, n, batch):
        # untimed: make and featurize one batch (a real build streams batches from the store)
        t0 = time.perf_counter()
        articles = [synth.article(j) for j in range(i, min(n, i + batch))]
        feats = dict(zip((a.id for a in articles), featurize(articles)))
        featurize_s += time.perf_counter() - t0

        def featurizer(batch_articles, feats=feats):
            return [feats[a.id] for a in batch_articles]

        t0, c0 = time.perf_counter(), time.process_time()
        state = link(articles, state, featurizer=featurizer, config=config).state
        link_s += time.perf_counter() - t0
        link_cpu += time.process_time() - c0
        duplicates += sum(a.duplicate_of is not None for a in articles)
    t0 = time.perf_counter()
    blob = state.to_bytes()
    save_s = time.perf_counter() - t0
    labels = synth.labels
    ids = [f"syn{j:07d}" for j in range(n)]

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from events import bcubed

    pred = [state.article_event[i] for i in ids]
    _, _, f1 = bcubed(pred, labels)
    return {
        "articles": n,
        "link_seconds": round(link_s, 2),
        "ms_per_article": round(1000 * link_s / n, 3),
        "cpu_ms_per_article": round(1000 * link_cpu / n, 3),
        "featurize_seconds": round(featurize_s, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_before_link_mb": round(rss_before, 1),
        "state_mb": round(len(blob) / 2**20, 1),
        "save_seconds": round(save_s, 2),
        "events": len(state.events),
        "groups": len(set(labels)),
        "duplicates": duplicates,
        "event_bcubed_f1": round(f1, 3),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("t17", help="folder of T17 topic folders (../shared/data/timelines/t17)")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--batch", type=int, default=1000, help="articles per link() call")
    ap.add_argument(
        "--join",
        type=float,
        default=0.45,
        help="event_join for the hashing features (cruder than MiniLM, so calibrated lower than the default)",
    )
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: run one size in-process
    args = ap.parse_args(argv)
    folder = Path(args.t17)
    if args.one:
        print(json.dumps(run_size(folder, args.one, args.batch, args.join)))
        return 0
    results = []
    for n in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, str(folder), "--one", str(n), "--batch", str(args.batch), "--join", str(args.join)],
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            print(f"{n}: failed\n{out.stderr[-2000:]}")
            continue
        res = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(res)
        print(
            f"{n:>7} articles: link {res['link_seconds']:>8.1f}s = {res['ms_per_article']:.3f} ms/article"
            f" (CPU {res['cpu_ms_per_article']:.3f} ms);"
            f" peak RSS {res['peak_rss_mb']:.0f} MB (before link {res['rss_before_link_mb']:.0f} MB);"
            f" state {res['state_mb']} MB; events {res['events']} for {res['groups']} groups;"
            f" event B3 F1 {res['event_bcubed_f1']}; duplicates {res['duplicates']};"
            f" featurize {res['featurize_seconds']}s (untimed)",
            flush=True,
        )
    if len(results) >= 2:
        base, base_cpu = results[0]["ms_per_article"], results[0]["cpu_ms_per_article"]
        for r in results[1:]:
            print(
                f"per-article time at {r['articles']} / at {results[0]['articles']}:"
                f" wall {r['ms_per_article'] / base:.2f}x, CPU {r['cpu_ms_per_article'] / base_cpu:.2f}x"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
