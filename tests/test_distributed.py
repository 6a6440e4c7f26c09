"""Ray Data runs the same extract+analyze code and stores the same articles."""

from __future__ import annotations

import pytest

TEXTS = {
    "a.txt": "Lantern festival draws record crowd\n\nThe Oskarsholm lantern festival drew 40,000 visitors on Saturday, organisers said. \"We ran out of lanterns by nine,\" festival director Pia Lund said.",
    "b.txt": "Oskarsholm festival breaks attendance record\n\nOrganisers of the Oskarsholm lantern festival said on Sunday that 40,000 people came on Saturday, a record. Pia Lund, the director, said stocks ran out.",
}


def test_ray_build_matches_local_build(tmp_path):
    pytest.importorskip("ray")
    from storyline.distributed import build_with_ray
    from storyline.pipeline import build
    from storyline.store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text)
    (folder / "empty.txt").write_text("")
    local, distributed = Store(f"sqlite:///{tmp_path}/l.db"), Store(f"sqlite:///{tmp_path}/r.db")
    r_local = build(local, [str(folder)])
    r_ray = build_with_ray(distributed, [str(folder)], num_cpus=1)
    assert r_ray.added == r_local.added == 2
    assert [e.source for e in r_ray.errors] == [e.source for e in r_local.errors] == [str(folder / "empty.txt")]
    strip = lambda a: (a.id, a.text, a.title, [(m.start, m.end) for m in a.entities], [(q.start, q.end) for q in a.quotes])  # noqa: E731
    assert sorted(map(strip, local.articles())) == sorted(map(strip, distributed.articles()))
    assert len(distributed.events()) == len(local.events())
