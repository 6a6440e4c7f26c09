"""The same stages on Ray Data, for corpora larger than one machine's patience.

Extract and analyze are pure per-batch functions (``pipeline.process_batch``),
so Ray runs exactly that code in its workers (each loads the models once, as any
process does); the driver keeps what is global by nature: the store writes
(one transaction per batch) and the incremental link and write stages.

Ray is an optional dependency: ``pip install 'storyline[ray]'``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from storyline.ingest import Limits, iter_inputs
from storyline.model import Article, InputError, RawDocument
from storyline.pipeline import BuildReport, link_pending, name_outlets, process_batch, write_outputs
from storyline.store import Store


def _process_rows(batch: dict) -> dict:
    """Ray ``map_batches`` adapter: JSON rows in, JSON rows out (articles or errors)."""
    docs = [RawDocument.from_dict(json.loads(row)) for row in batch["doc"]]
    articles, errors = process_batch(docs)
    rows = [json.dumps({"article": a.to_dict()}) for a in articles]
    rows += [json.dumps({"error": e.to_dict()}) for e in errors]
    return {"result": rows}


def build_with_ray(
    store: Store,
    inputs: Iterable[str],
    *,
    allow_private: bool = False,
    limits: Limits | None = None,
    batch_size: int = 16,
    num_cpus: int | None = None,
) -> BuildReport:
    """``pipeline.build`` with extract + analyze distributed over a Ray cluster (local by default)."""
    import ray

    report = BuildReport()
    docs: list[RawDocument] = []
    seen: set[str] = set()
    for item in iter_inputs(inputs, allow_private=allow_private, limits=limits):
        if isinstance(item, InputError):
            report.errors.append(item)
            continue
        report.seen += 1
        if item.id in seen:
            report.already_stored += 1
            continue
        seen.add(item.id)
        docs.append(item)
    known = store.known_ids(d.id for d in docs)
    report.already_stored += len(known)
    fresh = [d for d in docs if d.id not in known]
    if fresh:
        if not ray.is_initialized():
            ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
        dataset = ray.data.from_items([{"doc": json.dumps(d.to_dict())} for d in fresh])
        results = dataset.map_batches(_process_rows, batch_size=batch_size, batch_format="numpy")
        pending: list[Article] = []
        for row in results.iter_rows():
            item = json.loads(row["result"])
            if "error" in item:
                report.errors.append(InputError.from_dict(item["error"]))
                continue
            pending.append(Article.from_dict(item["article"]))
            if len(pending) >= batch_size:
                name_outlets(pending, store.outlets())
                report.added += store.add_articles(pending)
                pending = []
        name_outlets(pending, store.outlets())
        report.added += store.add_articles(pending)
    report.linked = link_pending(store)
    write_outputs(store)
    report.events = len(store.events())
    report.stories = len(store.stories())
    return report
