"""Write stage on a small invented story (fictional town, people and outlets).

Two outlets report one council vote (2031-03-14); a third article covers an
earlier event.  The texts plant what the writers must find: a date mentioned
in passing (the flood of August 2029), a fact only one outlet carries, a quote
worded differently by the two outlets, a negated vs affirmed claim, and a
number mismatch.
"""

from __future__ import annotations

import pytest

from storyline.model import Article, Event, Quote, Story, TimeMention
from storyline.write import compare
from storyline.write.faithfulness import check
from storyline.write.outputs import story_outputs


@pytest.fixture(autouse=True)
def _words_only(monkeypatch):
    """These texts align on words alone; keep MiniLM out of the unit tests (the seeds tests use it)."""
    monkeypatch.setattr(compare, "USE_EMBEDDINGS", False)

GAZETTE_VOTE = (
    "The Norwick council approved the new Tarrel river bridge on Friday after a long debate. "
    "Mayor Ilsa Brandt said the vote ended years of delay for the eastern districts. "
    "The bridge will cost 40 million crowns and take three years to build. "
    "Residents have demanded a new crossing since the flood of August 2029 destroyed the old one. "
    "\"This bridge belongs to every family in Norwick,\" Brandt said after the vote. "
    "Council member Otto Veil said: \"We did not discuss the toll at all.\" "
    "A team of 12 engineers will oversee the construction work."
)
POST_VOTE = (
    "Norwick's council voted on Friday to approve the Tarrel river bridge, ending a long debate. "
    "Mayor Ilsa Brandt said the decision ended years of delay for the eastern districts. "
    "The flood of August 2029 swept away the old crossing and cut the districts off for weeks. "
    "\"This bridge belongs to every Norwick family,\" Brandt told reporters. "
    "Council spokesman Pavel Rund said the toll was discussed briefly before the vote. "
    "A team of 7 engineers will oversee the construction work, officials said. "
    "Opposition members walked out before the final count in protest."
)
GAZETTE_SURVEY = (
    "Engineers began surveying the Tarrel riverbanks on Monday for a future crossing. "
    "The survey will map the soil along both banks of the river over six weeks. "
    "Mayor Ilsa Brandt said the survey was the first step toward a new bridge."
)


def _mention(text: str, phrase: str, value: str) -> TimeMention:
    start = text.index(phrase)
    return TimeMention(start, start + len(phrase), phrase, "DATE", value)


def _quote(text: str, qid: str, content: str, speaker: str, group: str | None) -> Quote:
    start = text.index(content)
    return Quote(qid, start, start + len(content), content, speaker=speaker, group_id=group)


def make_story() -> tuple[Story, list[Event], dict[str, Article]]:
    a1 = Article(
        id="gz-vote", source="gazette-vote.txt", text=GAZETTE_VOTE, outlet="Harbor Gazette",
        published="2031-03-15",
        time_mentions=[_mention(GAZETTE_VOTE, "Friday", "2031-03-14"),
                       _mention(GAZETTE_VOTE, "August 2029", "2029-08")],
        quotes=[
            _quote(GAZETTE_VOTE, "q1", "This bridge belongs to every family in Norwick", "Ilsa Brandt", "g-bridge"),
            _quote(GAZETTE_VOTE, "q2", "We did not discuss the toll at all.", "Otto Veil", None),
        ],
    )
    a2 = Article(
        id="vp-vote", source="post.txt", text=POST_VOTE, url="https://www.valleypost.example/bridge",
        published="2031-03-14",
        time_mentions=[_mention(POST_VOTE, "Friday", "2031-03-14"),
                       _mention(POST_VOTE, "August 2029", "2029-08")],
        quotes=[_quote(POST_VOTE, "q3", "This bridge belongs to every Norwick family", "Ilsa Brandt", "g-bridge")],
    )
    a3 = Article(
        id="gz-survey", source="gazette-survey.txt", text=GAZETTE_SURVEY, outlet="Harbor Gazette",
        published="2030-05-07",
        time_mentions=[_mention(GAZETTE_SURVEY, "Monday", "2030-05-06")],
    )
    a4 = Article(  # a near-duplicate reprint: must be counted once
        id="vp-copy", source="post-copy.txt", text=POST_VOTE, outlet="Reprint Wire",
        published="2031-03-14", duplicate_of="vp-vote",
    )
    events = [
        Event("ev-survey", "Survey", ["gz-survey"], date="2030-05-06", story_id="st"),
        Event("ev-vote", "Vote", ["gz-vote", "vp-vote", "vp-copy"], date="2031-03-14", story_id="st"),
    ]
    story = Story("st", "Tarrel bridge", ["ev-survey", "ev-vote"])
    return story, events, {a.id: a for a in (a1, a2, a3, a4)}


def _outputs():
    story, events, articles = make_story()
    return story_outputs(story, events, articles, {}).to_dict(), articles


def test_outputs_are_faithful():
    out, articles = _outputs()
    assert check(out, articles) == []


def test_timeline_has_events_and_mentioned_earlier_date_in_order():
    out, _ = _outputs()
    entries = out["timeline"]["entries"]
    dates = [e["date"] for e in entries]
    assert dates == sorted(dates)
    assert "2029-08" in dates and "2030-05-06" in dates and "2031-03-14" in dates
    flood = next(e for e in entries if e["date"] == "2029-08")
    assert "flood" in flood["text"] and flood["event_id"] is None
    vote = next(e for e in entries if e["date"] == "2031-03-14")
    assert vote["event_id"] == "ev-vote"
    assert all(e["citations"] for e in entries)


