"""Link stage on invented articles: copies, events, stories, ids, state, order.

Uses the model-free ``HashingFeaturizer`` so these run in a second; the seeds
test (test_link_seeds.py) covers the default MiniLM path on real coverage.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest

from storyline.link import HashingFeaturizer, LinkConfig, LinkState, link
from storyline.link.features import Sparse, sparse_add, sparse_cosine, sparse_dot, term_vector
from storyline.model import Article, EntityMention, Sentence

FEATURIZER = HashingFeaturizer()
# hashing vectors are cruder than MiniLM: the scale benchmark's calibration
CONFIG = replace(LinkConfig(), event_join=0.45)

_NAMES = re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)*")


def make(aid: str, text: str, title: str | None = None, published: str | None = None) -> Article:
    sentences, pos = [], 0
    for part in re.split(r"(?<=\.)\s+", text):
        start = text.index(part, pos)
        sentences.append(Sentence(start, start + len(part)))
        pos = start + len(part)
    entities = [EntityMention(m.start(), m.end(), m.group(0), "PERSON") for m in _NAMES.finditer(text) if m.start()]
    return Article(
        id=aid, source=aid, text=text, title=title, published=published, sentences=sentences, entities=entities
    )


BRIDGE = (
    "Mayor Ilsa Varnow opened the Quellport tidal bridge on Tuesday after six years of building. "
    "The bridge links the old harbour district of Quellport with the island suburb of Morrow Key. "
    "Engineer Tobias Grell said the span was designed to flex with the spring tides. "
    "Residents of Morrow Key queued from dawn to walk across the Quellport bridge first. "
    "The council of Quellport expects twenty thousand crossings a day once the tolls end."
)
BRIDGE_OTHER_OUTLET = (
    "Quellport finally has its tidal bridge: Mayor Ilsa Varnow cut the ribbon on Tuesday. "
    "Crowds from Morrow Key crossed the new span into the harbour district within minutes. "
    "Tobias Grell, the engineer behind the Quellport bridge, praised the builders for six years of work. "
    "Tolls will end next year, the Quellport council said, and twenty thousand crossings a day are expected."
)
BRIDGE_SECOND_YEAR = (
    "Mayor Ilsa Varnow reopened the Quellport tidal bridge on Tuesday after a year of storm repairs. "
    "The bridge to Morrow Key had been shut since the winter floods damaged its Quellport end. "
    "Engineer Tobias Grell said the repaired span now flexes further with the spring tides. "
    "Residents of Morrow Key crossed the Quellport bridge again for the first time in months."
)
ORCHARD = (
    "Farmers in the Bellwether valley report the worst pear harvest in a generation this autumn. "
    "Grower Annika Stroud said late frost in Bellwether killed most blossom before the bees arrived. "
    "The Bellwether cooperative will import fruit from the coast to keep its cannery open. "
    "Prices of Bellwether pear cider are expected to double by the winter markets."
)


def article_set() -> list[Article]:
    return [
        make("b1", BRIDGE, "Quellport opens tidal bridge to Morrow Key", "2031-05-06"),
        make("b2", BRIDGE_OTHER_OUTLET, "Crowds cross new Quellport bridge", "2031-05-07"),
        make("b3", BRIDGE_SECOND_YEAR, "Quellport bridge reopens after storm repairs", "2033-03-15"),
        make("o1", ORCHARD, "Frost ruins Bellwether pear harvest", "2031-10-02"),
    ]


def event_of(state: LinkState) -> dict[str, str]:
    return dict(state.article_event)


def test_same_happening_joins_same_kind_years_apart_stays_apart():
    result = link(article_set(), LinkState(), featurizer=FEATURIZER, config=CONFIG)
    ev = event_of(result.state)
    assert ev["b1"] == ev["b2"]
    assert ev["b3"] != ev["b1"]
    assert ev["o1"] not in (ev["b1"], ev["b3"])
    events = {e.id: e for e in result.events}
    assert events[ev["b1"]].story_id == events[ev["b3"]].story_id
    assert events[ev["o1"]].story_id != events[ev["b1"]].story_id
    assert sorted(events[ev["b1"]].article_ids) == ["b1", "b2"]
    assert {s.id for s in result.stories} == {e.story_id for e in result.events}


def test_wire_copy_flagged_and_joins_original_event():
    arts = article_set()
    copy = make("b1-copy", BRIDGE.replace("on Tuesday", "on Tuesday morning"), "Tidal bridge opens", "2031-05-06")
    result = link(arts + [copy], LinkState(), featurizer=FEATURIZER, config=CONFIG)
    assert copy.duplicate_of == "b1"
    assert all(a.duplicate_of is None for a in arts)
    state = result.state
    assert state.article_event["b1-copy"] == state.article_event["b1"]
    # the copy does not weigh twice in its event's profile
    assert state.events[state.article_event["b1"]].profile.size == 2


def test_ids_stable_and_rerun_creates_nothing():
    first = link(article_set(), LinkState(), featurizer=FEATURIZER, config=CONFIG)
    second = link(article_set(), LinkState(), featurizer=FEATURIZER, config=CONFIG)
    assert event_of(first.state) == event_of(second.state)
    assert sorted(first.state.stories) == sorted(second.state.stories)
    again = link(article_set(), first.state, featurizer=FEATURIZER, config=CONFIG)
    assert again.events == [] and again.stories == []
    assert len(again.state.events) == len(first.state.events)


def test_batch_order_does_not_matter():
    reference = event_of(link(article_set(), LinkState(), featurizer=FEATURIZER, config=CONFIG).state)
    for seed in range(5):
        arts = article_set()
        random.Random(seed).shuffle(arts)
        assert event_of(link(arts, LinkState(), featurizer=FEATURIZER, config=CONFIG).state) == reference


def test_one_at_a_time_matches_batch_and_survives_serialisation():
    reference = event_of(link(article_set(), LinkState(), featurizer=FEATURIZER, config=CONFIG).state)
    state = LinkState.from_bytes(LinkState().to_bytes())
    for article in article_set():
        state = link([article], state, featurizer=FEATURIZER, config=CONFIG).state
        state = LinkState.from_bytes(state.to_bytes())
    assert event_of(state) == reference
    assert len(state.stories) == 2


def test_titles_come_from_member_headlines():
    result = link(article_set(), LinkState(), featurizer=FEATURIZER, config=CONFIG)
    heads = {"Quellport opens tidal bridge to Morrow Key", "Crowds cross new Quellport bridge"}
    bridge_event = next(e for e in result.events if "b1" in e.article_ids)
    assert bridge_event.title in heads
    for story in result.stories:
        assert story.title in {e.title for e in result.events if e.story_id == story.id}


def test_merge_reports_removed_event():
    """Two events opened apart are merged when a later batch shows they are one."""
    strict = replace(CONFIG, event_join=0.99, event_merge=0.99, same_days_relief=0.0, undated_relief=0.0)
    state = link([make("b1", BRIDGE, "Bridge opens", "2031-05-06")], LinkState(), featurizer=FEATURIZER,
                 config=strict).state
    state = link([make("b2", BRIDGE_OTHER_OUTLET, "Crowds cross", "2031-05-07")], state, featurizer=FEATURIZER,
                 config=strict).state
    assert state.article_event["b1"] != state.article_event["b2"]
    loose = replace(CONFIG, event_merge=0.3)
    bridging = make(
        "b4",
        "Mayor Ilsa Varnow cut the ribbon on the Quellport tidal bridge on Tuesday. "
        "Crowds from Morrow Key crossed the span, which engineer Tobias Grell designed to flex with the tides. "
        "The Quellport council expects twenty thousand crossings a day.",
        "Quellport bridge opens",
        "2031-05-07",
    )
    result = link([bridging], state, featurizer=FEATURIZER, config=loose)
    assert bridging.duplicate_of is None
    ev = event_of(result.state)
    assert ev["b1"] == ev["b2"] == ev["b4"]
    assert len(result.removed_event_ids) == 1
    assert result.removed_event_ids[0] not in result.state.events


def test_sparse_vectors():
    a = term_vector("Quellport bridge opens; the Quellport bridge is long")
    b = term_vector("Quellport harbour")
    assert 0 < sparse_cosine(a, b) < 1
    assert sparse_cosine(a, a) == pytest.approx(1.0, abs=1e-5)
    assert sparse_dot(a, b) == pytest.approx(sparse_dot(b, a))
    total = sparse_add(a, b, keep=2)
    assert len(total) == 2
    assert sparse_dot(Sparse.empty(), a) == 0.0


def test_dense_lead_skips_date_lines_and_reads_about_twenty_words():
    """A timestamp taken for a title, or a date line, is not the lead; a short first sentence is not all of it."""
    from storyline.link.features import DENSE_LEAD_SENTENCES, DENSE_LEAD_WORDS, lead_text

    text = (
        "04 / 04 / 2012\n"
        "Quellport bridge shut.\n"
        "Engineers closed the Quellport tidal bridge after a crack was found in its northern span on Tuesday. "
        "Ferries will run instead.\n"
        "The mayor said repairs could take weeks."
    )
    text = text.replace("Quellport bridge shut.", "The Quellport bridge shut.")
    article = make("x", text, title="04 / 04 / 2012")
    # one sentence per line and per full stop, as the parser gives them
    article.sentences = [
        Sentence(m.start(), m.end()) for m in re.finditer(r"[^.\n]+\.?", text) if m.group(0).strip()
    ]
    lead = lead_text(article, DENSE_LEAD_SENTENCES, min_words=DENSE_LEAD_WORDS)
    assert "2012" not in lead
    assert "The Quellport bridge shut" in lead and "northern span" in lead  # a 4-word opening is not enough
    assert "repairs could take weeks" not in lead  # ~20 words reached: the rest is not the lead


def test_a_story_is_joined_through_one_of_its_events_not_only_its_sum():
    """Two events of one story (a town's port strike, say) sum to a profile that a third
    event (the same town's mayors) can match better than it matches either of them:
    what the two share adds up, what tells them apart averages out.  It must match
    one of them too, or it opens its own story."""
    import math

    import numpy as np

    from storyline.link.features import ArticleFeatures
    from storyline.link.features import iso_day as day_of

    theta = math.acos(math.sqrt((1 + 0.7) / 2))  # the two events' vectors: cosine 0.7
    phi = math.acos(0.63)  # the third: 0.63 to their sum, 0.63 * cos(theta) ~ 0.58 to each
    vectors = {
        "a": (math.cos(theta), math.sin(theta), 0.0),
        "b": (math.cos(theta), -math.sin(theta), 0.0),
        "c": (math.cos(phi), 0.0, math.sin(phi)),
    }
    days = {"a": "2020-01-01", "b": "2021-01-01", "c": "2022-01-01"}  # years apart: three events

    class Fixed:
        def __call__(self, batch):
            return [
                ArticleFeatures(
                    dense=np.array(vectors[a.id], dtype=np.float32),
                    terms=Sparse.empty(),
                    entities=Sparse.empty(),
                    day=day_of(days[a.id]),
                    headline=a.id,
                )
                for a in batch
            ]

    config = LinkConfig()
    state = LinkState()
    for aid in ("a", "b", "c"):
        state = link([make(aid, f"Report {aid}.", published=days[aid])], state, featurizer=Fixed(), config=config).state
    story = {aid: state.events[state.article_event[aid]].story_id for aid in "abc"}
    assert len(set(state.article_event.values())) == 3
    assert story["a"] == story["b"]  # cosine 0.7 x 0.7 (dense weight) = 0.49 >= story_join
    assert story["c"] != story["a"]  # 0.44 against the sum, but 0.41 against each event


def test_an_event_is_titled_by_a_real_headline_before_a_lead_sentence():
    """A report without a title lends its first sentence as a headline; another report's
    real headline is preferred for the event's title even when that sentence is more central."""
    from storyline.link.titles import event_title, looks_like_headline

    assert looks_like_headline("Crowds cross new Quellport bridge")
    assert not looks_like_headline("Mayor Ilsa Varnow opened the Quellport tidal bridge on Tuesday after six years of building.")
    untitled = make("u1", BRIDGE, None, "2031-05-06")
    titled = make("t1", BRIDGE_OTHER_OUTLET, "Quellport bridge opens", "2031-05-06")
    state = link([untitled, titled], LinkState(), featurizer=FEATURIZER, config=CONFIG).state
    event = state.events[state.article_event["u1"]]
    assert state.article_event["t1"] == event.id
    # make the untitled report the most central one
    event.profile.dense = state.index.vectors([state.article_row["u1"]])[0].copy()
    assert event_title(state, event) == "Quellport bridge opens"
