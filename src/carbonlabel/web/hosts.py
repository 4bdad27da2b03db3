"""Which Host the platform answers to, and the one public base URL of every link it makes.

Label QR codes, issued labels' URLs, registry links and documents carry
``settings.public_url``. Without it (development: the platform answers on this machine
only) the base is the request's, and the Host header is then limited to loopback names;
with it, to public_url's host. ``settings.allowed_hosts`` adds names in both cases. Any
other Host is answered 400 before a route runs, so a forged Host can neither reach a page
nor end up in public, cached artwork (docs/security.md).
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from carbonlabel.config import Settings
from carbonlabel.web.errors import error_body

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def trusted_hosts(settings: Settings) -> frozenset[str]:
    """The host names (without port, lower case) the platform answers to."""
    extra = {h.strip().lower() for h in settings.allowed_hosts if h.strip()}
    if settings.public_url:
        host = urlsplit(settings.public_url).hostname
        return frozenset(extra | ({host.lower()} if host else set()))
    return frozenset(extra | set(LOOPBACK_NAMES))


def host_name(value: str) -> str:
    """The name of a Host header value without its port ("[::1]:8000" -> "::1")."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else ""
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def public_base(request: Request) -> str:
    """The platform's public base URL, without a trailing slash."""
    configured: str | None = request.app.state.settings.public_url
    return (configured or str(request.base_url)).rstrip("/")


class TrustedHostMiddleware:
    """Answers 400 (machine-readable, field ``Host``) to a request with an untrusted Host."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str]) -> None:
        self.app, self.hosts = app, hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
        if host_name(raw) in self.hosts:
            await self.app(scope, receive, send)
            return
        body = json.dumps(error_body(
            "untrusted_host", "Host",
            "untrusted Host header: use the platform's public address (public_url)",
            "不受信任的 Host 请求头：请使用平台的公开地址（public_url）"),
            ensure_ascii=False).encode("utf-8")
        await send({"type": "http.response.start", "status": 400,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode("ascii"))]})
        await send({"type": "http.response.body", "body": body})


def install(app: FastAPI, settings: Settings) -> None:
    """Outermost: checked before sessions, routes and error handlers."""
    app.add_middleware(TrustedHostMiddleware, hosts=trusted_hosts(settings))
