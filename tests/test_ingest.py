"""Ingest: every input format, and one clear line for every kind of bad input."""

from __future__ import annotations

import gzip
import http.server
import io
import json
import threading

import pytest

from storyline.ingest import Limits, iter_inputs
from storyline.model import InputError, RawDocument

ARTICLE = "The Lindqvist ferry resumed service on Tuesday after a week of repairs, the harbour office said.\n"


def _run(*specs, **kw):
    items = list(iter_inputs([str(s) for s in specs], **kw))
    docs = [i for i in items if isinstance(i, RawDocument)]
    errors = [i for i in items if isinstance(i, InputError)]
    return docs, errors


def test_text_markdown_html_and_gzip(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.md").write_text("# Ferry\n\n" + ARTICLE)
    (tmp_path / "c.html").write_text(f"<html><body><p>{ARTICLE}</p></body></html>")
    (tmp_path / "d.txt.gz").write_bytes(gzip.compress(("Gzipped: " + ARTICLE).encode()))
    (tmp_path / "notes.csv").write_text("ignored,in,folders\n")
    docs, errors = _run(tmp_path)
    assert not errors
    assert [d.kind for d in docs] == ["text", "text", "html", "text"]
    assert docs[3].content.startswith("Gzipped:")


def test_json_object_list_and_lines(tmp_path):
    record = {"text": ARTICLE, "title": "Ferry back", "url": "https://example.org/ferry", "date": "2024-03-05", "outlet": "Harbour Gazette"}
    (tmp_path / "one.json").write_text(json.dumps(record))
    (tmp_path / "many.json").write_text(json.dumps([record, {"html": f"<p>{ARTICLE}</p>"}]))
    lines = [json.dumps({"text": f"Story {i}. " + ARTICLE}) for i in range(3)]
    (tmp_path / "lines.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    docs, errors = _run(tmp_path)
    assert not errors
    assert len(docs) == 1 + 2 + 3
    one = next(d for d in docs if d.source.endswith("one.json"))
    assert (one.title, one.date, one.outlet, one.url) == ("Ferry back", "2024-03-05", "Harbour Gazette", "https://example.org/ferry")
    assert sum(d.kind == "html" for d in docs) == 1


def test_ids_are_stable_content_hashes(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "copy.txt").write_text(ARTICLE)
    (tmp_path / "other.txt").write_text(ARTICLE + "More.")
    first, _ = _run(tmp_path)
    second, _ = _run(tmp_path)
    assert [d.id for d in first] == [d.id for d in second]
    assert first[0].id == first[1].id != first[2].id


@pytest.mark.parametrize(
    "name, payload, reason",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\n  ", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("bad.json", b'{"text": "unterminated', "malformed JSON"),
        ("noobj.json", b'["just a string"]', "not an object"),
        ("notext.json", b'{"title": "no body"}', "no 'text' or 'html'"),
        ("broken.txt.gz", b"\x1f\x8b\x08\x00garbage", "corrupt gzip"),
    ],
)
def test_bad_files_give_one_line_and_the_run_goes_on(tmp_path, name, payload, reason):
    (tmp_path / name).write_bytes(payload)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    docs, errors = _run(tmp_path / name, good)
    assert len(docs) == 1 and docs[0].source == str(good)
    assert len(errors) == 1
    line = errors[0].line()
    assert "\n" not in line and name in line and reason in line


def test_oversize_and_gzip_bomb_are_refused(tmp_path):
    limits = Limits(max_bytes=1000)
    (tmp_path / "big.txt").write_text("word " * 1000)
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 100_000))
    _, errors = _run(tmp_path / "big.txt", tmp_path / "bomb.txt.gz", limits=limits)
    assert [("too large" in e.reason) for e in errors] == [True, True]


def test_wrong_encoding_is_decoded_or_refused(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 owners in S\xe3o Tom\xe9 protested on Monday against the new tax rules.".encode("cp1252"))
    docs, errors = _run(tmp_path / "latin.txt")
    assert not errors and "Café" in docs[0].content


def test_missing_path_and_bad_scheme(tmp_path):
    _, errors = _run(tmp_path / "nope.txt", "ftp://example.org/a.txt")
    assert "no such file" in errors[0].reason
    assert "unsupported URL scheme" in errors[1].reason


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/article.html":
            body = f"<html><body><article><p>{ARTICLE}</p></article></body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article.html")
            self.end_headers()
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


@pytest.fixture()
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_urls_refuse_private_addresses_unless_allowed(local_server):
    docs, errors = _run(f"{local_server}/article.html")
    assert not docs and "private address" in errors[0].reason
    docs, errors = _run(f"{local_server}/moved", f"{local_server}/gone", allow_private=True)
    assert len(docs) == 1 and docs[0].kind == "html" and docs[0].url.endswith("/article.html")
    assert "HTTP 404" in errors[0].reason


def test_dead_url_is_one_line(local_server):
    port = local_server.rsplit(":", 1)[1]
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    _, errors = _run(f"http://127.0.0.1:{dead}/x", allow_private=True, limits=Limits(fetch_timeout=2))
    assert port != str(dead)
    assert len(errors) == 1 and "fetch failed" in errors[0].reason


def test_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    docs, errors = _run("-")
    assert not errors and docs[0].source == "-" and docs[0].kind == "text"
