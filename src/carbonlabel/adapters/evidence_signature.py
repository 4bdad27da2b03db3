"""Detached Ed25519 signatures of evidence packages, made with the platform's label keys
(``adapters/label_keys.py``) so that the keys a bank checks them with are the published ones
(``GET /api/v1/registry/keys``, ``carbonlabel label keys export``)."""

from __future__ import annotations

import binascii
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.domain.certification.label import b64decode, b64encode
from carbonlabel.domain.evidence import Envelope, canonical_bytes, parse_envelope


def sign_package(package: Mapping[str, Any], keys: LabelKeys) -> Envelope:
    kid, key = keys.current()
    return Envelope(package, kid, b64encode(key.sign(canonical_bytes(package))))


def check_envelope(data: Any,
                   public_keys: Mapping[str, Ed25519PublicKey]) -> tuple[Envelope | None, str]:
    """The envelope of a genuine package, or ``None`` and why it is not genuine (bilingual)."""
    try:
        envelope = parse_envelope(data)
        raw = canonical_bytes(envelope.package)
    except ValueError as exc:
        return None, f"不是证据包 not an evidence package: {exc}"
    key = public_keys.get(envelope.kid)
    if key is None:
        return None, f"签名密钥未公布 signed by an unknown key ({envelope.kid[:40]})"
    try:
        signature = b64decode(envelope.signature)
        key.verify(signature, raw)
    except (ValueError, binascii.Error, InvalidSignature):
        return None, ("签名与内容不符 the signature does not match the package (altered, or "
                      "signed by another key)")
    return envelope, ""
