"""Security around the web app: who may write, what a response may load, how big a body may be.

Article HTML is hostile, and a server bound beyond loopback is reachable by
anyone on the network, so:

* every response carries a Content-Security-Policy without inline script, plus
  ``X-Content-Type-Options``, ``frame-ancestors 'none'`` and a strict referrer
  policy (templates also escape everything; this is the second wall);
* write endpoints need ``Authorization: Bearer $STORYLINE_TOKEN`` whenever a
  token is set, and a token is mandatory beyond loopback (``create_app``
  refuses to start without one);
* without a token (loopback only) writes still refuse cross-site requests, so a
  page in the user's browser cannot post to the local server (CSRF);
* bound to loopback, requests must name a loopback host (``Host`` header), so
  a web page cannot reach the server through DNS rebinding;
* request bodies over a cap are refused with 413, whether or not they announce
  their length (FastAPI's own ``max_body_size``, set by ``create_app``).
"""

from __future__ import annotations

import hmac
import json
import ipaddress
import os
from collections.abc import Mapping

from fastapi import HTTPException, Request
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_ENV = "STORYLINE_TOKEN"
DEFAULT_MAX_BODY = 20 * 1024 * 1024  # same as the CLI's largest accepted input

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


def is_loopback(host: str) -> bool:
    """True for names and addresses that only this machine can reach."""
    host = host.strip().strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def configured_token() -> str | None:
    token = os.environ.get(TOKEN_ENV, "").strip()
    return token or None


class WriteGuard:
    """Who may write: the token when one is set, else same-site requests only.

    Used twice: as an ASGI middleware on every non-GET request (so an
    unauthenticated upload is refused before its body is read) and as the
    write endpoints' FastAPI dependency (which documents it in the schema).
    """

    WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

    def __init__(self, token: str | None):
        self.token = token

    def refusal(self, headers: Mapping[str, str]) -> tuple[int, str] | None:
        """(status, reason) when a write with these headers must be refused, else None."""
        if self.token is not None:
            scheme, _, value = headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), self.token.encode()):
                return 401, f"write endpoints need 'Authorization: Bearer ${TOKEN_ENV}'"
            return None
        if is_cross_site(headers):
            return 403, "cross-site write refused"
        return None

    def __call__(self, request: Request) -> None:
        refused = self.refusal(request.headers)
        if refused:
            status, reason = refused
            raise HTTPException(status_code=status, detail=reason,
                                headers={"WWW-Authenticate": "Bearer"} if status == 401 else None)

    def middleware(self, app: ASGIApp) -> ASGIApp:
        guard = self

        async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] == "http" and scope["method"] in guard.WRITE_METHODS:
                refused = guard.refusal(Headers(scope=scope))
                if refused:
                    status, reason = refused
                    extra = [(b"www-authenticate", b"Bearer")] if status == 401 else []
                    await _send_json(send, status, {"detail": reason}, extra)
                    return
            await app(scope, receive, send)

        return guarded


def is_cross_site(headers: Mapping[str, str]) -> bool:
    """A browser marks requests it sends on behalf of another site; refuse those."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site and fetch_site not in ("same-origin", "none"):
        return True
    origin = headers.get("origin")
    if origin and origin != "null":
        host = headers.get("host", "")
        return origin.split("://", 1)[-1].rstrip("/") != host
    return origin == "null"


async def _send_json(send: Send, status: int, data: dict, extra_headers: list | None = None) -> None:
    body = json.dumps(data).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra_headers or [])})
    await send({"type": "http.response.body", "body": body})


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP response (pure ASGI: no body buffering)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class LoopbackHostMiddleware:
    """On a loopback bind, refuses requests whose ``Host`` is not a loopback name.

    A hostile page can point its own hostname at 127.0.0.1 (DNS rebinding) and
    then talk to the local server as "same origin"; its requests still carry
    its own hostname in ``Host``, which is what this checks.
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1")
            if not is_loopback(_hostname(host)):
                await _send_json(send, 421, {"detail": "this server only answers to a loopback host name"})
                return
        await self.app(scope, receive, send)


def _hostname(host_header: str) -> str:
    """``127.0.0.1:8000`` -> ``127.0.0.1``; ``[::1]:8000`` -> ``::1``."""
    host = host_header.strip()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
