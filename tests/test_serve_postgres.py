"""The web app over a PostgreSQL store (throwaway local cluster; skipped without the server binaries).

Search there runs as the portable scan (FTS5 is SQLite's); the change detector
casts JSON columns, which must work on both databases.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from test_serve_data import build_fixture_store
from test_store_postgres import _fresh_db, pg_url  # noqa: F401  (pytest fixture)

from storyline.model import Article
from storyline.serve.app import create_app
from storyline.serve.security import TOKEN_ENV
from storyline.store import Store


def test_pages_api_and_search_on_postgres(pg_url, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    url = _fresh_db(pg_url, "serve")
    build_fixture_store(url)
    client = TestClient(create_app(url), base_url="http://127.0.0.1")
    assert client.get("/api/health").json()["search"] == "scan"
    assert "Anselm Bridge closure" in client.get("/").text
    assert "<svg" in client.get("/stories/story-bridge").text
    hits = client.get("/api/search?q=cracks piers").json()["results"]
    assert [h["article_id"] for h in hits] == ["art-a"]
    Store(url).add_articles([Article("art-pg", "fixtures/pg.txt", "Quayside cranes were idle.", title="Quayside")])
    client.app.state.storyline.catalog.invalidate()
    assert client.get("/api/health").json()["articles"] == 5
    assert [h["article_id"] for h in client.get("/api/search?q=quayside").json()["results"]] == ["art-pg"]
