"""Helpers shared by the quote tests: run ``find_quotes`` on invented text, pick one quote.

The ``nlp`` fixture they take is in conftest.py.
"""

from __future__ import annotations

from storyline.model import Article


def find_in(nlp, text: str, article_id: str = "t1"):
    """``(article, quotes)`` of ``text`` as the analyze stage finds them."""
    from storyline.analyze.quotes import find_quotes

    article = Article(id=article_id, source="test", text=text)
    return article, find_quotes(nlp(text), article)


def quotes_of(nlp, text: str):
    return find_in(nlp, text)[1]


def quote_with(quotes, needle: str):
    """The one quote whose text contains ``needle`` (fails, listing them all, otherwise)."""
    hits = [q for q in quotes if needle in q.text]
    assert len(hits) == 1, [(q.text, q.cue and q.cue.text, q.source) for q in quotes]
    return hits[0]
