"""The token-level attribution tagger on invented text (fictional people and outlets)."""

from __future__ import annotations

import pytest

from storyline.analyze import quote_tagger as qt
from storyline.analyze.quote_frames import quote_mask
from storyline.analyze.quote_marks import find_marked
from storyline.model import Article

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def nlp():
    from storyline.models import get_nlp

    return get_nlp()


def _probs(nlp, text: str, use_rules: bool = True):
    from storyline.analyze.quotes import find_quotes

    doc = nlp(text)
    model = qt.load_model()
    assert model is not None, "quote_data/tagger_model.json is missing"
    article = Article(id="t", source="test", text=text)
    rule_quotes = find_quotes(doc, article, use_tagger=False) if use_rules else []
    mask = quote_mask(find_marked(text), len(text) + 1)
    return doc, qt.token_probabilities(doc, mask, rule_quotes, model)


def test_features_follow_the_path_to_the_reporting_verb(nlp):
    doc = nlp("Mayor Ilsa Brandt said the ferry would stop running in March.")
    feats = qt.doc_features(doc, bytearray(len(doc.text) + 1), [""] * len(doc))
    ferry = next(t.i for t in doc if t.text == "ferry")
    assert "A=ccomp|say" in feats[ferry]  # two levels up: stop -> said
    assert any(f.startswith("v=stop|") for f in feats[ferry])
    said = next(t.i for t in doc if t.text == "said")
    assert any(f.startswith("self=say|") and "ccomp" in f for f in feats[said])


def test_content_tokens_score_above_source_and_cue(nlp):
    doc, probs = _probs(nlp, "Mayor Ilsa Brandt said the ferry would stop running in March.")
    by_word = {t.text: probs[t.i] for t in doc}
    content = [probs[t.i] for t in doc if t.i > 3 and not t.is_punct]  # "the ferry … in March"
    assert by_word["ferry"] > 0.5
    assert sum(content) / len(content) > 0.5
    assert by_word["Brandt"] < 0.5
    assert by_word["said"] < 0.5


def test_plain_narration_is_not_content(nlp):
    doc, probs = _probs(nlp, "The ferry left the harbour at noon and reached the island an hour later.")
    assert max(probs) < 0.5


def test_without_the_parse_rules_the_tagger_still_reads_speech(nlp):
    doc, probs = _probs(nlp, "Councillor Tobin Marsh argued that the tunnel was far too expensive.", use_rules=False)
    tunnel = next(t.i for t in doc if t.text == "tunnel")
    marsh = next(t.i for t in doc if t.text == "Marsh")
    assert probs[tunnel] > probs[marsh]


def test_refine_keeps_rule_quotes_it_agrees_with(nlp):
    from storyline.analyze.quotes import find_quotes

    text = "Councillor Tobin Marsh said that the tunnel was far too expensive."
    doc = nlp(text)
    article = Article(id="t", source="test", text=text)
    quotes = find_quotes(doc, article)
    assert len(quotes) == 1
    # the tagger may extend the rules' content over the complementizer, as PolNeAR often does
    assert quotes[0].text in ("the tunnel was far too expensive", "that the tunnel was far too expensive")
    assert quotes[0].speaker and "Marsh" in quotes[0].speaker


def test_tagger_adds_a_nominal_attribution_the_rules_pass_over(nlp, monkeypatch):
    import dataclasses

    from storyline.analyze.quotes import find_quotes

    text = "Mayor Ilsa Brandt remains a fierce critic of the plan to close the harbour."
    doc = nlp(text)
    article = Article(id="t", source="test", text=text)
    assert find_quotes(doc, article, use_tagger=False) == []
    # the shipped setting wants a subject of the cue's own; "critic" has none, so
    # with it nothing is added, and without it the holder comes from the sentence
    assert find_quotes(doc, article) == []
    loose = dataclasses.replace(qt.load_model(), add_needs_source=False, subject_fallback=True)
    monkeypatch.setattr(qt, "load_model", lambda: loose)
    quotes = find_quotes(doc, article)
    assert [q.text for q in quotes] == ["the plan to close the harbour"]
    assert quotes[0].kind == "indirect"
    assert quotes[0].cue.text == "critic"
    assert quotes[0].speaker == "Ilsa Brandt"


def test_new_content_is_a_whole_constituent_with_its_governing_cue_and_subject(nlp):
    text = "Councillor Tobin Marsh is eyeing a run for mayor in the spring."
    doc = nlp(text)
    start = text.index("a run")
    probs = [0.9 if t.idx >= start and not t.is_punct else 0.1 for t in doc]
    model = qt.TaggerModel(weights={}, bias=0.0, drop_below=0.0, add_above=0.5, add_min_tokens=3)
    found = qt._new_contents(doc, probs, bytearray(len(text) + 1), model)
    assert len(found) == 1
    item = found[0]
    assert text[item.start : item.end].startswith("a run for mayor")
    assert doc[item.cue_token].text == "eyeing"
    assert doc[item.source_token].text == "Marsh"
    covered = bytearray(len(text) + 1)
    covered[start : start + 5] = b"\x01" * 5  # a rule quote already there: nothing new
    assert qt._new_contents(doc, probs, covered, model) == []


