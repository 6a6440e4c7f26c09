"""The bundled sample corpus: every event and story written into it is found.

`examples/expected.json` is the corpus author's truth (fictional articles written
for this project); this is the same build `make demo` runs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import EXAMPLES

EXPECTED = json.loads((EXAMPLES.parent / "expected.json").read_text())


def _ids_by_key(doc) -> dict[str, str]:
    """expected.json key (path under corpus/, '#k' for the k-th JSON line) -> article id."""
    by_source = {Path(a["source"]).as_posix(): a["id"] for a in doc["articles"]}
    mapping = {}
    for key in EXPECTED["articles"]:
        path, _, index = key.partition("#")
        full = (EXAMPLES / path).as_posix()
        if index:
            lines = sorted(
                (int(src.rsplit(":", 1)[1]), aid) for src, aid in by_source.items() if src.startswith(full + ":")
            )
            mapping[key] = lines[int(index)][1]
        else:
            mapping[key] = by_source[full]
    return mapping


def _partition(groups: dict[str, set[str]]) -> set[frozenset[str]]:
    return {frozenset(v) for v in groups.values()}


def test_every_input_is_an_article(examples_doc):
    ids = _ids_by_key(examples_doc)
    assert len(set(ids.values())) == len(EXPECTED["articles"]) == len(examples_doc["articles"])


def test_events_are_found(examples_doc):
    ids = _ids_by_key(examples_doc)
    expected: dict[str, set[str]] = defaultdict(set)
    for key, truth in EXPECTED["articles"].items():
        expected[truth["event"]].add(ids[key])
    found = {ev["id"]: set(ev["article_ids"]) for ev in examples_doc["events"]}
    missing = [name for name, members in expected.items() if frozenset(members) not in _partition(found)]
    assert not missing, f"events not found exactly: {missing}"
    assert len(found) == len(expected)


def test_stories_are_found(examples_doc):
    ids = _ids_by_key(examples_doc)
    event_members = {ev["id"]: ev["article_ids"] for ev in examples_doc["events"]}
    expected: dict[str, set[str]] = defaultdict(set)
    for key, truth in EXPECTED["articles"].items():
        expected[truth["story"]].add(ids[key])
    found = {
        st["id"]: {a for e in st["event_ids"] for a in event_members.get(e, [])} for st in examples_doc["stories"]
    }
    assert _partition(found) == _partition(expected)


def test_printed_dates_and_languages(examples_doc):
    ids = _ids_by_key(examples_doc)
    articles = {a["id"]: a for a in examples_doc["articles"]}
    wrong = []
    for key, truth in EXPECTED["articles"].items():
        art = articles[ids[key]]
        if truth["printed_date"] and (art["published"], art["published_inferred"]) != (truth["published"], False):
            wrong.append((key, art["published"], truth["published"]))
        assert art["language"] == truth["language"], key
    assert not wrong


def test_wire_copy_is_flagged(examples_doc):
    ids = _ids_by_key(examples_doc)
    articles = {a["id"]: a for a in examples_doc["articles"]}
    copies = {k: v["wire_copy_of"] for k, v in EXPECTED["articles"].items() if v.get("wire_copy_of")}
    assert copies
    for copy, original in copies.items():
        pair = {articles[ids[copy]]["duplicate_of"], articles[ids[original]]["duplicate_of"]}
        assert pair & {ids[copy], ids[original]}, f"{copy} not linked to {original}"


def test_hostile_markup_stays_text(examples_doc):
    """A script in page chrome never reaches the clean text; escaped markup in the body stays inert text."""
    texts = " ".join(a["text"] for a in examples_doc["articles"])
    assert "<script" not in texts


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_reports_render(examples_doc, fmt):
    if fmt == "markdown":
        from storyline.write.markdown import render
    else:
        from storyline.write.report_html import render
    out = render(examples_doc)
    if fmt == "html":
        import html

        visible = html.unescape(out)
    else:
        visible = out
    for story in examples_doc["stories"]:
        assert story["title"] in visible
    if fmt == "html":
        assert "<script>alert" not in out and "<img src=x" not in out
