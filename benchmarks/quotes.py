"""Quote attribution benchmark (issue 5) on PolNeAR-style JSON lines.

    python benchmarks/quotes.py ../shared/data/quotes/polnear-dev.jsonl.gz --pred /tmp/quotes-pred.jsonl
    python benchmarks/quotes.py --scale 4000   # link-stage functions on synthetic articles

Each row is an article with gold ``attributions`` ({source, cue, content}: lists
of [start, end] character spans).  We predict with
``storyline.analyze.quotes.find_quotes`` (quotes sharing one cue are one
attribution, as in PolNeAR where a split quote is one attribution with several
content spans) and score:

* content precision / recall / F1: a predicted attribution matches a gold one
  (one-to-one, best overlap first) when their content character sets overlap by
  at least 30% (also 80%) of their union;
* speaker accuracy, on matched pairs whose gold has a source: correct when the
  predicted source span overlaps the gold source span, or the predicted speaker
  string contains the head (last word) of the gold source text.

The peer is textacy's ``extract.triples.direct_quotations`` on the same spaCy
Doc (skipped with a message when textacy is not installed).  Timing: spaCy
parse ms/article (the analyze stage's baseline) against ``find_quotes`` and
``canonicalize`` ms/article.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storyline.analyze.quotes import find_quotes  # noqa: E402
from storyline.link.entities import canonicalize  # noqa: E402
from storyline.model import Article, EntityMention  # noqa: E402
from storyline.models import get_nlp  # noqa: E402

SPEAKER_DEFINITION = (
    "speaker accuracy = on matched pairs (30% overlap) whose gold has a source: predicted source span "
    "overlaps the gold source span, or the predicted speaker string contains the gold source's head word"
)


def load(path: str, limit: int | None, offset: int = 0) -> list[dict]:
    opener = gzip.open if path.endswith(".gz") else open
    rows = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i < offset:
                continue
            if limit is not None and len(rows) >= limit:
                break
            rows.append(json.loads(line))
    return rows


def held_out(rows: list[dict]) -> list[dict]:
    """The 20% of articles (by text hash) that the cue scorer and the token tagger never
    trained on (the split of ``storyline.analyze.quote_train``): where choices are made."""
    return [r for r in rows if int(hashlib.sha1(r["text"].encode("utf-8")).hexdigest(), 16) % 5 == 0]


def parse(texts: list[str], docbin: str | None):
    """spaCy Docs of ``texts``; with ``docbin`` cached on disk (parsed on the first run),
    so repeated runs on one split skip the parse.  Delete the file when the pipeline changes."""
    nlp = get_nlp()
    if docbin and Path(docbin).exists():
        from spacy.tokens import DocBin

        docs = list(DocBin().from_disk(docbin).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            parse.cached = True  # type: ignore[attr-defined]
            return docs
    docs = list(nlp.pipe(texts, batch_size=16))
    if docbin:
        from spacy.tokens import DocBin

        DocBin(docs=docs).to_disk(docbin)
    return docs


parse.cached = False  # type: ignore[attr-defined]


def matched_pairs(golds: list[dict], preds: list[dict], threshold: float) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs, one-to-one, best content overlap first, each
    overlapping by at least ``threshold`` of the union of their content characters."""
    g_sets = [_chars(g["content"]) for g in golds]
    p_sets = [_chars(p["content"]) for p in preds]
    pairs = []
    for gi, gs in enumerate(g_sets):
        for pi, ps in enumerate(p_sets):
            inter = len(gs & ps)
            if inter and inter / len(gs | ps) >= threshold:
                pairs.append((inter / len(gs | ps), gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched = []
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            matched.append((gi, pi))
    return matched


def speaker_errors(gold_rows: list[dict], pred_rows: list[dict], threshold: float = 0.3):
    """(article id, gold source, predicted source, predicted speaker, cue, content head) for
    each matched pair (as in ``score``) whose speaker is wrong: the listing errors are
    classified from."""
    for gold, pred in zip(gold_rows, pred_rows):
        text = gold["text"]
        golds = [a for a in gold["attributions"] if a.get("content")]
        preds = pred["quotes"]
        for gi, pi in matched_pairs(golds, preds, threshold):
            g, p = golds[gi], preds[pi]
            if not g.get("source") or _speaker_ok(text, g, p):
                continue
            span = lambda spans: " | ".join(text[s:e] for s, e in spans or [])  # noqa: E731
            content = span(p["content"])
            yield {
                "id": gold["id"],
                "gold_source": span(g["source"]),
                "gold_cue": span(g.get("cue")),
                "pred_source": span(p.get("source")),
                "pred_speaker": p.get("speaker"),
                "pred_cue": span(p.get("cue")),
                "content": content[:120],
                "at": p["content"][0][0],
            }


def merged_losses(gold_rows: list[dict], pred_rows: list[dict], threshold: float = 0.3):
    """Each predicted attribution that overlaps two or more gold ones while one of them
    (covered at least half by it) goes unmatched: the loss of grouping two attributions
    as one.  ``kind`` says why: several contents (direct quotations and/or indirect
    contents, within one paragraph or across paragraphs) grouped under one cue, or one
    indirect content running over a sentence break, a conjunction, or something else."""
    for gold, pred in zip(gold_rows, pred_rows):
        text = gold["text"]
        golds = [a for a in gold["attributions"] if a.get("content")]
        matched = {gi for gi, _ in matched_pairs(golds, pred["quotes"], threshold)}
        g_sets = [_chars(g["content"]) for g in golds]
        for p in pred["quotes"]:
            p_set = _chars(p["content"])
            touched = [gi for gi, gs in enumerate(g_sets) if gs & p_set]
            lost = [gi for gi in touched if gi not in matched and len(g_sets[gi] & p_set) >= 0.5 * len(g_sets[gi])]
            if len(touched) < 2 or not lost:
                continue
            yield {
                "id": gold["id"],
                "kind": _merge_kind(text, p["content"]),
                "lost": len(lost),
                "pred_cue": " | ".join(text[s:e] for s, e in p.get("cue") or []),
                "pred": [text[s:e][:160] for s, e in p["content"]],
                "gold": [
                    {"cue": " | ".join(text[s:e] for s, e in golds[gi].get("cue") or []), "content": " | ".join(text[s:e] for s, e in golds[gi]["content"])[:160], "matched": gi in matched}
                    for gi in touched
                ],
            }


def _merge_kind(text: str, contents: list) -> str:
    direct = [text[max(0, s - 1) : s] in QUOTE_MARKS or text[s : s + 1] in QUOTE_MARKS for s, _ in contents]
    if len(contents) > 1:
        spans = sorted(contents)
        place = "paragraphs" if any("\n" in text[a[1] : b[0]] for a, b in zip(spans, spans[1:])) else "one paragraph"
        what = "direct+direct" if all(direct) else "indirect+direct" if any(direct) else "indirect+indirect"
        return f"grouped {what}, {place}" if what != "indirect+indirect" else "grouped indirect+indirect"
    body = text[contents[0][0] : contents[0][1]]
    if direct[0]:
        return "one direct quotation"
    if any(mark in body for mark in (". ", "? ", "! ", "\n")):
        return "indirect over a sentence break"
    if " and " in body or ", " in body and " while " in body:
        return "indirect over a conjunction"
    return "indirect, other"


def _speaker_ok(text: str, g: dict, p: dict) -> bool:
    """The speaker-accuracy test of one matched pair (see ``SPEAKER_DEFINITION``)."""
    g_src = g["source"]
    if p.get("source") and _chars(p["source"]) & _chars(g_src):
        return True
    head = _head_word(" ".join(text[s:e] for s, e in g_src))
    return bool(p.get("speaker") and head and head in [_head_word(w) for w in p["speaker"].split()])


def predict_rows(article: Article, quotes) -> dict:
    """Quotes sharing a cue become one attribution with several content spans."""
    grouped: dict[object, dict] = {}
    for q in quotes:
        key = (q.cue.start, q.cue.end) if q.cue else ("nocue", q.start)
        row = grouped.setdefault(
            key,
            {
                "content": [],
                "source": [[q.source.start, q.source.end]] if q.source else None,
                "speaker": q.speaker,
                "cue": [[q.cue.start, q.cue.end]] if q.cue else None,
            },
        )
        row["content"].append([q.start, q.end])
    return {"id": article.id, "quotes": list(grouped.values())}


def _chars(spans) -> set[int]:
    out: set[int] = set()
    for s, e in spans or []:
        out.update(range(s, e))
    return out


def _head_word(text: str) -> str:
    words = [w.strip(".,:;'\"“”’‘()").lower() for w in text.split()]
    words = [w for w in words if w and w not in ("'s", "’s")]
    return words[-1] if words else ""


def score(gold_rows: list[dict], pred_rows: list[dict], threshold: float) -> dict:
    tp = n_pred = n_gold = 0
    spk_total = spk_ok = 0
    for gold, pred in zip(gold_rows, pred_rows):
        text = gold["text"]
        golds = [a for a in gold["attributions"] if a.get("content")]
        preds = pred["quotes"]
        n_gold += len(golds)
        n_pred += len(preds)
        for gi, pi in matched_pairs(golds, preds, threshold):
            tp += 1
            g_src = golds[gi].get("source")
            if not g_src:
                continue
            spk_total += 1
            if _speaker_ok(text, golds[gi], preds[pi]):
                spk_ok += 1
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "matched": tp,
        "pred": n_pred,
        "gold": n_gold,
        "speaker_acc": spk_ok / spk_total if spk_total else 0.0,
        "speaker_n": spk_total,
    }


QUOTE_MARKS = "\"“”«»‘’'„"


def direct_recall(gold_rows: list[dict], pred_rows: list[dict], threshold: float = 0.3) -> tuple[float, int]:
    """Recall on the gold attributions whose content is a quotation (opens with a mark):
    the part of the task a direct-quote extractor such as textacy's can do."""
    subset = []
    for gold in gold_rows:
        text = gold["text"]
        atts = [a for a in gold["attributions"] if a.get("content") and text[a["content"][0][0]] in QUOTE_MARKS]
        subset.append({**gold, "attributions": atts})
    res = score(subset, pred_rows, threshold)
    return res["recall"], res["gold"]


def textacy_rows(article_id: str, doc) -> dict:
    from textacy.extract.triples import direct_quotations

    quotes = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # textacy bails out on an odd number of quotation marks
        triples = []
        textacy_rows.bailed += 1  # type: ignore[attr-defined]
    for triple in triples:
        content = triple.content
        speaker = triple.speaker
        cue = triple.cue
        quotes.append(
            {
                "content": [[content.start_char, content.end_char]],
                "source": [[speaker[0].idx, speaker[-1].idx + len(speaker[-1].text)]] if speaker else None,
                "speaker": " ".join(t.text for t in speaker) if speaker else None,
                "cue": [[cue[0].idx, cue[-1].idx + len(cue[-1].text)]] if cue else None,
            }
        )
    return {"id": article_id, "quotes": quotes}


textacy_rows.bailed = 0  # type: ignore[attr-defined]


def _print_scores(name: str, gold_rows: list[dict], pred_rows: list[dict]) -> None:
    s30 = score(gold_rows, pred_rows, 0.3)
    s80 = score(gold_rows, pred_rows, 0.8)
    d_recall, d_n = direct_recall(gold_rows, pred_rows)
    print(
        f"{name:12} content@30% P {s30['precision']:.3f} R {s30['recall']:.3f} F1 {s30['f1']:.3f}"
        f" | @80% P {s80['precision']:.3f} R {s80['recall']:.3f} F1 {s80['f1']:.3f}"
        f" | speaker acc {s30['speaker_acc']:.3f} (n={s30['speaker_n']})"
        f" | pred {s30['pred']} gold {s30['gold']}"
        f" | recall on direct quotations {d_recall:.3f} (n={d_n})"
    )


def synthetic_articles(n: int, seed: int = 0) -> list[Article]:
    """n invented articles (placeholder names, 30 mentions and 6 quotes each) to time the
    link-stage functions at scale without a parse."""
    import random

    from storyline.model import Quote

    rng = random.Random(seed)
    firsts = [f"Fn{i}" for i in range(300)]
    lasts = [f"Ln{i}" for i in range(2000)]
    orgs = [f"Org{i} Corp" for i in range(500)]
    vocab = [f"word{i}" for i in range(800)]
    articles = []
    for a in range(n):
        text, mentions = "", []
        for _ in range(30):
            r = rng.random()
            honorific = "Mr " if 0.5 <= r < 0.7 else ""
            name = rng.choice(orgs) if r >= 0.7 else (rng.choice(lasts) if honorific else f"{rng.choice(firsts)} {rng.choice(lasts)}")
            start = len(text) + len(honorific)
            text += f"{honorific}{name} met the president. "
            mentions.append(EntityMention(start, start + len(name), name, "ORG" if r >= 0.7 else "PERSON"))
        article = Article(id=f"syn{a}", source="synthetic", text=text)
        for _ in range(6):
            words = " ".join(rng.choice(vocab) for _ in range(12))
            start = len(article.text) + 1
            article.text += f" {words}."
            article.quotes.append(Quote(id=f"syn{a}:q{start}", start=start, end=start + len(words), text=words, speaker=rng.choice(lasts)))
        article.entities = mentions
        articles.append(article)
    return articles


def scale(n: int) -> None:
    from storyline.link.quote_groups import group_quotes

    articles = synthetic_articles(n)
    t0 = time.perf_counter()
    entities = canonicalize(articles)
    t_entities = time.perf_counter() - t0
    t0 = time.perf_counter()
    group_quotes(articles)
    t_groups = time.perf_counter() - t0
    print(
        f"scale: {n} synthetic articles ({sum(len(a.entities) for a in articles)} mentions,"
        f" {sum(len(a.quotes) for a in articles)} quotes): canonicalize {t_entities:.1f} s"
        f" ({len(entities)} entities), group_quotes {t_groups:.1f} s"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", help="PolNeAR-style .jsonl.gz")
    ap.add_argument("--scale", type=int, help="instead: time canonicalize + group_quotes on N synthetic articles")
    ap.add_argument("--pred", help="write predictions here (JSON lines)")
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--no-peer", action="store_true", help="skip textacy")
    ap.add_argument("--heldout", action="store_true", help="only the 20%% of articles the trainers held out (use on train)")
    ap.add_argument("--docbin", help="cache the parse of the chosen articles in this DocBin file")
    ap.add_argument("--errors", help="write the speaker errors on matched quotes here (JSON lines)")
    ap.add_argument("--merged", help="write each prediction that spans two gold attributions here (JSON lines), counts by kind")
    args = ap.parse_args()
    if args.scale:
        scale(args.scale)
        return
    if not args.data:
        ap.error("DATA is required unless --scale is given")

    rows = load(args.data, None if args.heldout else args.limit, args.offset)
    if args.heldout:
        rows = held_out(rows)[: args.limit]
    articles = [Article(id=r["id"], source=args.data, text=r["text"], language="en") for r in rows]

    get_nlp()
    t0 = time.perf_counter()
    docs = parse([a.text for a in articles], args.docbin)
    t_spacy = time.perf_counter() - t0

    t0 = time.perf_counter()
    for article, doc in zip(articles, docs):
        article.quotes = find_quotes(doc, article)
    t_quotes = time.perf_counter() - t0

    for article, doc in zip(articles, docs):
        article.entities = [EntityMention(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]
    t0 = time.perf_counter()
    canonicalize(articles)
    t_entities = time.perf_counter() - t0

    preds = [predict_rows(a, a.quotes) for a in articles]
    if args.pred:
        with open(args.pred, "w", encoding="utf-8") as fh:
            for row in preds:
                fh.write(json.dumps(row) + "\n")

    if args.errors:
        errors = list(speaker_errors(rows, preds))
        with open(args.errors, "w", encoding="utf-8") as fh:
            for err in errors:
                fh.write(json.dumps(err, ensure_ascii=False) + "\n")
        print(f"{len(errors)} speaker errors written to {args.errors}")

    if args.merged:
        from collections import Counter

        merged = list(merged_losses(rows, preds))
        with open(args.merged, "w", encoding="utf-8") as fh:
            for case in merged:
                fh.write(json.dumps(case, ensure_ascii=False) + "\n")
        lost = Counter()
        for case in merged:
            lost[case["kind"]] += case["lost"]
        print(f"{sum(lost.values())} gold attributions lost to {len(merged)} predictions spanning two:", dict(lost.most_common()))

    n = len(articles)
    print(f"{n} articles from {args.data}" + (" (held-out 20%)" if args.heldout else ""))
    print(SPEAKER_DEFINITION)
    _print_scores("storyline", rows, preds)

    if not args.no_peer:
        try:
            import textacy  # noqa: F401
        except ImportError:
            print("textacy     skipped: not installed (pip install textacy==0.13.0 in the venv to compare)")
        else:
            t0 = time.perf_counter()
            peer = [textacy_rows(a.id, d) for a, d in zip(articles, docs)]
            t_peer = time.perf_counter() - t0
            _print_scores("textacy", rows, peer)
            print(
                f"textacy direct_quotations: {1000 * t_peer / n:.1f} ms/article;"
                f" bailed out (unbalanced quotation marks) on {textacy_rows.bailed} of {n} articles"
            )

    ms = lambda t: 1000 * t / n  # noqa: E731
    if parse.cached:  # type: ignore[attr-defined]
        print("time: parse read from a DocBin cache, so the time shares below are not meaningful")
    print(
        f"time: spaCy parse {ms(t_spacy):.1f} ms/article | find_quotes {ms(t_quotes):.1f} ms/article"
        f" | canonicalize {ms(t_entities):.1f} ms/article"
        f" | quotes+entities = {100 * (t_quotes + t_entities) / t_spacy:.1f}% of spaCy"
    )


if __name__ == "__main__":
    main()
