"""Acceptance on the real seeds (../shared/seeds): the whole flow, end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.seeds


def _by_prefix(doc) -> dict[str, dict]:
    return {Path(a["source"]).name[:3]: a for a in doc["articles"]}


def _event_of(doc) -> dict[str, str]:
    return {aid: ev["id"] for ev in doc["events"] for aid in ev["article_ids"]}


def test_three_events_one_story(seeds_doc):
    arts = _by_prefix(seeds_doc)
    event_of = _event_of(seeds_doc)
    ev = {p: event_of[a["id"]] for p, a in arts.items()}
    assert ev["000"] == ev["001"] == ev["002"]
    assert len({ev["000"], ev["003"], ev["004"]}) == 3
    assert len(seeds_doc["events"]) == 3
    assert len(seeds_doc["stories"]) == 1
    assert sorted(seeds_doc["stories"][0]["event_ids"]) == sorted(e["id"] for e in seeds_doc["events"])


def test_printed_dates(seeds_doc):
    arts = _by_prefix(seeds_doc)
    assert (arts["000"]["published"], arts["000"]["published_inferred"]) == ("2019-06-28", False)
    assert (arts["004"]["published"], arts["004"]["published_inferred"]) == ("2017-07-09", False)


def _days_apart(a: str, b: str) -> int:
    import datetime as dt

    return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)


@pytest.mark.parametrize("prefix, truth", [("001", "2019-06-28"), ("002", "2019-06-28"), ("003", "2019-05-03")])
def test_undated_seeds_are_dated_through_the_whole_flow(seeds_doc, prefix, truth):
    """The pipeline's own inference (text, happenings of other articles, event peers), marked inferred."""
    art = _by_prefix(seeds_doc)[prefix]
    assert art["published_inferred"] is True
    assert art["published"] and _days_apart(art["published"], truth) <= 1, art["published"]


def test_event_dates_through_the_whole_flow(seeds_doc):
    arts = _by_prefix(seeds_doc)
    event_of = _event_of(seeds_doc)
    dates = {ev["id"]: ev.get("date") for ev in seeds_doc["events"]}
    assert dates[event_of[arts["000"]["id"]]] == "2019-06-28"
    call = dates[event_of[arts["003"]["id"]]]
    assert call and _days_apart(call, "2019-05-03") <= 1


BOILERPLATE = {
    "001": ["We need your help now", "Readers like you", "37 Comments", "Leave a Comment", "comments policy",
            "Susan Walsh via PA", "Mikhail Klimentyev via PA Images"],
    "003": ["Log in with your credentials", "Forgot your details?", "We're not around right now", "Image copyright"],
    "004": ["Join our new commenting forum", "View comments"],
    "000": ["Original url:", "Related article:", "pic.twitter.com"],
}
KEPT = {
    "001": ["Trump came face to face with Putin", "group fist bump", "Senate Democratic leader Chuck Schumer"],
    "003": ["We didn’t discuss that", "Very, very briefly it was discussed", "could not exonerate Mr Trump"],
    "004": ["strongly pressed", "Nikki Haley", "Will get it done!"],
    "000": ["Don't meddle in the election, please", "We also have. It's the same."],
}


def test_boilerplate_gone_paragraphs_kept(seeds_doc):
    arts = _by_prefix(seeds_doc)
    for prefix, phrases in BOILERPLATE.items():
        for phrase in phrases:
            assert phrase not in arts[prefix]["text"], (prefix, phrase)
    for prefix, phrases in KEPT.items():
        for phrase in phrases:
            assert phrase in arts[prefix]["text"], (prefix, phrase)


def test_export_shape(seeds_doc):
    art = seeds_doc["articles"][0]
    for key in ("id", "source", "outlet", "title", "published", "published_inferred", "text", "time_mentions"):
        assert key in art
    for ev in seeds_doc["events"]:
        assert {"id", "date", "title", "article_ids"} <= set(ev) and ev["title"]
    for st in seeds_doc["stories"]:
        assert {"id", "title", "event_ids"} <= set(st) and st["title"]


def test_rebuild_is_a_noop(seeds_store, seeds_dir):
    from storyline.pipeline import build

    before = (seeds_store.count_articles(), len(seeds_store.events()), len(seeds_store.stories()))
    report = build(seeds_store, [str(seeds_dir)])
    assert report.added == 0 and report.already_stored == 5
    assert (seeds_store.count_articles(), len(seeds_store.events()), len(seeds_store.stories())) == before
