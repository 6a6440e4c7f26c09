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
import ipaddress
import os

from fastapi import HTTPException, Request
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
    """FastAPI dependency for write endpoints (token, then same-origin check)."""

    def __init__(self, token: str | None):
        self.token = token

    def __call__(self, request: Request) -> None:
        if self.token is not None:
            supplied = request.headers.get("authorization", "")
            scheme, _, value = supplied.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), self.token.encode()):
                raise HTTPException(
                    status_code=401,
                    detail=f"write endpoints need 'Authorization: Bearer ${TOKEN_ENV}'",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            return
        if is_cross_site(request):
            raise HTTPException(status_code=403, detail="cross-site write refused")


def is_cross_site(request: Request) -> bool:
    """A browser marks requests it sends on behalf of another site; refuse those."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site and fetch_site not in ("same-origin", "none"):
        return True
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        return origin.split("://", 1)[-1].rstrip("/") != host
    return origin == "null"


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
                body = b'{"detail":"this server only answers to a loopback host name"}'
                await send({"type": "http.response.start", "status": 421,
                            "headers": [(b"content-type", b"application/json"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def _hostname(host_header: str) -> str:
    """``127.0.0.1:8000`` -> ``127.0.0.1``; ``[::1]:8000`` -> ``::1``."""
    host = host_header.strip()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
