"""Bytes to text, and bytes to RawDocuments by format.

Separated from file and network access so files, stdin and URLs share one set
of rules: the same bytes are decoded, rejected or split into articles the same
way whichever way they arrived.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from collections.abc import Iterator

from storyline.ingest.limits import Limits
from storyline.model import InputError, RawDocument, content_id


class BadInput(Exception):
    """One-line reason why an input cannot be used."""


TEXT_SUFFIXES = {".txt": "text", ".md": "text", ".text": "text", ".markdown": "text"}
HTML_SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SUPPORTED = set(TEXT_SUFFIXES) | set(HTML_SUFFIXES) | JSON_SUFFIXES

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.I)


def gunzip(data: bytes, limits: Limits) -> bytes:
    """Decompress, refusing output beyond the size cap (gzip bombs)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(limits.max_bytes + 1)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise BadInput(f"corrupt gzip data ({exc})") from None
    if len(out) > limits.max_bytes:
        raise BadInput(f"too large after decompression (over {limits.max_bytes:,} bytes)")
    return out


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB: not text."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return len(head) > 0 and controls / len(head) > 0.05


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode bytes as text: BOM, declared or meta charset, UTF-8, then a careful guess.

    A wrong encoding is not fatal when it can be recognised (a cp1252 page is
    decoded as such); bytes that fit no text encoding are refused.
    """
    if looks_binary(data):
        raise BadInput("binary content, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    candidates = []
    if declared:
        candidates.append(declared)
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    candidates.append("utf-8")
    for enc in candidates:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise BadInput("undecodable text (not UTF-8 and no recognisable encoding)")
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise BadInput(f"undecodable text (not valid {best.encoding})") from None


def _check_text(text: str) -> str:
    if not text.strip():
        raise BadInput("empty (no text)")
    return text


def kind_for(name: str, text: str) -> str:
    """html or text, by suffix first and by content when the suffix says nothing."""
    lower = name.lower()
    for suffix, kind in {**TEXT_SUFFIXES, **HTML_SUFFIXES}.items():
        if lower.endswith(suffix):
            return kind
    return "html" if _HTML_SNIFF.match(text[:500]) else "text"


def documents_from_bytes(
    source: str, name: str, data: bytes, limits: Limits, declared_charset: str | None = None
) -> Iterator[RawDocument | InputError]:
    """All articles held in one input's bytes (one for a page, many for JSON lines)."""
    try:
        if not data:
            raise BadInput("empty file")
        lower = name.lower()
        if lower.endswith(".gz") or data[:2] == b"\x1f\x8b":
            data = gunzip(data, limits)
            lower = lower.removesuffix(".gz")
            if not data:
                raise BadInput("empty after decompression")
        if len(data) > limits.max_bytes:
            raise BadInput(f"too large ({len(data):,} bytes, limit {limits.max_bytes:,})")
        text = _check_text(decode_text(data, declared_charset))
    except BadInput as exc:
        yield InputError(source, str(exc))
        return
    if any(lower.endswith(s) for s in JSON_SUFFIXES):
        yield from _json_documents(source, lower, text)
        return
    yield RawDocument(id=content_id(text), source=source, kind=kind_for(lower, text), content=text)


def _json_documents(source: str, name: str, text: str) -> Iterator[RawDocument | InputError]:
    """A JSON object, a JSON list of objects, or JSON lines: one article per object."""
    records: list[tuple[str, object]] = []
    if name.endswith((".jsonl", ".ndjson")):
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append((f"{source}:{lineno}", json.loads(line)))
            except json.JSONDecodeError as exc:
                yield InputError(f"{source}:{lineno}", f"malformed JSON ({exc.msg} at column {exc.colno})")
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield InputError(source, f"malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})")
            return
        items = data if isinstance(data, list) else [data]
        label = (lambda i: f"{source}#{i}") if isinstance(data, list) else (lambda i: source)
        records = [(label(i), item) for i, item in enumerate(items)]
    for where, record in records:
        try:
            yield record_to_document(where, record)
        except BadInput as exc:
            yield InputError(where, str(exc))


def _opt_str(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int, float)):
        raise BadInput(f"field '{key}' must be a string")
    value = str(value).strip()
    return value or None


def record_to_document(source: str, record: object) -> RawDocument:
    """One JSON object (``text`` or ``html``, optional title/url/date/outlet) as a RawDocument."""
    if not isinstance(record, dict):
        raise BadInput("JSON record is not an object")
    html, text = record.get("html"), record.get("text")
    body, kind = (html, "html") if isinstance(html, str) and html.strip() else (text, "text")
    if not isinstance(body, str) or not body.strip():
        raise BadInput("JSON record has no 'text' or 'html' string")
    meta = {k: _opt_str(record, k) for k in ("title", "url", "date", "outlet")}
    key = json.dumps({"body": body, **meta}, sort_keys=True, ensure_ascii=False)
    return RawDocument(id=content_id(key), source=source, kind=kind, content=body, **meta)
