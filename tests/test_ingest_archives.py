"""WARC archives and RSS/Atom feeds as inputs."""

from __future__ import annotations

import gzip
import io

from storyline.ingest import iter_inputs
from storyline.model import InputError, RawDocument

BODY = "<html><body><article><p>The Pellam observatory opened its new dome on Saturday, staff said.</p></article></body></html>"


def _warc(path, records):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=str(path).endswith(".gz"))
        for uri, ctype, status, body in records:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)
            writer.write_record(rec)


def _split(items):
    items = list(items)
    return [i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, InputError)]


def test_warc_yields_html_responses_only(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    _warc(path, [
        ("https://pellam.example/news/dome", "text/html; charset=utf-8", "200 OK", BODY.encode()),
        ("https://pellam.example/logo.png", "image/png", "200 OK", b"\x89PNG...."),
        ("https://pellam.example/missing", "text/html", "404 Not Found", b"<html>gone</html>"),
    ])
    docs, errors = _split(iter_inputs([str(path)]))
    assert not errors
    assert len(docs) == 1 and docs[0].url == "https://pellam.example/news/dome" and docs[0].kind == "html"
    assert docs[0].source.endswith("#https://pellam.example/news/dome")


def test_malformed_warc_is_one_line(tmp_path):
    path = tmp_path / "broken.warc"
    path.write_bytes(b"this is not a WARC file at all\r\n\r\n" * 3)
    good = tmp_path / "ok.txt"
    good.write_text("The Pellam observatory opened its new dome on Saturday, staff said.")
    docs, errors = _split(iter_inputs([str(path), str(good)]))
    assert len(docs) == 1 and len(errors) == 1
    assert "broken.warc" in errors[0].line() and "WARC" in errors[0].reason


FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Pellam Courier</title>
<item><title>Dome opens</title><link>https://pellam.example/dome</link>
<pubDate>Sat, 04 May 2024 10:00:00 GMT</pubDate>
<description><![CDATA[<p>{body}</p>]]></description></item>
</channel></rss>"""


def test_feed_with_full_content(tmp_path):
    text = "The Pellam observatory opened its new dome on Saturday after three years of work. " * 10
    (tmp_path / "courier.rss").write_text(FEED.format(body=text))
    docs, errors = _split(iter_inputs([str(tmp_path)]))
    assert not errors and len(docs) == 1
    doc = docs[0]
    assert (doc.title, doc.url, doc.date, doc.outlet) == ("Dome opens", "https://pellam.example/dome", "2024-05-04", "Pellam Courier")


def test_feed_links_are_fetched_with_private_rule(tmp_path):
    short = FEED.format(body="Short teaser.").replace("https://pellam.example/dome", "http://127.0.0.1:9/dome")
    (tmp_path / "teasers.xml.gz").write_bytes(gzip.compress(short.encode()))
    docs, errors = _split(iter_inputs([str(tmp_path / "teasers.xml.gz")]))
    assert not docs and len(errors) == 1 and "private address" in errors[0].reason


def test_malformed_feed(tmp_path):
    (tmp_path / "bad.rss").write_text("<rss><channel><item><title>unclosed")
    docs, errors = _split(iter_inputs([str(tmp_path / "bad.rss")]))
    assert not docs and len(errors) == 1 and "bad.rss" in errors[0].line()
