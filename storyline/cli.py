"""`storyline ...`: build a store from articles, export it, serve it.

Exit codes: 0 all inputs used; 1 some inputs failed (each named on stderr, the
rest were processed); 2 usage or store errors.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from storyline.store import DEFAULT_URL

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DB_OPTION = typer.Option(DEFAULT_URL, "--db", help="SQLAlchemy URL (or a SQLite file path).", envvar="STORYLINE_DB")


class Engine(str, Enum):
    local = "local"
    ray = "ray"


class ExportFormat(str, Enum):
    json = "json"
    markdown = "markdown"
    html = "html"


def _open_store(db: str):
    from storyline.store import Store

    try:
        return Store(db)
    except Exception as exc:  # a bad URL or unreachable server: say so in one line
        err.print(f"error: cannot open store {db}: {exc.__class__.__name__}: {exc}".splitlines()[0])
        raise typer.Exit(2) from None


@app.command()
def build(
    inputs: list[str] = typer.Argument(..., help="Files, folders, '-' for stdin, or http(s) URLs."),
    db: str = DB_OPTION,
    allow_private: bool = typer.Option(False, "--allow-private", help="Allow URLs that resolve to private/loopback addresses."),
    batch_size: int = typer.Option(16, min=1, help="Articles per transaction."),
    max_bytes: int = typer.Option(20 * 1024 * 1024, help="Largest input accepted (after decompression)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local: this process; ray: extract+analyze on Ray Data."),
) -> None:
    """Ingest, clean, analyse and link articles into events and stories."""
    from storyline.ingest import Limits
    from storyline.pipeline import build as run_build

    store = _open_store(db)
    if engine is Engine.ray:
        from storyline.distributed import build_with_ray

        report = build_with_ray(store, inputs, allow_private=allow_private, limits=Limits(max_bytes=max_bytes),
                                batch_size=batch_size)
        for e in report.errors:
            err.print(e.line(), markup=False)
        _summary(report, db)
        raise typer.Exit(1 if report.failed else 0)
    show = not quiet and sys.stderr.isatty()
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err, disable=not show, transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        report = run_build(
            store,
            inputs,
            allow_private=allow_private,
            limits=Limits(max_bytes=max_bytes),
            batch_size=batch_size,
            progress=progress,
            on_error=lambda e: err.print(e.line(), markup=False),
        )
    _summary(report, db)
    raise typer.Exit(1 if report.failed else 0)


def _summary(report, db: str) -> None:
    err.print(
        f"{report.added} new article(s), {report.already_stored} already stored, "
        f"{len(report.errors)} failed input(s); {report.events} event(s), {report.stories} story(ies) in {db}",
        markup=False,
    )


@app.command()
def export(
    db: str = DB_OPTION,
    format: ExportFormat = typer.Option(ExportFormat.json, "--format", "-f"),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write to this file instead of stdout."),
) -> None:
    """Print (or write) the stories, events, articles and outputs."""
    from storyline.write.export_json import export_document

    doc = export_document(_open_store(db))
    if format is ExportFormat.json:
        text = json.dumps(doc, ensure_ascii=False, indent=2)
    elif format is ExportFormat.markdown:
        from storyline.write.markdown import render

        text = render(doc)
    else:
        from storyline.write.report_html import render

        text = render(doc)
    if out:
        out.write_text(text, encoding="utf-8")
        err.print(f"wrote {out}", markup=False)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command()
def serve(
    db: str = DB_OPTION,
    host: str = typer.Option("127.0.0.1", help="Interface to bind; beyond loopback, STORYLINE_TOKEN is required."),
    port: int = typer.Option(8000),
    allow_private: bool = typer.Option(False, "--allow-private", help="Let URL ingest reach private addresses."),
) -> None:
    """Serve the web pages and the JSON API over the store."""
    import uvicorn

    from storyline.serve.app import create_app

    try:
        application = create_app(db, host=host, allow_private=allow_private)
    except RuntimeError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    err.print(f"storyline is serving {db} at http://{host}:{port}/", markup=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")


if __name__ == "__main__":
    app()
