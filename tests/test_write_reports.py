"""Markdown and HTML reports from the export document; hostile article text stays inert."""

from __future__ import annotations

import re

import pytest
from test_write import make_story

from storyline.write import compare, markdown, report_html
from storyline.write.outputs import story_outputs


@pytest.fixture(autouse=True)
def _words_only(monkeypatch):
    monkeypatch.setattr(compare, "USE_EMBEDDINGS", False)

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)> *bold* [link](javascript:x) | pipe'


def _doc(hostile: bool = False) -> dict:
    story, events, articles = make_story()
    out = story_outputs(story, events, articles, {}).to_dict()
    arts = []
    for a in articles.values():
        arts.append({"id": a.id, "source": a.source, "outlet": a.outlet, "url": a.url, "title": a.title,
                     "published": a.published, "published_inferred": a.published_inferred, "text": a.text})
    doc = {
        "articles": arts,
        "events": [{"id": e.id, "date": e.date, "title": e.title, "article_ids": e.article_ids,
                    "story_id": e.story_id} for e in events],
        "stories": [{"id": story.id, "title": story.title, "event_ids": story.event_ids}],
        "entities": [],
        "quotes": [{"id": q.id, "article_id": a.id, "text": q.text, "start": q.start, "end": q.end,
                    "speaker": q.speaker, "kind": q.kind, "group_id": q.group_id}
                   for a in articles.values() for q in a.quotes],
        "timelines": [out["timeline"]],
        "summaries": out["summaries"],
        "comparisons": out["comparisons"],
    }
    if hostile:
        doc["articles"][0]["title"] = HOSTILE
        doc["articles"][0]["url"] = "javascript:alert(3)"
        doc["stories"][0]["title"] = HOSTILE
        doc["summaries"][0]["sentences"][0]["text"] = HOSTILE
        doc["quotes"][0]["speaker"] = HOSTILE
    return doc


def test_markdown_order_and_content():
    text = markdown.render(_doc())
    heads = [text.index(h) for h in ("## Story: Tarrel bridge", "### Timeline", "### 2030-05-06: Survey",
                                     "### 2031-03-14: Vote", "## Sources cited")]
    assert heads == sorted(heads)
    vote = text.split("### 2031-03-14: Vote")[1]
    parts = [vote.index(h) for h in ("**Summary**", "**Sources**", "**Quotes**", "**Who reported what**",
                                     "**Possible contradictions**")]
    assert parts == sorted(parts)
    assert "**2029-08**" in text and "(date inferred)" not in text
    assert "Harbor Gazette" in text and "valleypost.example" in text
    assert "quote\\_wording" in text and "Ilsa Brandt" in text
    # every [n] used is defined under "Sources cited"
    used = {int(n) for n in re.findall(r"\[(\d+)\]", text.split("## Sources cited")[0])}
    defined = {int(n) for n in re.findall(r"^(\d+)\. ", text.split("## Sources cited")[1], re.M)}
    assert used and used <= defined


def test_markdown_escapes_markup():
    text = markdown.render(_doc(hostile=True))
    assert not re.search(r"(?<!\\)<", text)  # no live HTML
    assert "\\<script\\>" in text and "\\[link\\]" in text


def test_html_is_self_contained_and_escaped():
    page = report_html.render(_doc(hostile=True))
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;script&gt;" in page
    assert "javascript:" not in page.split("</style>")[1].replace("[link](javascript:x)", "")
    assert not re.search(r'src="', page) and 'href="javascript' not in page  # no assets, no script links
    assert "<style>" in page


def test_html_citation_tooltips_show_source_words():
    page = report_html.render(_doc())
    tips = re.findall(r'<a class="cite" href="#cite-(\d+)" title="([^"]*)">', page)
    assert tips
    assert any("flood of August 2029" in tip for _, tip in tips)
    for n, _ in tips:
        assert f'id="cite-{n}"' in page
    assert 'href="https://www.valleypost.example/bridge"' in page


def test_single_outlet_event_shows_contradictions_but_no_matrix():
    doc = _doc()
    survey = next(c for c in doc["comparisons"] if c["event_id"] == "ev-survey")
    vote = next(c for c in doc["comparisons"] if c["event_id"] == "ev-vote")
    survey["contradictions"] = vote["contradictions"][:1]  # e.g. two speakers of one article disagree
    text = markdown.render(doc)
    section = text.split("### 2030-05-06: Survey")[1].split("### 2031-03-14: Vote")[0]
    assert "**Possible contradictions**" in section and "**Who reported what**" not in section
    page = report_html.render(doc)
    assert page.count("Possible contradictions") == 2


