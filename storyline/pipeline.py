"""The one flow: ingest -> extract -> analyze -> link -> write, over a store.

Each stage is a pure function over a batch (see ``docs/architecture.md``); this
module only feeds batches through them and commits each batch's result in one
transaction.  That is what makes a killed run safe to rerun:

* an article is stored (extracted and analysed) in its batch's transaction, or
  not at all; a rerun skips stored ids and redoes the rest;
* linking picks up every stored article that belongs to no event, and commits
  events, stories, entities, article updates and the linker's state together;
* story outputs are rewritten whenever their fingerprint (which events, which
  articles, which dates) no longer matches what is stored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from storyline.analyze import analyze
from storyline.extract import ExtractError, extract_batch
from storyline.ingest import Limits, iter_inputs
from storyline.model import Article, InputError, RawDocument
from storyline.store import Store

Progress = Callable[[str, int, int | None], None]  # (stage, done, total)


@dataclass
class BuildReport:
    """What a build did; ``errors`` hold one line per bad input."""

    seen: int = 0
    added: int = 0
    already_stored: int = 0
    errors: list[InputError] = field(default_factory=list)
    linked: int = 0
    events: int = 0
    stories: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.errors)


def _noop(stage: str, done: int, total: int | None) -> None:
    return None


def process_batch(docs: list[RawDocument]) -> tuple[list[Article], list[InputError]]:
    """extract + analyze one batch; pure: no store, no globals but the loaded models."""
    articles: list[Article] = []
    errors: list[InputError] = []
    for doc, result in zip(docs, extract_batch(docs)):
        if isinstance(result, ExtractError):
            errors.append(InputError(doc.source, str(result)))
        else:
            articles.append(result)
    return analyze(articles), errors


def name_outlets(articles: list[Article], known: list[str] | None = None) -> None:
    """One name per outlet: spellings of one outlet ("Northgate Times", "The Northgate Times",
    a bare domain) become one name, and a name already stored wins so stored outputs keep it."""
    from storyline.extract.outlet_names import outlet_key, unify

    stored = {outlet_key(name): name for name in known or []}
    mapping = unify([a.outlet for a in articles], stored)
    for article in articles:
        if article.outlet:
            article.outlet = mapping.get(article.outlet, article.outlet)


def ingest_into(
    store: Store,
    inputs: Iterable[str],
    *,
    allow_private: bool = False,
    limits: Limits | None = None,
    batch_size: int = 16,
    progress: Progress = _noop,
    on_error: Callable[[InputError], None] | None = None,
    report: BuildReport | None = None,
) -> BuildReport:
    """Stages 1-3, committing one batch at a time."""
    report = report or BuildReport()
    batch: list[RawDocument] = []
    seen_ids: set[str] = set()

    def flush() -> None:
        if not batch:
            return
        known = store.known_ids(d.id for d in batch)
        fresh = [d for d in batch if d.id not in known]
        report.already_stored += len(batch) - len(fresh)
        articles, errors = process_batch(fresh)
        name_outlets(articles, store.outlets())
        for err in errors:
            _record(report, err, on_error)
        report.added += store.add_articles(articles)
        progress("analyze", report.seen, None)
        batch.clear()

    for item in iter_inputs(inputs, allow_private=allow_private, limits=limits):
        if isinstance(item, InputError):
            _record(report, item, on_error)
            continue
        report.seen += 1
        if item.id in seen_ids:  # the same content twice in one run
            report.already_stored += 1
            continue
        seen_ids.add(item.id)
        batch.append(item)
        if len(batch) >= batch_size:
            flush()
    flush()
    return report


def _record(report: BuildReport, err: InputError, on_error: Callable[[InputError], None] | None) -> None:
    report.errors.append(err)
    if on_error:
        on_error(err)


def retag_times(articles: Iterable[Article]) -> None:
    """Re-anchor time expressions of articles whose publication date was just inferred."""
    from storyline.analyze.timex import retag_article
    from storyline.models import get_nlp

    todo = [a for a in articles if a.language in (None, "en") and a.published]
    # the parse gives the tagger its tense cues; only the few re-dated articles are parsed again
    for article, doc in zip(todo, get_nlp().pipe(a.text for a in todo)):
        article.time_mentions = retag_article(article, doc)


def _run_linker(store: Store, articles: list[Article], pending: set[str]):
    """Link the pending articles incrementally; rebuild from the stored articles if the state is unusable.

    The stored articles are the source of truth and the linker's state is a
    cache of them: a state written by another version of the linker (or
    damaged) is not an error the user can fix, so it is dropped and every
    article is linked again from scratch.  Returns (result, removed event ids,
    removed story ids).
    """
    import logging

    from storyline.link import LinkState, link

    blob = store.state("link")
    if blob:
        try:
            state = LinkState.from_bytes(blob)
            return link([a for a in articles if a.id in pending], state), (), ()
        except Exception as exc:  # noqa: BLE001 - any unusable state means: rebuild
            logging.getLogger("storyline").warning(
                "link state unusable (%s: %s); relinking all %d articles", type(exc).__name__, exc, len(articles)
            )
    result = link(articles, LinkState())
    old_events = {e.id for e in store.events()} - {e.id for e in result.events}
    old_stories = {s.id for s in store.stories()} - {s.id for s in result.stories}
    return result, old_events, old_stories


def link_pending(store: Store, progress: Progress = _noop) -> int:
    """Stage 4 over every stored article that is not in an event yet; returns how many."""
    from storyline.link.entities import canonicalize
    from storyline.link.event_dating import date_event, infer_from_event
    from storyline.link.quote_groups import group_quotes

    pending = set(store.unlinked_ids())
    if not pending:
        return 0
    progress("link", 0, len(pending))
    articles = store.articles()
    by_id = {a.id: a for a in articles}
    before = {a.id: (a.published, a.published_inferred) for a in articles}

    entities = canonicalize(articles)
    result, removed_events, removed_stories = _run_linker(store, articles, pending)
    removed_events = set(removed_events) | set(getattr(result, "removed_event_ids", ()) or ())
    removed_stories = set(removed_stories) | set(getattr(result, "removed_story_ids", ()) or ())

    all_events = {e.id: e for e in store.events() if e.id not in removed_events}
    all_events.update({e.id: e for e in result.events})
    infer_from_event(articles, list(all_events.values()))
    redated = [a for a in articles if (a.published, a.published_inferred) != before[a.id]]
    retag_times(redated)
    for ev in result.events:
        dated = date_event(ev, [by_id[i] for i in ev.article_ids if i in by_id])
        if dated:
            ev.date, ev.date_source = dated
    group_quotes(articles)

    store.save_link(
        events=result.events,
        stories=result.stories,
        removed_event_ids=sorted(removed_events),
        removed_story_ids=sorted(removed_stories),
        state=result.state.to_bytes(),
        articles=articles,
        entities=entities,
    )
    progress("link", len(pending), len(pending))
    return len(pending)


def story_fingerprint(story, events: dict, articles: dict) -> str:
    """Changes whenever anything a story's outputs are computed from changes."""
    parts = []
    for eid in sorted(story.event_ids):
        ev = events.get(eid)
        if ev is None:
            continue
        parts.append([ev.id, ev.date, ev.title, sorted(ev.article_ids)])
        for aid in sorted(ev.article_ids):
            a = articles.get(aid)
            if a is not None:
                parts.append([a.id, a.published, [q.group_id for q in a.quotes], [m.entity_id for m in a.entities]])
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def write_outputs(store: Store, progress: Progress = _noop) -> int:
    """Stage 5: (re)write the outputs of every story whose inputs changed; returns how many."""
    from storyline.write.outputs import story_outputs

    stories = store.stories()
    stored = store.outputs()
    events = {e.id: e for e in store.events()}
    articles = {a.id: a for a in store.articles()}
    entities = {e.id: e for e in store.entities()}
    fresh: dict[str, dict] = {}
    for i, story in enumerate(stories):
        fingerprint = story_fingerprint(story, events, articles)
        progress("write", i + 1, len(stories))
        if stored.get(story.id, {}).get("fingerprint") == fingerprint:
            continue
        story_events = [events[e] for e in story.event_ids if e in events]
        data = story_outputs(story, story_events, articles, entities).to_dict()
        data["fingerprint"] = fingerprint
        fresh[story.id] = data
    store.save_outputs(fresh)
    return len(fresh)


def build(
    store: Store,
    inputs: Iterable[str],
    *,
    allow_private: bool = False,
    limits: Limits | None = None,
    batch_size: int = 16,
    progress: Progress = _noop,
    on_error: Callable[[InputError], None] | None = None,
) -> BuildReport:
    """The whole flow on new inputs; safe to interrupt and rerun."""
    report = ingest_into(
        store, inputs, allow_private=allow_private, limits=limits, batch_size=batch_size,
        progress=progress, on_error=on_error,
    )
    report.linked = link_pending(store, progress)
    write_outputs(store, progress)
    report.events = len(store.events())
    report.stories = len(store.stories())
    return report
