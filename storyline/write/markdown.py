"""The Markdown report: story -> timeline -> events (summary, sources) -> quotes -> comparison.

Readers see numbered citations ``[n]``; the "Sources cited" list at the end
gives, for each number, the outlet, article and the exact cited words with
their character span, so every claim can be checked.  ``build_view`` turns the
export document into the nested structure both reports (this one and
:mod:`report_html`) render, so they always agree.
"""

from __future__ import annotations

import re
from typing import Any

from storyline.write.compare import heads_a_clause
from storyline.write.compare import is_statement as compare_statement
from storyline.write.summary import label_outlet

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md(text: Any) -> str:
    """Article-derived text made inert in Markdown: one line, markup characters escaped."""
    s = " ".join(str(text or "").split())
    return _MD_SPECIAL.sub(r"\\\1", s)


class Citations:
    """Numbers citations in order of first use; remembers the cited words."""

    def __init__(self, articles: dict[str, dict]):
        self.articles = articles
        self.numbers: dict[tuple, int] = {}
        self.items: list[dict] = []

    def cite(self, cit: dict) -> int:
        key = (cit.get("article_id"), cit.get("start"), cit.get("end"))
        if key not in self.numbers:
            art = self.articles.get(key[0], {})
            text = art.get("text") or ""
            start, end = key[1] or 0, key[2] or 0
            self.items.append({
                "n": len(self.items) + 1, "article_id": key[0], "start": start, "end": end,
                "outlet": _outlet(art) if art else str(key[0]),
                "title": art.get("title"), "published": art.get("published"),
                "quote": text[start:end],
            })
            self.numbers[key] = len(self.items)
        return self.numbers[key]

    def cite_all(self, cits: list[dict] | None) -> list[int]:
        return [self.cite(c) for c in cits or []]


def _outlet(art: dict) -> str:
    return label_outlet(art.get("outlet"), art.get("url"), art.get("source"), str(art.get("id")))


def _article_source(art: dict) -> dict:
    return {
        "id": art.get("id"), "outlet": _outlet(art),
        "title": art.get("title") or "(untitled)", "published": art.get("published"),
        "inferred": bool(art.get("published_inferred")), "url": art.get("url"),
    }


def is_statement(quote: dict) -> bool:
    """Worth a reader's eye: a direct quotation, or reported speech with a clause in it.

    The quote finder also records attributions whose content is only a topic or an
    object ("denied *the claims*", "discussed *trade and North Korea*"): they stay in
    the JSON export and count toward coverage, but the reports list them only as a
    count.  Reported speech is judged by the comparison's own test
    (:func:`storyline.write.compare.is_statement`: a finite verb, not a scrap), and
    its head must be that clause (:func:`~storyline.write.compare.heads_a_clause`):
    "to make light of a scandal that led to an inquiry" has a finite verb but says
    what someone did, not what they said.
    """
    text = quote.get("text") or ""
    if quote.get("kind") == "direct":
        return len(text.split()) >= 2
    return compare_statement(text) and heads_a_clause(text)


def _inside(cite: dict, spans: dict[str, list[tuple[int, int]]]) -> bool:
    return any(s <= cite.get("start", -1) and cite.get("end", 0) <= e for s, e in spans.get(cite.get("article_id"), []))


