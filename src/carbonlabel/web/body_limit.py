"""Request bodies capped before any route reads them (docs/security.md, "Limits").

``multipart/form-data`` may have ``MAX_UPLOAD_BODY_BYTES``, any other body
``MAX_BODY_BYTES``. A declared ``Content-Length`` over the cap is answered 413 at once; a
body without one (chunked) is counted as it arrives, up to the cap, then handed on. The answer
is the API's JSON error, or a short bilingual page when a browser posts a page's form."""

from __future__ import annotations

from html import escape

from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from carbonlabel.adapters import limits
from carbonlabel.web.errors import error_body


def _cap(scope: Scope) -> tuple[int, str]:
    headers = dict(scope.get("headers") or [])
    if headers.get(b"content-type", b"").lower().startswith(b"multipart/form-data"):
        return limits.MAX_UPLOAD_BODY_BYTES, "MAX_UPLOAD_BODY_BYTES"
    return limits.MAX_BODY_BYTES, "MAX_BODY_BYTES"


def _too_large(scope: Scope, cap: int, name: str) -> Response:
    mib = f"{cap / limits.MiB:,.0f} MiB"
    message_en = f"the request body is larger than {mib} ({name})"
    message_zh = f"请求体超过 {mib}（{name}）"
    headers = {"Connection": "close"}
    if _from_page_form(scope):
        return HTMLResponse(_PAGE.format(zh=escape(message_zh), en=escape(message_en)),
                            status_code=413, headers=headers)
    return JSONResponse(error_body("too_large", "body", message_en, message_zh, limit=name,
                                   limit_bytes=cap), status_code=413, headers=headers)


_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>413 请求体过大 Request body too large</title></head><body>
<h1>请求体过大 Request body too large</h1><p>{zh}</p><p lang="en">{en}</p>
<p><a href="/">首页 Home</a></p></body></html>"""


def _from_page_form(scope: Scope) -> bool:
    """A browser posting one of the pages' forms (not the API, PACT or registry JSON)."""
    headers = dict(scope.get("headers") or [])
    path = str(scope.get("path", ""))
    return (b"text/html" in headers.get(b"accept", b"")
            and not path.startswith(("/api/", "/2/", "/3/", "/auth/")))


class BodyLimit:
    """ASGI middleware refusing request bodies over the documented caps with 413."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap, name = _cap(scope)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None:
            # the server holds the body to this length; over the cap: refused unread
            if length.strip().isdigit() and int(length) > cap:
                await _too_large(scope, cap, name)(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []  # no length given: read up to the cap, then replay
        size, more = 0, True
        while more:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > cap:
                await _too_large(scope, cap, name)(scope, receive, send)
                return
            more = bool(message.get("more_body", False))

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)
