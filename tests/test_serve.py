"""The web app through FastAPI's test client, over the invented store of test_serve_data."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_serve_data import HOSTILE_TEXT, HOSTILE_TITLE, TEXT_A, build_fixture_store

from storyline.model import Article, InputError
from storyline.pipeline import BuildReport
from storyline.serve.app import create_app
from storyline.serve.catalog import Snapshot
from storyline.serve.highlight import segment_article
from storyline.serve.search import SearchIndex, query_tokens
from storyline.serve.security import TOKEN_ENV, is_loopback
from storyline.serve.timeline_svg import layout
from storyline.store import Store

BASE = "http://127.0.0.1"


@pytest.fixture()
def db(tmp_path: Path) -> str:
    build_fixture_store(tmp_path / "f.db")
    return f"sqlite:///{tmp_path}/f.db"


@pytest.fixture()
def client(db: str, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    return TestClient(create_app(db), base_url=BASE)


def wait_for_job(client: TestClient, job_id: str, timeout: float = 5.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.02)
    raise AssertionError("job did not finish")


# -- binding and tokens ----------------------------------------------------------

def test_loopback_names() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.3.4.5", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.4", "::", "example.org"))


def test_refuses_to_bind_beyond_loopback_without_token(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with pytest.raises(RuntimeError, match=TOKEN_ENV):
        create_app(db, host="0.0.0.0")
    monkeypatch.setenv(TOKEN_ENV, "s3cret")
    assert create_app(db, host="0.0.0.0") is not None


# -- pages -------------------------------------------------------------------------

def test_front_page_lists_stories_with_span_counts_and_latest_update(client: TestClient) -> None:
    html = client.get("/").text
    assert html.index("Osterby lantern fair") < html.index("Anselm Bridge closure")  # latest first
    card = html[html.index("Anselm Bridge closure"):]
    assert "4 Mar 2024 – 19 Apr 2024" in card
    assert re.search(r"<dt>events</dt><dd>2</dd>.*<dt>articles</dt><dd>3</dd>.*<dt>outlets</dt><dd>2</dd>", card, re.S)
    assert "<dt>latest update</dt><dd>19 Apr 2024</dd>" in card


def test_story_page_has_timeline_picture_citations_matrix_contradictions_and_quotes(client: TestClient) -> None:
    html = client.get("/stories/story-bridge").text
    svg = html[html.index("<svg"): html.index("</svg>")]
    assert svg.count("<circle") == 2 and "Apr 2024" in svg
    start, end = TEXT_A.index("Velmora council"), TEXT_A.index("piers.") + len("piers.")
    assert f'data-article="art-a" data-start="{start}" data-end="{end}"' in html
    matrix = html[html.index('class="matrix"'): html.index("</table>", html.index('class="matrix"'))]
    assert matrix.count('class="yes"') == 4 and matrix.count('class="no"') == 1 and matrix.count('class="variant"') == 1
    assert "Repairs could take three months, according to the council." in html  # a contradiction claim
    assert "Ilse Brandt" in html and "The bridge is not safe for anyone," in html
    assert "Summary: not available." in html  # the second event has no summary


def test_story_without_outputs_says_not_available(client: TestClient) -> None:
    html = client.get("/stories/story-fair").text
    for part in ("Cited timeline", "Summary", "Coverage matrix", "Contradictions"):
        assert f"{part}: not available." in html
    assert "No dated events yet" in html


def test_article_page_highlights_entities_quotes_dates_and_the_cited_span(client: TestClient) -> None:
    start = TEXT_A.index("Engineers")
    html = client.get(f"/articles/art-a?start={start}&end={start + 9}").text
    assert '<span class="hl-ent hl-ent-GPE" title="GPE: Velmora">Velmora</span>' in html
    assert '<span class="hl-date" title="DATE 2024-03-04">Monday</span>' in html
    assert 'class="hl-quote"' in html and "hl-speaker" in html
    assert '<span class="hl-cited" title="cited span" id="cited">Engineers</span>' in html
    assert '<a href="/entities/ent-brandt">Ilse Brandt</a>' in html


def test_hostile_article_strings_are_escaped_everywhere(client: TestClient) -> None:
    pages = ["/", "/stories/story-bridge", "/articles/art-c", "/search?q=reopened", "/entities/ent-velmora",
             f"/search?q={HOSTILE_TEXT}"]
    for path in pages:
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
    article = client.get("/articles/art-c").text
    assert "Bridge reopens &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=alert(&#39;text&#39;)&gt;" in article
    assert 'href="javascript:' not in article  # the hostile URL is shown, not linked


def test_security_headers_on_pages_and_api(client: TestClient) -> None:
    for path in ("/", "/api/stories", "/static/app.js"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"


def test_pages_use_no_inline_script_or_remote_assets(client: TestClient) -> None:
    for path in ("/", "/stories/story-bridge", "/articles/art-a", "/search?q=bridge"):
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\ssrc=\"/static/)", html), path
        assert not re.search(r"(src|href)=\"(https?:)?//", html.replace('href="https://orrin-herald', "")), path
        assert " style=" not in html and " on" + "click=" not in html


def test_unknown_things_are_404(client: TestClient) -> None:
    assert client.get("/stories/nope").status_code == 404
    assert client.get("/articles/nope").status_code == 404
    assert client.get("/api/stories/nope").status_code == 404
    assert client.get("/api/articles/nope/span?start=0&end=1").status_code == 404
    assert client.get("/events/ev-closed", follow_redirects=False).headers["location"] == "/stories/story-bridge#event-ev-closed"


# -- JSON API ------------------------------------------------------------------------

def test_api_story_list_and_detail(client: TestClient) -> None:
    listing = client.get("/api/stories").json()
    assert listing["total"] == 2 and listing["stories"][1]["n_articles"] == 3
    assert [s["id"] for s in client.get("/api/stories?q=lantern").json()["stories"]] == ["story-fair"]
    story = client.get("/api/stories/story-bridge").json()
    assert [e["id"] for e in story["events"]] == ["ev-closed", "ev-reopened"]
    assert story["timeline"]["entries"][0]["date"] == "2024-03-04"
    assert story["summaries"][0]["sentences"][0]["citations"][0]["article_id"] == "art-a"
    assert story["comparisons"][0]["contradictions"][0]["kind"] == "duration"
    assert story["quote_board"][0]["outlets"] == ["Fenwick Gazette", "Orrin Herald"]
    assert story["quote_board"][0]["entity_id"] == "ent-brandt" and len(story["quote_board"][0]["citations"]) == 2
    assert client.get("/api/stories/story-fair").json()["summaries"] is None


def test_api_event_article_span_quotes_entities(client: TestClient) -> None:
    event = client.get("/api/events/ev-closed").json()
    assert [a["id"] for a in event["articles"]] == ["art-a", "art-b"] and event["summary"] is not None
    article = client.get("/api/articles/art-a").json()
    assert article["text"] == TEXT_A and article["outlet"] == "Fenwick Gazette"
    q = article["quotes"][0]
    assert article["text"][q["start"]: q["end"]] == q["text"]
    assert all(article["text"][m["start"]: m["end"]] == m["text"] for m in article["entities"])
    assert article["time_mentions"][0]["value"] == "2024-03-04"
    start = TEXT_A.index("six weeks")
    span = client.get(f"/api/articles/art-a/span?start={start}&end={start + 9}").json()
    assert span["text"] == "six weeks"
    assert span["sentence"]["text"] == "Engineers expect the repairs to take six weeks."
    assert client.get("/api/articles/art-a/span?start=5&end=99999").status_code == 422
    groups = client.get("/api/quotes?speaker=brandt").json()
    assert groups["total"] == 1 and len(groups["groups"][0]["quotes"]) == 2
    assert client.get("/api/quotes/grp-safe").json()["speaker"] == "Ilse Brandt"
    entities = client.get("/api/entities?type=PERSON").json()["entities"]
    assert [e["name"] for e in entities] == ["Ilse Brandt"]
    assert {a["id"] for a in client.get("/api/entities/ent-velmora").json()["articles"]} == {"art-a", "art-b", "art-c"}


def test_openapi_schema_lists_the_endpoints(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/events/{event_id}", "/api/articles/{article_id}",
                 "/api/articles/{article_id}/span", "/api/quotes", "/api/entities", "/api/search",
                 "/api/ingest/urls", "/api/ingest/files", "/api/jobs/{job_id}"):
        assert path in paths, path
    assert "/" not in paths  # pages stay out of the API schema


# -- search --------------------------------------------------------------------------

def test_search_articles_and_quotes_with_fts(client: TestClient) -> None:
    data = client.get("/api/search?q=cracks piers").json()
    assert data["engine"] == "fts5"
    assert [r["article_id"] for r in data["results"]] == ["art-a"] and "piers" in data["results"][0]["matches"]
    quotes = client.get("/api/search?q=safe&kind=quote").json()["results"]
    assert {r["article_id"] for r in quotes} == {"art-a", "art-b"} and all(r["kind"] == "quote" for r in quotes)
    assert client.get("/api/search?q=brandt&kind=quote").json()["results"]  # speaker is searchable
    html = client.get("/search?q=lantern&kind=").text  # as the form sends it
    assert "<mark>Lantern</mark>" in html and "/articles/art-d" in html
    assert 'in <a href="/stories/story-fair">Osterby lantern fair</a>' in html
    quote_hit = client.get("/search?q=safe&kind=quote").text
    start = TEXT_A.index("The bridge is not safe")
    assert f'href="/articles/art-a?start={start}&amp;end={start + len("The bridge is not safe for anyone,")}#cited"' in quote_hit


def test_search_query_syntax_is_plain_text(client: TestClient) -> None:
    for q in ('"', "NEAR(bridge", "bridge*", "-bridge OR", "title:bridge", "') DROP TABLE articles; --"):
        assert client.get("/api/search", params={"q": q}).status_code == 200, q
    assert client.get("/api/stories").json()["total"] == 2
    assert query_tokens("don't  *NEAR*") == ["don", "t", "near"]


def test_search_scan_fallback_finds_the_same_documents(db: str) -> None:
    store = Store(db)
    snap = Snapshot(store.articles(), store.events(), store.stories(), store.entities(), store.outputs())
    index = SearchIndex(store.engine)
    fts = {(h.kind, h.ref) for h in index.search(snap, "fp", "bridge safe")}
    index.uses_fts = False
    scan = index.search(snap, "fp", "bridge safe")
    assert {(h.kind, h.ref) for h in scan} == fts == {("article", "art-a"), ("article", "art-b"),
                                                      ("quote", "q-a"), ("quote", "q-b")}
    assert any(hit for _, hit in scan[0].snippet)


def test_search_index_follows_store_changes(db: str, client: TestClient) -> None:
    assert client.get("/api/search?q=quayside").json()["results"] == []
    Store(db).add_articles([Article("art-new", "fixtures/new.txt", "Quayside cranes were idle.", title="Quayside",
                                    outlet="Orrin Herald", published="2024-06-01")])
    client.app.state.storyline.catalog.invalidate()
    assert [r["article_id"] for r in client.get("/api/search?q=quayside").json()["results"]] == ["art-new"]


# -- writes ---------------------------------------------------------------------------

def fake_build(calls: list):
    """Stands in for the pipeline: records its arguments, reports progress and one bad input."""

    def build(store: Store, inputs: list[str], *, allow_private: bool, progress, on_error) -> BuildReport:
        calls.append({"inputs": list(inputs), "allow_private": allow_private,
                      "contents": [Path(i).read_bytes() for i in inputs if Path(i).exists()]})
        progress("analyze", 1, len(inputs))
        on_error(InputError(inputs[0], "not an article"))
        store.add_articles([Article("art-up", "up.txt", "Harbour pilots voted to strike.", title="Pilots vote",
                                    outlet="Orrin Herald", published="2024-07-01")])
        return BuildReport(seen=len(inputs), added=1, errors=[InputError(inputs[0], "not an article")])

    return build


def test_url_ingest_runs_in_background_and_reports_progress(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    calls: list = []
    client = TestClient(create_app(db, allow_private=True, build=fake_build(calls)), base_url=BASE)
    assert client.get("/api/health").json()["articles"] == 4
    accepted = client.post("/api/ingest/urls", json={"urls": ["https://news.example/a"]})
    assert accepted.status_code == 202
    job = wait_for_job(client, accepted.json()["job_id"])
    assert job["status"] == "done" and job["report"]["added"] == 1 and job["report"]["failed"] == 1
    assert job["progress"]["analyze"] == {"done": 1, "total": 1}
    assert job["errors"] == [{"source": "https://news.example/a", "reason": "not an article"}]
    assert calls[0]["allow_private"] is True
    assert client.get("/api/health").json()["articles"] == 5  # the snapshot was refreshed
    assert client.post("/api/ingest/urls", json={"urls": ["file:///etc/passwd"]}).status_code == 422
    assert client.get("/api/jobs/unknown").status_code == 404


def test_file_upload_ingest_keeps_content_and_hides_server_paths(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    calls: list = []
    client = TestClient(create_app(db, build=fake_build(calls)), base_url=BASE)
    files = [("files", ("../../evil name.html", b"<p>Pilots voted.</p>", "text/html")),
             ("files", ("b.txt", b"Second file.", "text/plain"))]
    job = wait_for_job(client, client.post("/api/ingest/files", files=files).json()["job_id"])
    assert calls[0]["contents"] == [b"<p>Pilots voted.</p>", b"Second file."]
    assert calls[0]["allow_private"] is False
    assert [Path(p).name for p in calls[0]["inputs"]] == ["000-evil_name.html", "001-b.txt"]
    assert job["inputs"] == ["upload:000-evil_name.html", "upload:001-b.txt"]
    assert job["errors"][0]["source"] == "upload:000-evil_name.html"
    assert not any(Path(p).exists() for p in calls[0]["inputs"])  # uploads are removed afterwards


def test_writes_need_the_token_when_one_is_set(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, "s3cret")
    client = TestClient(create_app(db, host="0.0.0.0", build=fake_build([])), base_url=BASE)
    body = {"urls": ["https://news.example/a"]}
    assert client.post("/api/ingest/urls", json=body).status_code == 401
    assert client.post("/api/ingest/urls", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post("/api/ingest/files", files={"files": ("a.txt", b"x")}).status_code == 401
    ok = client.post("/api/ingest/urls", json=body, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 202
    assert client.get("/api/stories").status_code == 200  # reads stay open


def test_cross_site_writes_are_refused_without_token(client: TestClient) -> None:
    body = {"urls": ["https://news.example/a"]}
    assert client.post("/api/ingest/urls", json=body, headers={"Origin": "https://evil.example"}).status_code == 403
    assert client.post("/api/ingest/urls", json=body, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403


def test_request_bodies_over_the_cap_get_413(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    client = TestClient(create_app(db, max_body=2048, build=fake_build([])), base_url=BASE)
    assert client.post("/api/ingest/files", files={"files": ("big.txt", b"x" * 5000)}).status_code == 413

    def chunks():  # no Content-Length: counted while streaming
        for _ in range(10):
            yield b"y" * 1000

    streamed = client.post("/api/ingest/urls", content=chunks(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413


# -- view helpers -----------------------------------------------------------------

def test_timeline_layout_keeps_labels_apart_and_lists_undated() -> None:
    items = [(f"2024-03-{d:02d}", f"Event number {d} with a fairly long title", f"#e{d}") for d in range(1, 15)]
    items.append((None, "Undated happening", "#u"))
    picture = layout(items)
    assert len(picture.marks) == 14 and picture.undated == [("Undated happening", "#u")]
    xs = [m.x for m in picture.marks]
    assert xs == sorted(xs) and 0 < xs[0] < xs[-1] < picture.width
    for lane in {m.lane for m in picture.marks if m.label}:
        boxes = sorted((m.label_x - (len(m.label) * 6.6 if m.anchor == "end" else 0),
                        m.label_x + (len(m.label) * 6.6 if m.anchor == "start" else 0))
                       for m in picture.marks if m.lane == lane and m.label)
        assert all(a[1] <= b[0] for a, b in zip(boxes, boxes[1:])), lane
    for row in {m.row for m in picture.marks}:  # numbers never print over each other
        xs_in_row = sorted(m.x for m in picture.marks if m.row == row)
        assert all(b - a >= 6.6 for a, b in zip(xs_in_row, xs_in_row[1:])), row
    assert [m.number for m in picture.marks] == [str(n) for n in range(1, 15)]
    assert picture.marks[0].label.startswith("1. Event number 1")
    assert any(m.label == "" for m in picture.marks)  # crowded: only the number
    assert layout([(None, "x", "#x")]).marks == []


def test_article_segments_cover_the_text_exactly(db: str) -> None:
    article = Store(db).article("art-a")
    paragraphs = segment_article(article, cited=(0, 20))
    assert ["".join(s.text for s in p) for p in paragraphs] == [p for p in TEXT_A.split("\n\n")]
    first = paragraphs[0][0]
    assert first.text == "Velmora" and {"hl-ent", "hl-cited"} <= set(first.classes) and first.anchor == "cited"


def test_loopback_server_refuses_foreign_host_names(client: TestClient) -> None:
    """DNS rebinding: a page whose hostname points at 127.0.0.1 still sends its own Host."""
    assert client.get("/api/stories", headers={"Host": "evil.example"}).status_code == 421
    assert client.get("/api/stories", headers={"Host": "localhost:8000"}).status_code == 200
    assert client.get("/api/stories", headers={"Host": "[::1]:8000"}).status_code == 200


def test_missing_metadata_prints_nothing_not_none(db: str, client: TestClient) -> None:
    Store(db).add_articles([Article("art-bare", "fixtures/bare.txt", "Ferry timetables changed again.")])
    client.app.state.storyline.catalog.invalidate()
    for path in ("/articles/art-bare", "/search?q=ferry"):
        html = client.get(path).text
        assert not re.search(r"\bNone\b(?! found)", html), path


def test_response_cache_is_bounded_and_keeps_only_successes() -> None:
    from storyline.serve.cache import ResponseCache

    cache = ResponseCache(max_bytes=100, max_entry_bytes=60)
    builds: list[str] = []

    def body(key: str, size: int, status: int = 200):
        def build():
            builds.append(key)
            return status, b"x" * size, "text/plain"
        return build

    cache.get_or_build("a", body("a", 50))
    cache.get_or_build("a", body("a", 50))
    assert builds == ["a"]
    cache.get_or_build("b", body("b", 40))
    cache.get_or_build("c", body("c", 40))  # over 100 bytes: "a" (least recent) goes
    cache.get_or_build("a", body("a", 50))
    cache.get_or_build("big", body("big", 70))  # too big to keep
    cache.get_or_build("big", body("big", 70))
    cache.get_or_build("missing", body("missing", 5, status=404))
    cache.get_or_build("missing", body("missing", 5, status=404))
    assert builds == ["a", "b", "c", "a", "big", "big", "missing", "missing"]


def test_pages_are_reused_until_the_store_changes(db: str, client: TestClient) -> None:
    cache = client.app.state.storyline.responses
    first = client.get("/stories/story-bridge").text
    assert "Osterby lantern fair" in client.get("/").text
    hits = cache.hits
    assert client.get("/stories/story-bridge").text == first and cache.hits == hits + 1
    Store(db).save_link([], [], removed_story_ids=["story-fair"])
    client.app.state.storyline.catalog.invalidate()
    assert "Osterby lantern fair" not in client.get("/").text


def test_unauthenticated_writes_are_refused_by_middleware(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The token is checked before the body is read (and over-cap bodies are refused unread)."""
    monkeypatch.setenv(TOKEN_ENV, "s3cret")
    calls: list = []
    client = TestClient(create_app(db, max_body=10_000, build=fake_build(calls)), base_url=BASE)
    refused = client.post("/api/ingest/files", files={"files": ("a.txt", b"x" * 5000)})
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    assert "content-security-policy" in refused.headers
    assert client.post("/api/anything", json={}).status_code == 401  # every write path, even unknown ones
    assert client.post("/api/ingest/files", files={"files": ("big.txt", b"x" * 20_000)},
                       headers={"Authorization": "Bearer s3cret"}).status_code == 413
    assert calls == []


