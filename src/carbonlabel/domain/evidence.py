"""Green-finance evidence (绿色金融采信): a certificate holder grants a bank access to one of its
certificates; the bank reads a signed evidence package of it; every access is logged for the
holder, and a revoked or expired grant is refused.

The package travels as an envelope (format ``carbonlabel-evidence/1``)::

    {"format": "carbonlabel-evidence/1",
     "package": {...},
     "signature": {"alg": "Ed25519", "kid": "<key id>", "value": "<base64url>"}}

The signature is Ed25519 over :func:`canonical_bytes` of ``package``: its JSON with keys
sorted, no whitespace, UTF-8 text unescaped. Every number in a package is a decimal string and
every other value a string, a boolean, null, a list or an object, so any JSON library that
sorts keys writes the same bytes (no float formatting to agree on). The key is one of the
platform's label keys, published at ``/api/v1/registry/keys``: a bank checks the package
offline with that file.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

FORMAT = "carbonlabel-evidence/1"
ALGORITHM = "Ed25519"
MAX_PURPOSE = 500
MAX_REFERENCE = 120


class GrantState(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"
    EXPIRED = "expired"


GRANT_STATE_NAMES: dict[GrantState, tuple[str, str]] = {
    GrantState.ACTIVE: ("有效", "active"),
    GrantState.REVOKED: ("已撤销", "revoked"),
    GrantState.EXPIRED: ("已到期", "expired"),
}


class AccessWhat(StrEnum):
    """What the bank asked for: the evidence page or the signed package (API or download)."""

    PAGE = "page"
    PACKAGE = "package"


class Channel(StrEnum):
    API = "api"
    PAGE = "page"
    CLI = "cli"


class Outcome(StrEnum):
    SERVED = "served"
    REFUSED = "refused"


@dataclass(frozen=True)
class EvidenceGrant:
    id: str
    certificate_id: str
    holder_id: str  # the certificate holder's organisation, which grants
    bank_id: str  # the bank organisation granted
    purpose: str  # e.g. "green loan application"
    reference: str  # the bank's loan or file reference, "" when none given
    expires_on: date | None  # last day of access (UTC); None: until revoked
    granted_by: str
    granted_at: datetime
    revoked_by: str | None = None
    revoked_at: datetime | None = None

    def state(self, today: date) -> GrantState:
        """Revoked wins over expired: the holder's act is what the log shows."""
        if self.revoked_at is not None:
            return GrantState.REVOKED
        if self.expires_on is not None and today > self.expires_on:
            return GrantState.EXPIRED
        return GrantState.ACTIVE


@dataclass(frozen=True)
class AccessEntry:
    """One access by a bank's user, served or refused: who, when, what, through which channel."""

    grant_id: str
    at: datetime
    user_id: str
    organisation_id: str
    what: AccessWhat
    channel: Channel
    outcome: Outcome
    reason: str = ""  # why it was refused ("revoked", "expired")


def decimal_text(value: float | None) -> str | None:
    """A number as the package writes it: the shortest decimal text that reads back as the
    same float (Python's ``repr``: ``43.11``, ``1e-05``), never rounded; None stays None."""
    if value is None:
        return None
    if not math.isfinite(value):
        raise ValueError("a package holds finite numbers only")
    return repr(float(value))


def check_values(value: Any, path: str = "package") -> None:
    """Raises ValueError naming the path of a value a package may not hold (a number, which
    is written as a decimal string, or anything that is not JSON)."""
    if value is None or isinstance(value, (str, bool)):
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"{path}: keys are strings")
            check_values(item, f"{path}.{key}")
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            check_values(item, f"{path}[{index}]")
        return
    raise ValueError(f"{path}: {type(value).__name__} is not allowed (numbers are decimal "
                     "strings)")


def canonical_bytes(package: Mapping[str, Any]) -> bytes:
    """The bytes the signature covers: sorted keys, no whitespace, UTF-8 unescaped."""
    check_values(package)
    return json.dumps(package, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class Envelope:
    package: Mapping[str, Any]
    kid: str
    signature: str  # base64url, no padding


def envelope_dict(envelope: Envelope) -> dict[str, Any]:
    return {"format": FORMAT, "package": dict(envelope.package),
            "signature": {"alg": ALGORITHM, "kid": envelope.kid, "value": envelope.signature}}


def parse_envelope(data: Any) -> Envelope:
    """The envelope of a downloaded file's JSON; ValueError saying what is wrong."""
    if not isinstance(data, Mapping):
        raise ValueError("not a JSON object")
    if data.get("format") != FORMAT:
        raise ValueError(f"not an evidence package (format is not {FORMAT})")
    package, signature = data.get("package"), data.get("signature")
    if not isinstance(package, Mapping):
        raise ValueError("no package object")
    if not isinstance(signature, Mapping) or signature.get("alg") != ALGORITHM:
        raise ValueError(f"no {ALGORITHM} signature")
    kid, value = signature.get("kid"), signature.get("value")
    if not isinstance(kid, str) or not isinstance(value, str) or not kid or not value:
        raise ValueError("the signature names no key or holds no value")
    return Envelope(package, kid, value)
