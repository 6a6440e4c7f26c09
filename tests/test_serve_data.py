"""A small invented store for the web tests (fictional town, people and outlets).

Built directly through the Store (no models, no pipeline), so the API and page
tests run in well under a second and do not depend on the upstream stages.
One article carries hostile markup in its title and text on purpose.
"""

from __future__ import annotations

import re
from pathlib import Path

from storyline.model import Article, Citation, Entity, EntityMention, Event, Quote, Sentence, Span, Story, TimeMention
from storyline.serve.catalog import Snapshot
from storyline.store import Store

HOSTILE_TITLE = "Bridge reopens <script>alert('title')</script>"
HOSTILE_TEXT = "<img src=x onerror=alert('text')>"

TEXT_A = (
    "Velmora council closed the Anselm Bridge on Monday after inspectors found cracks in two piers.\n\n"
    "\"The bridge is not safe for anyone,\" said Mayor Ilse Brandt. "
    "Engineers expect the repairs to take six weeks."
)
TEXT_B = (
    "The Anselm Bridge in Velmora was shut on Monday, the town council said.\n\n"
    "\"The bridge is not safe for anyone,\" Mayor Ilse Brandt told reporters. "
    "Repairs could take three months, according to the council."
)
TEXT_C = (
    f"The Anselm Bridge reopened on Friday after repairs. {HOSTILE_TEXT} "
    "Traffic resumed at noon, the Velmora council said."
)
TEXT_D = "Lantern makers in Osterby held their yearly fair on Saturday. Stalls sold out by evening."


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _sentences(text: str) -> list[Sentence]:
    return [Sentence(m.start(), m.end()) for m in re.finditer(r"[^\s.][^\n.]*[.]\"?", text)]


def _mention(text: str, needle: str, label: str, entity_id: str | None = None) -> EntityMention:
    start, end = _span(text, needle)
    return EntityMention(start, end, needle, label, entity_id)


def _quote(qid: str, text: str, content: str, speaker_text: str, cue: str) -> Quote:
    start, end = _span(text, content)
    s_start, s_end = _span(text, speaker_text)
    c_start, c_end = _span(text, cue)
    return Quote(qid, start, end, content, "direct", Span(c_start, c_end, cue), Span(s_start, s_end, speaker_text),
                 "Ilse Brandt", "ent-brandt", "grp-safe")


def articles() -> list[Article]:
    a = Article("art-a", "fixtures/a.txt", TEXT_A, title="Velmora shuts Anselm Bridge over cracks",
                outlet="Fenwick Gazette", published="2024-03-04", byline="By Tomas Rieder")
    b = Article("art-b", "fixtures/b.txt", TEXT_B, title="Anselm Bridge closed", outlet="Orrin Herald",
                published="2024-03-05", url="https://orrin-herald.example/bridge-closed")
    c = Article("art-c", "fixtures/c.txt", TEXT_C, title=HOSTILE_TITLE, outlet="Fenwick Gazette",
                published="2024-04-19", url="javascript:alert('url')")
    d = Article("art-d", "fixtures/d.txt", TEXT_D, title="Osterby lantern fair", outlet="Orrin Herald",
                published="2024-05-11")
    for art in (a, b, c, d):
        art.sentences = _sentences(art.text)
        art.analyzed = True
    a.entities = [_mention(TEXT_A, "Velmora", "GPE", "ent-velmora"), _mention(TEXT_A, "Ilse Brandt", "PERSON", "ent-brandt")]
    b.entities = [_mention(TEXT_B, "Velmora", "GPE", "ent-velmora"), _mention(TEXT_B, "Ilse Brandt", "PERSON", "ent-brandt")]
    c.entities = [_mention(TEXT_C, "Velmora", "GPE", "ent-velmora")]
    a.time_mentions = [TimeMention(*_span(TEXT_A, "Monday"), "Monday", "DATE", "2024-03-04")]
    b.time_mentions = [TimeMention(*_span(TEXT_B, "Monday"), "Monday", "DATE", "2024-03-04")]
    a.quotes = [_quote("q-a", TEXT_A, "The bridge is not safe for anyone,", "Mayor Ilse Brandt", "said")]
    b.quotes = [_quote("q-b", TEXT_B, "The bridge is not safe for anyone,", "Mayor Ilse Brandt", "told")]
    return [a, b, c, d]


def cite(text: str, article_id: str, needle: str) -> dict:
    start, end = _span(text, needle)
    return {"article_id": article_id, "start": start, "end": end}


CLOSED_SENTENCE = "Velmora council closed the Anselm Bridge on Monday after inspectors found cracks in two piers."


