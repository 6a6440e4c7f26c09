"""The store: SQLite by default, any SQLAlchemy URL (e.g. PostgreSQL) by ``--db``.

Every write is one transaction per batch, and every insert is keyed by a
content-derived id, so a run killed half-way and run again loses nothing and
duplicates nothing: stored articles are skipped, unlinked ones are linked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, delete, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from storyline.model import Article, Entity, Event, Story
from storyline.store.schema import (
    ArticleRow,
    Base,
    EntityRow,
    EventArticleRow,
    EventRow,
    OutputRow,
    StateRow,
    StoryRow,
)

DEFAULT_URL = "sqlite:///storyline.db"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str) -> Engine:
    if "://" not in url:  # a bare path means a SQLite file
        url = f"sqlite:///{url}"
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Store:
    """Typed access to the tables; callers never see ORM rows."""

    def __init__(self, url: str = DEFAULT_URL):
        self.url = url
        self.engine = make_engine(url)
        Base.metadata.create_all(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed whole or not at all."""
        with self._sessions.begin() as session:
            yield session

    # -- articles -------------------------------------------------------
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        with self._sessions() as session:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                found.update(session.scalars(select(ArticleRow.id).where(ArticleRow.id.in_(chunk))))
        return found

    def add_articles(self, articles: list[Article]) -> int:
        """Insert articles not yet stored, in one transaction; returns how many were new."""
        if not articles:
            return 0
        with self.transaction() as session:
            existing = set(session.scalars(select(ArticleRow.id).where(ArticleRow.id.in_([a.id for a in articles]))))
            seq = session.scalar(select(func.coalesce(func.max(ArticleRow.seq), 0))) or 0
            added = 0
            for article in articles:
                if article.id in existing:
                    continue
                existing.add(article.id)
                seq += 1
                added += 1
                session.add(_article_row(article, seq))
        return added

    def update_articles(self, articles: Iterable[Article], session: Session | None = None) -> None:
        def _apply(s: Session) -> None:
            for article in articles:
                row = s.get(ArticleRow, article.id)
                if row is None:
                    continue
                fresh = _article_row(article, row.seq)
                for column in ("source", "url", "outlet", "title", "published", "published_inferred",
                               "language", "duplicate_of", "data"):
                    setattr(row, column, getattr(fresh, column))

        if session is not None:
            _apply(session)
        else:
            with self.transaction() as s:
                _apply(s)

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """Articles in ingestion order (all, or the given ids)."""
        with self._sessions() as session:
            query = select(ArticleRow.data).order_by(ArticleRow.seq)
            if ids is not None:
                ids = list(ids)
                rows = []
                for i in range(0, len(ids), 500):
                    rows.extend(session.scalars(query.where(ArticleRow.id.in_(ids[i : i + 500]))))
            else:
                rows = list(session.scalars(query))
        return [Article.from_dict(r) for r in rows]

    def article(self, article_id: str) -> Article | None:
        with self._sessions() as session:
            row = session.get(ArticleRow, article_id)
            return Article.from_dict(row.data) if row else None

    def unlinked_ids(self) -> list[str]:
        """Stored articles that belong to no event yet (new, or left by a killed run)."""
        with self._sessions() as session:
            linked = select(EventArticleRow.article_id)
            return list(
                session.scalars(select(ArticleRow.id).where(ArticleRow.id.not_in(linked)).order_by(ArticleRow.seq))
            )

    def outlets(self) -> list[str]:
        """The distinct outlet names stored (an indexed column: cheap at any size)."""
        with self._sessions() as session:
            return [o for o in session.scalars(select(ArticleRow.outlet).distinct()) if o]

    def count_articles(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(ArticleRow)) or 0

    # -- events, stories, entities ----------------------------------------
    def save_link(
        self,
        events: list[Event],
        stories: list[Story],
        removed_event_ids: Iterable[str] = (),
        removed_story_ids: Iterable[str] = (),
        state: bytes | None = None,
        articles: Iterable[Article] = (),
        entities: list[Entity] | None = None,
    ) -> None:
        """Everything the link stage decided, in one transaction."""
        with self.transaction() as session:
            for event_id in removed_event_ids:
                session.execute(delete(EventArticleRow).where(EventArticleRow.event_id == event_id))
                session.execute(delete(EventRow).where(EventRow.id == event_id))
            for story_id in removed_story_ids:
                session.execute(delete(StoryRow).where(StoryRow.id == story_id))
                session.execute(delete(OutputRow).where(OutputRow.story_id == story_id))
            for ev in events:
                session.merge(EventRow(id=ev.id, title=ev.title, date=ev.date, story_id=ev.story_id, data=ev.to_dict()))
                session.execute(delete(EventArticleRow).where(EventArticleRow.event_id == ev.id))
                session.execute(delete(EventArticleRow).where(EventArticleRow.article_id.in_(ev.article_ids)))
                session.flush()
                for article_id in dict.fromkeys(ev.article_ids):
                    session.add(EventArticleRow(event_id=ev.id, article_id=article_id))
            for st in stories:
                session.merge(StoryRow(id=st.id, title=st.title, data=st.to_dict()))
            if entities is not None:
                session.execute(delete(EntityRow))
                for ent in entities:
                    session.add(EntityRow(id=ent.id, name=ent.name, type=ent.type, data=ent.to_dict()))
            self.update_articles(articles, session=session)
            if state is not None:
                session.merge(StateRow(name="link", blob=state))

    def events(self) -> list[Event]:
        with self._sessions() as session:
            return [Event.from_dict(d) for d in session.scalars(select(EventRow.data).order_by(EventRow.date, EventRow.id))]

    def stories(self) -> list[Story]:
        with self._sessions() as session:
            return [Story.from_dict(d) for d in session.scalars(select(StoryRow.data).order_by(StoryRow.id))]

    def entities(self) -> list[Entity]:
        with self._sessions() as session:
            return [Entity.from_dict(d) for d in session.scalars(select(EntityRow.data).order_by(EntityRow.name))]

    def state(self, name: str = "link") -> bytes | None:
        with self._sessions() as session:
            row = session.get(StateRow, name)
            return row.blob if row else None

    # -- outputs ------------------------------------------------------------
    def save_outputs(self, outputs: dict[str, dict]) -> None:
        with self.transaction() as session:
            for story_id, data in outputs.items():
                session.merge(OutputRow(story_id=story_id, data=data))

    def outputs(self) -> dict[str, dict]:
        with self._sessions() as session:
            return {row.story_id: row.data for row in session.scalars(select(OutputRow))}


def _article_row(article: Article, seq: int) -> ArticleRow:
    return ArticleRow(
        id=article.id,
        source=article.source,
        url=article.url,
        outlet=article.outlet,
        title=article.title,
        published=article.published,
        published_inferred=article.published_inferred,
        language=article.language,
        duplicate_of=article.duplicate_of,
        seq=seq,
        data=article.to_dict(),
    )