def test_without_weights_the_tagger_changes_nothing(nlp, monkeypatch):
    from storyline.analyze.quotes import find_quotes

    text = "Mayor Ilsa Brandt remains a fierce critic of the plan to close the harbour."
    monkeypatch.setattr(qt, "load_model", lambda: None)
    assert find_quotes(nlp(text), Article(id="t", source="test", text=text)) == []


def test_dense_inputs_are_the_token_head_and_governing_verb_vectors(nlp):
    import numpy as np

    doc = nlp("Mayor Ilsa Brandt said the ferry would stop running in March.")
    feats, head, verbs = qt.token_features(doc, bytearray(len(doc.text) + 1), [""] * len(doc))
    dense = qt.dense_inputs(doc, head, verbs)
    assert dense.shape == (len(doc), 288)
    ferry = next(t for t in doc if t.text == "ferry")
    assert np.allclose(dense[ferry.i, :96], doc.tensor[ferry.i])
    assert np.allclose(dense[ferry.i, 96:192], doc.tensor[ferry.head.i])
    assert doc[verbs[ferry.i]].lemma_ == "stop"  # the first verb above "ferry"
    assert np.allclose(dense[ferry.i, 192:], doc.tensor[verbs[ferry.i]])
    root = next(t for t in doc if t.dep_ == "ROOT")
    assert verbs[root.i] == -1 and not dense[root.i, 192:].any()  # nothing above the root


def test_dense_inputs_need_the_parse_tensor(nlp):
    import numpy as np

    doc = nlp("Councillor Tobin Marsh argued that the tunnel was far too expensive.")
    doc.tensor = np.zeros((0, 96), dtype="float32")  # as a Doc read back from a DocBin
    _, head, verbs = qt.token_features(doc, bytearray(len(doc.text) + 1), [""] * len(doc))
    assert qt.dense_inputs(doc, head, verbs) is None


def test_dense_net_matches_a_plain_one_hot_forward_pass():
    import numpy as np

    rng = np.random.default_rng(1)
    names = ["w=ferry", "p=NOUN", "r=-"]
    sparse, dense = rng.normal(size=(3, 4)).astype("float32"), rng.normal(size=(6, 4)).astype("float32")
    bias, out = rng.normal(size=4).astype("float32"), rng.normal(size=4).astype("float32")
    net = qt.DenseNet(
        index={n: i for i, n in enumerate(names)},
        sparse=np.vstack([sparse, np.zeros((1, 4), dtype="float32")]),
        dense=dense,
        hidden_bias=bias,
        out=out,
        out_bias=0.2,
    )
    feats = [["w=ferry", "r=-", "unknown"], ["never-seen"], ["p=NOUN"]]
    tensor = rng.normal(size=(3, 2)).astype("float32")  # dense = [token, head, verb] vectors, 2 numbers each
    head, verbs = [1, 1, 1], [1, -1, 0]
    x = np.hstack([tensor, tensor[head], np.vstack([tensor[1], np.zeros(2), tensor[0]])]).astype("float32")
    onehot = np.array([[1, 0, 1], [0, 0, 0], [0, 1, 0]], dtype="float32")
    hidden = np.maximum(onehot @ sparse + x @ dense[:6] + bias, 0)
    expected = 1 / (1 + np.exp(-(hidden @ out + 0.2)))
    net.dense = dense[:6]
    assert np.allclose(net.probabilities(feats, tensor, head, verbs), expected, atol=1e-5)


def test_exported_net_folds_the_standardisation_in():
    import numpy as np

    from storyline.analyze.quote_tagger_train import net_json

    rng = np.random.default_rng(2)
    sparse = rng.normal(size=(2, 3)).astype("float32")
    sparse[1] = 0.001  # below the pruning floor: left out of the file
    dense, bias, out = rng.normal(size=(4, 3)), rng.normal(size=3), rng.normal(size=3)
    mean, scale = rng.normal(size=4), rng.uniform(0.5, 2.0, size=4)
    blob = net_json(sparse, dense, bias, out, 0.1, ["a", "b"], mean, scale, prune=0.01)
    assert blob["features"] == ["a"]
    x = rng.normal(size=(1, 4))
    trained = np.maximum(sparse[0] + ((x - mean) / scale) @ dense + bias, 0) @ out + 0.1
    shipped = np.maximum(qt._array(blob["sparse_weights"])[0] + x @ qt._array(blob["dense_weights"]) + blob["hidden_bias"], 0) @ blob["output_weights"] + blob["output_bias"]
    assert np.allclose(trained, shipped, atol=2e-2)  # float16 weights


def test_shipped_tagger_reads_the_tensor_and_falls_back_without_it(nlp):
    import numpy as np

    from storyline.analyze.quotes import find_quotes

    text = "Councillor Tobin Marsh argued that the tunnel was far too expensive."
    model = qt.load_model()
    assert model.use_net and qt.load_net() is not None
    doc = nlp(text)
    rule_quotes = find_quotes(doc, Article(id="t", source="test", text=text), use_tagger=False)
    mask = bytearray(len(text) + 1)
    with_net = qt.token_probabilities(doc, mask, rule_quotes, model)
    doc.tensor = np.zeros((0, 96), dtype="float32")
    linear = qt.token_probabilities(doc, mask, rule_quotes, model)
    tunnel = next(t.i for t in doc if t.text == "tunnel")
    marsh = next(t.i for t in doc if t.text == "Marsh")
    for probs in (with_net, linear):
        assert probs[tunnel] > 0.5 > probs[marsh]
    assert with_net != linear
