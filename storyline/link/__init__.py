"""Link stage: near-duplicates, events, stories and their titles, incrementally.

``link(new, state)`` takes analysed articles and the state returned by the
previous call (``LinkState()`` the first time) and returns a :class:`LinkResult`
with the new state and every event and story it created or changed.

The state passed in is updated and returned as ``result.state`` (copying a
100k-article index on every call would double memory); keep
``state.to_bytes()`` if you need the old one.  Nothing is kept in globals.
Articles already linked (same id) are skipped, so a killed build rerun on the
same input creates nothing twice; event and story ids derive from the article
and event that opened them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from storyline.link.batch_groups import group_batch
from storyline.link.config import DEFAULT, LinkConfig
from storyline.link.dedup import signature
from storyline.link.events import EventPass
from storyline.link.features import ArticleFeatures, EmbeddingFeaturizer, Featurizer, HashingFeaturizer
from storyline.link.reassign import reconsider_undated
from storyline.link.state import LinkState
from storyline.link.stories import StoryPass
from storyline.link.titles import event_title, story_title
from storyline.model import Article, Event, Story

__all__ = [
    "ArticleFeatures",
    "EmbeddingFeaturizer",
    "HashingFeaturizer",
    "LinkConfig",
    "LinkResult",
    "LinkState",
    "link",
]


@dataclass
class LinkResult:
    state: LinkState
    events: list[Event] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    removed_event_ids: list[str] = field(default_factory=list)
    removed_story_ids: list[str] = field(default_factory=list)
    # undated reports this call moved to another event after placing them
    # (article id -> event id); both events are in ``events`` (or the emptied
    # one in ``removed_event_ids``), so writing ``events`` rewrites the move
    moved_articles: dict[str, str] = field(default_factory=dict)


def _order_key(pair: tuple[Article, ArticleFeatures]) -> tuple:
    """Earliest first, undated last, then by id: the same batch in any order links the same."""
    article, feats = pair
    return (feats.day is None, feats.day or 0, article.id)


def link(
    new: Sequence[Article],
    state: LinkState,
    *,
    featurizer: Featurizer | None = None,
    config: LinkConfig = DEFAULT,
) -> LinkResult:
    """Flag copies, assign ``new`` articles to events, update stories, title both.

    ``featurizer`` defaults to MiniLM embeddings of each article's lead
    (:class:`EmbeddingFeaturizer`); the scale benchmark passes precomputed
    features through the same code path.
    """
    fresh: dict[str, Article] = {}
    for article in new:
        if article.id not in state.article_event and article.id not in fresh:
            fresh[article.id] = article
    if not fresh:
        return LinkResult(state=state)
    featurizer = featurizer or EmbeddingFeaturizer()
    batch = list(fresh.values())
    pairs = sorted(zip(batch, featurizer(batch)), key=_order_key)

    events = EventPass(state, config)
    copies: list[tuple[Article, ArticleFeatures]] = []
    originals: list[tuple[Article, ArticleFeatures]] = []
    for article, feats in pairs:
        sig = signature(article.text)
        original = state.duplicates.find(sig) if sig is not None else None
        if original is not None and original != article.id:
            article.duplicate_of = original
            copies.append((article, feats))
        else:
            originals.append((article, feats))
        if sig is not None:
            state.duplicates.add(article.id, sig)
    # new reports are grouped among themselves first, then each group meets the
    # existing events; copies follow their originals (which now have an event)
    for group in group_batch([f for _, f in originals], config):
        events.add_group([(originals[i][0].id, originals[i][1]) for i in group])
    for article, feats in copies:
        events.add_article(article.id, feats, article.duplicate_of)
    events.merge_pass()
    moved = reconsider_undated(events)

    stories = StoryPass(state, config, events)
    stories.run()

    changed_events = {e for e in events.touched | stories.restoried if e in state.events}
    for event_id in changed_events:
        state.events[event_id].title = event_title(state, state.events[event_id])
    changed_stories = {s for s in stories.changed | stories.created if s in state.stories}
    changed_stories |= {state.events[e].story_id for e in changed_events if state.events[e].story_id}
    for story_id in changed_stories:
        state.stories[story_id].title = story_title(state, state.stories[story_id])

    return LinkResult(
        state=state,
        events=[_event(state, e) for e in sorted(changed_events, key=lambda e: state.events[e].seq)],
        stories=[_story(state, s) for s in sorted(changed_stories, key=lambda s: state.stories[s].seq)],
        removed_event_ids=sorted(events.removed),
        removed_story_ids=sorted(stories.removed),
        moved_articles={a: events.resolve(e) for a, e in moved.items()},
    )


def _event(state: LinkState, event_id: str) -> Event:
    agg = state.events[event_id]
    return Event(id=agg.id, title=agg.title, article_ids=list(agg.article_ids), story_id=agg.story_id)


def _story(state: LinkState, story_id: str) -> Story:
    agg = state.stories[story_id]
    return Story(id=agg.id, title=agg.title, event_ids=list(agg.event_ids))
