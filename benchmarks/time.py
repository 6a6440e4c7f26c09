"""TempEval-3 style evaluation of storyline's time tagger.

    python benchmarks/time.py ../shared/data/time/tempeval3-tbaq.jsonl.gz --pred OUT.jsonl
    python benchmarks/time.py ../shared/data/timelines/t17 --dating
    python benchmarks/time.py ../shared/data/timelines/t17 --event-lag [--learn-lag FILE]

Reads rows ``{id, dct, text, timexes}``, tags each text with
``storyline.analyze.timex.tag_times`` anchored at ``dct``, writes predictions as
``{"id", "timexes": [{"start","end","type","value"}]}`` and prints strict and
relaxed span P/R/F1, type accuracy / F1 and value F1 (TempEval-3: an attribute
counts when the span matches relaxed and the attribute is equal), side by side
with a naive peer (spaCy DATE/TIME entity spans + dateparser with
RELATIVE_BASE = dct) and HeidelTime's published TempEval-3 figures.

The spaCy parse is done once, batched (``nlp.pipe``), and shared by the
tagger (tense cues) and the peer.  ``--no-doc`` tags from text alone.  Week
values are compared with the week number zero-padded on both sides
(``1998-W7`` == ``1998-W07``: the same ISO week written two ways).
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

HEIDELTIME = {"strict_f1": 0.8134, "relaxed_f1": 0.9030, "value_f1": 0.7761}  # as quoted in the issue


def load(path: str, limit: int | None = None) -> list[dict]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def canon_value(value: str) -> str:
    return re.sub(r"-W(\d)(?!\d)", r"-W0\1", (value or "").strip())


def match_pairs(gold: list[dict], pred: list[dict]) -> tuple[int, list[tuple[dict, dict]]]:
    """Strict count and a one-to-one relaxed (overlap) matching."""
    strict = sum(1 for p in pred if any(p["start"] == g["start"] and p["end"] == g["end"] for g in gold))
    used: set[int] = set()
    pairs = []
    for p in sorted(pred, key=lambda x: x["start"]):
        best = None
        for i, g in enumerate(gold):
            if i in used or p["end"] <= g["start"] or p["start"] >= g["end"]:
                continue
            overlap = min(p["end"], g["end"]) - max(p["start"], g["start"])
            if best is None or overlap > best[0]:
                best = (overlap, i)
        if best:
            used.add(best[1])
            pairs.append((gold[best[1]], p))
    return strict, pairs


def prf(correct: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = correct / n_pred if n_pred else 0.0
    r = correct / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(rows: list[dict], preds: dict[str, list[dict]]) -> dict[str, float]:
    n_gold = n_pred = strict = relaxed = type_ok = value_ok = 0
    for row in rows:
        gold = row["timexes"]
        pred = preds.get(row["id"], [])
        s, pairs = match_pairs(gold, pred)
        n_gold += len(gold)
        n_pred += len(pred)
        strict += s
        relaxed += len(pairs)
        type_ok += sum(1 for g, p in pairs if g["type"] == p["type"])
        value_ok += sum(1 for g, p in pairs if canon_value(g["value"]) == canon_value(p["value"]))
    out = {}
    out["strict_p"], out["strict_r"], out["strict_f1"] = prf(strict, n_pred, n_gold)
    out["relaxed_p"], out["relaxed_r"], out["relaxed_f1"] = prf(relaxed, n_pred, n_gold)
    out["type_acc"] = type_ok / relaxed if relaxed else 0.0
    out["type_f1"] = prf(type_ok, n_pred, n_gold)[2]
    out["value_acc"] = value_ok / relaxed if relaxed else 0.0
    out["value_f1"] = prf(value_ok, n_pred, n_gold)[2]
    out["n_gold"], out["n_pred"] = n_gold, n_pred
    return out


def run_storyline(rows, docs, use_doc: bool) -> tuple[dict[str, list[dict]], float]:
    from storyline.analyze.timex import tag_times

    preds = {}
    t0 = time.perf_counter()
    for row, doc in zip(rows, docs):
        anchor = dt.date.fromisoformat(row["dct"][:10])
        mentions = tag_times(row["text"], anchor, doc if use_doc else None)
        preds[row["id"]] = [{"start": m.start, "end": m.end, "type": m.type, "value": m.value, "text": m.text} for m in mentions]
    return preds, time.perf_counter() - t0


def run_peer(rows, docs) -> dict[str, list[dict]]:
    """Naive peer: spaCy DATE/TIME entities, values by dateparser relative to the dct."""
    import dateparser

    preds = {}
    for row, doc in zip(rows, docs):
        base = dt.datetime.fromisoformat(row["dct"][:10])
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
        out = []
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            parsed = dateparser.parse(ent.text, languages=["en"], settings=settings)
            if parsed is None:
                value = "XXXX-XX-XX"
            elif ent.label_ == "TIME":
                value = parsed.strftime("%Y-%m-%dT%H:%M")
            else:
                value = parsed.strftime("%Y-%m-%d")
            out.append({"start": ent.start_char, "end": ent.end_char, "type": ent.label_, "value": value})
        preds[row["id"]] = out
    return preds


def run_dating(folder_root: str, limit: int | None = None, every: int = 1) -> None:
    """Publication-date inference with each article's printed date hidden.

    Over Timeline17 folders (``articles.jsonl.gz`` rows ``id, date, text``): for each
    article, infer its date from its text alone; then with the happenings dated by
    the *other* articles of its folder (leave-one-out ``known``, merged with
    ``merge_happenings``); then also with the printed dates of the three other
    articles of its folder (its story) that read most alike (``NeighbourIndex``).
    Prints coverage (share dated) and accuracy (|error| <= 1 day, <= 7 days) over
    the dated ones.  ``every``: score every N-th article only (all still teach).
    """
    from storyline.analyze.dating import NeighbourIndex, infer_published, learn_happenings, merge_happenings
    from storyline.model import Article

    root = Path(folder_root)
    modes = ("text", "text+known", "text+known+similar")
    totals = {m: [0, 0, 0, 0, 0, 0] for m in modes}  # n, dated, <=1 day, <=7, confident, confident <=1 day
    t0 = time.perf_counter()
    for folder in sorted(p for p in root.iterdir() if (p / "articles.jsonl.gz").exists()):
        rows = load(str(folder / "articles.jsonl.gz"), limit)
        articles = [Article(id=r["id"], source=folder.name, text=r["text"], published=r["date"][:10]) for r in rows]
        learned = [learn_happenings(a) for a in articles]
        days = [dt.date.fromisoformat(r["date"][:10]) for r in rows]
        index = NeighbourIndex([a.text for a in articles])
        for i, (row, article) in enumerate(zip(rows, articles)):
            if i % every:
                continue
            truth = days[i]
            hidden = Article(id=article.id, source=article.source, text=article.text)
            known = merge_happenings([h for j, h in enumerate(learned) if j != i])
            similar = [(days[j], sim) for j, sim in index.nearest(i, list(range(len(rows))))]
            for mode, kn, near in (("text", None, None), ("text+known", known, None), ("text+known+similar", known, similar)):
                guess = infer_published(hidden, known=kn, neighbours=near)
                tally = totals[mode]
                tally[0] += 1
                if guess:
                    err = abs((dt.date.fromisoformat(guess[0]) - truth).days)
                    tally[1] += 1
                    tally[2] += err <= 1
                    tally[3] += err <= 7
                    if guess[1] >= 0.5:
                        tally[4] += 1
                        tally[5] += err <= 1
    print(f"publication-date inference, printed dates hidden ({time.perf_counter() - t0:.0f}s)")
    print(f"{'evidence':<20}{'articles':>9}{'dated':>8}{'coverage':>10}{'acc ±1d':>9}{'acc ±7d':>9}"
          f"{'conf>=.5':>10}{'its ±1d':>9}{'±1d/all':>9}")
    for mode, (n, dated, d1, d7, sure, sure1) in totals.items():
        print(f"{mode:<20}{n:>9}{dated:>8}{dated / max(n, 1):>10.3f}{d1 / max(dated, 1):>9.3f}{d7 / max(dated, 1):>9.3f}"
              f"{sure:>10}{sure1 / max(sure, 1):>9.3f}{d1 / max(n, 1):>9.3f}")


_DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d")
_YEAR_IN = re.compile(r"\b(?:19|20)\d\d\b")


def lead_happening_samples(folder_root: str, limit: int | None = None) -> list[dict]:
    """One sample per Timeline17 article whose lead names the day of its happening.

    The happening day is the first day-level DATE/TIME expression of the lead
    that carries no year (a full date with a year near the top is a dateline,
    i.e. the report's own date).  ``gold`` is set when that day is a date of the
    folder's gold timelines and the entry shares two content words with the
    lead: the day is then confirmed by the human timeline, not just the tagger.
    """
    from storyline.analyze.dating import salient_words
    from storyline.analyze.timex import tag_times
    from storyline.analyze.timex_lag import LEAD_CHARS, lead_cues

    samples = []
    for folder in sorted(p for p in Path(folder_root).iterdir() if (p / "articles.jsonl.gz").exists()):
        entries = [e for tl in json.loads((folder / "timelines.json").read_text("utf-8")).values() for e in tl]
        by_day: dict[str, list[set[str]]] = {}
        for e in entries:
            by_day.setdefault(e["date"][:10], []).append(salient_words(e["text"]))
        for row in load(str(folder / "articles.jsonl.gz"), limit):
            reported = dt.date.fromisoformat(row["date"][:10])
            lead = row["text"][:LEAD_CHARS]
            day = None
            for m in tag_times(lead, reported):
                if m.type in ("DATE", "TIME") and _DAY_VALUE.match(m.value) and not _YEAR_IN.search(m.text):
                    day = dt.date.fromisoformat(m.value[:10])
                    break
            if day is None:
                continue
            words = salient_words(lead)
            gold = any(len(words & entry) >= 2 for entry in by_day.get(day.isoformat(), []))
            samples.append({"folder": folder.name, "topic": folder.name.split("_")[0], "id": row["id"], "reported": reported,
                            "day": day, "lag": (reported - day).days, "cues": lead_cues(row["text"]), "gold": gold})
    return samples


def run_event_lag(folder_root: str, limit: int | None = None, learn_path: str | None = None) -> None:
    """How well the lag model dates a happening whose day no expression gives.

    Leave-one-topic-out: the model is learned on the other topics' samples
    (see :func:`lead_happening_samples`) and dates the held-out topic's
    happenings from their report dates and blanked leads.  Baselines: the
    publication date, the day before it, and the training prior's likeliest lag.
    Scored per report (all samples; gold-confirmed ones) and per gold timeline
    happening (its confirmed reports together, lag from the first).
    """
    from storyline.analyze.timex_lag import LAGS, LagModel

    t0 = time.perf_counter()
    samples = lead_happening_samples(folder_root, limit)
    usable = [s for s in samples if s["lag"] in LAGS]
    topics = sorted({s["topic"] for s in usable})
    methods = ("publication date", "publication - 1", "prior's likeliest lag", "lag model (cues)")
    rows = {"reports": {m: [] for m in methods}, "gold reports": {m: [] for m in methods}, "gold happenings": {m: [] for m in methods}}
    confident: list[bool] = []
    for topic in topics:
        train = [s for s in usable if s["topic"] != topic]
        test = [s for s in samples if s["topic"] == topic]
        model = LagModel.learn((s["lag"], s["cues"], s["reported"]) for s in train)
        prior_lag = max(model.prior, key=lambda k: model.prior[k])
        for s in test:
            est = model.estimate([(s["reported"], s["cues"])])
            guesses = [s["reported"], s["reported"] - dt.timedelta(days=1), s["reported"] - dt.timedelta(days=prior_lag), est.day]
            errors = [abs((g - s["day"]).days) for g in guesses]
            for m, err in zip(methods, errors):
                rows["reports"][m].append(err)
                if s["gold"]:
                    rows["gold reports"][m].append(err)
            if est.confidence >= 0.5:
                confident.append(errors[-1] == 0)
        happenings: dict[tuple[str, dt.date], list[dict]] = {}
        for s in test:
            if s["gold"]:
                happenings.setdefault((s["folder"], s["day"]), []).append(s)
        for (_, day), reports in happenings.items():
            first = min(r["reported"] for r in reports)
            est = model.estimate([(r["reported"], r["cues"]) for r in reports])
            guesses = [first, first - dt.timedelta(days=1), first - dt.timedelta(days=prior_lag), est.day]
            for m, g in zip(methods, guesses):
                rows["gold happenings"][m].append(abs((g - day).days))
    print(f"event-day estimate with the day's expression hidden, leave-one-topic-out over {', '.join(topics)} "
          f"({len(samples)} reports whose lead names its day, {len(usable)} within lags {LAGS[0]}..{LAGS[-1]}; "
          f"{time.perf_counter() - t0:.0f}s)")
    print(f"{'population':<17}{'method':<24}{'n':>6}{'exact':>8}{'±1 day':>8}")
    for population, by_method in rows.items():
        for m, errs in by_method.items():
            n = len(errs)
            exact, near = sum(e == 0 for e in errs) / max(n, 1), sum(e <= 1 for e in errs) / max(n, 1)
            print(f"{population:<17}{m:<24}{n:>6}{exact:>8.3f}{near:>8.3f}")
    print(f"lag model, confidence >= 0.5: {len(confident)} reports, exact {sum(confident) / max(len(confident), 1):.3f}")
    lags = [s["lag"] for s in samples]
    hist = {lag: lags.count(lag) for lag in sorted(set(lags)) if -3 <= lag <= 8}
    print("lag histogram (all reports, days from happening to report):", hist)
    if learn_path:
        LagModel.learn((s["lag"], s["cues"], s["reported"]) for s in usable).save(learn_path)
        print(f"lag model learned on all {len(usable)} samples -> {learn_path}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", help="TempEval-3 jsonl.gz, or with --dating a Timeline17 root folder")
    ap.add_argument("--dating", action="store_true", help="evaluate publication-date inference on Timeline17 folders")
    ap.add_argument("--event-lag", action="store_true", help="evaluate the happening-day estimate (report lag) on Timeline17 folders")
    ap.add_argument("--learn-lag", help="with --event-lag: learn the lag table on all samples and write it here (JSON)")
    ap.add_argument("--pred", help="write storyline predictions (jsonl)")
    ap.add_argument("--limit", type=int, help="first N documents only")
    ap.add_argument("--every", type=int, default=1, help="with --dating: score every N-th article only")
    ap.add_argument("--no-peer", action="store_true", help="skip the spaCy+dateparser peer")
    ap.add_argument("--no-doc", action="store_true", help="tag without the spaCy parse")
    ap.add_argument("--errors", help="write a diff of misses and false alarms to this file")
    args = ap.parse_args(argv)
    if args.dating:
        run_dating(args.data, args.limit, args.every)
        return 0
    if args.event_lag:
        run_event_lag(args.data, args.limit, args.learn_lag)
        return 0

    rows = load(args.data, args.limit)
    docs: list = [None] * len(rows)
    spacy_seconds = 0.0
    if not (args.no_peer and args.no_doc):
        from storyline.models import get_nlp

        nlp = get_nlp()
        t0 = time.perf_counter()
        docs = list(nlp.pipe((r["text"] for r in rows), batch_size=16))
        spacy_seconds = time.perf_counter() - t0

    preds, tag_seconds = run_storyline(rows, docs, use_doc=not args.no_doc)
    if args.pred:
        with open(args.pred, "w", encoding="utf-8") as fh:
            for row in rows:
                items = [{k: m[k] for k in ("start", "end", "type", "value")} for m in preds[row["id"]]]
                fh.write(json.dumps({"id": row["id"], "timexes": items}) + "\n")
    if args.errors:
        write_errors(args.errors, rows, preds)

    results = {"storyline": score(rows, preds)}
    if not args.no_peer:
        results["spaCy+dateparser"] = score(rows, run_peer(rows, docs))

    print(f"documents: {len(rows)}  gold timexes: {results['storyline']['n_gold']}")
    header = f"{'system':<20}{'strict P':>9}{'strict R':>9}{'strict F1':>10}{'relax P':>9}{'relax R':>9}{'relax F1':>9}{'type acc':>9}{'type F1':>9}{'value F1':>9}"
    print(header)
    for name, s in results.items():
        print(
            f"{name:<20}{s['strict_p']:>9.4f}{s['strict_r']:>9.4f}{s['strict_f1']:>10.4f}{s['relaxed_p']:>9.4f}"
            f"{s['relaxed_r']:>9.4f}{s['relaxed_f1']:>9.4f}{s['type_acc']:>9.4f}{s['type_f1']:>9.4f}{s['value_f1']:>9.4f}"
        )
    h = HEIDELTIME
    print(f"{'HeidelTime (TE-3)':<20}{'':>9}{'':>9}{h['strict_f1']:>10.4f}{'':>9}{'':>9}{h['relaxed_f1']:>9.4f}{'':>9}{'':>9}{h['value_f1']:>9.4f}")
    if spacy_seconds:
        print(f"time: spaCy {spacy_seconds:.2f}s, tagger {tag_seconds:.2f}s ({100 * tag_seconds / spacy_seconds:.1f}% of spaCy)")
    else:
        print(f"time: tagger {tag_seconds:.2f}s")
    return 0


def write_errors(path: str, rows: list[dict], preds: dict[str, list[dict]]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            gold, pred = row["timexes"], preds.get(row["id"], [])
            _, pairs = match_pairs(gold, pred)
            matched_g = {id(g) for g, _ in pairs}
            matched_p = {id(p) for _, p in pairs}
            for g in gold:
                if id(g) not in matched_g:
                    fh.write(f"MISS\t{row['id']}\t{row['dct']}\t{g['text']!r}\t{g['type']}\t{g['value']}\t{row['text'][max(0, g['start'] - 40):g['end'] + 30]!r}\n")
            for p in pred:
                if id(p) not in matched_p:
                    fh.write(f"FA\t{row['id']}\t{row['dct']}\t{p['text']!r}\t{p['type']}\t{p['value']}\t{row['text'][max(0, p['start'] - 40):p['end'] + 30]!r}\n")
            for g, p in pairs:
                if canon_value(g["value"]) != canon_value(p["value"]) or (g["start"], g["end"]) != (p["start"], p["end"]):
                    fh.write(f"DIFF\t{row['id']}\t{row['dct']}\t{g['text']!r}|{p['text']!r}\t{g['type']}|{p['type']}\t{g['value']}|{p['value']}\t{row['text'][max(0, g['start'] - 40):g['end'] + 30]!r}\n")


if __name__ == "__main__":
    raise SystemExit(main())
