"""The store: transactional batches, idempotent reruns, and a real killed run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyline.model import Article, Event, Story
from storyline.store import Store

ROOT = Path(__file__).resolve().parent.parent


def _article(i: int) -> Article:
    return Article(id=f"a{i}", source=f"mem://{i}", text=f"Fictional article number {i} about the Orrin canal.")


def test_add_articles_is_idempotent(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/s.db")
    assert store.add_articles([_article(1), _article(2)]) == 2
    assert store.add_articles([_article(2), _article(3)]) == 1
    assert [a.id for a in store.articles()] == ["a1", "a2", "a3"]
    assert store.unlinked_ids() == ["a1", "a2", "a3"]


def test_save_link_is_one_transaction(tmp_path):
    store = Store(f"{tmp_path}/s.db")  # a bare path means SQLite
    store.add_articles([_article(1), _article(2)])
    ev = Event(id="e1", title="Canal reopens", article_ids=["a1", "a2"], story_id="s1")
    store.save_link([ev], [Story(id="s1", title="Canal", event_ids=["e1"])], state=b"state-1")
    assert store.unlinked_ids() == []
    bad = Event(id="e2", title="Broken", article_ids=["a1", "missing-article"], story_id="s1")
    with pytest.raises(Exception):
        store.save_link([bad], [], state=b"state-2")
    # nothing of the failed transaction is visible
    assert [e.id for e in store.events()] == ["e1"] and store.state() == b"state-1"
    assert store.events()[0].article_ids == ["a1", "a2"]


def test_crash_between_batches_loses_nothing(tmp_path, monkeypatch):
    """A batch that dies is not stored; rerunning stores every article exactly once."""
    import storyline.pipeline as pipeline

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.txt").write_text(
            f"The Orrin canal authority said on Monday that lock {i} would reopen after repairs costing {i + 2} million crowns. "
            "Engineers replaced the gates and the pumps during the winter closure."
        )
    store = Store(f"sqlite:///{tmp_path}/s.db")
    real = pipeline.process_batch
    calls = {"n": 0}

    def dying(docs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt("killed")
        return real(docs)

    monkeypatch.setattr(pipeline, "process_batch", dying)
    with pytest.raises(KeyboardInterrupt):
        pipeline.ingest_into(store, [str(folder)], batch_size=2)
    assert store.count_articles() == 2
    monkeypatch.setattr(pipeline, "process_batch", real)
    report = pipeline.build(store, [str(folder)], batch_size=2)
    assert report.added == 3 and report.already_stored == 2
    assert store.count_articles() == 5 and store.unlinked_ids() == []
    linked = [a for e in store.events() for a in e.article_ids]
    assert sorted(linked) == sorted(a.id for a in store.articles())


def _counts(db: Path) -> tuple[int, int, int]:
    con = sqlite3.connect(db)
    try:
        return tuple(con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("articles", "events", "event_articles"))
    finally:
        con.close()


def test_killed_build_then_rerun_matches_a_clean_build(tmp_path):
    """SIGKILL a real `storyline build` mid-way, rerun it: same store as one clean run."""
    corpus = ROOT / "examples" / "corpus"
    if not corpus.is_dir():
        pytest.skip("no sample corpus")
    killed = tmp_path / "killed.db"
    cmd = [sys.executable, "-m", "storyline.cli", "build", str(corpus), "--batch-size", "2", "-q", "--db"]
    proc = subprocess.Popen(cmd + [f"sqlite:///{killed}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 240
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.5)
        try:
            if killed.exists() and _counts(killed)[0] >= 4:
                break
        except sqlite3.Error:
            continue
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    partial = _counts(killed)[0]
    assert partial >= 1
    subprocess.run(cmd + [f"sqlite:///{killed}"], check=False, timeout=600, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    clean = tmp_path / "clean.db"
    subprocess.run(cmd + [f"sqlite:///{clean}"], check=False, timeout=600, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert _counts(killed) == _counts(clean)
    con_k, con_c = sqlite3.connect(killed), sqlite3.connect(clean)
    ids = "select id from articles order by id"
    assert con_k.execute(ids).fetchall() == con_c.execute(ids).fetchall()
    members = "select article_id from event_articles order by article_id"
    assert con_k.execute(members).fetchall() == con_c.execute(members).fetchall()


def test_unusable_link_state_is_rebuilt_from_the_articles(tmp_path):
    """A link state from another linker version must not lock a store: it is rebuilt."""
    from storyline.pipeline import build

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Orrin canal lock reopens\n\nThe Orrin canal authority said on Monday that lock 4 reopened after repairs "
        "costing 3 million crowns. Engineers replaced the gates and the pumps during the winter closure, "
        "and the first barges passed through on Monday afternoon."
    )
    store = Store(f"sqlite:///{tmp_path}/s.db")
    build(store, [str(folder)])
    events_before = [(e.id, e.article_ids) for e in store.events()]
    with store.transaction() as session:
        from storyline.store.schema import StateRow

        session.merge(StateRow(name="link", blob=b"\\x80\\x04 not a link state"))
    (folder / "b.txt").write_text(
        "Barges return to the Orrin canal\n\nBarge operators on the Orrin canal welcomed the reopening of lock 4 "
        "on Monday, saying the winter closure had cost them weeks of trade. Repairs cost 3 million crowns."
    )
    report = build(store, [str(folder)])
    assert report.added == 1 and store.unlinked_ids() == []
    linked = sorted(a for e in store.events() for a in e.article_ids)
    assert linked == sorted(a.id for a in store.articles())
    # ids derive from content, so the rebuilt linker gives the old event its old id
    assert events_before and events_before[0][0] in {e.id for e in store.events()}