def _readable_rows(rows: list[dict]) -> list[dict]:
    """Coverage rows a reader needs: a quote row is dropped when it is only a topic ("that charge"),
    or when every citation of it lies inside a fact row's sentence already listed and no outlet
    words it differently."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for row in rows:
        if row.get("kind") != "quote":
            for c in row.get("citations") or []:
                spans.setdefault(c.get("article_id"), []).append((c.get("start", 0), c.get("end", 0)))
    kept = []
    for row in rows:
        if row.get("kind") == "quote":
            cites = row.get("citations") or []
            if not is_statement({"text": row.get("text"), "kind": row.get("quote_kind", "indirect")}):
                continue
            worded_apart = any(not isinstance(v, bool) for v in (row.get("outlets") or {}).values())
            if cites and all(_inside(c, spans) for c in cites) and not worded_apart:
                continue  # the sentence carrying it is a row already; a wording difference still shows
        kept.append(row)
    return kept


def _event_quotes(ev: dict, quotes_by_article: dict, articles: dict, cites: Citations) -> tuple[list[dict], int]:
    """One entry per quote group (the same words carried by several outlets), most-carried first."""
    groups: dict[str, dict] = {}
    minor = 0
    for aid in ev.get("article_ids", []):
        art = articles.get(aid, {"id": aid})
        if art.get("duplicate_of"):
            continue
        for q in quotes_by_article.get(aid, []):
            if not is_statement(q):
                minor += 1
                continue
            outlet = _article_source(art)["outlet"]
            cite = cites.cite({"article_id": aid, "start": q.get("start"), "end": q.get("end")})
            entry = groups.setdefault(q.get("group_id") or q.get("id") or f"{aid}:{q.get('start')}", {
                "speaker": q.get("speaker"), "text": q.get("text"), "kind": q.get("kind"),
                "outlets": [], "cites": [],
            })
            entry["speaker"] = entry["speaker"] or q.get("speaker")
            if q.get("kind") == "direct" and entry["kind"] != "direct":
                entry["text"], entry["kind"] = q.get("text"), "direct"  # the words themselves over a paraphrase
            if outlet not in entry["outlets"]:
                entry["outlets"].append(outlet)
            entry["cites"].append(cite)
    ordered = sorted(enumerate(groups.values()), key=lambda iv: (-len(iv[1]["outlets"]), iv[0]))
    return [entry for _, entry in ordered], minor


def build_view(doc: dict) -> dict:
    """Stories with their timeline, events (summary, sources, quotes, comparison), and citations."""
    articles = {a["id"]: a for a in doc.get("articles", [])}
    cites = Citations(articles)
    events = {e["id"]: e for e in doc.get("events", [])}
    summaries = {s["event_id"]: s for s in doc.get("summaries", [])}
    comparisons = {c["event_id"]: c for c in doc.get("comparisons", [])}
    timelines = {t["story_id"]: t for t in doc.get("timelines", [])}
    quotes_by_article: dict[str, list[dict]] = {}
    for q in doc.get("quotes", []):
        quotes_by_article.setdefault(q.get("article_id"), []).append(q)

    stories = list(doc.get("stories", []))
    placed = {eid for st in stories for eid in st.get("event_ids", [])}
    loose = [eid for eid in events if eid not in placed]
    if loose:
        stories.append({"id": None, "title": "Events outside any story", "event_ids": loose})

    view_stories = []
    for st in stories:
        tl = timelines.get(st.get("id"), {"entries": []})
        timeline = [{"date": e.get("date"), "text": e.get("text", ""), "cites": cites.cite_all(e.get("citations")),
                     "reported": e.get("date_basis") == "published"}
                    for e in tl.get("entries", [])]
        view_events = []
        for eid in st.get("event_ids", []):
            ev = events.get(eid)
            if ev is None:
                continue
            summ = summaries.get(eid, {"sentences": []})
            sentences = [{"text": s.get("text", ""), "outlets": s.get("outlets", []),
                          "cites": cites.cite_all(s.get("citations"))} for s in summ.get("sentences", [])]
            sources = [_article_source(articles[a]) for a in ev.get("article_ids", []) if a in articles]
            quotes, minor_quotes = _event_quotes(ev, quotes_by_article, articles, cites)
            comp = comparisons.get(eid)
            comparison = None
            if comp:
                cov = comp.get("coverage") or {}
                comparison = {
                    "outlets": cov.get("outlets", []),
                    "rows": [dict(r, cites=cites.cite_all(r.get("citations"))) for r in _readable_rows(cov.get("rows", []))],
                    "only_one_outlet": [dict(r, cites=cites.cite_all(r.get("citations")))
                                        for r in _readable_rows(comp.get("only_one_outlet", []))],
                    "contradictions": [
                        dict(c, claims=[dict(cl, cite=cites.cite(cl)) for cl in c.get("claims", [])],
                             also=[dict(cl, cite=cites.cite(cl)) for cl in c.get("also", [])])
                        for c in comp.get("contradictions", [])
                    ],
                }
            view_events.append({"id": eid, "date": ev.get("date"), "title": ev.get("title") or eid,
                                "summary": sentences, "sources": sources, "quotes": quotes,
                                "minor_quotes": minor_quotes,
                                "comparison": comparison})
        # chronological: by the event's date, else by when its sources were first published
        for v in view_events:
            v["first_reported"] = min((s["published"] for s in v["sources"] if s["published"]), default=None)
        view_events.sort(key=lambda v: v["date"] or v["first_reported"] or "9999")
        view_stories.append({"id": st.get("id"), "title": st.get("title") or st.get("id"),
                             "timeline": timeline, "events": view_events})
    return {"stories": view_stories, "citations": cites.items}


def _refs(ns: list[int]) -> str:
    return "".join(f"[{n}]" for n in ns)


def _cell(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False or value is None:
        return "—"
    return f"variant: {md(value)}"


def _claim_md(claim: dict) -> str:
    speaker = f" (quoting {md(claim['speaker'])})" if claim.get("speaker") else ""
    return f"{md(claim.get('outlet'))}{speaker}: “{md(claim.get('text'))}” [{claim['cite']}]"


def _comparison_md(comp: dict) -> list[str]:
    """Coverage matrix and single-outlet facts (when there are outlets to compare), contradictions."""
    out: list[str] = []
    outlets = comp["outlets"]
    if comp["rows"] and len(outlets) > 1:
        out += ["**Who reported what**", ""]
        out.append("| | " + " | ".join(md(o) for o in outlets) + " |")
        out.append("|---" * (len(outlets) + 1) + "|")
        for r in comp["rows"]:
            label = ("quote: " if r.get("kind") == "quote" else "") + md(r.get("text"))
            cells = [_cell(r.get("outlets", {}).get(o)) for o in outlets]
            out.append(f"| {label} {_refs(r['cites'])} | " + " | ".join(cells) + " |")
        out.append("")
        if comp["only_one_outlet"]:
            out += ["**Reported by one outlet only**", ""]
            out += [f"- {md(r.get('outlet'))}: {md(r.get('text'))} {_refs(r['cites'])}"
                    for r in comp["only_one_outlet"]]
            out.append("")
    if comp["contradictions"]:
        out += ["**Possible contradictions**", ""]
        for c in comp["contradictions"]:
            claims = " vs ".join(_claim_md(cl) for cl in c["claims"])
            why = f" — {md(c['why'])}" if c.get("why") else ""
            out.append(f"- {md(c.get('kind'))} (confidence {c.get('confidence') or 0:.2f}){why}: {claims}")
            if c.get("also"):
                out.append("  - also: " + "; ".join(_claim_md(cl) for cl in c["also"]))
        out.append("")
    return out


def render(doc: dict) -> str:
    """The export document as a Markdown report."""
    view = build_view(doc)
    out = ["# Storyline report", ""]
    for st in view["stories"]:
        out += [f"## Story: {md(st['title'])}", ""]
        if st["timeline"]:
            out += ["### Timeline", ""]
            out += [f"- **{md(e['date'])}**{' (first reported)' if e['reported'] else ''}: "
                    f"{md(e['text'])} {_refs(e['cites'])}" for e in st["timeline"]]
            out.append("")
        for ev in st["events"]:
            when = ev["date"] or (f"{ev['first_reported']} (first reported)" if ev["first_reported"] else "undated")
            out += [f"### {md(when)}: {md(ev['title'])}", ""]
            if ev["summary"]:
                out += ["**Summary**", ""]
                for s in ev["summary"]:
                    n = len(s["outlets"])
                    out.append(f"- {md(s['text'])} {_refs(s['cites'])} "
                               f"_({n} outlet{'s' if n != 1 else ''}: {md(', '.join(s['outlets']))})_")
                out.append("")
            out += ["**Sources**", ""]
            for src in ev["sources"]:
                date = md(src["published"] or "undated") + (" (date inferred)" if src["inferred"] else "")
                out.append(f"- {md(src['outlet'])}: {md(src['title'])}, {date}")
            out.append("")
            if ev["quotes"]:
                out += ["**Quotes**", ""]
                for q in ev["quotes"]:
                    who = md(q.get("speaker") or "unattributed")
                    out.append(f"- {who}: “{md(q.get('text'))}” ({md(', '.join(q['outlets']))}) {_refs(q['cites'])}")
                out.append("")
            if ev["minor_quotes"]:
                out += [f"_{ev['minor_quotes']} shorter attributions (a topic or object of speech, such as "
                        "“denied the claims”) are in the JSON export._", ""]
            comp = ev["comparison"]
            if comp:
                out += _comparison_md(comp)
    if view["citations"]:
        out += ["## Sources cited", ""]
        for c in view["citations"]:
            title = f", {md(c['title'])}" if c.get("title") else ""
            out.append(f"{c['n']}. {md(c['outlet'])}{title} ({md(c.get('published') or 'undated')}), "
                       f"article {md(c['article_id'])} chars {c['start']}–{c['end']}: “{md(c['quote'])}”")
        out.append("")
    return "\n".join(out)
