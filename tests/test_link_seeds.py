"""Seeds acceptance for the link stage: Osaka ×3 one event, 003 and 004 their own, one story.

Analysis (extract, spaCy, time, canonical entities) and features run once; the
120 one-at-a-time orders reuse them, so the test stays fast.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from storyline.link import EmbeddingFeaturizer, LinkState, link

pytestmark = pytest.mark.seeds

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def seeds():
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if len(files) < 5:
        pytest.skip("../shared/seeds is absent")
    from storyline.analyze import analyze
    from storyline.extract import extract
    from storyline.link.entities import canonicalize
    from storyline.model import RawDocument, content_id

    articles = []
    for path in files[:5]:
        raw = path.read_text(encoding="utf-8")
        doc = RawDocument(id=content_id(raw, "a_"), source=str(path), kind="text", content=raw)
        articles.append(extract(doc))
    analyze(articles)
    canonicalize(articles)
    prefix = {a.id: Path(a.source).name[:3] for a in articles}
    feats = dict(zip((a.id for a in articles), EmbeddingFeaturizer()(articles)))
    return articles, prefix, (lambda batch: [feats[a.id] for a in batch])


def _events_by_prefix(state: LinkState, prefix: dict[str, str]) -> dict[str, str]:
    return {prefix[a]: e for a, e in state.article_event.items()}


def _check(state: LinkState, prefix: dict[str, str], label: str) -> None:
    ev = _events_by_prefix(state, prefix)
    assert ev["000"] == ev["001"] == ev["002"], label
    assert len({ev["000"], ev["003"], ev["004"]}) == 3, label
    assert len(state.events) == 3, label
    assert len(state.stories) == 1, label
    (story,) = state.stories.values()
    assert sorted(story.event_ids) == sorted(state.events), label


def test_one_batch(seeds):
    articles, prefix, featurizer = seeds
    result = link(articles, LinkState(), featurizer=featurizer)
    _check(result.state, prefix, "one batch")
    assert len(result.events) == 3 and len(result.stories) == 1
    for event in result.events:
        assert event.title and event.story_id == result.stories[0].id
    assert result.stories[0].title


@pytest.mark.parametrize("chunk", range(4))
def test_every_order_one_at_a_time(seeds, chunk):
    """All 120 orders of ingesting the five seeds one by one (split over 4 test cases)."""
    articles, prefix, featurizer = seeds
    orders = list(itertools.permutations(range(5)))[chunk::4]
    for order in orders:
        state = LinkState()
        for i in order:
            state = link([articles[i]], state, featurizer=featurizer).state
        _check(state, prefix, f"order {[prefix[articles[i].id] for i in order]}")


def test_state_round_trip_continues(seeds):
    """Stopping after three seeds, storing the state and going on gives the same grouping."""
    articles, prefix, featurizer = seeds
    state = link(articles[:3], LinkState(), featurizer=featurizer).state
    state = LinkState.from_bytes(state.to_bytes())
    state = link(articles[3:], state, featurizer=featurizer).state
    _check(state, prefix, "round trip")
