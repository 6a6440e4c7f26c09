#!/usr/bin/env python3
"""Sanity checks for the sample corpus and its ground truth (examples/expected.json).

Run:  python examples/check_expected.py
Exits non-zero if any check fails. Keys of the form "path#N" address line N
(0-based) of a JSONL file.
"""
import datetime as dt
import gzip
import html
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
errors = []


def err(msg):
    errors.append(msg)
    print("FAIL:", msg)


def raw_text(key):
    """Return the article text as a reader would see it (markup kept for HTML)."""
    path, _, line = key.partition("#")
    p = CORPUS / path
    if path.endswith(".gz"):
        return gzip.open(p, "rt", encoding="utf-8").read()
    if path.endswith(".jsonl"):
        obj = json.loads(p.read_text(encoding="utf-8").splitlines()[int(line)])
        return obj.get("text") or obj.get("html")
    if path.endswith(".json"):
        obj = json.loads(p.read_text(encoding="utf-8"))
        return obj.get("text") or obj.get("html")
    return p.read_text(encoding="utf-8")


def is_html(key):
    t = raw_text(key)
    return key.endswith((".html", ".json")) or t.lstrip().lower().startswith("<!doctype")


def paragraphs(key):
    t = raw_text(key)
    if is_html(key):
        m = re.search(r"<article.*?</article>", t, re.S)
        t = m.group(0) if m else t
        t = re.sub(r"<(script|style)\b.*?</\1>", " ", t, flags=re.S)
        paras = re.findall(r"<(p|h1|li|figcaption|blockquote)\b[^>]*>(.*?)</\1>", t, re.S)
        return [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", p))).strip() for _, p in paras]
    return [p.strip() for p in re.split(r"\n\s*\n", t)]


def find(key, sub):
    return [p for p in paragraphs(key) if sub in p]


OPEN_CLOSE = [('“', '”'), ('«', '»'), ('„', '“')]
CUE = re.compile(r"\b(said|says|told|according to|wrote|added|described|called|insisted|conceded|"
                 r"declined|promised|vowed|demanded|announced|accepted)\b|:\s*$", re.I)


def quote_context(para, sub):
    pre = para[: para.index(sub)]
    if pre.count('"') % 2 == 1:
        return "direct"
    for o, c in OPEN_CLOSE:
        if pre.count(o) > pre.count(c):
            return "direct"
    if CUE.search(para):
        return "indirect"
    return None


def main():
    exp = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
    arts, events, stories = exp["articles"], exp["events"], exp["stories"]

    # every corpus file/line is described, and vice versa
    keys = set()
    for p in sorted(CORPUS.rglob("*")):
        if p.is_file():
            rel = p.relative_to(CORPUS).as_posix()
            if rel.endswith(".jsonl"):
                n = len(p.read_text(encoding="utf-8").splitlines())
                keys |= {f"{rel}#{i}" for i in range(n)}
            else:
                keys.add(rel)
    for k in keys - set(arts):
        err(f"corpus item not in expected.json: {k}")
    for k in set(arts) - keys:
        err(f"expected.json article missing from corpus: {k}")

    ev_outlets, st_events = defaultdict(set), defaultdict(set)
    undated = 0
    date_pat = re.compile(r"\b(\d{4}-\d{2}-\d{2}|\d{1,2}\.? (January|February|March|April|May|June|July|August|"
                          r"September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
                          r"Januar|Februar|März)\.? \d{4}|(January|February|March|April|May|June|July|August|September|"
                          r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? \d{1,2}, \d{4})")
    for k, a in arts.items():
        if a["event"] not in events:
            err(f"{k}: unknown event {a['event']}")
            continue
        if events[a["event"]]["story"] != a["story"]:
            err(f"{k}: story mismatch")
        pub = dt.date.fromisoformat(a["published"])
        evd = dt.date.fromisoformat(events[a["event"]]["date"])
        if not 0 <= (pub - evd).days <= 2:
            err(f"{k}: published {pub} not within 2 days of event {evd}")
        ev_outlets[a["event"]].add(a["outlet"])
        st_events[a["story"]].add(a["event"])
        if a["wire_copy_of"]:
            src = [p for p in paragraphs(a["wire_copy_of"]) if p]
            cp = [p for p in paragraphs(k) if p]
            start, end = src.index(next(p for p in src if "(VWS)" in p)), next(i for i, p in enumerate(src) if p.startswith("(Reporting"))
            block = src[start:end + 1]
            if not all(p in cp for p in block):
                err(f"{k}: not a verbatim copy of {a['wire_copy_of']}")
        if not a["printed_date"]:
            undated += 1
            m = date_pat.search(raw_text(k))
            if m:
                err(f"{k}: marked undated but contains a date: {m.group(0)}")
    for e, outs in ev_outlets.items():
        if not 2 <= len(outs) <= 4:
            err(f"event {e} has {len(outs)} outlets")
    for s in stories:
        if not 2 <= len(st_events[s]) <= 3:
            err(f"story {s} has {len(st_events[s])} events")

    print(f"articles: {len(arts)}  stories: {len(stories)}  events: {len(events)}  undated: {undated}")
    fmt = defaultdict(int)
    for k in arts:
        fmt[k.split("#")[0].split("/")[-1].split(".", 1)[1]] += 1
    print("formats:", dict(fmt))

    for q in exp["quotes"]:
        ps = find(q["file"], q["text"])
        if not ps:
            err(f"quote not found in {q['file']}: {q['text']!r}")
            continue
        if not any(quote_context(p, q["text"]) for p in ps):
            err(f"quote not in quotation marks or reported speech: {q['file']}: {q['text']!r}")
    print(f"quotes: {len(exp['quotes'])}")
    for c in exp["contradictions"]:
        for f, cl in zip(c["files"], c["claims"]):
            if not find(f, cl):
                err(f"claim not found in {f}: {cl!r}")
        if c["event"] not in events:
            err(f"contradiction with unknown event {c['event']}")
    print(f"contradictions: {len(exp['contradictions'])}")
    for t in exp["timeline_mentions"]:
        if not find(t["file"], t["text"]):
            err(f"timeline mention not found in {t['file']}: {t['text']!r}")
    print(f"timeline mentions: {len(exp['timeline_mentions'])}")
    for x in exp.get("exclusive_facts", []):
        if not find(x["file"], x["text"]):
            err(f"exclusive fact not found in {x['file']}: {x['text']!r}")
        others = [k for k, a in arts.items() if a["event"] == x["event"] and k != x["file"]]
        if any(x["text"] in raw_text(k) for k in others):
            err(f"exclusive fact also reported elsewhere: {x['text']!r}")

    for k in arts:
        if arts[k]["language"] != "en":
            continue
        n = sum(len(p.split()) for p in paragraphs(k))
        if n < 250:
            err(f"{k}: only {n} words")
    print("errors:", len(errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