def test_entities_page_lists_and_filters_by_type(client: TestClient) -> None:
    html = client.get("/entities").text
    assert html.index("Velmora") < html.index("Ilse Brandt")  # most mentioned first
    only_people = client.get("/entities?type=PERSON").text
    assert "Ilse Brandt" in only_people and '<a href="/entities/ent-velmora">' not in only_people


def test_real_url_ingest_refuses_private_addresses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the real pipeline (on an empty store, so nothing else runs): the ingest layer
    refuses loopback and private targets unless the server allows them."""
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    client = TestClient(create_app(f"sqlite:///{tmp_path}/empty.db"), base_url=BASE)
    accepted = client.post("/api/ingest/urls", json={"urls": ["http://127.0.0.1:9/feed", "http://10.1.2.3/a"]})
    job = wait_for_job(client, accepted.json()["job_id"], timeout=60)
    assert job["status"] == "done" and job["report"]["added"] == 0, job
    assert [e["source"] for e in job["errors"]] == ["http://127.0.0.1:9/feed", "http://10.1.2.3/a"]
    assert all("private" in e["reason"] for e in job["errors"])


def test_catalog_answers_from_the_old_snapshot_while_another_request_rebuilds(db: str) -> None:
    from storyline.serve.catalog import Catalog

    catalog = Catalog(Store(db))
    first = catalog.get()
    Store(db).add_articles([Article("art-late", "fixtures/late.txt", "A late article.")])
    catalog.invalidate()
    with catalog._lock:  # as if another request were rebuilding
        assert catalog.get() is first
    fresh = catalog.get()
    assert fresh is not first and "art-late" in fresh.articles and fresh.generation == first.generation + 1
    assert catalog.get() is fresh  # unchanged store: no rebuild


def test_timeline_picture_escapes_labels() -> None:
    from storyline.serve.pages import ENV

    picture = layout([("2024-01-02", HOSTILE_TITLE, "#e1"), ("2024-02-03", "Plain & simple", "#e2")])
    svg = ENV.get_template("_timeline_svg.html").render(picture=picture)
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "Plain &amp; simple" in svg


def test_unopenable_store_is_a_one_line_runtime_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with pytest.raises(RuntimeError, match="cannot open store") as info:
        create_app(f"sqlite:///{tmp_path}/missing-dir/x.db")
    assert "\n" not in str(info.value)


def test_seed_story_page_marks_report_dates(seeds_store, monkeypatch: pytest.MonkeyPatch) -> None:
    """An event no text dates to the day shows when it was first reported, and says so."""
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    client = TestClient(create_app(seeds_store.url), base_url=BASE)
    story_id = client.get("/api/stories").json()["stories"][0]["id"]
    page = client.get(f"/stories/{story_id}").text
    undated = [e for e in seeds_store.events() if not e.date]
    assert undated, "every seed event got a date: this test has nothing to check"
    assert page.count("(first reported)") >= len(undated)
    assert ">undated<" not in page
    heads = re.findall(r"<h3><time>([^<]*)</time>", page)
    years = [int(h.split()[-1]) for h in heads]
    assert years == sorted(years), heads  # events in time order, report-dated ones at their report date
    card = client.get("/api/stories").json()["stories"][0]
    published = {a.id: a.published for a in seeds_store.articles()}
    days = [e.date or min(published[i] for i in e.article_ids if published[i]) for e in seeds_store.events()]
    assert card["first_date"] == min(days)  # the story's range starts at its report-dated event too
