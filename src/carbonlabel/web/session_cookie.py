"""The browser session's cookie: when it is Secure, and the session use noted after the
answer.

**Secure**: the cookie carries the Secure flag when ``public_url`` is https (browsers reach
the platform over HTTPS, whatever is between), or when the request itself came over HTTPS:
``serve --certfile/--keyfile``, or a reverse proxy that uvicorn trusts (its
``proxy_headers``, on, and ``FORWARDED_ALLOW_IPS``, by default 127.0.0.1) saying
``X-Forwarded-Proto: https``. Plain-http development on this machine gets no flag, so that
the browser keeps sending the cookie there.

**Use after the answer**: a session's or token's ``last_seen_at``/``last_used_at`` is
written in a transaction of its own once the route's units of work are closed, so that it
never waits on the route's own write lock (SQLite has one writer).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import anyio
from fastapi import Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_AFTER = "carbonlabel_after_answer"


def always_secure(public_url: str | None) -> bool:
    return bool(public_url) and urlsplit(public_url or "").scheme == "https"


def after_answer(request: Request, job: Callable[[], None]) -> None:
    """Run ``job`` once the answer is sent (at once where no middleware collects jobs)."""
    jobs: list[Callable[[], None]] | None = getattr(request.state, _AFTER, None)
    if jobs is None:
        job()
    else:
        jobs.append(job)


class SessionCookieMiddleware:
    """Adds ``Secure`` to the session cookie when the rule above says so, and runs the jobs
    left for after the answer. Added around Starlette's SessionMiddleware."""

    def __init__(self, app: ASGIApp, cookie: str, always: bool) -> None:
        self.app, self.prefix, self.always = app, f"{cookie}=".encode("latin-1"), always

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        secure = self.always or scope.get("scheme") == "https"
        jobs: list[Callable[[], None]] = []
        scope.setdefault("state", {})[_AFTER] = jobs

        async def send_secure(message: Message) -> None:
            if secure and message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                cookies = headers.getlist("set-cookie")
                if any(c.encode("latin-1").startswith(self.prefix) for c in cookies):
                    del headers["set-cookie"]
                    for cookie in cookies:
                        mine = cookie.encode("latin-1").startswith(self.prefix)
                        headers.append("set-cookie", cookie + "; secure"
                                       if mine and "; secure" not in cookie.lower() else cookie)
            await send(message)

        try:
            await self.app(scope, receive, send_secure)
        finally:
            for job in jobs:
                await anyio.to_thread.run_sync(job)
