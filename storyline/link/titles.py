"""Short human titles: the most central headline of an event, the most central event of a story.

"Central" means closest to the centroid of the group's dense vectors – the
headline that best stands for what all members have in common, rather than the
first or the longest.  Near-duplicates are skipped (they repeat a headline).
A member's "headline" is its first sentence when the page gave no title; such a
stand-in (a full sentence, with its full stop) is used only when no member of
the event has a real headline.
"""

from __future__ import annotations

import numpy as np

from storyline.link.state import EventAgg, LinkState, StoryAgg

# Titles are chosen among at most this many members (first and latest), which
# bounds the cost for events with thousands of articles.
MAX_CANDIDATES = 200


def _spread(items: list[str]) -> list[str]:
    if len(items) <= MAX_CANDIDATES:
        return items
    half = MAX_CANDIDATES // 2
    return items[:half] + items[-half:]


MAX_HEADLINE_WORDS = 20


def looks_like_headline(text: str) -> bool:
    """A title, not a lead sentence standing in for one: short, no closing full stop or clipping."""
    text = text.strip()
    return bool(text) and not text.endswith((".", "…")) and len(text.split()) <= MAX_HEADLINE_WORDS


def event_title(state: LinkState, event: EventAgg) -> str:
    members = [a for a in _spread(event.article_ids) if a in state.article_row]
    titled = [a for a in members if looks_like_headline(state.headlines.get(a, ""))]
    members = titled or members
    if not members:
        return state.headlines.get(event.article_ids[0], "") if event.article_ids else ""
    vecs = state.index.vectors([state.article_row[a] for a in members])
    scores = vecs @ event.profile.dense
    best = int(np.argmax(scores))
    return state.headlines.get(members[best], "")


def story_title(state: LinkState, story: StoryAgg) -> str:
    events = [state.events[e] for e in _spread(story.event_ids) if e in state.events]
    if not events:
        return ""
    centre = story.profile.dense
    norm = float(np.linalg.norm(centre)) or 1.0

    def centrality(e: EventAgg) -> tuple[float, int]:
        n = float(np.linalg.norm(e.profile.dense)) or 1.0
        return (float(np.dot(e.profile.dense, centre)) / (n * norm), len(e.article_ids))

    return max(events, key=centrality).title
