"""Order repair: a report placed early moves when its own event forms later (``link/reassign.py``).

Hand-made features (three directions: the story's topic, an earlier happening,
a later happening) make the situation exact: an undated analysis of the later
happening arrives while only the earlier happening's reports exist and fits
them well enough to join; then the later happening's dated reports arrive and
open their own event.  Without the repair the analysis stays with the earlier
happening for ever (single-pass clustering); with it, it moves.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from storyline.link import LinkConfig, LinkState, link
from storyline.link.features import ArticleFeatures, Sparse, iso_day
from storyline.model import Article

# dense only, so the similarity is the cosine and the numbers below are exact
CONFIG = replace(LinkConfig(), event_dense=1.0, event_terms=0.0, event_entities=0.0, event_lead=0.0)
TOPIC, EARLIER, LATER, OTHER, SIDE_A, SIDE_B = np.eye(6, dtype=np.float32)
# two reports of one happening, each sharing one side with a third report that
# neither alone is close enough to (cosine 0.54 < 0.58) but their event is
# (0.645: over the bar by more than ``reassign_margin``, under ``event_merge``)
SHARED = 0.837


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


# id -> (dense direction, published day or None, invented text)
ARTICLES = {
    "pause-1": (
        TOPIC + EARLIER,
        "2041-03-02",
        "Trial of the Velmora drug paused after two patients fell ill at Orrin clinic.",
    ),
    "pause-2": (
        TOPIC + EARLIER,
        "2041-03-03",
        "Velmora study halted: Orrin clinic reports two sick volunteers on Monday.",
    ),
    "analysis": (
        TOPIC + 0.5 * EARLIER + 0.8 * LATER,
        None,
        "What the Velmora numbers mean: a long read on the drug that nearly failed and then did not.",
    ),
    "results-1": (TOPIC + LATER, "2041-09-10", "Velmora drug cuts fevers by half, final Orrin trial results show."),
    "results-2": (
        TOPIC + LATER,
        "2041-09-11",
        "Orrin researchers publish Velmora results: fevers halved in the final group.",
    ),
    "strike-1": (
        SIDE_A + SHARED * OTHER,
        "2041-12-01",
        "Harbour pilots of Castell vote to end their strike after nine days.",
    ),
    "strike-2": (
        SIDE_B + SHARED * OTHER,
        "2041-12-01",
        "Castell pilots return to work as the nine-day harbour strike ends.",
    ),
    "strike-odd": (
        SIDE_A + SIDE_B,
        "2041-12-04",
        "Streik der Lotsen von Castell ist nach neun Tagen beendet, berichtet der Hafen.",
    ),
}


def _article(aid: str) -> Article:
    _, published, text = ARTICLES[aid]
    return Article(id=aid, source=aid, text=text, title=text.split(":")[0], published=published)


class HandMadeFeatures:
    """Features given by the table above, not computed: the test controls every similarity."""

    def __call__(self, articles):
        return [
            ArticleFeatures(
                dense=_unit(ARTICLES[a.id][0]),
                terms=Sparse.empty(),
                entities=Sparse.empty(),
                day=iso_day(a.published),
                headline=a.title or a.id,
            )
            for a in articles
        ]


def _one_at_a_time(ids: list[str], config: LinkConfig, roundtrip: bool = True):
    state, results = LinkState(), []
    for aid in ids:
        result = link([_article(aid)], state, featurizer=HandMadeFeatures(), config=config)
        results.append(result)
        state = LinkState.from_bytes(result.state.to_bytes()) if roundtrip else result.state
    return state, results


ORDER = ["pause-1", "pause-2", "analysis", "results-1", "results-2"]


def test_undated_report_joins_the_earlier_event_first():
    state, _ = _one_at_a_time(ORDER[:3], CONFIG)
    assert state.article_event["analysis"] == state.article_event["pause-1"]


def test_undated_report_moves_when_its_own_event_forms():
    state, results = _one_at_a_time(ORDER, CONFIG)
    ev = state.article_event
    assert ev["analysis"] == ev["results-1"] == ev["results-2"]
    assert ev["pause-1"] == ev["pause-2"] != ev["analysis"]
    # the move is reported, with both events, so a store rewrites both
    moved = [r for r in results if r.moved_articles]
    assert len(moved) == 1 and moved[0].moved_articles == {"analysis": ev["analysis"]}
    written = {e.id: set(e.article_ids) for e in moved[0].events}
    assert written[ev["pause-1"]] == {"pause-1", "pause-2"}
    assert "analysis" in written[ev["analysis"]]
    # the earlier event's profile no longer holds the moved report
    assert state.events[ev["pause-1"]].profile.size == 2


def test_without_the_repair_it_stays():
    state, results = _one_at_a_time(ORDER, replace(CONFIG, reassign_max_moves=0))
    assert state.article_event["analysis"] == state.article_event["pause-1"]
    assert not any(r.moved_articles for r in results)


def test_one_batch_needs_no_move_and_agrees():
    batch = link([_article(a) for a in ORDER], LinkState(), featurizer=HandMadeFeatures(), config=CONFIG)
    ev = batch.state.article_event
    assert ev["analysis"] == ev["results-1"] and not batch.moved_articles


def test_dated_reports_with_company_never_move():
    """A dated report's day placed it; only an undated one, or one alone, is reconsidered."""
    state, results = _one_at_a_time(["pause-1", "pause-2", "results-1", "results-2", "strike-1"], CONFIG)
    ev = state.article_event
    assert ev["pause-1"] == ev["pause-2"] != ev["results-1"] == ev["results-2"]
    assert not any(r.moved_articles for r in results)


def test_a_report_alone_joins_the_event_it_fits_once_it_forms():
    # the odd report comes first and stays alone (each other report alone is too
    # far); the two others form an event it clearly fits: it joins it
    state, results = _one_at_a_time(["strike-odd", "strike-1", "strike-2"], CONFIG)
    ev = state.article_event
    assert ev["strike-1"] == ev["strike-2"] == ev["strike-odd"]
    assert [r.moved_articles for r in results][-1] == {"strike-odd": ev["strike-1"]}
    assert len(state.events) == 1
    # without the repair it would have stayed alone
    state, _ = _one_at_a_time(["strike-odd", "strike-1", "strike-2"], replace(CONFIG, reassign_max_moves=0))
    assert len(state.events) == 2


def test_a_store_written_after_each_call_holds_the_move(tmp_path):
    """What the pipeline does with a result (``save_link``) leaves each report in exactly one event."""
    from storyline.store import Store

    store = Store(f"sqlite:///{tmp_path}/moves.db")
    store.add_articles([_article(a) for a in ORDER])
    state = LinkState()
    for aid in ORDER:
        result = link([_article(aid)], state, featurizer=HandMadeFeatures(), config=CONFIG)
        store.save_link(
            events=result.events,
            stories=result.stories,
            removed_event_ids=result.removed_event_ids,
            removed_story_ids=result.removed_story_ids,
        )
        state = result.state
    stored = {e.id: set(e.article_ids) for e in store.events()}
    assert sorted(map(sorted, stored.values())) == [["analysis", "results-1", "results-2"], ["pause-1", "pause-2"]]
    assert not store.unlinked_ids()
