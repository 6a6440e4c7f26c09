"""Analyze: sentences, entities, time expressions, quotes and a first publication date.

A named pipeline of components in the spirit of spaCy's: each component is a
function ``(article, doc) -> None`` registered under a name, and the order comes
from configuration (``DEFAULT_COMPONENTS``), not from code.  spaCy parses each
English article once (``nlp.pipe`` over the batch) and every component reads
that one Doc.  Non-English articles are kept, flagged by their ``language``,
and not run through the English model.
"""

from __future__ import annotations

from collections.abc import Callable
from storyline.model import Article, EntityMention, Sentence

Component = Callable[[Article, object], None]
COMPONENTS: dict[str, Component] = {}

DEFAULT_COMPONENTS = ("sentences", "entities", "dating", "time", "quotes")

# spaCy's labels that name something a reader would follow across articles
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}


def component(name: str) -> Callable[[Component], Component]:
    def register(fn: Component) -> Component:
        COMPONENTS[name] = fn
        return fn

    return register


@component("sentences")
def _sentences(article: Article, doc) -> None:
    article.sentences = [
        Sentence(s.start_char, s.end_char)
        for s in doc.sents
        if s.text.strip()
    ]


@component("entities")
def _entities(article: Article, doc) -> None:
    article.entities = [
        EntityMention(e.start_char, e.end_char, e.text, e.label_)
        for e in doc.ents
        if e.label_ in ENTITY_LABELS
    ]


@component("dating")
def _dating(article: Article, doc) -> None:
    """A first date for an undated article, from its own text; events refine it later."""
    if article.published:
        return
    from storyline.analyze.dating import infer_published

    guess = infer_published(article, doc)
    if guess:
        article.published, article.published_confidence = guess
        article.published_inferred = True


@component("time")
def _time(article: Article, doc) -> None:
    from storyline.analyze.timex import retag_article

    article.time_mentions = retag_article(article, doc)


@component("quotes")
def _quotes(article: Article, doc) -> None:
    from storyline.analyze.quotes import find_quotes

    article.quotes = find_quotes(doc, article)


def is_english(article: Article) -> bool:
    return article.language in (None, "en")


def analyze(
    articles: list[Article], components: tuple[str, ...] = DEFAULT_COMPONENTS, batch_size: int = 16
) -> list[Article]:
    """Run the named components over a batch; returns the same articles, analysed."""
    from storyline.models import get_nlp

    english = [a for a in articles if is_english(a) and not a.analyzed]
    if english:
        nlp = get_nlp()
        for article, doc in zip(english, nlp.pipe((a.text for a in english), batch_size=batch_size)):
            for name in components:
                COMPONENTS[name](article, doc)
            article.analyzed = True
    return articles
