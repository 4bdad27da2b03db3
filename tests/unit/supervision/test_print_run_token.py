"""A print run's serial is signed into its label's token; a label without one keeps the token
format of before (the same bytes, so labels printed earlier stay genuine and unchanged); the
scan record reads the number claimed also from a token whose signature fails."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from carbonlabel.adapters.label_keys import sign_label, verify_signature
from carbonlabel.domain.certification.label import LabelPayload, b64decode
from carbonlabel.services.registry.verification import (
    SIGNATURE_FAILED,
    ScanOrigin,
    token_scan,
)

KEY = Ed25519PrivateKey.generate()
PAYLOAD = LabelPayload("k1", "CFP-2026-0000001-07", "43.10", "kg CO2e / 1 kWh",
                       date(2026, 1, 5), date(2028, 1, 4))


def test_a_print_run_serial_is_signed_and_read_back() -> None:
    run = LabelPayload(**{**PAYLOAD.__dict__, "serial": "PR-7"})
    token = sign_label(run, KEY)
    assert verify_signature(token, {"k1": KEY.public_key()}) == run
    assert json.loads(b64decode(token.split(".")[0]))["ps"] == "PR-7"


def test_a_label_without_a_print_run_keeps_the_earlier_format() -> None:
    body = json.loads(PAYLOAD.to_bytes())
    assert set(body) == {"v", "kid", "cn", "val", "u", "iat", "exp"}
    assert verify_signature(sign_label(PAYLOAD, KEY), {"k1": KEY.public_key()}) == PAYLOAD


def test_a_forged_signature_still_names_the_number_it_claims() -> None:
    token = sign_label(PAYLOAD, Ed25519PrivateKey.generate())  # another key: not genuine
    at = datetime(2026, 5, 4, tzinfo=UTC)
    record = token_scan(token, SIGNATURE_FAILED, "page", at,
                        ScanOrigin("CN-GD", "shared", "c" * 32))
    assert (record.claimed, record.failure, record.region, record.region_source) == (
        PAYLOAD.certificate, "signature", "CN-GD", "shared")
    assert token_scan("garbage", SIGNATURE_FAILED, "api", at).claimed is None
