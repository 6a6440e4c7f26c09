"""Train the cue scorer (:mod:`quote_cues`) on PolNeAR-style data.

    python -m storyline.analyze.quote_train ../shared/data/quotes/polnear-train.jsonl.gz \
        --out storyline/analyze/quote_data/cue_model.json

Candidates are the verbs the quote finder would consider (outside quotation
marks, with a complement) and the nouns and adjectives with a "that" clause or
a prepositional object ("support for", "critical of"); a candidate is positive
when it lies inside a gold cue span and its complement overlaps that cue's
content by >= 30% of their union.  Articles are split 80/20 by a hash of their text:
the model is fitted on 80% and the decision threshold is the one with the best
F1 on the other 20%.  Only weights with a real effect are kept, so the table
stays small.  Train on the training split only; dev and held-out splits judge.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
from pathlib import Path


def _rows(path: str) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def parsed_texts(data: str, docbin: str | None = None) -> tuple[list[dict], list[str], list]:
    """PolNeAR rows, their unique texts (sorted) and one spaCy Doc per text.

    ``docbin`` is a cached DocBin of those sorted texts, so a trainer run can skip
    the parse (minutes on this machine); both trainers share the order."""
    from storyline.models import get_nlp

    rows = _rows(data)
    texts = sorted({r["text"] for r in rows})
    nlp = get_nlp()
    if docbin:
        from spacy.tokens import DocBin

        docs = list(DocBin().from_disk(docbin).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe(texts, batch_size=16))
    return rows, texts, docs


def _chars(spans) -> set[int]:
    out: set[int] = set()
    for s, e in spans:
        out.update(range(s, e))
    return out


def _matches(cue_at: int, content, atts) -> bool:
    """A positive: inside a gold cue whose content the complement overlaps by >= 30% of the union."""
    if content is None:
        return False
    pred = set(range(*content))
    for cue_chars, content_chars in atts:
        if cue_at in cue_chars and len(pred & content_chars) >= 0.3 * len(pred | content_chars):
            return True
    return False


def candidates(doc, text: str):
    """(token, features, content span) for each candidate verb of one parsed article."""
    from storyline.analyze.quote_cues import complement, features, noun_complement, noun_features, noun_source
    from storyline.analyze.quote_marks import find_marked
    from storyline.analyze.quote_frames import Lines, complement_content, quote_mask, subject_of

    mask = quote_mask(find_marked(text), len(text) + 1)
    lines = Lines(text)
    for tok in doc:
        if mask[tok.idx]:
            continue
        if tok.pos_ in ("NOUN", "ADJ") and tok.dep_ != "ROOT":
            ncomp = noun_complement(tok)
            if ncomp is not None:
                content, _ = complement_content(doc, tok, ncomp, text, lines.bounds(tok.idx))
                yield tok, noun_features(tok, noun_source(tok), ncomp), content
            continue
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        comp = complement(tok)
        if comp is None:
            continue
        subj = subject_of(tok)
        content, _ = complement_content(doc, tok, comp, text, lines.bounds(tok.idx))
        yield tok, features(tok, subj, comp), content


def trainer_arguments(description: str, min_weight: float) -> argparse.ArgumentParser:
    """The arguments both PolNeAR trainers take (data, output, parse cache, weight floor)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("data")
    ap.add_argument("--out", required=True)
    ap.add_argument("--docbin", help="cached spaCy DocBin of the unique texts (sorted), to skip parsing")
    ap.add_argument("--min-weight", type=float, default=min_weight)
    return ap


def main() -> None:
    ap = trainer_arguments(__doc__.split("\n\n")[0], min_weight=0.05)
    ap.add_argument(
        "--threshold",
        type=float,
        help="runtime threshold instead of the token-F1 one (0.8 was best end to end on the held-out 20%%)",
    )
    args = ap.parse_args()

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows, texts, docs = parsed_texts(args.data, args.docbin)
    by_text = dict(zip(texts, docs))

    # per text: (cue chars, content chars) of each gold attribution
    gold: dict[str, list[tuple[set[int], set[int]]]] = {}
    for r in rows:
        atts = gold.setdefault(r["text"], [])
        for att in r["attributions"]:
            if att.get("content") and att.get("cue"):
                atts.append((_chars(att["cue"]), _chars(att["content"])))

    train_x, train_y, test_x, test_y = [], [], [], []
    for text in texts:
        held_out = int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 5 == 0
        for tok, feats, content in candidates(by_text[text], text):
            label = int(_matches(tok.idx, content, gold[text]))
            (test_x if held_out else train_x).append({f: 1 for f in feats})
            (test_y if held_out else train_y).append(label)

    vec = DictVectorizer()
    model = LogisticRegression(C=0.5, max_iter=2000)
    model.fit(vec.fit_transform(train_x), train_y)
    probs = model.predict_proba(vec.transform(test_x))[:, 1]

    best = (0.0, 0.5)
    for step in range(10, 90, 2):
        t = step / 100
        tp = sum(1 for p, y in zip(probs, test_y) if p >= t and y)
        fp = sum(1 for p, y in zip(probs, test_y) if p >= t and not y)
        fn = sum(1 for p, y in zip(probs, test_y) if p < t and y)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        best = max(best, (f1, t))
    names = vec.get_feature_names_out()
    weights = {"bias": float(model.intercept_[0])}
    for name, w in zip(names, model.coef_[0]):
        if abs(w) >= args.min_weight:
            weights[name] = round(float(w), 4)
    out = {
        "about": "logistic regression over cue features (storyline.analyze.quote_cues); trained on the PolNeAR training split",
        "threshold": args.threshold if args.threshold is not None else best[1],
        "token_f1_threshold": best[1],
        "heldout_token_f1": round(best[0], 4),
        "candidates": len(train_y) + len(test_y),
        "weights": dict(sorted(weights.items())),
    }
    Path(args.out).write_text(json.dumps(out, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(train_y)} train / {len(test_y)} held-out candidates; threshold {best[1]} token F1 {best[0]:.3f}; {len(weights)} weights")


if __name__ == "__main__":
    main()
