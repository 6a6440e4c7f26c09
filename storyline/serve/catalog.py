"""The read model the web app serves: the store's facts, indexed for pages and API.

Pages and API answers are computed from one in-memory snapshot of the store
(articles, events, stories, entities, written outputs), rebuilt only when the
store changed.  "Changed" is checked cheaply (row counts and the newest article
sequence number, at most once per ``check_every`` seconds) and forced after an
ingest job run by this server; that keeps a page view to dictionary look-ups
while another process may be building into the same store.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, cast, func, select

from storyline.model import Article, Entity, Event, Quote, Story
from storyline.store import Store
from storyline.store.schema import ArticleRow, EntityRow, EventArticleRow, EventRow, OutputRow, StoryRow
from storyline.write.export_json import article_dict, quote_dict


@dataclass
class StoryCard:
    """What the front page says about a story."""

    id: str
    title: str
    first_date: str | None
    last_date: str | None
    latest_update: str | None
    n_events: int
    n_articles: int
    outlets: list[str]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class QuoteVariant:
    text: str
    outlets: list[str]
    quotes: list[dict[str, Any]]


@dataclass
class QuoteGroup:
    """One statement as carried by one or more articles (``Quote.group_id``)."""

    id: str
    speaker: str | None
    entity_id: str | None
    kind: str
    quotes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def outlets(self) -> list[str]:
        return sorted({q["outlet"] for q in self.quotes if q.get("outlet")})

    @property
    def text(self) -> str:
        """The longest wording: it usually carries the whole statement."""
        return max((q["text"] for q in self.quotes), key=len, default="")

    @property
    def variants(self) -> list[QuoteVariant]:
        by_text: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for q in self.quotes:
            by_text[" ".join(q["text"].split())].append(q)
        return [
            QuoteVariant(text, sorted({q["outlet"] for q in qs if q.get("outlet")}), qs)
            for text, qs in sorted(by_text.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ]

    def to_dict(self) -> dict[str, Any]:
        """Same keys as the write stage's quote board, plus the member quotes."""
        return {
            "id": self.id,
            "group_id": self.id,
            "speaker": self.speaker,
            "entity_id": self.entity_id,
            "kind": self.kind,
            "text": self.text,
            "outlets": self.outlets,
            "variants": [{"text": v.text, "outlets": v.outlets, "citations": [_citation(q) for q in v.quotes]}
                         for v in self.variants],
            "citations": [_citation(q) for q in self.quotes],
            "quotes": self.quotes,
        }


def _citation(quote: dict[str, Any]) -> dict[str, Any]:
    return {"article_id": quote["article_id"], "start": quote["start"], "end": quote["end"]}


