"""Server-rendered pages: front page, story, article, entity, search.

Templates are Jinja2 with autoescape on; article-derived strings are only ever
passed as data (never marked safe), so hostile article HTML prints as text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, ChainableUndefined

from storyline.write.markdown import is_statement
from storyline.serve.cache import cached_page
from storyline.serve.catalog import Snapshot
from storyline.serve.highlight import segment_article
from storyline.serve.timeline_svg import layout, parse_date, shorten

TEMPLATES = Path(__file__).parent / "templates"

router = APIRouter(include_in_schema=False)


def nice_date(value: str | None) -> str:
    """2019-06-28 -> 28 Jun 2019; 2019-06 -> Jun 2019; unknown -> 'undated'."""
    if not value:
        return "undated"
    parsed = parse_date(value)
    if parsed is None:
        return value
    if len(value) >= 10:
        return f"{parsed.day} {parsed:%b %Y}"
    if len(value) == 7:
        return f"{parsed:%b %Y}"
    return str(parsed.year)


def safe_href(url: str | None) -> str | None:
    """Only http(s) links from article metadata become clickable."""
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def coverage_cell(row: dict[str, Any], outlet: str) -> tuple[str, str]:
    """How one outlet covered one comparison row: ("yes" | "variant" | "no", tooltip for variants).

    ``row["outlets"]`` is either a list of outlets that carried the row or a
    mapping outlet -> True (carried it), False (did not) or a string (carried
    it in different words: the string is that wording).
    """
    carried = row.get("outlets") or []
    value: Any = carried.get(outlet, False) if isinstance(carried, dict) else outlet in carried
    if value is True:
        return "yes", ""
    if isinstance(value, str) and value:
        return "variant", f"{outlet}, in other words: {value}"
    return "no", ""


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=ChainableUndefined,
                      trim_blocks=True, lstrip_blocks=True,
                      finalize=lambda value: "" if value is None else value)  # a missing field prints nothing
    env.filters["nice_date"] = nice_date
    env.globals["safe_href"] = safe_href
    env.globals["coverage_cell"] = coverage_cell
    return env


ENV = _environment()


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    state = request.app.state.storyline
    html = ENV.get_template(name).render(request_path=request.url.path, token_required=state.token_required,
                                         **context)
    return HTMLResponse(html, status_code=status_code)


def _snap(request: Request) -> Snapshot:
    return request.app.state.storyline.snapshot()


def not_found(request: Request, what: str) -> HTMLResponse:
    return render(request, "not_found.html", status_code=404, what=what)


def cite_label(snap: Snapshot, citation: Any) -> str:
    """The outlet's name on a citation button (a citation may be a dict or a Citation)."""
    article_id = citation.get("article_id") if isinstance(citation, dict) else getattr(citation, "article_id", None)
    article = snap.articles.get(article_id or "")
    if article is None:
        return "source"
    return article.outlet or shorten(article.title or article.id, 26)


@router.get("/", response_class=HTMLResponse)
@cached_page
def front_page(request: Request) -> HTMLResponse:
    snap = _snap(request)
    return render(request, "index.html", cards=snap.story_cards(), n_articles=len(snap.articles),
                  n_events=len(snap.events), unlinked=len(snap.articles) - len(snap.event_of))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
