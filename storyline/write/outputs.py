"""Everything a reader gets for one story: timeline, event summaries, comparisons, quotes.

``story_outputs`` is the write stage's entry point (called by the pipeline and
the web server).  Its result is plain data (``to_dict``) whose every sentence
cites ``{article_id, start, end}`` spans of clean article text, so
:func:`storyline.write.faithfulness.check` can verify it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from storyline.model import Article, Entity, Event, Story
from storyline.write.compare import compare_event, quote_board
from storyline.write.summary import summarize_event
from storyline.write.timeline import story_timeline

#: Default summary length (sentences per event).
SUMMARY_SENTENCES = 5


@dataclass
class StoryOutputs:
    timeline: dict[str, Any]
    summaries: list[dict[str, Any]] = field(default_factory=list)
    comparisons: list[dict[str, Any]] = field(default_factory=list)
    quote_board: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def story_outputs(
    story: Story,
    events: Sequence[Event],
    articles: dict[str, Article],
    entities: dict[str, Entity] | None = None,
    *,
    summary_sentences: int = SUMMARY_SENTENCES,
    max_timeline_entries: int = 20,
) -> StoryOutputs:
    """Timeline, summaries, comparisons and quote board for ``story``.

    ``events`` may hold events of other stories; only the story's own are used
    (in the story's order).  ``entities`` is accepted for the contract: quote
    speakers already carry canonical names.
    """
    by_id = {e.id: e for e in events}
    own = [by_id[i] for i in story.event_ids if i in by_id] or [e for e in events if e.story_id == story.id]
    return StoryOutputs(
        timeline=story_timeline(story, own, articles, max_entries=max_timeline_entries),
        summaries=[summarize_event(ev, articles, summary_sentences) for ev in own],
        comparisons=[compare_event(ev, articles) for ev in own],
        quote_board=quote_board(own, articles),
    )
