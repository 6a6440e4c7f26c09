"""The command line as a user runs it: exit codes, one error line per bad input, exports."""

from __future__ import annotations

import json
import subprocess
import sys

ARTICLE = (
    "Ferry returns to Lindqvist\n\nThe Lindqvist ferry resumed service on Tuesday after a week of repairs, "
    "the harbour office said. \"We are back on schedule,\" harbour master Eva Brandt said."
)


def _cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "storyline.cli", *args], capture_output=True, text=True, timeout=300, **kw)


def test_build_reports_bad_inputs_and_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE)
    (folder / "empty.txt").write_text("")
    (folder / "bad.json").write_text("{not json")
    (folder / "binary.html").write_bytes(b"\x00\x01\x02" * 100)
    db = f"sqlite:///{tmp_path}/cli.db"
    run = _cli("build", str(folder), "--db", db)
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3
    assert any("empty.txt" in e for e in errors) and any("bad.json" in e and "malformed JSON" in e for e in errors)
    assert any("binary.html" in e and "binary" in e for e in errors)
    out = _cli("export", "--db", db, "--format", "json")
    assert out.returncode == 0
    doc = json.loads(out.stdout)
    assert [a["title"] for a in doc["articles"]] == ["Ferry returns to Lindqvist"]
    assert len(doc["events"]) == 1 and len(doc["stories"]) == 1
    again = _cli("build", str(folder / "good.txt"), "--db", db)
    assert again.returncode == 0 and "0 new article(s), 1 already stored" in again.stderr


def test_markdown_export_and_stdin(tmp_path):
    db = f"sqlite:///{tmp_path}/cli.db"
    run = _cli("build", "-", "--db", db, input=ARTICLE)
    assert run.returncode == 0, run.stderr
    md = _cli("export", "--db", db, "--format", "markdown", "-o", str(tmp_path / "r.md"))
    assert md.returncode == 0
    assert "Lindqvist" in (tmp_path / "r.md").read_text()


def test_bad_store_url_is_one_line(tmp_path):
    run = _cli("export", "--db", "nosuchdialect://x")
    assert run.returncode == 2
    assert run.stderr.strip().startswith("error: cannot open store") and len(run.stderr.strip().splitlines()) == 1