@cached_page
def story_page(request: Request, story_id: str) -> HTMLResponse:
    snap = _snap(request)
    story = snap.stories.get(story_id)
    if story is None:
        return not_found(request, "story")
    outputs = snap.story_outputs(story_id)
    events = snap.story_events(story_id)
    timeline = outputs.get("timeline") or None
    entries = (timeline or {}).get("entries") or []
    if entries:  # the picture numbers marks like the cited list under it
        items = [(e.get("date"), e.get("text", ""), f"#entry-{i}") for i, e in enumerate(entries, start=1)]
    else:
        items = [(ev.date, ev.title, f"#event-{ev.id}") for ev in events]
    summaries = {s.get("event_id"): s for s in outputs.get("summaries") or []}
    comparisons = {c.get("event_id"): c for c in outputs.get("comparisons") or []}
    board = snap.quote_board(story_id)
    statements = [row for row in board if is_statement(row)]
    return render(
        request, "story.html",
        card=snap.cards[story_id], events=events, snap=snap, picture=layout(items), timeline=timeline,
        entries=entries, summaries=summaries if outputs.get("summaries") is not None else None,
        comparisons=comparisons if outputs.get("comparisons") is not None else None,
        quote_board=statements, minor_quotes=[row for row in board if not is_statement(row)],
        first_reported={ev.id: min((d for a in ev.article_ids if (d := getattr(snap.articles.get(a), "published", None))),
                                   default=None) for ev in events},
        cite_label=lambda c: cite_label(snap, c),
    )


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: str):
    snap = _snap(request)
    story_id = snap.story_of_event.get(event_id)
    if story_id is None:
        return not_found(request, "event")
    return RedirectResponse(f"/stories/{story_id}#event-{event_id}", status_code=303)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
@cached_page
def article_page(request: Request, article_id: str, start: int | None = Query(None, ge=0),
                 end: int | None = Query(None, ge=0)) -> HTMLResponse:
    snap = _snap(request)
    article = snap.articles.get(article_id)
    if article is None:
        return not_found(request, "article")
    cited = (start, end) if start is not None and end is not None and start < end <= len(article.text) else None
    entity_ids = {m.entity_id for m in article.entities if m.entity_id}
    event_id = snap.event_of.get(article_id)
    return render(
        request, "article.html",
        article=article, paragraphs=segment_article(article, cited), cited=cited,
        entities=sorted((snap.entities[e] for e in entity_ids if e in snap.entities), key=lambda e: (e.type, e.name)),
        loose_entities=sorted({(m.label, m.text) for m in article.entities if not m.entity_id}),
        quotes=article.quotes, dates=article.time_mentions, event=snap.events.get(event_id) if event_id else None,
        story=snap.stories.get(snap.story_of_article(article_id) or ""),
    )


@router.get("/entities", response_class=HTMLResponse)
@cached_page
def entities_page(request: Request, type: str | None = Query(None, max_length=32)) -> HTMLResponse:
    snap = _snap(request)
    every = sorted(snap.entities.values(), key=lambda e: (-e.mentions, e.name))
    shown = [e for e in every if e.type == type] if type else every
    return render(request, "entities.html", entities=shown, total=len(shown), selected=type,
                  types=sorted({e.type for e in every}))


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
@cached_page
def entity_page(request: Request, entity_id: str) -> HTMLResponse:
    snap = _snap(request)
    entity = snap.entities.get(entity_id)
    if entity is None:
        return not_found(request, "entity")
    quotes = [g for g in snap.quote_groups.values() if g.entity_id == entity_id]
    return render(request, "entity.html", entity=entity, articles=snap.entity_articles(entity_id), quote_groups=quotes)


@router.get("/search", response_class=HTMLResponse)
@cached_page
def search_page(request: Request, q: str = Query("", max_length=200),
                kind: str | None = Query(None, pattern="^(article|quote)?$")) -> HTMLResponse:
    state = request.app.state.storyline
    snap = state.snapshot()
    kind = kind or None  # the form's "articles and quotes" sends an empty kind
    hits = state.search.search(snap, state.search_fingerprint(), q, kind=kind, limit=50) if q.strip() else []
    quote_spans = {
        quote.id: (quote.start, quote.end)
        for hit in hits if hit.kind == "quote" and hit.article_id in snap.articles
        for quote in snap.articles[hit.article_id].quotes if quote.id == hit.ref
    }
    return render(request, "search.html", q=q, kind=kind, hits=hits, snap=snap, quote_spans=quote_spans)


@router.get("/ingest", response_class=HTMLResponse)
def ingest_page(request: Request) -> HTMLResponse:
    state = request.app.state.storyline
    return render(request, "ingest.html", allow_private=state.jobs.allow_private,
                  max_mb=max(1, state.max_body // (1024 * 1024)))
