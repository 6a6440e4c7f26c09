"""Issue 5 acceptance on the real seeds (skipped when ../shared/seeds is absent).

The seeds run through the real stages: ingest, extract (clean text), analyze
(spaCy + find_quotes), then canonicalize and group_quotes.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.seeds


def _run(articles):
    from storyline.analyze import analyze
    from storyline.link.entities import canonicalize
    from storyline.link.quote_groups import group_quotes

    articles.sort(key=lambda a: a.id)
    analyze(articles)
    entities = canonicalize(articles)
    group_quotes(articles)
    return {a.id: a for a in articles}, entities


@pytest.fixture(scope="module")
def seed_articles(seeds_dir):
    """Clean text from the extract stage, as the pipeline sees it."""
    from storyline.extract import extract
    from storyline.ingest import iter_inputs
    from storyline.model import InputError

    articles = []
    for raw in iter_inputs([str(seeds_dir)]):
        assert not isinstance(raw, InputError), raw
        article = extract(raw)
        article.id = raw.source.rsplit("/", 1)[-1][:3]  # 000..004, for readable assertions
        articles.append(article)
    return _run(articles)


@pytest.fixture(scope="module")
def raw_seed_articles(seeds_dir):
    """The seeds' raw text: the quote finder's own acceptance, whatever extract keeps."""
    from storyline.model import Article

    articles = [
        Article(id=path.name[:3], source=str(path), text=path.read_text(encoding="utf-8"), language="en")
        for path in sorted(seeds_dir.glob("*.txt"))
    ]
    return _run(articles)


def find(articles, article_id: str, needle: str):
    hits = [q for q in articles[article_id].quotes if needle.lower() in q.text.lower()]
    assert hits, f"no quote with {needle!r} in {article_id}: {[q.text for q in articles[article_id].quotes]}"
    return hits[0]


def _check_meddle_group(articles, carriers):
    quotes = [find(articles, aid, "t meddle in the election") for aid in carriers]
    assert len({q.group_id for q in quotes}) == 1
    assert all(q.speaker == "Donald Trump" for q in quotes)
    assert all(q.entity_id == quotes[0].entity_id and q.entity_id for q in quotes)


def test_dont_meddle_is_one_group_across_three_outlets(raw_seed_articles):
    articles, _ = raw_seed_articles
    _check_meddle_group(articles, ("000", "001", "002"))


def test_dont_meddle_group_in_clean_text(seed_articles):
    """Every article whose clean text still carries the words has the quote, in one group.

    (Strict on whatever the extract stage keeps: an article whose clean text lost the
    words cannot carry the quote.)
    """
    articles, _ = seed_articles
    carriers = [aid for aid in ("000", "001", "002") if "t meddle in the election" in articles[aid].text.lower()]
    _check_meddle_group(articles, carriers)
    if len(carriers) < 3:
        lost = sorted({"000", "001", "002"} - set(carriers))
        pytest.xfail(f"the extract stage dropped the quoted sentence from {lost}")


NAMED_QUOTES = [
    ("003", "We didn’t discuss that", "Donald Trump"),
    ("003", "Very, very briefly it was discussed", "Sarah Sanders"),
    ("002", "outlived its purpose", "Vladimir Putin"),
    ("004", "look him in the eye", "Nikki Haley"),
]


@pytest.mark.parametrize("variant", ["seed_articles", "raw_seed_articles"])
def test_speakers_of_named_quotes(variant, request):
    """Strict on every quote whose words the text still holds; the clean-text run
    reports (xfail) quotes the extract stage removed, rather than passing silently."""
    articles, _ = request.getfixturevalue(variant)
    lost = []
    for article_id, needle, speaker in NAMED_QUOTES:
        if needle.lower() not in articles[article_id].text.lower():
            assert variant == "seed_articles", f"raw seed {article_id} lacks {needle!r}"
            lost.append((article_id, needle))
            continue
        quote = find(articles, article_id, needle)
        assert quote.speaker == speaker, (needle, quote.speaker)
        assert quote.source is not None and quote.cue is not None
    if lost:
        pytest.xfail(f"the extract stage dropped {lost}")


@pytest.mark.parametrize("variant", ["seed_articles", "raw_seed_articles"])
def test_trump_aliases_are_one_entity(variant, request):
    articles, entities = request.getfixturevalue(variant)
    trump = next(e for e in entities if e.name == "Donald Trump")
    ids = set()
    for article_id, surface in [
        ("002", "Mr Trump"),
        ("003", "US President Donald Trump"),
        ("000", "President Donald Trump"),
        ("000", "Trump said"),
        ("002", "the US President"),
    ]:
        article = articles[article_id]
        at = article.text.index(surface)
        covering = [m for m in article.entities if m.start < at + len(surface) and m.end > at and m.entity_id]
        assert covering, (article_id, surface)
        ids |= {m.entity_id for m in covering if m.label in ("PERSON", "ROLE")}
    assert ids == {trump.id}


def test_quote_spans_point_into_clean_text(seed_articles):
    articles, _ = seed_articles
    for article in articles.values():
        for q in article.quotes:
            assert article.text[q.start : q.end] == q.text
            if q.source:
                assert article.text[q.source.start : q.source.end] == q.source.text
            if q.cue:
                assert article.text[q.cue.start : q.cue.end] == q.cue.text
