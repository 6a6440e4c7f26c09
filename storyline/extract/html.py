"""HTML pages -> clean article body plus metadata, via trafilatura.

trafilatura does the heavy lifting (it is the best HTML extractor we measured);
storyline adds what it needs on top: the headline never in the body, metadata
fallbacks (canonical URL, og:site_name, a printed dateline), and ISO dates.
"""

from __future__ import annotations

import re

from storyline.model import Article

from .errors import ExtractError
from .html_meta import page_metadata
from .meta import outlet_from_url
from .rules import match_rule

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
    tree = _parse(html)
    meta = page_metadata(tree)
    try:
        # trafilatura copies the tree it is given, so the page is parsed once
        result = trafilatura.bare_extraction(tree, url=url, **TRAFILATURA_OPTIONS)
    except (ValueError, TypeError, AttributeError) as exc:
        raise ExtractError("HTML could not be parsed") from exc
    if result is None:
        raise ExtractError("no article text found")
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    title = _headline(meta.get("title"), meta.get("sitename"))
    text = _body(data.get("text") or "", title)
    if not text:
        raise ExtractError("no article text found")
    page_url = meta.get("url") or url
    outlet = meta.get("sitename")
    if outlet and len(outlet) > 80:
        outlet = None
    return Article(
        id=doc_id,
        source=source,
        text=text,
        title=title,
        url=page_url,
        outlet=outlet or (outlet_from_url(page_url) if page_url else None),
        byline=meta.get("author"),
        published=meta.get("published"),
        modified=meta.get("modified"),
        kind="html",
    )


def _parse(html: str):
    """lxml tree of the page, or ExtractError (control characters are retried without)."""
    from trafilatura.utils import load_html

    for attempt in (html, _CONTROL.sub(" ", html)):
        try:
            tree = load_html(attempt)
        except (ValueError, TypeError):
            tree = None
        if tree is not None:
            return tree
    raise ExtractError("HTML could not be parsed")


_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{1,60}$")


def _headline(title: str | None, sitename: str | None) -> str | None:
    """The page title without a trailing " | Outlet" (when it names the outlet)."""
    title = _clean(title)
    if not title:
        return None
    match = _SITE_SUFFIX.search(title)
    if match and (not sitename or _same(match.group(0).strip(" |–—-"), sitename) or len(title) - len(match.group(0)) > 20):
        tail = match.group(0).strip(" |–—-")
        if len(tail.split()) <= 4:
            return title[: match.start()].strip()
    return title


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _body(text: str, title: str | None) -> str:
    """Paragraphs separated by blank lines, without the headline repeated on top
    and without the widgets storyline's boilerplate rules know (captions, app
    and newsletter prompts, author boxes, comment-section openers)."""
    paragraphs = [" ".join(p.split()) for p in text.split("\n")]
    paragraphs = [p for p in paragraphs if p and re.search(r"\w", p)]
    if title and paragraphs and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    return "\n\n".join(_drop_widgets(paragraphs))


def _drop_widgets(paragraphs: list[str]) -> list[str]:
    total = sum(len(p) for p in paragraphs)
    kept: list[str] = []
    seen = 0
    for para in paragraphs:
        rule = match_rule(para)
        if rule is not None and rule.action == "cut" and seen >= 0.6 * total:
            break  # the comment section starts: nothing after it is article
        seen += len(para)
        if rule is None:
            kept.append(para)
    return kept


def _same(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s.lower()).strip()  # noqa: E731
    return norm(a) == norm(b)
