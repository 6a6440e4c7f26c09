"""Fetching http(s) URLs safely: timeouts, a size cap, and no private addresses.

Article URLs come from users and from feeds, i.e. from untrusted text.  A
fetched URL must not become a way into the machine's own network (SSRF), so
every hop of a fetch (redirects included) is resolved and refused when any of
its addresses is loopback, private, link-local, reserved or multicast — unless
the user passes ``--allow-private``.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

from storyline.ingest.decode import BadInput, documents_from_bytes
from storyline.ingest.limits import Limits
from storyline.model import InputError, RawDocument

USER_AGENT = "storyline/0.1 (+offline news analysis)"


def is_url(spec: str) -> bool:
    return "://" in spec[:12]


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_destination(url: str, allow_private: bool) -> None:
    """Refuse schemes other than http(s) and hosts that resolve to non-public addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BadInput(f"unsupported URL scheme '{parts.scheme}' (only http and https)")
    if not parts.hostname:
        raise BadInput("URL has no host")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 0, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise BadInput(f"host not found ({exc.strerror})") from None
    for info in infos:
        address = str(info[4][0])
        if not _public(address):
            raise BadInput(
                f"refused: {parts.hostname} resolves to private address {address} (use --allow-private to allow)"
            )


def fetch_bytes(url: str, *, allow_private: bool, limits: Limits) -> tuple[bytes, str, str | None]:
    """GET with redirects followed by hand (each hop checked); returns body, final URL, charset."""
    import httpx

    timeout = httpx.Timeout(limits.fetch_timeout, connect=min(limits.fetch_timeout, 10.0))
    with httpx.Client(follow_redirects=False, timeout=timeout, headers={"User-Agent": USER_AGENT}) as client:
        for _hop in range(limits.max_redirects + 1):
            check_destination(url, allow_private)
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise BadInput(f"HTTP {response.status_code} {response.reason_phrase}")
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                        raise BadInput(f"too large ({int(declared):,} bytes, limit {limits.max_bytes:,})")
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > limits.max_bytes:
                            raise BadInput(f"too large (over {limits.max_bytes:,} bytes)")
                        chunks.append(chunk)
                    return b"".join(chunks), url, response.charset_encoding
            except httpx.TimeoutException:
                raise BadInput(f"timed out after {limits.fetch_timeout:g}s") from None
            except httpx.HTTPError as exc:
                raise BadInput(f"fetch failed ({type(exc).__name__}: {exc})") from None
        raise BadInput(f"too many redirects (over {limits.max_redirects})")


def fetch_url(url: str, *, allow_private: bool, limits: Limits) -> Iterator[RawDocument | InputError]:
    try:
        data, final_url, charset = fetch_bytes(url, allow_private=allow_private, limits=limits)
    except BadInput as exc:
        yield InputError(url, str(exc))
        return
    path = urlsplit(final_url).path or "/"
    name = path if "." in path.rsplit("/", 1)[-1] else "page.html"
    from storyline.ingest.archives import feed_or_error, is_feed, is_warc, iter_warc

    if is_warc(name):
        import io

        yield from iter_warc(url, io.BytesIO(data), limits)
        return
    if is_feed(name, data):
        yield from feed_or_error(url, data, limits, allow_private)
        return
    for item in documents_from_bytes(url, name, data, limits, declared_charset=charset):
        if isinstance(item, RawDocument) and item.url is None:
            item.url = final_url
        yield item
