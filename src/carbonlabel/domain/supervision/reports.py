"""Public reports of a suspected false label (公众举报): what a consumer saw on a package, sent
from the label's verification page or the registry without signing in. A report becomes an
alert for the regulators of the holder's and of the reporter's region: ``value_mismatch`` when
the value printed differs from the certificate's beyond the printed rounding
(:mod:`.onpack`), otherwise ``public_report``. A number that names no certificate is still
accepted (a suspected forgery copies a real number's format).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

#: photographs a report may carry
PHOTO_TYPES: dict[str, bytes] = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
MAX_PHOTO_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Report:
    id: str
    reference: str  # JB-2026-000001
    claimed_number: str  # as the reporter typed it (upper-cased)
    certificate_id: str | None
    printed_value: str | None  # the number on the package, as written
    printed_unit: str | None
    region: str | None  # where bought (optional)
    description: str
    contact: str | None
    photo_id: str | None
    alert_id: str | None
    received_at: datetime


def reference(year: int, serial: int) -> str:
    return f"JB-{year}-{serial:06d}"


def photo_problem(media_type: str, content: bytes) -> tuple[str, str] | None:
    """Why a photo is refused ((zh, en)), or None: JPEG or PNG by its first bytes, at most
    :data:`MAX_PHOTO_BYTES`."""
    if not content or len(content) > MAX_PHOTO_BYTES:
        return ("照片须为 1 字节至 5 MB", "a photo has 1 byte to 5 MB")
    magic = PHOTO_TYPES.get(media_type)
    if magic is None or not content.startswith(magic):
        return ("照片须为 JPEG 或 PNG 格式", "a photo is a JPEG or PNG image")
    return None
