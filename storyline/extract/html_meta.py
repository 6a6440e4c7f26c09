"""Page metadata read straight from the HTML head and JSON-LD (cheap XPath lookups).

Publishers state their metadata for search engines and social cards: Open Graph
(``og:title``, ``og:site_name``), ``article:published_time``, JSON-LD
``NewsArticle`` (``datePublished``, ``author``, ``publisher``), ``<link
rel=canonical>``.  Reading those directly is faster than a full date search and
exact when present; what is missing stays None (the caller may fall back).
"""

from __future__ import annotations

import json
import re
from typing import Any

from .meta import normalise_date

_META_KEYS = {
    "title": ("og:title", "twitter:title", "dc.title", "title"),
    "sitename": ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site"),
    "published": (
        "article:published_time", "og:article:published_time", "datepublished", "publishdate", "pubdate",
        "date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
        "article.published", "publish-date", "cxenseparse:recs:publishtime",
    ),
    "modified": ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified"),
    "author": ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl"),
    "url": ("og:url",),
}


def page_metadata(tree: Any) -> dict[str, str]:
    """title, sitename, published, modified, author, url — whatever the page states."""
    found: dict[str, str] = {}
    metas: dict[str, str] = {}
    for node in tree.iterfind(".//meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        value = (node.get("content") or "").strip()
        if key and value and key not in metas:
            metas[key] = value
    for field, keys in _META_KEYS.items():
        for key in keys:
            if metas.get(key):
                found[field] = metas[key]
                break
    _from_json_ld(tree, found)
    if "ld_author" in found:  # the article's own author beats a site-wide meta tag
        found["author"] = found.pop("ld_author")
    if "author" not in found:
        found_author = _byline_element(tree)
        if found_author:
            found["author"] = found_author
    canonical = tree.find('.//link[@rel="canonical"]')
    if canonical is not None and (canonical.get("href") or "").startswith("http"):
        found["url"] = canonical.get("href").strip()
    if "title" not in found:
        node = tree.find(".//title")
        if node is not None and node.text:
            found["title"] = node.text
    if "published" not in found:
        for node in tree.iterfind(".//time"):
            if node.get("datetime"):
                found["published"] = node.get("datetime")
                break
    for field in ("published", "modified"):
        if field in found:
            iso = normalise_date(found[field])
            if iso:
                found[field] = iso
            else:
                del found[field]
    if "author" in found and (found["author"].startswith("http") or len(found["author"]) > 120):
        del found["author"]
    if "sitename" in found and found["sitename"].startswith("@"):
        found["sitename"] = found["sitename"][1:]
    return {k: " ".join(v.split()) for k, v in found.items() if v and v.strip()}


def _from_json_ld(tree: Any, found: dict[str, str]) -> None:
    for node in tree.iterfind('.//script[@type="application/ld+json"]'):
        text = (node.text or "").strip()
        if not text or len(text) > 500_000:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            continue
        for item in _items(data):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if not any(isinstance(k, str) and re.search(r"Article|Posting|Report|WebPage", k) for k in kinds):
                continue
            if isinstance(item.get("datePublished"), str):
                found.setdefault("published", item["datePublished"])
            if isinstance(item.get("dateModified"), str):
                found.setdefault("modified", item["dateModified"])
            if isinstance(item.get("headline"), str):
                found.setdefault("title", item["headline"])
            author = _names(item.get("author"))
            if author and "ld_author" not in found:
                found["ld_author"] = author
            publisher = _names(item.get("publisher"))
            if publisher:
                found.setdefault("sitename", publisher)


_BYLINE_XPATHS = (
    './/*[@itemprop="author"]//*[@itemprop="name"]',
    './/*[@itemprop="author"]',
    './/a[@rel="author"]',
    './/*[contains(@class, "byline")]//a',
    './/*[contains(@class, "byline")]',
    './/*[contains(@class, "author-name")]',
)


def _byline_element(tree: Any) -> str | None:
    """An author named in the page body (schema.org or byline classes)."""
    for xpath in _BYLINE_XPATHS:
        try:
            nodes = tree.xpath(xpath)
        except Exception:  # noqa: BLE001 - a malformed tree only loses the byline
            return None
        for node in nodes[:3]:
            text = " ".join(node.text_content().split()) if hasattr(node, "text_content") else ""
            text = re.sub(r"^(?:by|von|par|por)\s+", "", text, flags=re.IGNORECASE).strip(" ,|")
            if 3 <= len(text) <= 80 and not re.search(r"\d{4}|https?:", text):
                return text
    return None


def _items(data: Any, depth: int = 0):
    """Dicts of a JSON-LD document, through @graph and lists (bounded depth)."""
    if depth > 4:
        return
    if isinstance(data, list):
        for entry in data[:50]:
            yield from _items(entry, depth + 1)
    elif isinstance(data, dict):
        yield data
        if isinstance(data.get("@graph"), list):
            yield from _items(data["@graph"], depth + 1)


def _names(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return value["name"]
    if isinstance(value, list):
        names = [n for n in (_names(v) for v in value[:10]) if n]
        return ", ".join(dict.fromkeys(names)) or None
    return None
