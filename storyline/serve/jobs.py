"""Background ingest jobs: ``POST`` returns a job id at once, the pipeline runs in a thread.

Builds run one at a time (a single daemon worker thread): the linker is incremental
and keeps its state in the store, so two concurrent builds would race on it.
Each job records the stage it is in, a done/total count per stage and one line
per input that failed, so a client can poll ``GET /api/jobs/{id}`` until
``status`` is ``done`` or ``failed``.
"""

from __future__ import annotations

import queue
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.model import InputError
from storyline.store import Store

MAX_JOBS_KEPT = 200


@dataclass
class Job:
    id: str
    inputs: list[str]
    status: str = "queued"  # queued | running | done | failed
    stage: str | None = None
    progress: dict[str, dict[str, int | None]] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)
    report: dict[str, Any] | None = None
    failure: str | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "inputs": self.inputs,
            "stage": self.stage,
            "progress": self.progress,
            "errors": self.errors,
            "report": self.report,
            "failure": self.failure,
            "created": self.created,
            "finished": self.finished,
        }


BuildFn = Callable[..., Any]


def default_build(store: Store, inputs: list[str], **kwargs: Any) -> Any:
    from storyline.pipeline import build

    return build(store, inputs, **kwargs)


class JobRunner:
    """Queues builds on one worker thread and keeps their status for polling."""

    def __init__(self, store: Store, *, allow_private: bool, on_done: Callable[[], None],
                 build: BuildFn = default_build):
        self.store = store
        self.allow_private = allow_private
        self.on_done = on_done
        self.build = build
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue[tuple[Job, list[str], Path | None] | None] = queue.Queue()
        # a daemon thread: stopping the server must not wait for a build (an interrupted
        # build is safe to rerun: each batch is committed whole or not at all)
        self._worker = threading.Thread(target=self._work, name="storyline-ingest", daemon=True)
        self._worker.start()

    def submit(self, inputs: list[str], upload_dir: Path | None = None) -> Job:
        job = Job(id=uuid.uuid4().hex[:16], inputs=[_display(i, upload_dir) for i in inputs])
        with self._lock:
            self.jobs[job.id] = job
            self._forget_old()
        self._queue.put((job, inputs, upload_dir))
        return job

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def _forget_old(self) -> None:
        finished = [j for j in self.jobs.values() if j.finished is not None]
        for job in sorted(finished, key=lambda j: j.created)[: max(0, len(self.jobs) - MAX_JOBS_KEPT)]:
            del self.jobs[job.id]

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            self._run(*item)

    def _run(self, job: Job, inputs: list[str], upload_dir: Path | None) -> None:
        job.status = "running"

        def progress(stage: str, done: int, total: int | None) -> None:
            job.stage = stage
            job.progress[stage] = {"done": done, "total": total}

        def on_error(err: InputError) -> None:
            job.errors.append({"source": _display(err.source, upload_dir), "reason": err.reason})

        try:
            report = self.build(self.store, inputs, allow_private=self.allow_private, progress=progress,
                                on_error=on_error)
            job.report = _report_dict(report)
            job.status = "done"
        except Exception as exc:  # the job fails, the server goes on
            job.failure = f"{exc.__class__.__name__}: {exc}".splitlines()[0]
            job.status = "failed"
        finally:
            job.finished = time.time()
            if upload_dir is not None:
                shutil.rmtree(upload_dir, ignore_errors=True)
            self.on_done()

    def shutdown(self) -> None:
        """Stop after the running job (queued ones are dropped); does not wait."""
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._queue.put(None)


def new_upload_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="storyline-upload-"))


def safe_filename(name: str | None, index: int) -> str:
    """The uploaded name without directories or odd characters (its extension picks the reader)."""
    base = Path((name or "").replace("\\", "/")).name
    cleaned = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in base).lstrip(".")
    return f"{index:03d}-{cleaned or 'upload.txt'}"[:150]


def _display(source: str, upload_dir: Path | None) -> str:
    """Uploads are shown by their file name, not the server's temporary path."""
    if upload_dir is not None and source.startswith(str(upload_dir)):
        return "upload:" + source[len(str(upload_dir)):].lstrip("/")
    return source


def _report_dict(report: Any) -> dict[str, Any] | None:
    if report is None:
        return None
    keys = ("seen", "added", "already_stored", "linked", "events", "stories")
    data = {k: getattr(report, k) for k in keys if hasattr(report, k)}
    if hasattr(report, "errors"):
        data["failed"] = len(report.errors)
    return data