def test_summary_cites_every_sentence_and_counts_outlets():
    out, articles = _outputs()
    summ = next(s for s in out["summaries"] if s["event_id"] == "ev-vote")
    assert 1 <= len(summ["sentences"]) <= 5
    for sent in summ["sentences"]:
        cit = sent["citations"][0]
        assert articles[cit["article_id"]].text[cit["start"]:cit["end"]] == sent["text"]
        assert len(sent["outlets"]) == len({c["article_id"] for c in sent["citations"]})
    # the mayor's statement is carried by both outlets
    assert any(len(s["outlets"]) == 2 for s in summ["sentences"])
    # the reprint is never cited
    assert all(c["article_id"] != "vp-copy" for s in summ["sentences"] for c in s["citations"])


def test_summary_length_is_configurable():
    story, events, articles = make_story()
    out = story_outputs(story, events, articles, {}, summary_sentences=2).to_dict()
    assert all(len(s["sentences"]) <= 2 for s in out["summaries"])


def test_comparison_coverage_and_outlet_fallback():
    out, _ = _outputs()
    comp = next(c for c in out["comparisons"] if c["event_id"] == "ev-vote")
    assert comp["coverage"]["outlets"] == ["Harbor Gazette", "valleypost.example"]
    quote_rows = [r for r in comp["coverage"]["rows"] if r["kind"] == "quote"]
    bridge = next(r for r in quote_rows if r["speaker"] == "Ilsa Brandt")
    cells = bridge["outlets"]
    assert sum(v is True for v in cells.values()) == 1
    assert any(isinstance(v, str) and "Norwick family" in v for v in cells.values())
    only = {r["text"] for r in comp["only_one_outlet"]}
    assert any("walked out" in t for t in only)


def test_contradictions_found_with_confidence():
    out, _ = _outputs()
    comp = next(c for c in out["comparisons"] if c["event_id"] == "ev-vote")
    kinds = {c["kind"] for c in comp["contradictions"]}
    assert {"polarity", "number", "quote_wording"} <= kinds
    pol = next(c for c in comp["contradictions"] if c["kind"] == "polarity")
    texts = " | ".join(cl["text"] for cl in pol["claims"])
    assert "did not discuss" in texts and "discussed briefly" in texts
    assert 0 < pol["confidence"] <= 1
    num = next(c for c in comp["contradictions"] if c["kind"] == "number")
    assert {"12", "7"} <= {w for cl in num["claims"] for w in cl["text"].split()}


def test_no_contradiction_between_agreeing_outlets():
    out, _ = _outputs()
    comp = next(c for c in out["comparisons"] if c["event_id"] == "ev-survey")
    assert comp["contradictions"] == []


def test_quote_board_groups_variants():
    out, _ = _outputs()
    board = out["quote_board"]
    bridge = next(g for g in board if g["speaker"] == "Ilsa Brandt")
    assert bridge["outlets"] == ["Harbor Gazette", "valleypost.example"]
    assert len(bridge["variants"]) == 2


def test_date_and_name_mismatches_between_outlets():
    from storyline.model import EntityMention
    from storyline.write.compare import compare_event

    t1 = ("The Kessel ferry line reopened on 4 May after six weeks of repairs to the pier, the operator said. "
          "Harbour chief Lena Voss opened the new passenger terminal on the east quay.")
    t2 = ("The Kessel ferry line reopened on 6 May after six weeks of repairs to the pier, the operator said. "
          "Harbour chief Lena Vosk opened the new passenger terminal on the east quay.")

    def art(aid: str, text: str, day: str, person: str, outlet: str) -> Article:
        d, p = text.index(day), text.index(person)
        return Article(id=aid, source=aid, text=text, outlet=outlet,
                       time_mentions=[TimeMention(d, d + len(day), day, "DATE", "2032-05-0" + day[0])],
                       entities=[EntityMention(p, p + len(person), person, "PERSON")])

    arts = {"k1": art("k1", t1, "4 May", "Lena Voss", "Quay Herald"),
            "k2": art("k2", t2, "6 May", "Lena Vosk", "Ferry Times")}
    comp = compare_event(Event("ek", "Reopening", ["k1", "k2"]), arts)
    by_kind = {c["kind"]: c for c in comp["contradictions"]}
    assert by_kind["date"]["cue"] == ["2032-05-04", "2032-05-06"]
    assert sorted(by_kind["name"]["cue"]) == ["Lena Vosk", "Lena Voss"]  # one person, two spellings
    assert check({"comparisons": [comp]}, arts) == []


def test_undated_event_is_placed_at_its_first_report():
    story, events, articles = make_story()
    events[0].date = None  # the survey event loses its date
    entries = story_outputs(story, events, articles, {}).to_dict()["timeline"]["entries"]
    survey = next(e for e in entries if e["event_id"] == "ev-survey")
    assert survey["date"] == "2030-05-07" and survey["date_basis"] == "published"
    assert next(e for e in entries if e["event_id"] == "ev-vote")["date_basis"] == "event"
    assert next(e for e in entries if e["date"] == "2029-08")["date_basis"] == "mentioned"
