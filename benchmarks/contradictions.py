"""Contradiction finder precision and recall on the sample corpus (issue 7), plus what it says on the seeds.

    python benchmarks/contradictions.py --db /tmp/sample.db [--seeds ../shared/seeds --seeds-db /tmp/seeds.db]

The articles are built by the real pipeline (``storyline.pipeline.build``)
from ``examples/corpus`` into a SQLite store (reused when ``--db`` already
holds it), then grouped by the *expected* events of ``examples/expected.json``
so that event-linker errors do not blur the figures, and compared with
``storyline.write.compare.compare_event``.  Printed:

* planted recall: the contradictions listed under ``contradictions`` in
  expected.json that a reported contradiction covers (its claims' spans, with
  80 characters either side, hold the planted claim texts);
* how many contradictions are reported in all;
* precision against hand labels (``benchmarks/data/contradiction_labels.json``,
  keyed by :func:`pair_key`: event, then each claim's source file name and
  first 60 normalised characters, sorted).  Reports without a label are listed and left out of
  precision; ``--show`` prints every report with its key and label.

The seeds (when ``--seeds`` is given) are grouped by their file prefixes
(000/001/002 one event, 003 and 004 on their own) and every report is printed.
With ``--ecb`` the first ``--ecb-events`` ECB+ events (real news, several
outlets per event; after ``--ecb-skip``) are analysed and compared; their topics
alternate between a development and a held-out half (``--ecb-split``), and
reports are scored with the hand labels of
``benchmarks/data/contradiction_labels_ecb.json`` (keyed by :func:`ecb_key`:
article ids and a few opening words, never whole sentences).  ``--omitted N``
prints a seeded sample of what only one outlet carries.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from storyline.model import Article, Event
from storyline.write.compare import compare_event

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "benchmarks" / "data" / "contradiction_labels.json"
SEED_EVENTS = {"osaka": ("000", "001", "002"), "call": ("003",), "hamburg": ("004",)}


def norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').lower().split())


def pair_key(event: str, contradiction: dict, articles: dict[str, Article] | None = None) -> str:
    """A key that survives offset shifts and outlet relabelling: event, and each claim's
    source file name (its outlet label when the article is unknown) and opening words."""
    def source(c: dict) -> str:
        art = (articles or {}).get(c["article_id"])
        return Path(art.source).name if art is not None else c["outlet"]

    heads = sorted(f"{source(c)}: {norm(c['text'])[:60]}" for c in contradiction["claims"])
    return " || ".join([event, *heads])


def load_store(db: Path | None, inputs: list[Path]) -> list[Article]:
    """The store's articles; built with the real pipeline when the store is new or empty."""
    from storyline.pipeline import build
    from storyline.store import Store

    if db is None:
        import tempfile

        db = Path(tempfile.mkdtemp(prefix="storyline-contra-")) / "s.db"
    store = Store(f"sqlite:///{db}")
    if not store.count_articles():
        t0 = time.perf_counter()
        build(store, [str(p) for p in inputs])
        print(f"built {db} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return store.articles()


def sample_events(articles: list[Article], expected: dict) -> dict[str, Event]:
    events: dict[str, Event] = {}
    for art in articles:
        src = art.source.replace("\\", "/")
        key = next((k for k in expected["articles"] if src.endswith(k)), None)
        if key:
            name = expected["articles"][key]["event"]
            events.setdefault(name, Event(name, name, [])).article_ids.append(art.id)
    return events


def covers(planted: dict, contradiction: dict, articles: dict[str, Article]) -> bool:
    around = [norm(articles[c["article_id"]].text[max(0, c["start"] - 80) : c["end"] + 80])
              for c in contradiction["claims"]]
    return all(any(norm(claim)[:25] in t for t in around) for claim in planted["claims"])


def show(key: str, con: dict, label: object) -> None:
    mark = {True: "TRUE ", False: "false", None: "  ?  "}[label]
    print(f"  [{mark}] {con['kind']:<13} {con['confidence']:.2f}  cue={con.get('cue')}")
    for c in con["claims"]:
        print(f"           {c['outlet'][:18]:<18} {c['text'][:150]!r}")
    if con.get("why"):
        print(f"           why: {con['why']}")
    print(f"           key: {key}")


def run_sample(args: argparse.Namespace) -> None:
    expected = json.loads(args.expected.read_text())
    labels: dict[str, bool] = json.loads(args.labels.read_text()) if args.labels.exists() else {}
    arts = load_store(args.db, [args.corpus])
    articles = {a.id: a for a in arts}
    events = sample_events(arts, expected)
    t0 = time.perf_counter()
    found = {name: compare_event(ev, articles)["contradictions"] for name, ev in sorted(events.items())}
    elapsed = time.perf_counter() - t0
    planted = expected["contradictions"]
    hit = [p for p in planted if any(covers(p, c, articles) for c in found.get(p["event"], []))]
    reported = [(name, c) for name, cons in found.items() for c in cons]
    true = false = 0
    unlabelled = []
    for name, con in reported:
        label = labels.get(pair_key(name, con, articles))
        if label is None and any(covers(p, con, articles) for p in planted if p["event"] == name):
            label = True  # a planted contradiction needs no hand label
        if label is True:
            true += 1
        elif label is False:
            false += 1
        else:
            unlabelled.append((name, con))
    if args.show:
        for name, cons in found.items():
            print(f"event {name}: {len(cons)} reported")
            for con in cons:
                key = pair_key(name, con, articles)
                label = labels.get(key)
                if label is None and any(covers(p, con, articles) for p in planted if p["event"] == name):
                    label = True
                show(key, con, label)
    print(f"sample corpus: {len(events)} events, {len(arts)} articles, comparison {elapsed:.1f}s")
    print(f"planted recall {len(hit)}/{len(planted)}")
    for p in planted:
        if p not in hit:
            print(f"  missed: {p['event']} {p['kind']} {p['claims']}")
    print(f"reported {len(reported)}  (true {true}, false {false}, unlabelled {len(unlabelled)})")
    if true + false:
        print(f"precision {true / (true + false):.3f}  (over {true + false} labelled reports)")
    for name, con in unlabelled:
        show(pair_key(name, con, articles), con, None)


def run_seeds(args: argparse.Namespace) -> None:
    arts = load_store(args.seeds_db, [args.seeds])
    articles = {a.id: a for a in arts}
    for name, prefixes in SEED_EVENTS.items():
        ids = [a.id for a in arts if Path(a.source).name.startswith(prefixes)]
        if not ids:
            print(f"seed event {name}: no articles")
            continue
        cons = compare_event(Event(name, name, ids), articles)["contradictions"]
        print(f"seed event {name} ({len(ids)} articles): {len(cons)} reported")
        for con in cons:
            show(pair_key(name, con, articles), con, None)


ECB_LABELS = ROOT / "benchmarks" / "data" / "contradiction_labels_ecb.json"
#: Opening words of a claim kept in an ECB+ label key: enough to tell claims apart, never a whole sentence.
KEY_WORDS = 5


def ecb_key(event: str, contradiction: dict) -> str:
    """Label key for a report on real news: event, and each claim's article id and first few words.

    Real corpus text must not be copied into the project, so a key holds only
    ids and :data:`KEY_WORDS` opening words per claim (offsets shift with
    upstream changes; ids and opening words mostly do not).
    """
    heads = sorted(f"{c['article_id']}: {' '.join(_opening(c['text']))}" for c in contradiction["claims"])
    return " || ".join([event, *heads])


def _opening(text: str) -> list[str]:
    """The first :data:`KEY_WORDS` words of a claim, a web address counted as one word "<url>"."""
    return [("<url>" if "://" in w or w.startswith("www.") else w) for w in norm(text).split()][:KEY_WORDS]


def ecb_split(names: list[str], rows: list[dict]) -> dict[str, str]:
    """Event name -> "dev" or "held-out": whole topics alternate (a topic's two events stay together)."""
    topic_of = {r["event"]: r["topic"] for r in rows}
    topics = sorted({topic_of[n] for n in names}, key=lambda t: (len(str(t)), str(t)))
    half = {t: ("dev" if i % 2 == 0 else "held-out") for i, t in enumerate(topics)}
    return {n: half[topic_of[n]] for n in names}


def ecb_articles(args: argparse.Namespace, rows: list[dict], names: list[str]) -> dict[str, list[Article]]:
    """Analysed articles per ECB+ event; pickled to ``--ecb-cache`` so re-runs skip the analysis."""
    import pickle
    import re

    from storyline.analyze import analyze

    cache: dict[str, list[Article]] = {}
    if args.ecb_cache and args.ecb_cache.exists():
        cache = pickle.loads(args.ecb_cache.read_bytes())
    todo = [n for n in names if n not in cache]
    for name in todo:
        arts = []
        for r in rows:
            if r["event"] != name:
                continue
            url = re.match(r"\s*(https?://\S+)", r["text"])
            arts.append(Article(id=r["id"], source=r["id"], text=r["text"], url=url.group(1) if url else None))
        analyze(arts)
        cache[name] = arts
    if todo and args.ecb_cache:
        args.ecb_cache.write_bytes(pickle.dumps(cache))
    return {n: cache[n] for n in names}


def run_ecb(args: argparse.Namespace) -> None:
    """Real news: reports per ECB+ event (one event = several outlets' articles), precision per half.

    The first ``--ecb-events`` events (by name) are analysed
    (``storyline.analyze``), the outlet read from the URL on an article's
    first line.  Their topics alternate between a development half and a
    held-out half (:func:`ecb_split`); ``--ecb-split`` picks which to run.
    Reports are scored with the hand labels of ``--ecb-labels``
    (:func:`ecb_key`); ``--show`` prints every report with its key and label.
    """
    import gzip

    rows = [json.loads(line) for line in gzip.open(args.ecb, "rt", encoding="utf-8")]
    names = sorted({r["event"] for r in rows})[args.ecb_skip : args.ecb_skip + args.ecb_events]
    split = ecb_split(names, rows)
    names = [n for n in names if args.ecb_split == "all" or split[n] == args.ecb_split]
    labels: dict[str, dict] = json.loads(args.ecb_labels.read_text()) if args.ecb_labels.exists() else {}
    by_event = ecb_articles(args, rows, names)
    t0 = time.perf_counter()
    tally: dict[str, list[int]] = {}  # half -> [reported, true, false]
    omitted: list[tuple[str, dict]] = []
    for name in names:
        arts = by_event[name]
        comp = compare_event(Event(name, name, [a.id for a in arts]), {a.id: a for a in arts})
        cons = comp["contradictions"]
        omitted.extend((name, row) for row in comp["only_one_outlet"])
        t = tally.setdefault(split[name], [0, 0, 0])
        t[0] += len(cons)
        if args.show:
            print(f"ecb event {name} [{split[name]}] ({len(arts)} articles): {len(cons)} reported")
        for con in cons:
            key = ecb_key(name, con)
            label = labels.get(key, {}).get("true")
            t[1] += label is True
            t[2] += label is False
            if args.show:
                show(key, con, label)
    print(f"ecb: {len(names)} events compared in {time.perf_counter() - t0:.1f}s")
    for half, (reported, true, false) in sorted(tally.items()):
        prec = f"{true / (true + false):.3f}" if true + false else "n/a"
        print(f"ecb {half}: reported {reported}  (true {true}, false {false}, "
              f"unlabelled {reported - true - false})  precision {prec}")
    if args.omitted:
        import random

        print(f"only-one-outlet rows: {len(omitted)}; a seeded sample of {args.omitted} for reading:")
        for name, row in random.Random(7).sample(omitted, min(args.omitted, len(omitted))):
            print(f"  {name} {row['kind']:<5} [{row['outlet'][:22]}] {row['text'][:160]!r}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "examples" / "corpus")
    ap.add_argument("--expected", type=Path, default=ROOT / "examples" / "expected.json")
    ap.add_argument("--db", type=Path, help="SQLite store of the sample corpus (built when absent)")
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--seeds", type=Path, help="seed directory (../shared/seeds)")
    ap.add_argument("--seeds-db", type=Path, help="SQLite store of the seeds (built when absent)")
    ap.add_argument("--show", action="store_true", help="print every report with its key and label")
    ap.add_argument("--ecb", type=Path, help="ECB+ events file (../shared/data/events/ecbplus-dev.jsonl.gz)")
    ap.add_argument("--ecb-events", type=int, default=30, help="how many ECB+ events to compare")
    ap.add_argument("--ecb-skip", type=int, default=0,
                    help="skip this many ECB+ events (by name) first: events never read while writing rules")
    ap.add_argument("--ecb-split", choices=("dev", "held-out", "all"), default="dev",
                    help="which half of the ECB+ events (whole topics alternate) to compare")
    ap.add_argument("--ecb-labels", type=Path, default=ECB_LABELS)
    ap.add_argument("--ecb-cache", type=Path, help="pickle of the analysed ECB+ articles (written when absent)")
    ap.add_argument("--no-sample", action="store_true", help="skip the sample corpus")
    ap.add_argument("--omitted", type=int, default=0,
                    help="also print this many only-one-outlet rows (seeded sample) of the ECB+ events, for reading")
    args = ap.parse_args(argv)
    if not args.no_sample:
        run_sample(args)
    if args.seeds:
        run_seeds(args)
    if args.ecb:
        run_ecb(args)


if __name__ == "__main__":
    main()