def outputs() -> dict[str, dict]:
    closed_a = cite(TEXT_A, "art-a", CLOSED_SENTENCE)
    closed_b = cite(TEXT_B, "art-b", "The Anselm Bridge in Velmora was shut on Monday, the town council said.")
    weeks = cite(TEXT_A, "art-a", "Engineers expect the repairs to take six weeks.")
    months = cite(TEXT_B, "art-b", "Repairs could take three months, according to the council.")
    reopened = cite(TEXT_C, "art-c", "The Anselm Bridge reopened on Friday after repairs.")
    return {
        "story-bridge": {
            "timeline": {
                "story_id": "story-bridge",
                "entries": [
                    {"date": "2024-03-04", "text": CLOSED_SENTENCE, "citations": [closed_a, closed_b], "event_id": "ev-closed"},
                    {"date": "2024-04-19", "text": "The Anselm Bridge reopened on Friday after repairs.",
                     "citations": [reopened], "event_id": "ev-reopened"},
                ],
            },
            "summaries": [
                {"event_id": "ev-closed", "sentences": [
                    {"text": CLOSED_SENTENCE, "citations": [closed_a, closed_b], "outlets": ["Fenwick Gazette", "Orrin Herald"]},
                ]},
            ],
            "comparisons": [
                {"event_id": "ev-closed",
                 "coverage": {"outlets": ["Fenwick Gazette", "Orrin Herald"], "rows": [
                     {"kind": "shared", "text": "The bridge was closed on Monday.", "outlets": ["Fenwick Gazette", "Orrin Herald"],
                      "citations": [closed_a, closed_b]},
                     {"kind": "fact", "text": "Inspectors found cracks in two piers.",
                      "outlets": {"Fenwick Gazette": True, "Orrin Herald": False}, "citations": [closed_a]},
                     {"kind": "fact", "text": "Repairs will take six weeks.",
                      "outlets": {"Fenwick Gazette": True, "Orrin Herald": "Repairs could take three months."},
                      "citations": [weeks]},
                 ]},
                 "only_one_outlet": [{"text": "Inspectors found cracks in two piers.", "outlet": "Fenwick Gazette"}],
                 "contradictions": [
                     {"kind": "duration", "confidence": 0.8, "claims": [
                         {**weeks, "outlet": "Fenwick Gazette", "text": "Engineers expect the repairs to take six weeks."},
                         {**months, "outlet": "Orrin Herald", "text": "Repairs could take three months, according to the council."},
                     ]},
                 ]},
            ],
        }
    }


def events() -> list[Event]:
    return [
        Event("ev-closed", "Anselm Bridge closed after cracks found", ["art-a", "art-b"], "2024-03-04",
              Citation("art-a", *_span(TEXT_A, "Monday")), "story-bridge"),
        Event("ev-reopened", HOSTILE_TITLE, ["art-c"], "2024-04-19", None, "story-bridge"),
        Event("ev-fair", "Osterby lantern fair", ["art-d"], None, None, "story-fair"),
    ]


def stories() -> list[Story]:
    return [
        Story("story-bridge", "Anselm Bridge closure", ["ev-closed", "ev-reopened"]),
        Story("story-fair", "Osterby lantern fair", ["ev-fair"]),
    ]


def entities() -> list[Entity]:
    return [
        Entity("ent-brandt", "Ilse Brandt", "PERSON", ["Mayor Ilse Brandt"], 2),
        Entity("ent-velmora", "Velmora", "GPE", [], 3),
    ]


def build_fixture_store(path: Path | str) -> Store:
    """The invented store in a SQLite file (a path) or at a database URL."""
    store = Store(path if isinstance(path, str) and "://" in path else f"sqlite:///{path}")
    arts = articles()
    store.add_articles(arts)
    store.save_link(events(), stories(), entities=entities(), articles=arts)
    store.save_outputs(outputs())
    return store


def test_fixture_snapshot_indexes_stories_and_quote_groups(tmp_path: Path) -> None:
    store = build_fixture_store(tmp_path / "f.db")
    snap = Snapshot(store.articles(), store.events(), store.stories(), store.entities(), store.outputs())
    card = snap.cards["story-bridge"]
    assert (card.first_date, card.last_date, card.n_events, card.n_articles) == ("2024-03-04", "2024-04-19", 2, 3)
    assert card.outlets == ["Fenwick Gazette", "Orrin Herald"]
    assert card.latest_update == "2024-04-19"
    group = snap.quote_groups["grp-safe"]
    assert group.outlets == ["Fenwick Gazette", "Orrin Herald"] and len(group.variants) == 1
    assert snap.story_of_article("art-d") == "story-fair"
    # front page order: most recently updated first
    assert [c.id for c in snap.story_cards()] == ["story-fair", "story-bridge"]
