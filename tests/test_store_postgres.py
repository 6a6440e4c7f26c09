"""The same store on PostgreSQL: a throwaway local cluster, when the server binaries exist.

`make test` installs Debian's postgresql package as root; elsewhere this skips.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest

from storyline.model import Article, Event, Story


def _pg_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


@pytest.fixture(scope="module")
def pg_url():
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries are not installed")
    as_user: list[str] = []
    if os.geteuid() == 0:  # postgres refuses to run as root
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser")
        as_user = ["runuser", "-u", "postgres", "--"]
    base = tempfile.mkdtemp(prefix="storyline-pg-")
    os.chmod(base, 0o777)
    data = os.path.join(base, "data")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subprocess.run(as_user + [f"{bindir}/initdb", "-D", data, "-U", "storyline", "--auth=trust", "-E", "UTF8"],
                   check=True, capture_output=True)
    server = subprocess.Popen(as_user + [f"{bindir}/postgres", "-D", data, "-p", str(port), "-k", base,
                                         "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"postgresql+psycopg://storyline@127.0.0.1:{port}/postgres"
    from sqlalchemy import create_engine, text

    deadline = time.time() + 30
    while True:
        try:
            with create_engine(url).connect() as con:
                con.execute(text("select 1"))
            break
        except Exception:
            if time.time() > deadline or server.poll() is not None:
                server.kill()
                pytest.skip("PostgreSQL did not start")
            time.sleep(0.3)
    yield url.rsplit("/", 1)[0]
    server.terminate()
    server.wait(timeout=20)
    shutil.rmtree(base, ignore_errors=True)


def _fresh_db(server: str, name: str) -> str:
    """A new empty database per test, so no test sees another's rows."""
    from sqlalchemy import create_engine, text

    with create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT").connect() as con:
        con.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        con.execute(text(f"CREATE DATABASE {name}"))
    return f"{server}/{name}"


def test_store_roundtrip_on_postgres(pg_url):
    from storyline.store import Store

    store = Store(_fresh_db(pg_url, "roundtrip"))
    articles = [Article(id=f"pg{i}", source=f"mem://{i}", text=f"Fictional text {i} about the Velda dam.") for i in range(3)]
    assert store.add_articles(articles) == 3
    assert store.add_articles(articles) == 0
    ev = Event(id="e1", title="Dam opens", article_ids=["pg0", "pg1"], story_id="s1", date="2024-05-02")
    store.save_link([ev], [Story(id="s1", title="Velda dam", event_ids=["e1"])], state=b"\x00\x01state")
    assert store.unlinked_ids() == ["pg2"]
    assert store.state() == b"\x00\x01state"
    assert store.events()[0].date == "2024-05-02"


def test_build_on_postgres(pg_url, tmp_path):
    from storyline.pipeline import build
    from storyline.store import Store
    from storyline.write.export_json import export_document

    (tmp_path / "a.txt").write_text(
        "Velda Dam opens to traffic\n\nThe Velda dam road opened on Monday, the regional council of Ostmark said. "
        "\"It took six years,\" council leader Irma Stahl said."
    )
    store = Store(_fresh_db(pg_url, "build"))
    report = build(store, [str(tmp_path)])
    again = build(store, [str(tmp_path)])
    assert report.added == 1 and again.added == 0 and again.already_stored == 1
    doc = export_document(store)
    assert any(a["text"].startswith("The Velda dam road") for a in doc["articles"])
    assert doc["events"] and doc["stories"]
