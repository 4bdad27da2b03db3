"""Labels: what a label states and the signed token its QR code carries.

The token is ``<payload>.<signature>``, both base64url without padding; the payload is the
compact, key-sorted JSON of :class:`LabelPayload`; the signature is Ed25519 over the payload
bytes, made by the key named ``kid``. Verifying a scanned token is two steps: the signature
(offline, with the public keys) and the registry's live status of the certificate.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

TOKEN_VERSION = 1


@dataclass(frozen=True)
class LabelPayload:
    kid: str  # key id of the signing key
    certificate: str  # certificate number
    value: str  # footprint as a decimal string, e.g. "43.1"
    unit: str  # "kg CO2e / 1 kWh"
    issued: date
    expires: date
    v: int = TOKEN_VERSION
    #: the print run (印刷批次) this label's token names, when the issuer gave one: each print
    #: run then has a token, and so a scan history, of its own ("ps", absent otherwise)
    serial: str | None = None

    def to_bytes(self) -> bytes:
        body: dict[str, object] = {
            "v": self.v, "kid": self.kid, "cn": self.certificate, "val": self.value,
            "u": self.unit, "iat": self.issued.isoformat(), "exp": self.expires.isoformat()}
        if self.serial is not None:
            body["ps"] = self.serial
        return json.dumps(body, sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False).encode("utf-8")

    @staticmethod
    def from_bytes(data: bytes) -> LabelPayload:
        body = json.loads(data.decode("utf-8"))
        if not isinstance(body, dict):
            raise ValueError("payload is not an object")
        return LabelPayload(kid=str(body["kid"]), certificate=str(body["cn"]),
                            value=str(body["val"]), unit=str(body["u"]),
                            issued=date.fromisoformat(str(body["iat"])),
                            expires=date.fromisoformat(str(body["exp"])), v=int(body["v"]),
                            serial=str(body["ps"]) if "ps" in body else None)


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def b64decode(text: str) -> bytes:
    """The bytes of canonical unpadded base64url text; any other spelling is refused.

    Lenient decoding would accept padding, the ``+/`` alphabet, stray characters and unused
    trailing bits, so several texts would verify as one label while their digests differ.
    """
    raw = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    if b64encode(raw) != text:
        raise ValueError("not canonical base64url")
    return raw


def split_token(token: str) -> tuple[LabelPayload, bytes, bytes] | None:
    """(payload, payload bytes, signature) of a token, or ``None`` if it is malformed or not
    in its one canonical spelling (no surrounding whitespace either: an edge that reads typed
    text strips it there)."""
    parts = token.split(".")
    if len(parts) != 2 or not all(parts):
        return None
    try:
        raw, signature = b64decode(parts[0]), b64decode(parts[1])
        payload = LabelPayload.from_bytes(raw)
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    if payload.v != TOKEN_VERSION or len(signature) != 64:
        return None
    return payload, raw, signature


class Verdict(StrEnum):
    """What a scan shows: the certificate's status, or that the label is not genuine."""

    VALID = "valid"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    NOT_GENUINE = "not_genuine"


VERDICT_NAMES: dict[Verdict, tuple[str, str]] = {
    Verdict.VALID: ("有效", "valid"), Verdict.SUSPENDED: ("暂停", "suspended"),
    Verdict.WITHDRAWN: ("已撤销", "withdrawn"), Verdict.CANCELLED: ("已注销", "cancelled"),
    Verdict.EXPIRED: ("已过期", "expired"), Verdict.NOT_GENUINE: ("非真实标识", "not genuine"),
}