class Snapshot:
    """One consistent view of the store, with the indexes pages need."""

    def __init__(
        self,
        articles: list[Article],
        events: list[Event],
        stories: list[Story],
        entities: list[Entity],
        outputs: dict[str, dict],
    ):
        self.generation = 0  # set by the Catalog; keys cached responses
        self.articles: dict[str, Article] = {a.id: a for a in articles}
        self.article_order = [a.id for a in articles]
        self.events: dict[str, Event] = {e.id: e for e in events}
        self.stories: dict[str, Story] = {s.id: s for s in stories}
        self.entities: dict[str, Entity] = {e.id: e for e in entities}
        self.outputs = outputs
        self.event_of: dict[str, str] = {aid: ev.id for ev in events for aid in ev.article_ids}
        self.story_of_event: dict[str, str] = {}
        for story in stories:
            for eid in story.event_ids:
                self.story_of_event[eid] = story.id
        for ev in events:
            if ev.story_id and ev.id not in self.story_of_event:
                self.story_of_event[ev.id] = ev.story_id
        self.quote_groups = self._group_quotes()
        self.cards = {s.id: self._card(s) for s in stories}

    # -- derived indexes ---------------------------------------------------
    def _group_quotes(self) -> dict[str, QuoteGroup]:
        groups: dict[str, QuoteGroup] = {}
        for aid in self.article_order:
            article = self.articles[aid]
            for quote in article.quotes:
                gid = quote.group_id or f"q:{quote.id}"
                group = groups.get(gid)
                if group is None:
                    group = groups[gid] = QuoteGroup(gid, quote.speaker, quote.entity_id, quote.kind)
                group.quotes.append(self.quote_record(article, quote))
                if not group.speaker and quote.speaker:
                    group.speaker = quote.speaker
                if not group.entity_id and quote.entity_id:
                    group.entity_id = quote.entity_id
        return groups

    def quote_record(self, article: Article, quote: Quote) -> dict[str, Any]:
        record = quote_dict(article, quote)
        record["outlet"] = article.outlet
        record["published"] = article.published
        record["article_title"] = article.title
        return record

    def _first_reported(self, event: Event) -> str | None:
        days = [a.published for a in (self.articles.get(i) for i in event.article_ids) if a and a.published]
        return min(days) if days else None

    def _card(self, story: Story) -> StoryCard:
        events = self.story_events(story.id)
        articles = self.story_articles(story.id)
        # each event at its date, or (no text dated it) at when it was first reported
        dates = sorted(d for d in (ev.date or self._first_reported(ev) for ev in events) if d)
        published = [a.published for a in articles if a.published]
        return StoryCard(
            id=story.id,
            title=story.title,
            first_date=dates[0] if dates else None,
            last_date=dates[-1] if dates else None,
            latest_update=max(published) if published else None,
            n_events=len(events),
            n_articles=len(articles),
            outlets=sorted({a.outlet for a in articles if a.outlet}),
        )

    # -- queries -----------------------------------------------------------
    def story_events(self, story_id: str) -> list[Event]:
        story = self.stories.get(story_id)
        if story is None:
            return []
        events = [self.events[e] for e in story.event_ids if e in self.events]
        return sorted(events, key=lambda ev: (ev.date or self._first_reported(ev) or "9999", ev.id))

    def event_articles(self, event_id: str) -> list[Article]:
        event = self.events.get(event_id)
        if event is None:
            return []
        articles = [self.articles[a] for a in event.article_ids if a in self.articles]
        return sorted(articles, key=lambda a: (a.published or "9999", a.outlet or "", a.id))

    def story_articles(self, story_id: str) -> list[Article]:
        return [a for ev in self.story_events(story_id) for a in self.event_articles(ev.id)]

    def story_quote_groups(self, story_id: str) -> list[QuoteGroup]:
        group_ids = {q.group_id or f"q:{q.id}" for a in self.story_articles(story_id) for q in a.quotes}
        groups = [self.quote_groups[g] for g in group_ids if g in self.quote_groups]
        return sorted(groups, key=lambda g: (-len(g.outlets), -len(g.quotes), g.speaker or "~", g.id))

    def quote_board(self, story_id: str) -> list[dict[str, Any]]:
        """The write stage's quote board when written, else the groups by ``Quote.group_id``.

        Either way each row has speaker, text, outlets, variants and citations;
        the speaker's entity (for a link) comes from the grouped quotes.
        """
        board = self.story_outputs(story_id).get("quote_board")
        if board is None:
            return [{k: v for k, v in g.to_dict().items() if k != "quotes"} for g in self.story_quote_groups(story_id)]
        rows = []
        for row in board:
            group = self.quote_groups.get(row.get("group_id") or "")
            rows.append({**row, "entity_id": group.entity_id if group else None,
                         "kind": row.get("kind") or (group.kind if group else "direct")})
        return rows

    def story_cards(self) -> list[StoryCard]:
        return sorted(self.cards.values(), key=lambda c: (c.latest_update or "", c.n_articles), reverse=True)

    def story_outputs(self, story_id: str) -> dict[str, Any]:
        return self.outputs.get(story_id) or {}

    def story_of_article(self, article_id: str) -> str | None:
        event_id = self.event_of.get(article_id)
        return self.story_of_event.get(event_id) if event_id else None

    def article_meta(self, article: Article) -> dict[str, Any]:
        """An article's export record without its text (for lists)."""
        record = article_dict(article, self.event_of)
        record.pop("text", None)
        record.pop("time_mentions", None)
        record["story_id"] = self.story_of_article(article.id)
        return record

    def sentence_around(self, article: Article, start: int, end: int) -> tuple[int, int]:
        """The sentence(s) covering ``[start, end)``; the span itself when unsentenced."""
        covering = [s for s in article.sentences if s.start < max(end, start + 1) and s.end > start]
        if not covering:
            return start, end
        return min(s.start for s in covering), max(s.end for s in covering)

    def entity_articles(self, entity_id: str) -> list[Article]:
        return [
            self.articles[aid]
            for aid in self.article_order
            if any(m.entity_id == entity_id for m in self.articles[aid].entities)
        ]


