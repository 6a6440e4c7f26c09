"""The FastAPI app behind ``storyline serve``: HTML pages and a JSON API over one store.

``create_app`` wires the pieces: a :class:`~storyline.serve.catalog.Catalog`
(the store's facts, cached), a cache of rendered responses, a search index,
the background ingest runner, the security middleware, the API router under
``/api`` and the page router.
"""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from storyline.serve.cache import ResponseCache
from storyline.serve.catalog import Catalog, Snapshot
from storyline.serve.jobs import BuildFn, JobRunner, default_build
from storyline.serve.search import SearchIndex
from storyline.serve.security import (
    DEFAULT_MAX_BODY,
    TOKEN_ENV,
    LoopbackHostMiddleware,
    SecurityHeadersMiddleware,
    WriteGuard,
    configured_token,
    is_loopback,
)
from storyline.store import Store

PACKAGE_DIR = Path(__file__).parent


@dataclass
class AppState:
    """Everything a request handler needs, hung on ``app.state.storyline``."""

    store: Store
    catalog: Catalog
    search: SearchIndex
    jobs: JobRunner
    write_guard: WriteGuard
    token_required: bool
    responses: ResponseCache
    max_body: int

    def snapshot(self) -> Snapshot:
        return self.catalog.get()

    def search_fingerprint(self) -> str:
        return repr(self.catalog.fingerprint_value)

    def warm_up(self) -> None:
        try:
            snapshot = self.snapshot()
            self.search.search(snapshot, self.search_fingerprint(), "warm up", limit=1)
        except Exception:  # the first request will meet (and report) the same problem
            pass


def create_app(
    db_url: str,
    host: str = "127.0.0.1",
    allow_private: bool = False,
    *,
    max_body: int = DEFAULT_MAX_BODY,
    build: BuildFn = default_build,
) -> FastAPI:
    """The app over the store at ``db_url``.

    Raises ``RuntimeError`` (one line) when ``host`` is reachable beyond this
    machine and no ``STORYLINE_TOKEN`` is set (writes would be open to the
    network), or when the store cannot be opened.  ``max_body`` caps request
    bodies; ``build`` runs ingest jobs (the pipeline; tests pass a stand-in).
    """
    token = configured_token()
    if not is_loopback(host) and token is None:
        raise RuntimeError(
            f"refusing to bind {host} without a token: set {TOKEN_ENV} (write endpoints need it beyond loopback)"
        )
    try:
        store = Store(db_url)
    except Exception as exc:  # a bad URL or an unreachable server: one line for the CLI
        raise RuntimeError(f"cannot open store {db_url}: {exc.__class__.__name__}: {exc}".splitlines()[0]) from None
    catalog = Catalog(store)
    state = AppState(
        store=store,
        catalog=catalog,
        search=SearchIndex(store.engine),
        jobs=JobRunner(store, allow_private=allow_private, on_done=catalog.invalidate, build=build),
        write_guard=WriteGuard(token),
        token_required=token is not None,
        responses=ResponseCache(),
        max_body=max_body,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        # load the store (and the search index) before the first visitor has to wait for it
        threading.Thread(target=state.warm_up, name="storyline-warm-up", daemon=True).start()
        yield
        state.jobs.shutdown()

    app = FastAPI(
        lifespan=lifespan,
        title="storyline",
        summary="Events, stories, cited timelines, quotes and source comparisons from a pile of news articles.",
        version="0.1.0",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI loads from a CDN; the schema itself is served
        redoc_url=None,
        max_body_size=max_body,  # 413 beyond it, announced or streamed
    )
    app.state.storyline = state

    from storyline.serve import api, pages

    app.include_router(api.build_router(state))
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=PACKAGE_DIR / "static"), name="static")
    app.add_middleware(state.write_guard.middleware)  # before any body is read
    if is_loopback(host):
        app.add_middleware(LoopbackHostMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
