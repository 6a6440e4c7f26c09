"""Train the token-level attribution tagger (:mod:`quote_tagger`) on PolNeAR-style data.

    python -m storyline.analyze.quote_tagger_train ../shared/data/quotes/polnear-train.jsonl.gz \
        --docbin /tmp/q5_train.spacy --out storyline/analyze/quote_data/tagger_model.json \
        --net-out storyline/analyze/quote_data/tagger_net.json --min-weight 0.08 \
        --add-above 0.4 --add-combined 0.5 --drop-below 0.3 --cue-weight 0.5

(the DocBin caches the parse of the sorted unique texts, with the Docs' tensors beside
it, ``DOCBIN.tensors.npz``: :func:`quote_train.save_docs`; without the file it parses
and writes it, a few minutes).  ``--net-out`` also fits the dense tagger
(:class:`quote_tagger.DenseNet`: sparse features plus the tok2vec vectors of token,
head and governing verb, one hidden layer of 32, two epochs with torch) and sets
``use_net`` in the settings; the linear table is refitted either way, as the fallback.

A token is positive when it lies inside the content of a gold attribution (any
annotator's).  The rule finder runs first, without the tagger, so its output can
be a feature.  Articles are split 80/20 by a hash of their text, as for the cue
scorer: the weights are fitted on 80%.  The decision settings written with them
were chosen end to end (``benchmarks/quotes.py``-style scoring) on the other 20%:
``extend_above`` (a token's probability to extend an indirect quote, 0.6),
``add_above`` / ``add_combined`` / ``cue_weight`` (a new constituent's mean token
probability, 0.4 with the dense tagger, and its mean with the cue scorer's
probability, weighted 0.5, 0.5), ``add_min_tokens`` (3), ``add_needs_source`` (its
cue needs a subject of its own: yes) and ``drop_below`` (a rule quote whose tokens'
mean probability is under it is dropped: 0.3 with the dense tagger).  Only weights with a real effect are kept.
Train on the training split only; dev and held-out splits judge.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path


def held_out(text: str) -> bool:
    """The 20% of articles kept out of fitting (same split as the cue scorer)."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 5 == 0


def article_arrays(doc, text: str, content_chars: set[int], uses_rules: bool = True):
    """Sparse features, dense inputs (:func:`quote_tagger.dense_inputs`) and labels of
    the non-space tokens of one parsed article."""
    from storyline.analyze.quote_frames import quote_mask
    from storyline.analyze.quote_marks import find_marked
    from storyline.analyze.quote_tagger import RuleMarks, dense_inputs, token_features
    from storyline.analyze.quotes import find_quotes
    from storyline.model import Article

    article = Article(id="train", source="train", text=text, language="en")
    quotes = find_quotes(doc, article, use_tagger=False)
    labels = RuleMarks.from_quotes(doc, quotes).labels if uses_rules else [""] * len(doc)
    mask = quote_mask(find_marked(text), len(text) + 1)
    feats, head, verbs = token_features(doc, mask, labels)
    dense = dense_inputs(doc, head, verbs)
    keep = [t.i for t in doc if not t.is_space]
    return [feats[i] for i in keep], (dense[keep] if dense is not None else None), [int(doc[i].idx in content_chars) for i in keep]


def net_json(sparse, dense, hidden_bias, out, out_bias: float, names: list[str], mean, scale, prune: float) -> dict:
    """The fitted network as :class:`quote_tagger.DenseNet` reads it: float16 arrays in
    base64, the dense inputs' standardisation folded into the first layer, and the
    sparse features whose first-layer row never reaches ``prune`` left out."""
    import base64

    import numpy as np

    def blob(a) -> dict:
        a = np.ascontiguousarray(a, dtype=np.float16)
        return {"shape": list(a.shape), "float16": base64.b64encode(a.tobytes()).decode("ascii")}

    keep = np.abs(sparse).max(axis=1) >= prune
    return {
        "hidden": int(sparse.shape[1]),
        "features": [n for n, k in zip(names, keep) if k],
        "sparse_weights": blob(sparse[keep]),
        "dense_weights": blob(dense / scale[:, None]),
        "hidden_bias": [round(float(b), 5) for b in hidden_bias - (mean / scale) @ dense],
        "output_weights": [round(float(w), 5) for w in out],
        "output_bias": round(float(out_bias), 5),
    }


NET_ABOUT = (
    "dense token-level attribution-content tagger (storyline.analyze.quote_tagger.DenseNet): one hidden layer over"
    " the sparse features and the parser's tok2vec vectors of the token, its head and its governing verb;"
    " trained on the PolNeAR training split"
)


