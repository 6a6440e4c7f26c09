"""Shared specifics: the figures a report gives and the months undated reports name.

Invented text (fictional Quellport and Brannock Lines).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from storyline.link import LinkConfig
from storyline.link.events import shared_specifics
from storyline.link.features import sparse_cosine
from storyline.link.numbers import number_vector
from storyline.link.state import Profile
from storyline.link.time_fit import time_keys
from storyline.model import TimeMention


def test_numbers_keep_figures_and_drop_years_and_ones():
    text = "A 6.1 quake killed 12 people and two children in 2031; 1,200 were hurt, 1 bridge fell."
    vec = number_vector(text)
    assert len(vec) == 4  # 6.1, 12, 2 (spelled), 1200; not 2031, not 1
    same = number_vector("Twelve? No: 12 dead after the 6.1 tremor, 1,200 injured")
    other = number_vector("A 4.3 tremor; 3 hurt, 45 homes damaged in 2031")
    assert sparse_cosine(vec, same) > 0.5
    assert sparse_cosine(vec, other) == 0.0


def test_numbers_read_grouped_thousands_as_one_figure():
    assert number_vector("1,200 volunteers").ids.tolist() == number_vector("1200 volunteers").ids.tolist()


def _undated(*values: str) -> Profile:
    times, floating = time_keys([TimeMention(0, 1, v, "DATE", v) for v in values])
    v = np.ones(4, dtype=np.float32) / 2
    return Profile(v, number_vector(""), number_vector(""), None, None, 1, times=times, floating=floating)


def test_undated_reports_sharing_a_month_count_a_shared_weekday_alone_does_not():
    cfg = replace(LinkConfig(), event_floating_named=0.3, event_numbers=0.0)
    tuesday_march = _undated("XXXX-WXX-2", "XXXX-03")
    assert shared_specifics(tuesday_march, _undated("XXXX-WXX-2", "XXXX-03"), cfg) > 0.25
    # "on Friday" in two reports of different happenings is a one-in-seven coincidence
    assert shared_specifics(_undated("XXXX-WXX-5", "XXXX-12"), _undated("XXXX-WXX-5"), cfg) == 0.0
    assert shared_specifics(tuesday_march, _undated("XXXX-WXX-4", "XXXX-07"), cfg) == 0.0
