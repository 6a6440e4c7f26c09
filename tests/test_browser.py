"""The pages in real headless Chromium (Debian ``chromium``, driven by Playwright).

Opens a story page, clicks a citation and checks the cited source sentence
appears; saves screenshots.  Skipped when Chromium or Playwright is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("STORYLINE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which("chromium"), reason="Debian chromium is not installed"),
]
sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db_url: str, **options) -> Iterator[str]:
    """Runs the app under uvicorn on a free loopback port for the duration of a fixture."""
    import uvicorn

    from storyline.serve.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db_url, **options), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Iterator[str]:
    from test_serve_data import build_fixture_store

    path = tmp_path_factory.mktemp("browser") / "f.db"
    build_fixture_store(path)
    yield from serve(f"sqlite:///{path}")


@pytest.fixture(scope="module")
def corpus_site(examples_store) -> Iterator[str]:
    """The sample corpus store (built once per session by conftest's ``examples_store``)."""
    yield from serve(examples_store.url)


def open_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    return page, errors


def screenshot_dir(tmp_path: Path) -> Path:
    """``out/screenshots`` when the repo has an ``out`` folder (gitignored), else the test's tmp dir."""
    out = Path(__file__).resolve().parents[1] / "out"
    target = out / "screenshots" if out.is_dir() else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    return target


def test_clicking_a_citation_shows_its_source_sentence(browser, fixture_site: str, tmp_path: Path) -> None:
    from test_serve_data import CLOSED_SENTENCE

    page, errors = open_page(browser, f"{fixture_site}/stories/story-bridge")
    assert page.locator("svg.timeline-picture circle").count() == 2
    citation = page.locator("ol.summary button.cite").nth(1)  # the second outlet's citation
    assert citation.inner_text() == "Orrin Herald"
    citation.click()
    popup = page.locator(".cite-pop .cite-sentence").first
    popup.wait_for(state="visible", timeout=5000)
    assert popup.inner_text() == "The Anselm Bridge in Velmora was shut on Monday, the town council said."
    assert "Orrin Herald" in page.locator(".cite-pop .cite-head").first.inner_text()
    shot = screenshot_dir(tmp_path) / "story-citation.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    # the popup's link opens the article scrolled to the highlighted span
    page.locator(".cite-pop a.cite-open").first.click()
    page.wait_for_url("**/articles/art-b**")
    assert page.locator("#cited").is_visible()
    cited = "".join(page.locator(".article-text p:not(.legend) .hl-cited").all_inner_texts())
    assert cited == "The Anselm Bridge in Velmora was shut on Monday, the town council said."
    page.goto(f"{fixture_site}/stories/story-bridge")
    hovered = page.locator("ol.entries button.cite").first
    hovered.hover()
    page.wait_for_function("b => b.title.includes('inspectors found cracks')", arg=hovered.element_handle(), timeout=5000)
    assert hovered.get_attribute("title").startswith("Fenwick Gazette: " + CLOSED_SENTENCE)
    hovered.click()
    assert page.locator(".cite-pop .cite-sentence mark").first.inner_text() == CLOSED_SENTENCE
    assert errors == []  # no CSP violation, no script error
    page.close()


def test_hostile_article_text_stays_text_in_the_browser(browser, fixture_site: str) -> None:
    from test_serve_data import HOSTILE_TEXT

    dialogs: list[str] = []
    page = browser.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{fixture_site}/articles/art-c")
    assert HOSTILE_TEXT in page.locator(".article-text").inner_text()
    assert page.locator(".article-text img").count() == 0 and dialogs == []
    page.close()


def test_sample_corpus_story_page_citation(browser, examples_store, corpus_site: str, tmp_path: Path) -> None:
    stories = examples_store.stories()
    assert stories, "the sample corpus built no story"
    events = {e.id: e for e in examples_store.events()}
    biggest = max(stories, key=lambda s: sum(len(events[e].article_ids) for e in s.event_ids if e in events))
    page, errors = open_page(browser, f"{corpus_site}/stories/{biggest.id}")
    assert page.locator("h1").inner_text() == biggest.title
    assert page.locator("svg.timeline-picture circle").count() >= 1
    buttons = page.locator("button.cite")
    assert buttons.count() > 0, "no citation on the story page"
    button = buttons.first
    article = examples_store.article(button.get_attribute("data-article"))
    start, end = int(button.get_attribute("data-start")), int(button.get_attribute("data-end"))
    button.click()
    popup = page.locator(".cite-pop .cite-sentence").first
    popup.wait_for(state="visible", timeout=5000)
    assert " ".join(article.text[start:end].split()) in " ".join(popup.inner_text().split())
    page.screenshot(path=str(screenshot_dir(tmp_path) / "corpus-story.png"), full_page=True)
    assert errors == []
    page.close()


def test_ingest_page_uploads_and_shows_job_progress(browser, tmp_path: Path) -> None:
    from test_serve import fake_build
    from test_serve_data import build_fixture_store

    build_fixture_store(tmp_path / "f.db")
    calls: list = []
    site = serve(f"sqlite:///{tmp_path}/f.db", build=fake_build(calls))
    base = next(site)
    try:
        page, errors = open_page(browser, f"{base}/ingest")
        page.set_input_files("#ingest-files input[type=file]",
                             files=[{"name": "pilots.txt", "mimeType": "text/plain", "buffer": b"Pilots voted."}])
        page.click("#ingest-files button[type=submit]")
        page.locator("#job-status.status-done").wait_for(timeout=10_000)
        assert page.locator("#job-errors li").inner_text() == "upload:000-pilots.txt: not an article"
        assert "1 new article(s)" in page.locator("#job-progress").inner_text()
        assert calls[0]["contents"] == [b"Pilots voted."]
        page.screenshot(path=str(screenshot_dir(tmp_path) / "ingest.png"), full_page=True)
        assert errors == []
        page.close()
    finally:
        site.close()
