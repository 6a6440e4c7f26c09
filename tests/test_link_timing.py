"""Time as evidence in event linking: agreeing days lower the bar, disagreeing days raise it.

Features are built by hand (the featurizer is injectable), so each case pins the
text similarity and varies only the days: what decides is the date logic.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from storyline.link import ArticleFeatures, LinkConfig, LinkState, link
from storyline.link.events import join_threshold
from storyline.link.features import Sparse, term_vector
from storyline.link.state import Profile
from storyline.model import Article

CFG = LinkConfig()


def _dense(cos: float) -> tuple[np.ndarray, np.ndarray]:
    """Two unit vectors with the given cosine."""
    a = np.zeros(8, dtype=np.float32)
    b = np.zeros(8, dtype=np.float32)
    a[0] = 1.0
    b[0], b[1] = cos, float(np.sqrt(1 - cos * cos))
    return a, b


def _pair(cos: float, day_a: date | None, day_b: date | None, same_words: bool = False) -> dict[str, ArticleFeatures]:
    """Two articles whose topic vectors have cosine ``cos``; ``same_words``: identical terms and names too."""
    va, vb = _dense(cos)
    words = term_vector("Quellport ferry crews walk out over pay") if same_words else Sparse.empty()
    mk = lambda v, d, h: ArticleFeatures(v, words, words, d and d.toordinal(), h, words)  # noqa: E731
    return {"x1": mk(va, day_a, "Ferry strike in Quellport"), "x2": mk(vb, day_b, "Quellport ferries stop")}


def _linked_together(feats: dict[str, ArticleFeatures]) -> bool:
    articles = [Article(id=i, source=i, text=f"Invented report {i} about Quellport ferries.") for i in feats]
    state = link(articles, LinkState(), featurizer=lambda batch: [feats[a.id] for a in batch], config=CFG).state
    return state.article_event["x1"] == state.article_event["x2"]


def _profile(day: date | None) -> Profile:
    v = np.ones(4, dtype=np.float32)
    d = day and day.toordinal()
    return Profile(v, Sparse.empty(), Sparse.empty(), d, d, 1)


def test_threshold_follows_what_the_days_say():
    d = date(2031, 3, 2)
    same_days = join_threshold(_profile(d), _profile(date(2031, 3, 3)), CFG)
    undated = join_threshold(_profile(None), _profile(None), CFG)
    one_dated = join_threshold(_profile(d), _profile(None), CFG)
    week_apart = join_threshold(_profile(d), _profile(date(2031, 3, 9)), CFG)
    assert same_days < undated <= one_dated == CFG.event_join
    assert week_apart == CFG.event_join


def test_moderate_match_joins_when_days_agree_only():
    # dense weight × cosine lands between the same-days bar and the undated bar
    cos = (CFG.event_join - CFG.undated_relief - 0.04) / CFG.event_dense
    assert _linked_together(_pair(cos, date(2031, 3, 2), date(2031, 3, 3)))
    assert not _linked_together(_pair(cos, None, None))
    assert not _linked_together(_pair(cos, date(2031, 3, 2), None))
    assert not _linked_together(_pair(cos, date(2031, 3, 2), date(2031, 4, 20)))


def test_strong_match_years_apart_stays_apart():
    assert _linked_together(_pair(0.9, None, None, same_words=True))
    assert not _linked_together(_pair(0.9, date(2029, 7, 9), date(2031, 6, 28), same_words=True))


def test_batch_groups_reports_of_one_happening_and_no_chains():
    from storyline.link.batch_groups import group_batch

    same = _pair(0.95, date(2031, 3, 2), date(2031, 3, 2), same_words=True)
    other_va = np.zeros(8, dtype=np.float32)
    other_va[5] = 1.0
    other = ArticleFeatures(other_va, Sparse.empty(), Sparse.empty(), date(2031, 3, 2).toordinal(), "Other")
    assert group_batch([same["x1"], other, same["x2"]], CFG) == [[0, 2], [1]]
    # identical text, but the days span more than the grace: two happenings
    apart = _pair(0.95, date(2031, 3, 2), date(2031, 3, 12), same_words=True)
    assert group_batch([apart["x1"], apart["x2"]], CFG) == [[0], [1]]
