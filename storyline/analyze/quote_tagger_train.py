"""Train the token-level attribution tagger (:mod:`quote_tagger`) on PolNeAR-style data.

    python -m storyline.analyze.quote_tagger_train ../shared/data/quotes/polnear-train.jsonl.gz \
        --docbin /tmp/polnear_train.spacy --out storyline/analyze/quote_data/tagger_model.json

A token is positive when it lies inside the content of a gold attribution (any
annotator's).  The rule finder runs first, without the tagger, so its output can
be a feature.  Articles are split 80/20 by a hash of their text, as for the cue
scorer: the weights are fitted on 80%.  The decision settings written with them
were chosen end to end (``benchmarks/quotes.py``-style scoring) on the other 20%:
``extend_above`` (a token's probability to extend an indirect quote, 0.6),
``add_above`` / ``add_combined`` / ``cue_weight`` (a new constituent's mean token
probability, 0.5, and its mean with the cue scorer's probability, weighted 0.5,
0.55), ``add_min_tokens`` (3), ``add_needs_source`` (its cue needs a subject of
its own: yes) and ``drop_below`` (off).  Only weights with a real effect are kept.
Train on the training split only; dev and held-out splits judge.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def held_out(text: str) -> bool:
    """The 20% of articles kept out of fitting (same split as the cue scorer)."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 5 == 0


def article_examples(doc, text: str, content_chars: set[int], uses_rules: bool = True):
    """(features, label) for each token of one parsed article."""
    from storyline.analyze.quote_frames import quote_mask
    from storyline.analyze.quote_marks import find_marked
    from storyline.analyze.quote_tagger import RuleMarks, doc_features
    from storyline.analyze.quotes import find_quotes
    from storyline.model import Article

    article = Article(id="train", source="train", text=text, language="en")
    quotes = find_quotes(doc, article, use_tagger=False)
    labels = RuleMarks.from_quotes(doc, quotes).labels if uses_rules else [""] * len(doc)
    mask = quote_mask(find_marked(text), len(text) + 1)
    for tok, feats in zip(doc, doc_features(doc, mask, labels)):
        if tok.is_space:
            continue
        yield feats, int(tok.idx in content_chars)


def main() -> None:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    from storyline.analyze.quote_train import parsed_texts, trainer_arguments

    ap = trainer_arguments(__doc__.split("\n\n")[0], min_weight=0.08)
    ap.add_argument("--min-count", type=int, default=3, help="features seen fewer times in training are dropped")
    ap.add_argument("--C", type=float, default=0.3)
    ap.add_argument("--drop-below", type=float, default=0.0)
    ap.add_argument("--add-above", type=float, default=0.5, help="mean token probability a new content needs")
    ap.add_argument("--add-min-tokens", type=int, default=3)
    ap.add_argument("--extend-above", type=float, default=0.6, help="probability over which a token extends an indirect quote")
    ap.add_argument("--cue-weight", type=float, default=0.5, help="share of the cue scorer in a new content's score")
    ap.add_argument("--add-combined", type=float, default=0.55, help="combined score a new content needs")
    ap.add_argument("--add-without-source", action="store_true", help="new contents need no subject of their own")
    ap.add_argument("--subject-fallback", action="store_true", help="a new content's source may be the sentence's main subject")
    ap.add_argument("--no-rules", action="store_true", help="leave the rule finder's output out of the features")
    args = ap.parse_args()

    rows, texts, docs = parsed_texts(args.data, args.docbin)
    content: dict[str, set[int]] = {t: set() for t in texts}
    for r in rows:
        for att in r["attributions"]:
            for s, e in att.get("content") or []:
                content[r["text"]].update(range(s, e))

    counts: dict[str, int] = {}
    data: dict[bool, tuple[list[list[str]], list[int]]] = {False: ([], []), True: ([], [])}
    for text, doc in zip(texts, docs):
        xs, ys = data[held_out(text)]
        for feats, label in article_examples(doc, text, content[text], not args.no_rules):
            xs.append(feats)
            ys.append(label)
    for feats in data[False][0]:
        for f in feats:
            counts[f] = counts.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= args.min_count and f != "bias"))}

    def matrix(xs: list[list[str]]):
        indptr, indices = [0], []
        for feats in xs:
            indices.extend(sorted({vocab[f] for f in feats if f in vocab}))
            indptr.append(len(indices))
        return csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(xs), len(vocab)))

    x_fit, y_fit = matrix(data[False][0]), np.array(data[False][1])
    x_out, y_out = matrix(data[True][0]), np.array(data[True][1])
    model = LogisticRegression(C=args.C, max_iter=3000)
    model.fit(x_fit, y_fit)
    probs = model.predict_proba(x_out)[:, 1]
    best = (0.0, 0.5)
    for step in range(10, 91, 5):
        t = step / 100
        pred = probs >= t
        tp = int((pred & (y_out == 1)).sum())
        f1 = 2 * tp / (pred.sum() + y_out.sum()) if tp else 0.0
        best = max(best, (f1, t))
    names = sorted(vocab, key=vocab.get)
    weights = {"bias": round(float(model.intercept_[0]), 4)}
    for name, w in zip(names, model.coef_[0]):
        if abs(w) >= args.min_weight:
            weights[name] = round(float(w), 4)
    out = {
        "about": "token-level attribution-content tagger (storyline.analyze.quote_tagger): logistic regression trained on the PolNeAR training split",
        "drop_below": args.drop_below,
        "add_above": args.add_above,
        "add_min_tokens": args.add_min_tokens,
        "extend_above": args.extend_above,
        "uses_rules": not args.no_rules,
        "cue_weight": args.cue_weight,
        "add_combined": args.add_combined,
        "add_needs_source": not args.add_without_source,
        "subject_fallback": args.subject_fallback,
        "heldout_token_f1": round(best[0], 4),
        "heldout_token_threshold": best[1],
        "tokens": int(len(y_fit) + len(y_out)),
        "weights": dict(sorted(weights.items())),
    }
    Path(args.out).write_text(json.dumps(out, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(y_fit)} fit / {len(y_out)} held-out tokens; held-out token F1 {best[0]:.3f} at {best[1]}; {len(weights)} weights")


if __name__ == "__main__":
    main()
