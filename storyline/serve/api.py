"""The JSON API under ``/api`` (its OpenAPI schema is ``/api/openapi.json``).

Read endpoints answer from the cached snapshot; article records use the same
shapes as ``storyline export --format json`` (``storyline.write.export_json``).
Write endpoints (ingest) need the token whenever one is configured and return
a job id to poll.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from pydantic import BaseModel, Field

from storyline.serve.cache import cached_json
from storyline.serve.catalog import Snapshot
from storyline.serve.jobs import new_upload_dir, safe_filename
from storyline.write.export_json import article_dict

if TYPE_CHECKING:
    from storyline.serve.app import AppState

MAX_URLS = 100
MAX_FILES = 100
UPLOAD_CHUNK = 1 << 16


class UrlIngest(BaseModel):
    urls: list[str] = Field(..., min_length=1, max_length=MAX_URLS, description="http(s) URLs to fetch and ingest")


class JobAccepted(BaseModel):
    job_id: str
    status: str
    poll: str


def _not_found(what: str, ident: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {what} {ident!r}")


def story_detail(snap: Snapshot, story_id: str) -> dict[str, Any]:
    """A story with its events and written outputs (absent ones are ``null``).

    ``quote_board`` is the write stage's board, or the story's quote groups
    when it was not written; member quotes are at ``/api/quotes?story_id=``.
    """
    story = snap.stories.get(story_id)
    if story is None:
        raise _not_found("story", story_id)
    outputs = snap.story_outputs(story_id)
    return {
        **snap.cards[story_id].to_dict(),
        "events": [event_detail(snap, ev.id, with_outputs=False) for ev in snap.story_events(story_id)],
        "timeline": outputs.get("timeline"),
        "summaries": outputs.get("summaries"),
        "comparisons": outputs.get("comparisons"),
        "quote_board": snap.quote_board(story_id),
    }


def event_detail(snap: Snapshot, event_id: str, with_outputs: bool = True) -> dict[str, Any]:
    event = snap.events.get(event_id)
    if event is None:
        raise _not_found("event", event_id)
    story_id = snap.story_of_event.get(event_id)
    data: dict[str, Any] = {
        "id": event.id,
        "title": event.title,
        "date": event.date,
        "date_source": event.date_source.to_dict() if event.date_source else None,
        "story_id": story_id,
        "articles": [snap.article_meta(a) for a in snap.event_articles(event_id)],
    }
    if with_outputs:
        outputs = snap.story_outputs(story_id) if story_id else {}
        data["summary"] = next((s for s in outputs.get("summaries") or [] if s.get("event_id") == event_id), None)
        data["comparison"] = next(
            (c for c in outputs.get("comparisons") or [] if c.get("event_id") == event_id), None
        )
    return data


def article_detail(snap: Snapshot, article_id: str) -> dict[str, Any]:
    article = snap.articles.get(article_id)
    if article is None:
        raise _not_found("article", article_id)
    data = article_dict(article, snap.event_of)
    data["story_id"] = snap.story_of_article(article_id)
    data["modified"] = article.modified
    data["sentences"] = [[s.start, s.end] for s in article.sentences]
    data["entities"] = [m.to_dict() for m in article.entities]
    data["quotes"] = [snap.quote_record(article, q) for q in article.quotes]
    data["removed"] = [r.to_dict() for r in article.removed]
    return data


def build_router(state: AppState) -> APIRouter:
    router = APIRouter(prefix="/api")
    snap = state.snapshot
    guard = Depends(state.write_guard)

    @router.get("/health", tags=["meta"])
    def health() -> dict[str, Any]:
        s = snap()
        return {"ok": True, "articles": len(s.articles), "events": len(s.events), "stories": len(s.stories),
                "search": "fts5" if state.search.uses_fts else "scan", "token_required": state.token_required}

    @router.get("/stories", tags=["stories"])
    def list_stories(q: str | None = Query(None, max_length=200, description="words that must occur in the story"),
                     limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        """Stories, most recently updated first; ``q`` keeps those whose articles or quotes match."""
        s = snap()
        cards = s.story_cards()
        if q:
            hits = state.search.search(s, state.search_fingerprint(), q, limit=1000)
            matching = {s.story_of_article(h.article_id) for h in hits}
            cards = [c for c in cards if c.id in matching]
        return {"total": len(cards), "stories": [c.to_dict() for c in cards[offset : offset + limit]]}

    @router.get("/stories/{story_id}", tags=["stories"])
    @cached_json
    def get_story(request: Request, story_id: str) -> dict[str, Any]:
        """Timeline, events, cited summaries, source comparison and quote groups of one story."""
        return story_detail(snap(), story_id)

    @router.get("/events/{event_id}", tags=["stories"])
    @cached_json
    def get_event(request: Request, event_id: str) -> dict[str, Any]:
        return event_detail(snap(), event_id)

    @router.get("/articles", tags=["articles"])
    def list_articles(limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        s = snap()
        ids = s.article_order[offset : offset + limit]
        return {"total": len(s.article_order), "articles": [s.article_meta(s.articles[i]) for i in ids]}

    @router.get("/articles/{article_id}", tags=["articles"])
    @cached_json
    def get_article(request: Request, article_id: str) -> dict[str, Any]:
        """Clean text with every span: sentences, entities, time expressions, quotes."""
        return article_detail(snap(), article_id)

    @router.get("/articles/{article_id}/span", tags=["articles"])
    def get_span(article_id: str, start: int = Query(..., ge=0), end: int = Query(..., ge=0)) -> dict[str, Any]:
        """A cited span and the sentence around it (what a citation points at)."""
        s = snap()
        article = s.articles.get(article_id)
        if article is None:
            raise _not_found("article", article_id)
        if start >= end or end > len(article.text):
            raise HTTPException(status_code=422, detail=f"span [{start}, {end}) outside the text (0..{len(article.text)})")
        s_start, s_end = s.sentence_around(article, start, end)
        return {
            "article_id": article.id, "title": article.title, "outlet": article.outlet,
            "published": article.published, "start": start, "end": end, "text": article.text[start:end],
            "sentence": {"start": s_start, "end": s_end, "text": article.text[s_start:s_end]},
        }

    @router.get("/quotes", tags=["quotes"])
    def list_quote_groups(story_id: str | None = None, speaker: str | None = Query(None, max_length=200),
                          limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        """Quote groups: one statement, the outlets that carried it and its wordings."""
        s = snap()
        if story_id is not None:
            if story_id not in s.stories:
                raise _not_found("story", story_id)
            groups = s.story_quote_groups(story_id)
        else:
            groups = sorted(s.quote_groups.values(), key=lambda g: (-len(g.outlets), g.id))
        if speaker:
            needle = speaker.casefold()
            groups = [g for g in groups if needle in (g.speaker or "").casefold()]
        return {"total": len(groups), "groups": [g.to_dict() for g in groups[offset : offset + limit]]}

    @router.get("/quotes/{group_id}", tags=["quotes"])
    def get_quote_group(group_id: str) -> dict[str, Any]:
        group = snap().quote_groups.get(group_id)
        if group is None:
            raise _not_found("quote group", group_id)
        return group.to_dict()

    @router.get("/entities", tags=["entities"])
    def list_entities(type: str | None = Query(None, max_length=32), q: str | None = Query(None, max_length=200),
                      limit: int = Query(200, ge=1, le=5000), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        s = snap()
        entities = sorted(s.entities.values(), key=lambda e: (-e.mentions, e.name))
        if type:
            entities = [e for e in entities if e.type == type]
        if q:
            needle = q.casefold()
            entities = [e for e in entities if needle in e.name.casefold()
                        or any(needle in a.casefold() for a in e.aliases)]
        return {"total": len(entities), "entities": [e.to_dict() for e in entities[offset : offset + limit]]}

    @router.get("/entities/{entity_id}", tags=["entities"])
    def get_entity(entity_id: str) -> dict[str, Any]:
        s = snap()
        entity = s.entities.get(entity_id)
        if entity is None:
            raise _not_found("entity", entity_id)
        return {**entity.to_dict(), "articles": [s.article_meta(a) for a in s.entity_articles(entity_id)]}

    @router.get("/search", tags=["search"])
    @cached_json
    def search(request: Request, q: str = Query(..., min_length=1, max_length=200), kind: str | None = Query(None, pattern="^(article|quote)$"),
               limit: int = Query(20, ge=1, le=200)) -> dict[str, Any]:
        """Full-text search over article titles and text, and over quotes (with their speakers)."""
        s = snap()
        hits = state.search.search(s, state.search_fingerprint(), q, kind=kind, limit=limit)
        results = []
        for hit in hits:
            record = hit.to_dict()
            article = s.articles.get(hit.article_id)
            record["outlet"] = article.outlet if article else None
            record["published"] = article.published if article else None
            record["story_id"] = s.story_of_article(hit.article_id)
            results.append(record)
        return {"query": q, "engine": "fts5" if state.search.uses_fts else "scan", "results": results}

    @router.post("/ingest/urls", status_code=202, response_model=JobAccepted, tags=["ingest"], dependencies=[guard])
    def ingest_urls(body: UrlIngest) -> JobAccepted:
        """Fetch and build these URLs in the background (private addresses refused unless allowed)."""
        bad = [u for u in body.urls if not u.lower().startswith(("http://", "https://"))]
        if bad:
            raise HTTPException(status_code=422, detail=f"not an http(s) URL: {bad[0][:200]!r}")
        job = state.jobs.submit(list(body.urls))
        return JobAccepted(job_id=job.id, status=job.status, poll=f"/api/jobs/{job.id}")

    @router.post("/ingest/files", status_code=202, response_model=JobAccepted, tags=["ingest"], dependencies=[guard])
    async def ingest_files(files: list[UploadFile] = File(..., description="HTML, text, Markdown, JSON(L), .gz")) -> JobAccepted:
        """Build uploaded files in the background; poll the returned job."""
        if len(files) > MAX_FILES:
            raise HTTPException(status_code=422, detail=f"at most {MAX_FILES} files per request")
        upload_dir = new_upload_dir()
        paths = []
        for i, upload in enumerate(files):
            path = upload_dir / safe_filename(upload.filename, i)
            with path.open("wb") as out:
                while chunk := await upload.read(UPLOAD_CHUNK):
                    out.write(chunk)
            paths.append(str(path))
        job = state.jobs.submit(paths, upload_dir=upload_dir)
        return JobAccepted(job_id=job.id, status=job.status, poll=f"/api/jobs/{job.id}")

    @router.get("/jobs/{job_id}", tags=["ingest"])
    def get_job(job_id: str) -> dict[str, Any]:
        """Status, per-stage progress and per-input errors of an ingest job."""
        job = state.jobs.get(job_id)
        if job is None:
            raise _not_found("job", job_id)
        return job.to_dict()

    return router
