"""Rendered responses, kept while the snapshot they were computed from is current.

Every page and API answer is a pure function of (snapshot, path, query), and a
snapshot never changes once built, so a rendered body can be reused until the
store changes; the key carries the snapshot's generation, so a rebuilt
snapshot simply misses.  Bounded in bytes (least recently used first out) so a
crawl over many articles cannot grow memory without limit.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from fastapi import Request, Response
from fastapi.responses import JSONResponse

DEFAULT_MAX_BYTES = 64 * 1024 * 1024

Entry = tuple[int, bytes, str]  # status, body, media type


class ResponseCache:
    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES, max_entry_bytes: int | None = None):
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes or max_bytes // 8
        self._entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_build(self, key: Hashable, build: Callable[[], Entry]) -> Entry:
        """(status, body, media type) from the cache, or from ``build()``; only 200s are kept."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
        entry = build()
        status, body, _ = entry
        if status == 200 and len(body) <= self.max_entry_bytes:
            with self._lock:
                if key not in self._entries:
                    self._entries[key] = entry
                    self._size += len(body)
                    while self._size > self.max_bytes and self._entries:
                        _, (_, old, _) = self._entries.popitem(last=False)
                        self._size -= len(old)
        return entry

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0


def cached(request: Request, make: Callable[[], Response]) -> Response:
    """``make()``'s response, reused for the same path and query until the store changes."""
    state = request.app.state.storyline
    key = (state.snapshot().generation, request.url.path, request.url.query)

    def build() -> Entry:
        response = make()
        return response.status_code, bytes(response.body), response.media_type or "application/octet-stream"

    status, body, media_type = state.responses.get_or_build(key, build)
    return Response(body, status_code=status, media_type=media_type)


def cached_page(handler: Callable[..., Response]) -> Callable[..., Response]:
    """Route decorator for page handlers (``request`` is their first parameter)."""

    @functools.wraps(handler)
    def wrapper(request: Request, **params):
        return cached(request, lambda: handler(request, **params))

    return wrapper


def cached_json(handler: Callable[..., object]) -> Callable[..., Response]:
    """Route decorator for API handlers that return JSON-ready data (``request`` first)."""

    @functools.wraps(handler)
    def wrapper(request: Request, **params):
        return cached(request, lambda: JSONResponse(handler(request, **params)))

    return wrapper