def fit_net(data, dense, min_count: int, hidden: int, epochs: int, seed: int = 0) -> tuple[dict, float]:
    """Fit the dense tagger (:class:`quote_tagger.DenseNet`) on the 80% and report its
    token F1 on the held-out 20%.  Trained with torch (a dependency already); run time
    needs numpy only.  Dropout 0.3 on the dense inputs and the hidden layer and a small L2
    on the sparse rows keep it from memorising the training articles' words: it peaks
    after two epochs on held-out train."""
    import numpy as np
    import torch

    torch.manual_seed(seed)
    counts: dict[str, int] = {}
    for feats in data[False][0]:
        for f in feats:
            counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, n in counts.items() if n >= min_count)
    vocab = {f: i for i, f in enumerate(names)}
    blank = len(vocab)

    def arrays(split: bool):
        flat, starts = [], []
        for feats in data[split][0]:
            starts.append(len(flat))
            flat.append(blank)
            flat.extend(sorted({vocab[f] for f in feats if f in vocab}))
        return np.asarray(flat), np.asarray(starts + [len(flat)]), np.vstack(dense[split]).astype(np.float32), np.asarray(data[split][1], dtype=np.float32)

    fit, out = arrays(False), arrays(True)
    mean, scale = fit[2].mean(axis=0), fit[2].std(axis=0) + 1e-6
    bag = torch.nn.EmbeddingBag(blank + 1, hidden, mode="sum")
    torch.nn.init.normal_(bag.weight, 0.0, 0.01)
    with torch.no_grad():
        bag.weight[blank].zero_()
    layer, top, drop = torch.nn.Linear(fit[2].shape[1], hidden), torch.nn.Linear(hidden, 1), torch.nn.Dropout(0.3)
    params = [*bag.parameters(), *layer.parameters(), *top.parameters()]
    opt = torch.optim.Adam(params, lr=1e-3)

    def batch(arr, rows, train: bool):
        flat, starts, x, _ = arr
        pieces = [flat[starts[r] : starts[r + 1]] for r in rows]
        offsets = np.concatenate([[0], np.cumsum([len(p) for p in pieces])[:-1]])
        d = torch.from_numpy((x[rows] - mean) / scale)
        h = bag(torch.from_numpy(np.concatenate(pieces)), torch.from_numpy(offsets)) + layer(drop(d) if train else d)
        h = torch.relu(h)
        return top(drop(h) if train else h).squeeze(1)

    rng = np.random.default_rng(seed)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    for _ in range(epochs):
        order = rng.permutation(len(fit[3]))
        for s in range(0, len(order), 512):
            rows = np.sort(order[s : s + 512])
            loss = loss_fn(batch(fit, rows, True), torch.from_numpy(fit[3][rows])) + 1e-5 * (bag.weight**2).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        probs = np.concatenate([torch.sigmoid(batch(out, np.arange(s, min(s + 8192, len(out[3]))), False)).numpy() for s in range(0, len(out[3]), 8192)])
    gold = out[3] == 1
    f1 = max(2 * int((probs >= t / 100)[gold].sum()) / (int((probs >= t / 100).sum()) + int(gold.sum())) for t in range(10, 91, 5))
    net = net_json(
        bag.weight.detach().numpy()[:blank],
        layer.weight.detach().numpy().T,
        layer.bias.detach().numpy(),
        top.weight.detach().numpy()[0],
        float(top.bias.item()),
        names,
        mean,
        scale,
        prune=0.03,
    )
    return net, f1


def main() -> None:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data")
    ap.add_argument("--out", required=True)
    ap.add_argument("--docbin", help="cached spaCy DocBin of the unique texts (sorted), to skip parsing")
    ap.add_argument("--min-weight", type=float, default=0.08)
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
    ap.add_argument("--net-out", help="also fit the dense tagger and write it here (quote_data/tagger_net.json); needs Docs with tensors")
    ap.add_argument("--net-min-count", type=int, default=10)
    ap.add_argument("--net-hidden", type=int, default=32)
    ap.add_argument("--net-epochs", type=int, default=2)
    args = ap.parse_args()

    from storyline.analyze.quote_train import parsed_texts

    rows, texts, docs = parsed_texts(args.data, args.docbin)
    content: dict[str, set[int]] = {t: set() for t in texts}
    for r in rows:
        for att in r["attributions"]:
            for s, e in att.get("content") or []:
                content[r["text"]].update(range(s, e))

    counts: dict[str, int] = {}
    data: dict[bool, tuple[list[list[str]], list[int]]] = {False: ([], []), True: ([], [])}
    dense: dict[bool, list] = {False: [], True: []}
    for text, doc in zip(texts, docs):
        xs, ys = data[held_out(text)]
        feats, inputs, labels = article_arrays(doc, text, content[text], not args.no_rules)
        xs.extend(feats)
        ys.extend(labels)
        dense[held_out(text)].append(inputs)
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

    if args.net_out:
        net, net_f1 = fit_net(data, dense, args.net_min_count, args.net_hidden, args.net_epochs)
        Path(args.net_out).write_text(json.dumps({"about": NET_ABOUT, "heldout_token_f1": round(net_f1, 4), **net}) + "\n", encoding="utf-8")
        print(f"dense tagger: held-out token F1 {net_f1:.3f}; {len(net['features'])} sparse features")

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
        "use_net": bool(args.net_out),
        "heldout_token_f1": round(best[0], 4),
        "heldout_token_threshold": best[1],
        "tokens": int(len(y_fit) + len(y_out)),
        "weights": dict(sorted(weights.items())),
    }
    Path(args.out).write_text(json.dumps(out, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(y_fit)} fit / {len(y_out)} held-out tokens; held-out token F1 {best[0]:.3f} at {best[1]}; {len(weights)} weights")


if __name__ == "__main__":
    main()
