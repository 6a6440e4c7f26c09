"""The export document: everything storyline knows, as one JSON-ready dict.

The same document feeds ``export --format json``, the Markdown and HTML
reports and the web API, so every reader sees the same facts.
"""

from __future__ import annotations

from typing import Any

from storyline.model import Article
from storyline.store import Store


def article_dict(article: Article, event_of: dict[str, str]) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "byline": article.byline,
        "published": article.published,
        "published_inferred": article.published_inferred,
        "published_confidence": article.published_confidence,
        "language": article.language,
        "duplicate_of": article.duplicate_of,
        "event_id": event_of.get(article.id),
        "text": article.text,
        "time_mentions": [
            {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
            for t in article.time_mentions
        ],
    }


def quote_dict(article: Article, quote) -> dict[str, Any]:
    return {
        "id": quote.id,
        "article_id": article.id,
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "kind": quote.kind,
        "speaker": quote.speaker,
        "entity_id": quote.entity_id,
        "cue": quote.cue.text if quote.cue else None,
        "cue_span": [quote.cue.start, quote.cue.end] if quote.cue else None,
        "source_span": [quote.source.start, quote.source.end] if quote.source else None,
        "group_id": quote.group_id,
    }


def export_document(store: Store) -> dict[str, Any]:
    articles = store.articles()
    events = store.events()
    stories = store.stories()
    outputs = store.outputs()
    event_of = {aid: ev.id for ev in events for aid in ev.article_ids}
    timelines, summaries, comparisons, boards = [], [], [], []
    for story in stories:
        out = outputs.get(story.id)
        if not out:
            continue
        if out.get("timeline"):
            timelines.append(out["timeline"])
        summaries.extend(out.get("summaries", []))
        comparisons.extend(out.get("comparisons", []))
        if out.get("quote_board") is not None:
            boards.append({"story_id": story.id, "groups": out["quote_board"]})
    return {
        "articles": [article_dict(a, event_of) for a in articles],
        "events": [
            {
                "id": ev.id,
                "date": ev.date,
                "date_source": ev.date_source.to_dict() if ev.date_source else None,
                "title": ev.title,
                "article_ids": ev.article_ids,
                "story_id": ev.story_id,
            }
            for ev in events
        ],
        "stories": [{"id": st.id, "title": st.title, "event_ids": st.event_ids} for st in stories],
        "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "aliases": e.aliases, "mentions": e.mentions}
            for e in store.entities()
        ],
        "quotes": [quote_dict(a, q) for a in articles for q in a.quotes],
        "timelines": timelines,
        "summaries": summaries,
        "comparisons": comparisons,
        "quote_boards": boards,
    }
