"""What every table download of the pages shares: headers in both languages, and the answer
that hands a file over (an attachment, never cached: it holds an organisation's data)."""

from __future__ import annotations

from fastapi import Response

from carbonlabel.web.pages.rendering import both


def both_languages(msgid: str) -> str:
    """A page word as a file header: "中文 / English" (one of them if they are the same)."""
    words = both(msgid)
    zh, en = words["message_zh"], words["message_en"]
    return en if zh == en else f"{zh} / {en}"


def send(content: bytes, media_type: str, filename: str) -> Response:
    return Response(content, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})
