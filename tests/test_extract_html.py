"""HTML path of the extract stage: one parse, trafilatura's cheap pass first (invented pages)."""

from __future__ import annotations

import pytest

from storyline.extract import extract
from storyline.extract import html as html_extract
from storyline.model import RawDocument

PARAS = [
    "The tram depot in Orland will move to the old salt works by next summer, the transport board of the city confirmed on Monday evening.",
    "Board chair Ilse Marrow said the present depot had flooded twice in three winters and that the new site sits well above the river line.",
    "Drivers' representatives welcomed the move but asked for a shuttle from the central station, since the salt works lie outside the ring road.",
    "The board expects the works to cost about forty million and will ask the regional assembly for half of it at its session in the autumn.",
]


def _page(paragraphs: list[str], *, doctype: bool = True) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    head = "<!DOCTYPE html>\n" if doctype else ""
    return (
        f"{head}<html lang=\"en\"><head><title>Orland depot to move | Orland Courier</title>"
        '<meta property="og:site_name" content="Orland Courier"></head>'
        f'<body><nav><a href="/">Home</a><a href="/city">City</a></nav><article><h1>Orland depot to move</h1>{body}</article>'
        "<footer>Orland Courier, all rights reserved.</footer></body></html>"
    )


def _extract(page: str):
    return extract(RawDocument(id="p", source="test", kind="html", content=page))


@pytest.mark.parametrize("doctype", [True, False])
def test_article_paragraphs_come_out_whole(doctype):
    article = _extract(_page(PARAS, doctype=doctype))
    assert article.text.split("\n\n") == PARAS
    assert article.title == "Orland depot to move"
    assert article.outlet == "Orland Courier"


def test_control_characters_in_the_page_are_repaired_not_fatal():
    """The quick parse keeps characters XML forbids; trafilatura then finds nothing and the
    page is parsed again with trafilatura's repairs."""
    page = _page([p.replace("depot", "de\x07pot").replace("board", "bo\x01ard") for p in PARAS])
    article = _extract(page)
    assert "\x07" not in article.text and "\x01" not in article.text
    assert "tram depot in Orland" in article.text
    assert "The board expects" in article.text


def test_fast_pass_suffices_when_it_finds_the_paragraphs(monkeypatch):
    calls = _record_passes(monkeypatch)
    _extract(_page(PARAS))
    assert calls == [True]


def test_full_cascade_runs_when_the_fast_pass_misses_the_paragraphs(monkeypatch):
    """A first pass holding a sliver of the page's paragraph text is not trusted."""
    calls = _record_passes(monkeypatch, fast_text=PARAS[0][:60])
    article = _extract(_page(PARAS * 6))
    assert calls == [True, False]
    assert PARAS[3] in article.text


def _record_passes(monkeypatch, fast_text: str | None = None) -> list[bool]:
    """Wrap the trafilatura call: record each pass's ``fast`` flag, optionally make the fast
    pass find only ``fast_text``."""
    real = html_extract._bare
    calls: list[bool] = []

    def spy(trafilatura, tree, url, *, fast):
        calls.append(fast)
        data = real(trafilatura, tree, url, fast=fast)
        if fast and fast_text is not None and data:
            data = {**data, "text": fast_text}
        return data

    monkeypatch.setattr(html_extract, "_bare", spy)
    return calls


def test_embedded_post_and_its_signature_leave_the_body():
    post = "<p>Depot move finally confirmed, about time https://t.co/Xyz987abc</p><p>— Orland Rider (@orlandrider) March 3, 2031</p>"
    article = _extract(_page(PARAS[:2]).replace("</article>", post + "".join(f"<p>{p}</p>" for p in PARAS[2:]) + "</article>"))
    assert article.text.split("\n\n") == PARAS
