"""HTML pages -> clean article body plus metadata, via trafilatura.

trafilatura does the heavy lifting (it is the best HTML extractor we measured);
storyline adds what it needs on top: the headline never in the body, metadata
fallbacks (canonical URL, og:site_name, a printed dateline), and ISO dates.
"""

from __future__ import annotations

import re

from storyline.model import Article

from .errors import ExtractError
from .meta import normalise_date, outlet_from_url

MAX_HTML_CHARS = 8_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# Options that scored best on the dev pages (see docs/benchmarks.md, "Extraction").
TRAFILATURA_OPTIONS: dict[str, object] = {
    "include_comments": False,
    "include_tables": False,
    "include_images": False,
    "include_links": False,
    "favor_precision": False,
    "favor_recall": False,
    "deduplicate": False,
}


def extract_html(html: str, *, doc_id: str = "", source: str = "", url: str | None = None) -> Article:
    """Run trafilatura with storyline's options and normalise its metadata."""
    import trafilatura

    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
    if "<" not in html:
        raise ExtractError("HTML could not be parsed")
    try:
        result = trafilatura.bare_extraction(html, url=url, with_metadata=True, **TRAFILATURA_OPTIONS)
    except (ValueError, TypeError, AttributeError):
        # lxml refuses some control characters; strip them and try once more
        cleaned = _CONTROL.sub(" ", html)
        try:
            result = trafilatura.bare_extraction(cleaned, url=url, with_metadata=True, **TRAFILATURA_OPTIONS)
        except (ValueError, TypeError, AttributeError) as exc:
            raise ExtractError("HTML could not be parsed") from exc
    if result is None:
        raise ExtractError("no article text found")
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    title = _clean(data.get("title"))
    text = _body(data.get("text") or "", title)
    if not text:
        raise ExtractError("no article text found")
    page_url = _clean(data.get("url")) or url
    outlet = _clean(data.get("sitename"))
    if outlet and re.fullmatch(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+", outlet) is None and len(outlet) > 80:
        outlet = None
    return Article(
        id=doc_id,
        source=source,
        text=text,
        title=title,
        url=page_url,
        outlet=outlet or (outlet_from_url(page_url) if page_url else None),
        byline=_clean(data.get("author")),
        published=normalise_date(data["date"]) if data.get("date") else None,
        kind="html",
    )


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _body(text: str, title: str | None) -> str:
    """Paragraphs separated by blank lines, without the headline repeated on top."""
    paragraphs = [" ".join(p.split()) for p in text.split("\n")]
    paragraphs = [p for p in paragraphs if p]
    if title and paragraphs and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


def _same(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s.lower()).strip()  # noqa: E731
    return norm(a) == norm(b)
