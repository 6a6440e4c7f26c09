"""Extract stage: raw input (HTML or scraped text) -> clean :class:`Article`.

Contract (other stages rely on it):

* ``extract(doc) -> Article`` — ``text`` is the article body only, paragraphs
  separated by a blank line; title, byline and dateline are metadata, not body.
* ``ExtractError`` — raised with a one-line reason when nothing usable remains
  (or the input is not parseable).  ``extract`` never raises anything else.
* ``extract_batch(docs) -> list[Article | ExtractError]`` — the same, plus the
  lines repeated across several scraped pages of one outlet (its furniture) go.

HTML goes through trafilatura (:mod:`.html`); plain/markdown-ish scraped text
goes through storyline's own line classifier (:mod:`.text`).  Metadata given by
the input record (``RawDocument.title/url/date/outlet``) wins over anything found
in the content.
"""

from __future__ import annotations

from storyline.model import Article, RawDocument

from .errors import ExtractError
from .language import detect_language
from .meta import normalise_date, outlet_from_url

__all__ = ["ExtractError", "extract", "extract_batch"]


def extract(doc: RawDocument, *, furniture: frozenset[str] | None = None) -> Article:
    """Clean one raw document into an Article (raises ExtractError only).

    ``furniture``: normalised lines known to repeat across this outlet's pages
    (see :func:`extract_batch`); they are removed from scraped text.
    """
    try:
        article = _extract(doc, furniture)
    except ExtractError:
        raise
    except RecursionError:
        raise ExtractError("input too deeply nested to parse") from None
    except MemoryError:
        raise ExtractError("input too large to parse") from None
    except Exception as exc:  # hostile input must never crash the run
        raise ExtractError(f"extraction failed: {type(exc).__name__}") from None
    return article


def extract_batch(docs: list[RawDocument]) -> list[Article | ExtractError]:
    """Extract many documents; scraped pages of one outlet also lose the lines
    repeated across them (footers, trending lists, author boxes).

    Deterministic for a given batch; one bad document yields its ExtractError in
    place and the rest go on.
    """
    from .repeats import furniture_by_outlet, outlet_key

    furniture = furniture_by_outlet(docs)
    results: list[Article | ExtractError] = []
    for doc in docs:
        key = outlet_key(doc)
        try:
            results.append(extract(doc, furniture=furniture.get(key) if key else None))
        except ExtractError as exc:
            results.append(exc)
    return results


def _extract(doc: RawDocument, furniture: frozenset[str] | None = None) -> Article:
    content = doc.content or ""
    if not content.strip():
        raise ExtractError("empty input")
    if doc.kind == "html":
        from .html import extract_html

        article = extract_html(content, doc_id=doc.id, source=doc.source, url=doc.url)
    elif doc.kind == "text":
        from .text import extract_text

        article = extract_text(content, doc_id=doc.id, source=doc.source, furniture=furniture)
    else:
        raise ExtractError(f"unknown input kind {doc.kind!r}")
    if not article.text.strip():
        raise ExtractError("no article text found")
    _name_outlet(article, doc, content)
    _apply_given_metadata(article, doc)
    article.language = detect_language(article.text)
    return article


def _name_outlet(article: Article, doc: RawDocument, content: str) -> None:
    """The page's own name for its outlet beats a bare domain or a guess from a title suffix.

    An HTML page's declared site name (og:site_name, JSON-LD publisher) is kept.
    """
    from .outlet import outlet_from_text

    declared = article.outlet if doc.kind == "html" and article.outlet and " " in article.outlet else None
    if declared:
        return
    named = outlet_from_text(content)
    if named:
        article.outlet = named


def _apply_given_metadata(article: Article, doc: RawDocument) -> None:
    """Metadata carried by the input record wins over what the content says."""
    article.id = doc.id
    article.source = doc.source
    article.kind = doc.kind
    if doc.title:
        article.title = doc.title
    if doc.url:
        article.url = doc.url
    if doc.date:
        article.published = normalise_date(doc.date) or article.published
    if doc.outlet:
        article.outlet = doc.outlet
    if not article.outlet and article.url:
        article.outlet = outlet_from_url(article.url)
