"""Web archives (WARC) and news feeds (RSS/Atom).

A WARC is streamed record by record (archives are often larger than any single
article may be), and every HTML/text response in it becomes one RawDocument
with the record's target URI.  A feed's entries become articles from their own
full content when the feed carries it, else their links are fetched (with the
same private-address rules as any URL).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from storyline.ingest.decode import BadInput, documents_from_bytes
from storyline.ingest.limits import Limits
from storyline.model import InputError, RawDocument

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml", ".rss.gz", ".atom.gz", ".xml.gz")
_ARTICLE_TYPES = ("text/html", "application/xhtml", "text/plain")
# a feed entry whose own content is at least this long is taken as the article itself
MIN_ENTRY_CHARS = 600


def is_warc(name: str) -> bool:
    return name.lower().endswith(WARC_SUFFIXES)


def is_feed(name: str, head: bytes = b"") -> bool:
    if name.lower().endswith(FEED_SUFFIXES):
        return True
    sniff = head[:1000].lstrip().lower()
    return sniff.startswith(b"<?xml") and (b"<rss" in sniff or b"<feed" in sniff) or sniff.startswith((b"<rss", b"<feed"))


def iter_warc(source: str, stream: BinaryIO, limits: Limits) -> Iterator[RawDocument | InputError]:
    """Every HTML or text response of a WARC stream; a broken archive ends in one error line."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type not in ("response", "resource"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"record-{found}"
            http = record.http_headers
            if http is not None and not http.get_statuscode().startswith("2"):
                continue
            ctype = (http.get_header("Content-Type") if http else record.rec_headers.get_header("Content-Type")) or ""
            if not ctype.lower().startswith(_ARTICLE_TYPES):
                continue
            where = f"{source}#{uri}"
            payload = record.content_stream().read(limits.max_bytes + 1)
            if len(payload) > limits.max_bytes:
                yield InputError(where, f"record too large (over {limits.max_bytes:,} bytes)")
                continue
            charset = None
            if "charset=" in ctype.lower():
                charset = ctype.lower().split("charset=", 1)[1].split(";")[0].strip() or None
            name = "page.txt" if ctype.lower().startswith("text/plain") else "page.html"
            for item in documents_from_bytes(where, name, payload, limits, declared_charset=charset):
                if isinstance(item, RawDocument):
                    item.url = item.url or uri
                found += 1
                yield item
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
        yield InputError(source, f"malformed WARC ({str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__})")
        return
    if not found:
        yield InputError(source, "WARC holds no HTML or text responses")


def iter_feed(
    source: str, data: bytes, limits: Limits, allow_private: bool
) -> Iterator[RawDocument | InputError]:
    """Articles of an RSS/Atom feed: full entry content when present, else the fetched links."""
    import feedparser

    from storyline.ingest.web import fetch_url

    parsed = feedparser.parse(data)
    # a broken feed may still parse into empty shells of entries: keep only real ones
    parsed.entries = [e for e in parsed.entries if e.get("link") or e.get("content") or e.get("summary")]
    if parsed.bozo and not parsed.entries:
        reason = str(getattr(parsed, "bozo_exception", "not a feed")).splitlines()[0][:160]
        yield InputError(source, f"malformed feed ({reason})")
        return
    if not parsed.entries:
        yield InputError(source, "feed has no entries")
        return
    outlet = (parsed.feed.get("title") or "").strip() or None
    for i, entry in enumerate(parsed.entries):
        where = f"{source}#{entry.get('link') or i}"
        content = ""
        if entry.get("content"):
            content = max((c.get("value", "") for c in entry.content), key=len)
        content = content or entry.get("summary", "")
        date = None
        for key in ("published_parsed", "updated_parsed"):
            if entry.get(key):
                t = entry[key]
                date = f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
                break
        if len(content) >= MIN_ENTRY_CHARS or not entry.get("link"):
            if not content.strip():
                yield InputError(where, "feed entry has neither content nor link")
                continue
            record_html = f"<html><body><article>{content}</article></body></html>"
            for item in documents_from_bytes(where, "entry.html", record_html.encode("utf-8"), limits):
                if isinstance(item, RawDocument):
                    item.title, item.url, item.date, item.outlet = entry.get("title"), entry.get("link"), date, outlet
                yield item
            continue
        for item in fetch_url(entry.link, allow_private=allow_private, limits=limits):
            if isinstance(item, RawDocument):
                item.title = item.title or entry.get("title")
                item.date = item.date or date
                item.outlet = item.outlet or outlet
            yield item


def feed_or_error(source: str, data: bytes, limits: Limits, allow_private: bool) -> Iterator[RawDocument | InputError]:
    try:
        yield from iter_feed(source, data, limits, allow_private)
    except BadInput as exc:
        yield InputError(source, str(exc))