def test_quotes_listed_once_per_group_and_topics_only_counted():
    from storyline.write.markdown import is_statement

    doc = _doc()
    arts = doc["articles"]
    a, b = arts[0]["id"], arts[1]["id"]
    event = next(e for e in doc["events"] if a in e["article_ids"] and b in e["article_ids"])
    doc["quotes"] = [
        {"id": "q1", "article_id": a, "text": "We will reopen the crossing by spring", "start": 0, "end": 5,
         "speaker": "Ilsa Brandt", "kind": "direct", "group_id": "g1"},
        {"id": "q2", "article_id": b, "text": "We will reopen the crossing by spring", "start": 0, "end": 5,
         "speaker": "Ilsa Brandt", "kind": "direct", "group_id": "g1"},
        {"id": "q3", "article_id": a, "text": "the allegations", "start": 6, "end": 9,
         "speaker": "Ilsa Brandt", "kind": "indirect", "group_id": "g2"},
    ]
    text = markdown.render(doc)
    section = text.split(f"### {event['date']}: {event['title']}")[1].split("\n### ")[0]
    assert section.count("We will reopen the crossing by spring") == 1
    line = next(l for l in section.splitlines() if "reopen the crossing" in l)
    assert line.count("[") == 2  # both outlets' citations on the one entry
    assert "the allegations" not in section and "1 shorter attributions" in section
    assert is_statement({"text": "that the vote would be delayed until June", "kind": "indirect"})
    assert not is_statement({"text": "a much more forceful view of the meeting", "kind": "indirect"})
    assert is_statement({"text": "Not again", "kind": "direct"})
    # a finite verb tucked inside a phrase does not make the phrase something said
    assert not is_statement({"text": "to make light of a delay that angered the Tarrow council", "kind": "indirect"})
    assert not is_statement({"text": "the ferry routes she has cut in the past", "kind": "indirect"})
    assert is_statement({"text": "the crossing would reopen before the spring tides", "kind": "indirect"})


def test_coverage_drops_topic_quotes_and_quotes_inside_listed_sentences():
    from storyline.write.markdown import _readable_rows

    fact = {"kind": "fact", "text": "Brandt said the crossing would reopen by spring.", "outlets": {"A": True, "B": False},
            "citations": [{"article_id": "a", "start": 0, "end": 48}]}
    inside = {"kind": "quote", "text": "the crossing would reopen by spring as planned", "outlets": {"A": True, "B": False},
              "citations": [{"article_id": "a", "start": 12, "end": 47}]}
    worded = dict(inside, outlets={"A": True, "B": "the crossing reopens in summer, not spring"})
    topic = {"kind": "quote", "text": "that charge", "outlets": {"A": False, "B": True},
             "citations": [{"article_id": "b", "start": 3, "end": 14}]}
    alone = {"kind": "quote", "text": "the ferry would keep running until the crossing reopens", "outlets": {"A": False, "B": True},
             "citations": [{"article_id": "b", "start": 20, "end": 70}]}
    assert _readable_rows([fact, inside, worded, topic, alone]) == [fact, worded, alone]


def test_contradiction_reports_show_why_speaker_and_also_escaped():
    doc = _doc()
    comp = next(comp for comp in doc["comparisons"] if comp["contradictions"])
    report = comp["contradictions"][0]
    report["why"] = "Harbor Gazette gives 3, the other gives <b>4</b>"
    report["claims"][0]["speaker"] = "Ilsa <i>Brandt"
    report["also"] = [dict(report["claims"][1])]
    text = markdown.render(doc)
    line = next(l for l in text.splitlines() if "gives 3" in l)
    assert "(quoting Ilsa \\<i\\>Brandt)" in line and "\\<b\\>4\\</b\\>" in line
    assert any(l.strip().startswith("- also:") for l in text.splitlines())
    page = report_html.render(doc)
    assert "gives 3, the other gives &lt;b&gt;4&lt;/b&gt;" in page and "<i>Brandt" not in page and "Also:" in page
