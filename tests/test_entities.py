"""canonicalize and group_quotes on hand-built articles (fictional names, no spaCy).

Mentions are written by hand, as the analyze stage would produce them, so the
linking logic is tested alone and fast.
"""

from __future__ import annotations

import re

from storyline.link.entities import canonicalize
from storyline.link.quote_groups import group_quotes, quote_group_variants, variant_of
from storyline.model import Article, EntityMention, Quote, Span


def mention(text: str, surface: str, label: str, nth: int = 0) -> EntityMention:
    starts = [m.start() for m in re.finditer(re.escape(surface), text)]
    start = starts[nth]
    return EntityMention(start, start + len(surface), surface, label)


def quote(article: Article, content: str, source: str | None = None, speaker: str | None = None, kind="direct") -> Quote:
    start = article.text.index(content)
    q = Quote(id=f"{article.id}:q{start}", start=start, end=start + len(content), text=content, kind=kind)
    if source:
        s = article.text.index(source)
        q.source = Span(s, s + len(source), source)
        q.speaker = speaker or source
    return q


def build_articles() -> list[Article]:
    a_text = (
        "Norland Premier Otto Varga met the press in Port Hale. "
        "Mr Varga said the bridge would open. Varga praised the builders. "
        "Later the Norland premier said the toll would stay low."
    )
    a = Article(id="a1", source="t", text=a_text, outlet="Valley Courier", published="2031-05-02")
    a.entities = [
        mention(a_text, "Otto Varga", "PERSON"),
        mention(a_text, "Port Hale", "GPE"),
        mention(a_text, "Varga", "PERSON", 1),
        mention(a_text, "Varga", "ORG", 2),  # spaCy's slip
    ]
    a.quotes = [
        quote(a, "the bridge would open", source="Mr Varga", speaker="Mr Varga", kind="indirect"),
        quote(a, "the toll would stay low", source="the Norland premier", speaker="the Norland premier", kind="indirect"),
    ]
    b_text = (
        "Otto Varga and his sister Mrs Ilse Varga toured the bridge. "
        "Ms Varga said: Don't close the old ferry, please. Otto Varga smiled."
    )
    b = Article(id="b2", source="t", text=b_text, outlet="Harbour Herald", published="2031-05-03")
    b.entities = [
        mention(b_text, "Otto Varga", "PERSON"),
        mention(b_text, "Ilse Varga", "PERSON"),
        mention(b_text, "Varga", "PERSON", 2),
        mention(b_text, "Otto Varga", "PERSON", 1),
    ]
    b.quotes = [quote(b, "Don't close the old ferry, please", source="Ms Varga", speaker="Ms Varga")]
    return [a, b]


def by_name(entities):
    return {e.name: e for e in entities}


def test_aliases_merge_within_and_across_articles():
    arts = build_articles()
    ents = by_name(canonicalize(arts))
    otto = ents["Otto Varga"]
    assert otto.type == "PERSON"
    a, b = arts
    ids_a = [m.entity_id for m in a.entities if "Varga" in m.text or "premier" in m.text]
    assert set(ids_a) == {otto.id}
    assert b.entities[0].entity_id == otto.id and b.entities[3].entity_id == otto.id


def test_label_slip_repaired():
    arts = build_articles()
    canonicalize(arts)
    slipped = arts[0].entities[3]
    assert slipped.text == "Varga" and slipped.label == "PERSON"


def test_bare_surname_joins_the_full_name_of_its_article():
    arts = build_articles()
    ents = by_name(canonicalize(arts))
    ilse = ents["Ilse Varga"]
    # in article b2 "Ms Varga" joins the Varga an honorific marks as a woman, though
    # Otto is named more often there
    b = arts[1]
    assert b.entities[1].entity_id == ilse.id
    assert b.entities[2].entity_id == ilse.id
    assert ilse.id != ents["Otto Varga"].id


def test_role_description_becomes_a_mention():
    arts = build_articles()
    ents = by_name(canonicalize(arts))
    otto = ents["Otto Varga"]
    role = [m for m in arts[0].entities if m.text == "the Norland premier"]
    assert role and role[0].entity_id == otto.id and role[0].label == "ROLE"
    assert "the Norland premier" in otto.aliases


