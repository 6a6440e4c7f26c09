"""Files, folders and standard input."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

from storyline.ingest.archives import FEED_SUFFIXES, WARC_SUFFIXES, feed_or_error, is_feed, is_warc, iter_warc
from storyline.ingest.decode import SUPPORTED, documents_from_bytes, gunzip
from storyline.ingest.limits import Limits
from storyline.model import InputError, RawDocument


def _supported(path: Path) -> bool:
    name = path.name.lower()
    bare = name.removesuffix(".gz")
    return any(bare.endswith(s) for s in SUPPORTED) or name.endswith(WARC_SUFFIXES + FEED_SUFFIXES)


def _walk(folder: Path) -> Iterator[Path]:
    """Supported files below a folder, in a stable order, hidden entries skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if not name.startswith(".") and _supported(path):
                yield path


def read_file(path: Path, limits: Limits, allow_private: bool = False) -> Iterator[RawDocument | InputError]:
    source = str(path)
    if is_warc(path.name):  # streamed: an archive may be far larger than one article
        try:
            with path.open("rb") as stream:
                yield from iter_warc(source, stream, limits)
        except OSError as exc:
            yield InputError(source, f"cannot read ({exc.strerror or exc})")
        return
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            yield InputError(source, f"too large ({size:,} bytes, limit {limits.max_bytes:,})")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(source, f"cannot read ({exc.strerror or exc})")
        return
    if is_feed(path.name):
        if path.name.lower().endswith(".gz"):
            try:
                data = gunzip(data, limits)
            except Exception as exc:  # BadInput: one line
                yield InputError(source, str(exc))
                return
        yield from feed_or_error(source, data, limits, allow_private)
        return
    yield from documents_from_bytes(source, path.name, data, limits)


def iter_path(spec: str, limits: Limits, allow_private: bool = False) -> Iterator[RawDocument | InputError]:
    """A file (whatever its suffix) or every supported file below a folder."""
    path = Path(spec)
    if path.is_dir():
        found = False
        for file in _walk(path):
            found = True
            yield from read_file(file, limits, allow_private)
        if not found:
            yield InputError(spec, "folder holds no .txt/.md/.html/.json/.jsonl/.warc/.rss files")
    elif path.exists():
        yield from read_file(path, limits, allow_private)
    else:
        yield InputError(spec, "no such file, folder or URL")


def read_stdin(limits: Limits) -> Iterator[RawDocument | InputError]:
    """Standard input: one article (text or HTML), or JSON lines when it starts with '{'."""
    data = sys.stdin.buffer.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        yield InputError("-", f"too large (over {limits.max_bytes:,} bytes)")
        return
    name = "stdin.jsonl" if data.lstrip()[:1] == b"{" else "stdin"
    yield from documents_from_bytes("-", name, data, limits)
