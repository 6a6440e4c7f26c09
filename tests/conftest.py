"""Shared fixtures: paths to the seeds and the sample corpus, and one store built from each."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLES = ROOT / "examples" / "corpus"


def seed_path(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="session")
def nlp():
    """The project's spaCy pipeline (``storyline.models`` loads it once per process)."""
    from storyline.models import get_nlp

    return get_nlp()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip("../shared/seeds is absent")
    return SEEDS


def _built_store(tmp_path_factory, name: str, inputs: Path):
    """A SQLite store built once from ``inputs`` with the real pipeline; no input may fail."""
    from storyline.pipeline import build
    from storyline.store import Store

    store = Store(f"sqlite:///{tmp_path_factory.mktemp(name)}/{name}.db")
    report = build(store, [str(inputs)])
    assert not report.errors, [e.line() for e in report.errors]
    return store


@pytest.fixture(scope="session")
def seeds_store(seeds_dir, tmp_path_factory):
    """The five seeds built once into a SQLite store (the real pipeline)."""
    return _built_store(tmp_path_factory, "seeds", seeds_dir)


@pytest.fixture(scope="session")
def seeds_doc(seeds_store):
    from storyline.write.export_json import export_document

    return export_document(seeds_store)


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory):
    """The bundled sample corpus built once (the same run `make demo` does)."""
    return _built_store(tmp_path_factory, "examples", EXAMPLES)


@pytest.fixture(scope="session")
def examples_doc(examples_store):
    from storyline.write.export_json import export_document

    return export_document(examples_store)
