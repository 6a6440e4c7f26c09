"""Contradiction recall and precision on the sample corpus and the seeds (issue 7), through the real pipeline.

The comparison runs on the pipeline's analysed articles grouped by the
*expected* events (examples/expected.json), as ``benchmarks/contradictions.py``
does, and is scored with the hand labels of
``benchmarks/data/contradiction_labels.json``; a report without a label counts
as a false alarm here.  The seed test skips when ../shared/seeds is absent.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from storyline.model import Event
from storyline.write.compare import compare_event

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.seeds


def _bench():
    spec = importlib.util.spec_from_file_location("contradictions_bench", ROOT / "benchmarks" / "contradictions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sample_found(examples_store):
    bench = _bench()
    expected = json.loads((ROOT / "examples" / "expected.json").read_text())
    arts = examples_store.articles()
    articles = {a.id: a for a in arts}
    events = bench.sample_events(arts, expected)
    found = {name: compare_event(ev, articles)["contradictions"] for name, ev in events.items()}
    return bench, expected, articles, found


def test_every_planted_contradiction_found(sample_found):
    bench, expected, articles, found = sample_found
    missed = [p for p in expected["contradictions"]
              if not any(bench.covers(p, c, articles) for c in found.get(p["event"], []))]
    detail = [(p["claims"], [(c["kind"], [cl["text"][:60] for cl in c["claims"]]) for c in found.get(p["event"], [])])
              for p in missed]
    assert not missed, f"missed (planted claims, what the event reported): {detail}"


def test_precision_on_the_sample_corpus(sample_found):
    bench, expected, articles, found = sample_found
    labels = json.loads(bench.LABELS.read_text())
    reported = [(name, c) for name, cons in found.items() for c in cons]
    true = 0
    for name, con in reported:
        planted = any(bench.covers(p, con, articles) for p in expected["contradictions"] if p["event"] == name)
        true += planted or labels.get(bench.pair_key(name, con, articles)) is True
    assert reported and true / len(reported) >= 0.6, f"precision {true}/{len(reported)}"
    for _, con in reported:
        assert 0 < con["confidence"] < 1
        assert {"kind", "confidence", "claims"} <= set(con)


def test_seed_003_denial_and_admission_found(seeds_store):
    arts = seeds_store.articles()
    call = [a.id for a in arts if Path(a.source).name.startswith("003")]
    if not call:
        pytest.skip("seed 003 is absent")
    articles = {a.id: a for a in arts}
    text = articles[call[0]].text.replace("’", "'")
    if "discuss that" not in text:
        pytest.xfail("extract dropped the \"We didn't discuss that\" line from seed 003's clean text")
    cons = compare_event(Event("call", "call", call), articles)["contradictions"]
    hits = [c for c in cons if c["kind"] == "polarity"
            and any("didn't discuss" in cl["text"].replace("’", "'") for cl in c["claims"])
            and any("briefly it was discussed" in cl["text"] for cl in c["claims"])]
    assert hits


def test_osaka_seeds_raise_no_false_alarm(seeds_store):
    """The three Osaka reports agree on the request the president made; a request asserts nothing."""
    arts = seeds_store.articles()
    ids = [a.id for a in arts if Path(a.source).name.startswith(("000", "001", "002"))]
    if len(ids) < 3:
        pytest.skip("Osaka seeds are absent")
    cons = compare_event(Event("osaka", "osaka", ids), {a.id: a for a in arts})["contradictions"]
    assert not [c for c in cons if c["kind"] == "polarity" and "meddle" in c.get("cue", [])]
