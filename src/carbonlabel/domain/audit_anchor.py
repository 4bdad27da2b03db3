"""The audit head as it is exported for an outside anchor, and read back.

Two forms carry the same fields: JSON (``carbonlabel audit head --json``) and one line to
paste into a ticket, an e-mail or a notary's log::

    carbonlabel-audit-head seq=42 keyed_from=1 hash=<64 hex> mac=<64 hex> at=<ISO time>

``carbonlabel audit verify --anchor`` reads either (only seq and hash are required).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from carbonlabel.domain.audit import AuditHead
from carbonlabel.errors import InputError

LINE_TAG = "carbonlabel-audit-head"
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class ExportedHead:
    head: AuditHead
    at: datetime  # when the head record was written

    def as_dict(self) -> dict[str, Any]:
        h = self.head
        return {"seq": h.seq, "hash": h.hash, "mac": h.mac, "keyed_from": h.keyed_from,
                "at": self.at.isoformat(), "line": self.line()}

    def line(self) -> str:
        h = self.head
        return (f"{LINE_TAG} seq={h.seq} keyed_from={h.keyed_from} hash={h.hash} "
                f"mac={h.mac} at={self.at.isoformat()}")


def _refused(why_en: str, why_zh: str) -> InputError:
    return InputError(field="--anchor", message_en=f"not an audit head: {why_en}",
                      message_zh=f"不是审计链头：{why_zh}")


def parse_anchor(text: str) -> AuditHead:
    """An anchor from the JSON or the one-line form of an exported head."""
    text = text.strip()
    fields: dict[str, Any]
    if text.startswith("{"):
        try:
            fields = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _refused(f"invalid JSON ({exc.msg})", f"JSON 无效（{exc.msg}）") from exc
        if not isinstance(fields, dict):
            raise _refused("JSON that is not an object", "JSON 不是对象")
    elif text.startswith(LINE_TAG):
        fields = dict(part.partition("=")[::2] for part in text.split()[1:])
    else:
        raise _refused(f"expected JSON or a line starting {LINE_TAG}",
                       f"应为 JSON 或以 {LINE_TAG} 开头的一行")
    keyed_from, mac = fields.get("keyed_from"), fields.get("mac")
    return AuditHead(_number(fields.get("seq"), "seq"), _hex(fields.get("hash"), "hash"),
                  None if keyed_from is None else _number(keyed_from, "keyed_from"),
                  None if mac is None else _hex(mac, "mac"))


def _number(value: Any, name: str) -> int:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _refused(f"{name} must be a whole number from 1", f"{name} 须为不小于 1 的整数")
    return value


def _hex(value: Any, name: str) -> str:
    if not isinstance(value, str) or not _HEX64.fullmatch(value):
        raise _refused(f"{name} must be 64 lowercase hex digits",
                       f"{name} 须为 64 位小写十六进制数")
    return value
