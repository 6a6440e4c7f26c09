"""Full-text search over articles and quotes.

On SQLite the index is an FTS5 virtual table of our own (``serve_search``),
next to the store's tables but owned by the web app: it is rebuilt from the
current snapshot whenever the store's fingerprint differs from the one recorded
with the index, so a store built by another process is searchable as soon as
the server notices the change.  Elsewhere (e.g. PostgreSQL), or when SQLite was
built without FTS5, the same query runs as a scan over the in-memory snapshot
(every word must start a word of the document): slower on big stores, and
without FTS5's stemming, but the same kind of answer.

User input never reaches FTS5's query syntax: it is cut into word tokens and
each is quoted, so ``"``, ``NEAR``, ``*`` or ``-`` in a query are just text.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from storyline.serve.catalog import Snapshot

HIT_START, HIT_END = "\x02", "\x03"
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_INDEX_SCHEMA = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS serve_search USING fts5("
    "kind UNINDEXED, ref UNINDEXED, article_id UNINDEXED, title, body, "
    "tokenize = 'porter unicode61 remove_diacritics 2')"
)
_META_SCHEMA = "CREATE TABLE IF NOT EXISTS serve_search_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)"


@dataclass
class Hit:
    kind: str  # article | quote
    ref: str  # article id or quote id
    article_id: str
    title: str
    snippet: list[tuple[str, bool]]  # (text, is a match)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.ref,
            "article_id": self.article_id,
            "title": self.title,
            "snippet": "".join(text for text, _ in self.snippet),
            "matches": [text for text, hit in self.snippet if hit],
        }


def query_tokens(query: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(query)][:16]


def split_marked(text: str) -> list[tuple[str, bool]]:
    """``a \\x02b\\x03 c`` -> [("a ", False), ("b", True), (" c", False)]."""
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate(re.split(f"[{HIT_START}{HIT_END}]", text)):
        if chunk:
            parts.append((chunk, i % 2 == 1))
    return parts


def _documents(snapshot: Snapshot):
    """(kind, ref, article_id, title, body) for every searchable thing."""
    for aid in snapshot.article_order:
        article = snapshot.articles[aid]
        yield "article", aid, aid, article.title or "", article.text
        for quote in article.quotes:
            speaker = quote.speaker or (quote.source.text if quote.source else "")
            yield "quote", quote.id, aid, speaker, quote.text


class SearchIndex:
    """``search(snapshot, fingerprint, query)``: FTS5 when available, a scan otherwise."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._lock = threading.Lock()
        self._indexed: str | None = None
        self.uses_fts = engine.dialect.name == "sqlite" and self._create()

    def _create(self) -> bool:
        try:
            with self.engine.begin() as conn:
                conn.exec_driver_sql(_INDEX_SCHEMA)
                conn.exec_driver_sql(_META_SCHEMA)
            return True
        except Exception:  # SQLite without FTS5, read-only file, ...
            return False

    def _refresh(self, snapshot: Snapshot, fingerprint: str) -> None:
        if self._indexed == fingerprint:
            return
        with self._lock:
            if self._indexed == fingerprint:
                return
            with self.engine.begin() as conn:
                row = conn.exec_driver_sql(
                    "SELECT value FROM serve_search_meta WHERE name = 'fingerprint'"
                ).first()
                if row is None or row[0] != fingerprint:
                    conn.exec_driver_sql("DELETE FROM serve_search")
                    conn.exec_driver_sql(
                        "INSERT INTO serve_search (kind, ref, article_id, title, body) VALUES (?, ?, ?, ?, ?)",
                        list(_documents(snapshot)),
                    )
                    conn.exec_driver_sql(
                        "INSERT OR REPLACE INTO serve_search_meta (name, value) VALUES ('fingerprint', ?)",
                        (fingerprint,),
                    )
            self._indexed = fingerprint

    def search(self, snapshot: Snapshot, fingerprint: str, query: str, kind: str | None = None,
               limit: int = 20) -> list[Hit]:
        tokens = query_tokens(query)
        if not tokens:
            return []
        if self.uses_fts:
            try:
                self._refresh(snapshot, fingerprint)
                return self._fts(tokens, kind, limit)
            except OperationalError:  # e.g. a build holds the write lock past the busy timeout
                pass
        return scan(snapshot, tokens, kind, limit)

    def _fts(self, tokens: list[str], kind: str | None, limit: int) -> list[Hit]:
        match = " ".join(f'"{t}"' for t in tokens)
        sql = (
            "SELECT kind, ref, article_id, title, "
            f"snippet(serve_search, 4, '{HIT_START}', '{HIT_END}', '…', 24) "
            "FROM serve_search WHERE serve_search MATCH ?"
        )
        params: list[Any] = [match]
        if kind:
            sql += " AND kind = ?"
            params.append(kind)
        sql += " ORDER BY bm25(serve_search, 0, 0, 0, 4.0, 1.0) LIMIT ?"
        params.append(limit)
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql(sql, tuple(params)).all()
        return [Hit(k, ref, aid, title, split_marked(snip)) for k, ref, aid, title, snip in rows]


def scan(snapshot: Snapshot, tokens: list[str], kind: str | None, limit: int) -> list[Hit]:
    """The portable search: every token must appear as a word prefix in title or body."""
    patterns = [re.compile(rf"\b{re.escape(t)}", re.IGNORECASE) for t in tokens]
    scored: list[tuple[int, Hit]] = []
    for doc_kind, ref, aid, title, body in _documents(snapshot):
        if kind and doc_kind != kind:
            continue
        haystack = f"{title}\n{body}"
        if not all(p.search(haystack) for p in patterns):
            continue
        count = sum(len(p.findall(haystack)) for p in patterns)
        scored.append((count, Hit(doc_kind, ref, aid, title, _scan_snippet(body, patterns))))
    scored.sort(key=lambda pair: -pair[0])
    return [hit for _, hit in scored[:limit]]


def _scan_snippet(body: str, patterns: list[re.Pattern], width: int = 160) -> list[tuple[str, bool]]:
    first = min((m.start() for p in patterns if (m := p.search(body))), default=0)
    start = max(0, first - width // 3)
    end = min(len(body), start + width)
    window = body[start:end]
    marked = window
    for p in patterns:
        marked = p.sub(lambda m: f"{HIT_START}{m.group(0)}{HIT_END}", marked)
    marked = ("…" if start else "") + marked + ("…" if end < len(body) else "")
    return split_marked(marked)
