"""The evidence package's rules without a database: when a grant is active, the canonical bytes
a signature covers (written out by hand here), the numbers as decimal strings, and the check
of an envelope against keys (signed here with the ``cryptography`` primitive directly)."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from carbonlabel.adapters.evidence_signature import check_envelope
from carbonlabel.domain.evidence import (
    FORMAT,
    EvidenceGrant,
    GrantState,
    canonical_bytes,
    decimal_text,
    parse_envelope,
)

GRANTED = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _grant(expires_on: date | None = None, revoked_at: datetime | None = None) -> EvidenceGrant:
    return EvidenceGrant("g1", "c1", "holder", "bank", "green loan", "GL-1", expires_on, "u1",
                         GRANTED, "u1" if revoked_at else None, revoked_at)


def test_a_grant_is_active_through_its_last_day_and_expired_the_day_after() -> None:
    grant = _grant(expires_on=date(2026, 6, 30))
    assert grant.state(date(2026, 6, 30)) is GrantState.ACTIVE
    assert grant.state(date(2026, 7, 1)) is GrantState.EXPIRED
    assert _grant().state(date(2099, 1, 1)) is GrantState.ACTIVE


def test_a_revoked_grant_reads_as_revoked_even_after_its_last_day() -> None:
    grant = _grant(expires_on=date(2026, 6, 30), revoked_at=datetime(2026, 4, 1, tzinfo=UTC))
    assert grant.state(date(2026, 4, 2)) is GrantState.REVOKED
    assert grant.state(date(2026, 8, 1)) is GrantState.REVOKED


def test_the_canonical_bytes_sort_keys_drop_whitespace_and_keep_chinese_unescaped() -> None:
    package = {"b": {"z": "1", "a": None}, "a": ["甲", True]}
    expected = '{"a":["甲",true],"b":{"a":null,"z":"1"}}'.encode()
    assert canonical_bytes(package) == expected


@pytest.mark.parametrize("bad", [{"value": 1.5}, {"n": 3}, {"list": [{"x": 2.0}]}])
def test_a_package_holding_a_number_is_refused_naming_where(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="decimal strings"):
        canonical_bytes(bad)


@pytest.mark.parametrize("value", [43.11, 0.1 + 0.2, 1e-05, 123456789.125, 0.0])
def test_a_number_is_written_as_the_decimal_that_reads_back_as_the_same_float(
        value: float) -> None:
    text = decimal_text(value)
    assert text is not None
    assert float(text) == value
    assert decimal_text(None) is None
    with pytest.raises(ValueError, match="finite"):
        decimal_text(float("nan"))


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _signed(key: Ed25519PrivateKey, package: dict[str, Any], kid: str = "k1") -> dict[str, Any]:
    raw = (b'{"certificate":{"certified_value":"43.11","number":"CFP-1"},"issued_at":'
           b'"2026-03-02"}')
    assert canonical_bytes(package) == raw  # the bytes the test signs, spelled out
    return {"format": FORMAT, "package": package,
            "signature": {"alg": "Ed25519", "kid": kid, "value": _b64(key.sign(raw))}}


def test_an_envelope_signed_by_the_primitive_checks_and_an_altered_one_does_not() -> None:
    key = Ed25519PrivateKey.generate()

    def package() -> dict[str, Any]:
        return {"issued_at": "2026-03-02",
                "certificate": {"number": "CFP-1", "certified_value": "43.11"}}

    envelope = _signed(key, package())
    keys = {"k1": key.public_key()}
    checked, why = check_envelope(envelope, keys)
    assert checked is not None
    assert why == ""
    assert checked.kid == "k1"
    envelope["package"]["certificate"]["certified_value"] = "41.00"
    refused, why = check_envelope(envelope, keys)
    assert refused is None
    assert "does not match" in why
    other, why = check_envelope(_signed(key, package(), kid="k2"), keys)
    assert other is None
    assert "unknown key" in why


@pytest.mark.parametrize(("data", "reason"), [
    ([], "not a JSON object"),
    ({"format": "other"}, "format"),
    ({"format": FORMAT, "package": "x"}, "no package"),
    ({"format": FORMAT, "package": {}, "signature": {"alg": "RS256"}}, "Ed25519"),
    ({"format": FORMAT, "package": {}, "signature": {"alg": "Ed25519", "kid": ""}}, "names no"),
])
def test_what_is_not_an_envelope_is_refused_saying_why(data: Any, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_envelope(data)
    checked, why = check_envelope(data, {})
    assert checked is None
    assert "not an evidence package" in why