class Catalog:
    """Hands out the current :class:`Snapshot`, rebuilding it when the store changed."""

    def __init__(self, store: Store, check_every: float = 1.0):
        self.store = store
        self.check_every = check_every
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._fingerprint: tuple | None = None
        self._checked_at = float("-inf")
        self._interval = check_every
        self._generation = 0

    def fingerprint(self) -> tuple:
        """Cheap change detector.

        Articles are only ever added (count and newest sequence number); the
        small tables (events, stories, outputs) are rewritten in place, so their
        total serialized length is summed too.
        """

        def size(column):
            return func.coalesce(func.sum(func.length(cast(column, String))), 0)

        with self.store.engine.connect() as conn:
            return (
                tuple(conn.execute(select(func.count(), func.max(ArticleRow.seq)).select_from(ArticleRow)).one()),
                tuple(conn.execute(select(func.count(), size(EventRow.data))).one()),
                conn.scalar(select(func.count()).select_from(EventArticleRow)),
                tuple(conn.execute(select(func.count(), size(StoryRow.data))).one()),
                conn.scalar(select(func.count()).select_from(EntityRow)),
                tuple(conn.execute(select(func.count(), size(OutputRow.data))).one()),
            )

    def invalidate(self) -> None:
        """Forget the snapshot's freshness (after this server wrote to the store)."""
        with self._lock:
            self._checked_at = float("-inf")
            self._fingerprint = None

    def get(self) -> Snapshot:
        """The current snapshot.

        While one request rebuilds, the others keep answering from the previous
        snapshot instead of queueing behind it; and the longer a rebuild takes
        (big stores), the less often the store is checked (``5 x`` the last
        rebuild time), so a build running next to the server does not keep it
        reloading everything.
        """
        snapshot = self._snapshot
        if snapshot is not None and time.monotonic() - self._checked_at < self._interval:
            return snapshot
        if snapshot is not None:
            if not self._lock.acquire(blocking=False):
                return snapshot
        else:
            self._lock.acquire()
        try:
            if self._snapshot is not None and time.monotonic() - self._checked_at < self._interval:
                return self._snapshot
            fingerprint = self.fingerprint()
            if self._snapshot is None or fingerprint != self._fingerprint:
                started = time.monotonic()
                fresh = Snapshot(
                    self.store.articles(),
                    self.store.events(),
                    self.store.stories(),
                    self.store.entities(),
                    self.store.outputs(),
                )
                self._generation += 1
                fresh.generation = self._generation
                self._snapshot, self._fingerprint = fresh, fingerprint
                self._interval = max(self.check_every, 5 * (time.monotonic() - started))
            self._checked_at = time.monotonic()
            return self._snapshot
        finally:
            self._lock.release()

    @property
    def fingerprint_value(self) -> tuple | None:
        return self._fingerprint
