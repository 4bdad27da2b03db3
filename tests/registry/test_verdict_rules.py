"""The registry's judgement without a database: what a label must sign to be genuine, and the
verdict of each stored status, before and after the expiry date."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.certification.label import LabelPayload, Verdict
from carbonlabel.domain.certification.registry import (
    RegistryEntry,
    label_value,
    signed_facts_match,
    verdict_of,
)
from carbonlabel.services import labels, registry

ISSUED, EXPIRES = date(2026, 3, 1), date(2028, 2, 28)
ENTRY = RegistryEntry("CFP-2026-007-000001-68", "电池企业", "CN-GD", "储能电池包", "battery pack",
                      "lithium battery", None, "1 kWh", 43.114517, "cradle-to-gate",
                      "GB/T 24067-2024 / ISO 14067:2018", "CN-PCF-2025", "认证中心",
                      ISSUED, EXPIRES, CertificateStatus.VALID)
SIGNED = LabelPayload("k1", ENTRY.number, "43.1", "kg CO2e / 1 kWh", ISSUED, EXPIRES)


class Reader:
    def __init__(self, entry: RegistryEntry | None) -> None:
        self.found = entry
        self.asked: list[str] = []

    def entry(self, number: str) -> RegistryEntry | None:
        self.asked.append(number)
        return self.found


@given(st.floats(min_value=0, max_value=1e7, allow_nan=False))
def test_the_registry_prints_values_as_labels_do(value: float) -> None:
    assert label_value(value) == labels.footprint_text(value)


def test_a_label_is_genuine_only_if_it_signs_exactly_the_registrys_facts() -> None:
    assert signed_facts_match(SIGNED, ENTRY)
    for change in ({"value": "43.2"}, {"value": "43.10"}, {"unit": "kg CO2e / 1 MWh"},
                   {"certificate": "CFP-2026-007-000002-41"},
                   {"issued": ISSUED - timedelta(days=1)},
                   {"expires": EXPIRES + timedelta(days=1)}):
        assert not signed_facts_match(dataclasses.replace(SIGNED, **change), ENTRY), change


@pytest.mark.parametrize(("status", "before", "after"), [
    (CertificateStatus.VALID, Verdict.VALID, Verdict.EXPIRED),
    (CertificateStatus.SUSPENDED, Verdict.SUSPENDED, Verdict.EXPIRED),
    (CertificateStatus.WITHDRAWN, Verdict.WITHDRAWN, Verdict.WITHDRAWN),
    (CertificateStatus.CANCELLED, Verdict.CANCELLED, Verdict.CANCELLED),
])
def test_each_status_gives_its_verdict_and_expiry_overrides_valid_and_suspended(
        status: CertificateStatus, before: Verdict, after: Verdict) -> None:
    entry = dataclasses.replace(ENTRY, status=status)
    assert verdict_of(entry, EXPIRES) is before  # the last day is still within validity
    assert verdict_of(entry, EXPIRES + timedelta(days=1)) is after


def test_a_typed_number_with_wrong_check_digits_never_reaches_the_registry() -> None:
    reader = Reader(ENTRY)
    result = registry.verify_code(reader, "CFP-2026-007-000001-69", ISSUED)
    assert (result.verdict, result.reason, reader.asked) == (Verdict.NOT_GENUINE,
                                                             "check_digits", [])
    typed = registry.verify_code(reader, " cfp-2026-007-000001-68 ", ISSUED)
    assert (typed.verdict, reader.asked) == (Verdict.VALID, [ENTRY.number])
    assert registry.verify_code(Reader(None), ENTRY.number, ISSUED).reason == "unknown"


def test_a_bad_signature_never_reaches_the_registry() -> None:
    reader = Reader(ENTRY)
    result = registry.verify_label(reader, "not-a.token", {}, ISSUED)
    assert (result.verdict, result.reason, reader.asked) == (Verdict.NOT_GENUINE,
                                                             "signature", [])
    assert not result.genuine
    assert result.entry is None
