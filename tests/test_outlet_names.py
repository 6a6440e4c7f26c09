"""One readable name per outlet: domains spelled out, spellings of one outlet merged."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from conftest import EXAMPLES
from storyline.extract.outlet_names import name_from_domain, outlet_key, unify
from storyline.model import Article
from storyline.pipeline import name_outlets


@pytest.mark.parametrize(
    "host, name",
    [
        ("www.thekestrelherald.com", "The Kestrel Herald"),
        ("eveningpost.co.uk", "Evening Post"),
        ("ktv.example", "KTV"),
        ("nyledger.example", "NY Ledger"),
        ("localhost", None),
    ],
)
def test_domain_becomes_words(host, name):
    assert name_from_domain(host) == name


def test_spellings_of_one_outlet_share_a_key():
    assert outlet_key("The Kestrel Herald") == outlet_key("Kestrel Herald") == outlet_key("kestrelherald.example")
    assert outlet_key("Kestrel Herald") != outlet_key("Kestrel Gazette")


def test_unify_prefers_written_commonest_spelling():
    names = ["Kestrel Herald", "Kestrel Herald", "The Kestrel Herald", "kestrelherald.example", None, "Dune Radio"]
    mapping = unify(names)
    assert {mapping[n] for n in names if n and n != "Dune Radio"} == {"Kestrel Herald"}
    assert mapping["Dune Radio"] == "Dune Radio"


def test_a_stored_name_wins_so_outputs_keep_it():
    mapping = unify(["Kestrel Herald", "kestrelherald.example"], {outlet_key("The Kestrel Herald"): "The Kestrel Herald"})
    assert set(mapping.values()) == {"The Kestrel Herald"}


def test_a_lone_domain_is_spelled_out():
    article = Article(id="a1", source="x", kind="html", text="Body.", outlet="dunevalleyradio.example")
    name_outlets([article])
    assert article.outlet == "Dune Valley Radio"


def test_sample_corpus_has_one_name_per_outlet(examples_doc):
    """Every article that names its outlet gets the corpus author's name for it; none gets two."""
    truth = json.loads((EXAMPLES.parent / "expected.json").read_text())["articles"]
    by_source = {a["source"]: a["outlet"] for a in examples_doc["articles"]}
    names = defaultdict(set)
    right = total = 0
    for key, fact in truth.items():
        path = (EXAMPLES / key.partition("#")[0]).as_posix()
        found = [o for s, o in by_source.items() if s == path or s.startswith(path + ":")]
        for outlet in found:
            if outlet:
                names[fact["outlet"]].add(outlet)
                total += 1
                right += outlet == fact["outlet"]
    assert all(len(v) == 1 for v in names.values()), dict(names)
    assert total >= 30 and right == total


def test_seed_domain_becomes_a_name(seeds_doc):
    """000 names its outlet only by its URL; the stored outlet is the name spelled out from the domain."""
    a000 = next(a for a in seeds_doc["articles"] if "000_" in a["source"])
    assert a000["outlet"] == "The Moscow Times"