def test_role_tied_by_apposition_after_the_name():
    text = "Ilse Varga, the harbour commissioner, opened the pier. Later the harbour commissioner thanked the crews."
    art = Article(id="d4", source="t", text=text)
    art.entities = [mention(text, "Ilse Varga", "PERSON")]
    ents = by_name(canonicalize([art]))
    role = [m for m in art.entities if m.label == "ROLE"]
    # both the apposition itself and the later description are mentions of her
    assert [m.text for m in role] == ["the harbour commissioner", "the harbour commissioner"]
    assert {m.entity_id for m in role} == {ents["Ilse Varga"].id}


def test_quotes_get_canonical_speaker_and_entity():
    arts = build_articles()
    ents = by_name(canonicalize(arts))
    a, b = arts
    assert a.quotes[0].speaker == "Otto Varga" and a.quotes[0].entity_id == ents["Otto Varga"].id
    assert a.quotes[1].speaker == "Otto Varga"
    assert b.quotes[0].speaker == "Ilse Varga"


def test_deterministic_and_order_independent():
    first = canonicalize(build_articles())
    second = canonicalize(list(reversed(build_articles())))
    assert [(e.id, e.name, e.mentions) for e in first] == [(e.id, e.name, e.mentions) for e in second]


def test_rerun_is_idempotent():
    """The link stage re-runs canonicalize over all stored articles as new ones arrive."""
    arts = build_articles()
    first = canonicalize(arts)
    mentions = [(m.start, m.end, m.label, m.entity_id) for a in arts for m in a.entities]
    second = canonicalize(arts)
    assert [(e.id, e.name, e.mentions, e.aliases) for e in first] == [(e.id, e.name, e.mentions, e.aliases) for e in second]
    assert [(m.start, m.end, m.label, m.entity_id) for a in arts for m in a.entities] == mentions


# --- quote groups -----------------------------------------------------------------


def test_variant_labels():
    ref = "Don't close the old ferry, please"
    assert variant_of(ref, "don’t close the old ferry, please.") == "exact"
    assert variant_of(ref, "don't close the old ferry") == "trimmed"
    assert variant_of(ref, "asked them please not to close the old ferry") == "paraphrased"
    assert variant_of(ref, "The weather was fine for sailing") is None


def group_articles() -> list[Article]:
    texts = {
        "c1": "Ilse Varga said: “Don't close the old ferry, please.” Then she left.",
        "c2": "Varga urged: “don’t close the old ferry”. The council listened.",
        "c3": "Ilse Varga asked the council to please not close the old ferry.",
        "c4": "Bo Lind said: “Don't close the old ferry, please.” Nobody agreed.",
        "c5": "Ilse Varga said: “The weather was fine for sailing.”",
    }
    contents = {
        "c1": "Don't close the old ferry, please.",
        "c2": "don’t close the old ferry",
        "c3": "the council to please not close the old ferry",
        "c4": "Don't close the old ferry, please.",
        "c5": "The weather was fine for sailing.",
    }
    speakers = {"c1": "ent_ilse", "c2": "ent_ilse", "c3": "ent_ilse", "c4": "ent_bo", "c5": "ent_ilse"}
    out = []
    for i, (aid, text) in enumerate(texts.items()):
        art = Article(id=aid, source="t", text=text, outlet=f"Outlet {aid}", published=f"2031-06-0{i + 1}")
        q = quote(art, contents[aid], kind="indirect" if aid == "c3" else "direct")
        q.entity_id = speakers[aid]
        q.speaker = speakers[aid]
        art.quotes = [q]
        out.append(art)
    return out


def test_group_quotes_exact_trimmed_paraphrased():
    arts = group_articles()
    group_quotes(arts)
    g = {a.id: a.quotes[0].group_id for a in arts}
    assert g["c1"] == g["c2"] == g["c3"]
    assert g["c4"] != g["c1"]  # same words, another speaker
    assert g["c5"] != g["c1"]
    assert all(g.values())


def test_group_id_stable_and_from_earliest():
    arts = group_articles()
    group_quotes(arts)
    gid = arts[0].quotes[0].group_id
    again = list(reversed(group_articles()))
    group_quotes(again)
    assert {a.id: a.quotes[0].group_id for a in again}["c1"] == gid


def test_group_variants_per_outlet():
    arts = group_articles()
    group_quotes(arts)
    variants = quote_group_variants(arts)
    rows = variants[arts[0].quotes[0].group_id]
    labels = {r["article_id"]: r["variant"] for r in rows}
    assert labels == {"c1": "exact", "c2": "trimmed", "c3": "paraphrased"}
    assert {r["outlet"] for r in rows} == {"Outlet c1", "Outlet c2", "Outlet c3"}
