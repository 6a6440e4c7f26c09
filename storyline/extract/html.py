"""HTML pages -> clean article body plus metadata, via trafilatura.

trafilatura does the heavy lifting (it is the best HTML extractor we measured);
storyline adds what it needs on top: the headline never in the body, metadata
fallbacks (canonical URL, og:site_name, a printed dateline), ISO dates, and the
widget rules shared with scraped text.  For speed the page is parsed once, and
trafilatura's fallback extractors run only when its fast pass misses the article.
"""

from __future__ import annotations

import re

from lxml import etree

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
    tree = _parse_quick(html)
    if tree is None:
        tree = _parse(html)
        data = _trafilatura_body(trafilatura, tree, url)
    else:
        data = _trafilatura_body(trafilatura, tree, url, strict=False) or _trafilatura_body(trafilatura, _parse(html), url)
    meta = page_metadata(tree)
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


# The first pass skips trafilatura's fallback extractors (readability, jusText); they only
# change the result when the first pass found little of the page's paragraph text.
_FULL_CASCADE_SHARE = 0.15  # first-pass text below this share of the page's <p> text -> full run
_MIN_FIRST_PASS_CHARS = 250  # trafilatura's own MIN_EXTRACTED_SIZE
_P_TEXT = etree.XPath("//p//text()", smart_strings=False)


def _trafilatura_body(trafilatura, tree, url: str | None, *, strict: bool = True) -> dict | None:
    """trafilatura's extraction as a dict: its fast pass, or its whole cascade when the
    fast pass looks like it missed the article (the fallbacks cost a quarter of its time
    and changed one dev page in 80, where the fast pass kept 2% of the paragraphs).
    Nothing found: ExtractError, or None when not ``strict``.

    trafilatura copies the tree it is given, so the page is parsed once even when the
    cascade runs twice."""
    data = _bare(trafilatura, tree, url, fast=True)
    text = (data or {}).get("text") or ""
    if len(text) < _MIN_FIRST_PASS_CHARS or len(text) < _FULL_CASCADE_SHARE * _paragraph_chars(tree):
        data = _bare(trafilatura, tree, url, fast=False) or data
    if not data and strict:
        raise ExtractError("no article text found")
    return data or None


def _bare(trafilatura, tree, url: str | None, *, fast: bool) -> dict | None:
    """One trafilatura run on (a copy of) ``tree`` with storyline's options."""
    try:
        result = trafilatura.bare_extraction(tree, url=url, fast=fast, **TRAFILATURA_OPTIONS)
    except (ValueError, TypeError, AttributeError) as exc:
        raise ExtractError("HTML could not be parsed") from exc
    if result is None:
        return None
    return result.as_dict() if hasattr(result, "as_dict") else dict(result)


def _paragraph_chars(tree) -> int:
    """Characters of text inside the page's <p> elements (roughly what the fallback
    extractors could find)."""
    return sum(len(t) for t in _P_TEXT(tree))


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


def _parse_quick(html: str):
    """The page parsed as trafilatura's ``load_html`` would, minus its scan of the whole
    page for characters XML forbids (a tenth of the cost of extraction; such characters
    are rare, and trafilatura then returns nothing, so the caller re-parses with
    :func:`_parse`).  None when the page needs one of load_html's repairs."""
    from lxml.html import fromstring
    from trafilatura.utils import DOCTYPE_TAG, HTML_PARSER

    beginning = html[:50].lower()
    if "html" not in beginning:
        return None  # not obviously a whole page: load_html's checks decide
    if "doctype" in beginning:  # libxml2 mis-parses some doctypes (as load_html knows)
        first, newline, rest = html.partition("\n")
        html = DOCTYPE_TAG.sub("", first, count=1) + newline + rest
    if any("<html" in line and line.endswith("/>") for line in html[:4096].splitlines()[:4]):
        return None
    try:
        tree = fromstring(html, parser=HTML_PARSER)
    except Exception:  # noqa: BLE001 - e.g. an encoding declaration in a str: load_html copes
        return None
    return tree if tree is not None and len(tree) >= 1 else None


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
    value = " ".join(_CONTROL.sub(" ", value).split())
    return value or None


def _body(text: str, title: str | None) -> str:
    """Paragraphs separated by blank lines, without the headline repeated on top
    and without the widgets storyline's boilerplate rules know (captions, app
    and newsletter prompts, author boxes, comment-section openers)."""
    paragraphs = [" ".join(p.split()) for p in _CONTROL.sub(" ", text).split("\n")]
    paragraphs = [p for p in paragraphs if p and re.search(r"\w", p)]
    if title and paragraphs and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    return "\n\n".join(_drop_widgets(paragraphs))


_POST_LINK = re.compile(r"pic\.twitter\.com/|\bt\.co/|https?://")


def _drop_widgets(paragraphs: list[str]) -> list[str]:
    total = sum(len(p) for p in paragraphs)
    kept: list[str] = []
    seen = 0
    for para in paragraphs:
        rule = match_rule(para)
        if rule is not None and rule.action == "cut" and seen >= 0.6 * total:
            break  # the comment section (or a teaser block) starts: nothing after it is article
        seen += len(para)
        if rule is None and "(@" in para and match_rule(para, ("signature",)):
            # an embedded post's signature ("— Name (@handle) date"): it goes, and so does
            # the post's text above it when it carries the post's link
            if kept and _POST_LINK.search(kept[-1]):
                kept.pop()
            continue
        if rule is None:
            kept.append(para)
    return kept


def _same(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s.lower()).strip()  # noqa: E731
    return norm(a) == norm(b)
