"""The registry's judgement without a database: what a label must sign to be genuine, and the
verdict of each stored status, before and after the expiry date."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.certification.label import LabelPayload, Verdict
from carbonlabel.domain.certification.registry import (
    RegistryEntry,
    certified_value,
    signed_facts_match,
    verdict_of,
)
from carbonlabel.errors import DataFormatError
from carbonlabel.services.registry import verification

ISSUED, EXPIRES = date(2026, 3, 1), date(2028, 2, 28)
ENTRY = RegistryEntry("CFP-2026-007-000001-68", "电池企业", "CN-GD", "储能电池包", "battery pack",
                      "lithium battery", None, "1 kWh", 43.114517, "cradle-to-gate",
                      "GB/T 24067-2024 / ISO 14067:2018", "CN-PCF-2025", "认证中心",
                      ISSUED, EXPIRES, CertificateStatus.VALID, "43.11", "kg CO2e / 1 kWh")
SIGNED = LabelPayload("k1", ENTRY.number, "43.11", "kg CO2e / 1 kWh", ISSUED, EXPIRES)


class Reader:
    def __init__(self, entry: RegistryEntry | None) -> None:
        self.found = entry
        self.asked: list[str] = []

    def entry(self, number: str) -> RegistryEntry | None:
        self.asked.append(number)
        return self.found


@pytest.mark.parametrize(("total", "certified"), [
    (714.2857142857143, "714.3"),  # the demo cement, per t
    (43.114517845586256, "43.11"),
    (0.0012345, "0.001234"),  # a tie: to the even figure (GB/T 8170)
    (0.0012355, "0.001236"),  # a tie: to the even figure, up
    (2.71828, "2.718"),
    (9.99996, "10.00"),  # rounding up adds a figure: still four
    (714.0, "714.0"),  # trailing zeros are figures
    (12345.6, "12350"),
    (1234567.0, "1235000"),
    (1e-7, "0.0000001000"),
    (-1.52, "-1.520"),  # removals above emissions
    (0.0, "0"),
])
def test_the_certified_value_is_four_significant_figures_ties_to_even(
        total: float, certified: str) -> None:
    assert certified_value(total) == certified


@pytest.mark.parametrize("total", [float("nan"), float("inf"), -float("inf")])
def test_a_non_finite_total_has_no_certified_value(total: float) -> None:
    with pytest.raises(DataFormatError) as refused:
        certified_value(total)
    assert refused.value.field == "value_co2e_kg"


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).filter(lambda x: x != 0))
def test_the_certified_value_agrees_with_decimal_formatting(total: float) -> None:
    """Oracle: the standard library's decimal formatting to four figures (ties to even)."""
    shown = certified_value(total)
    assert "e" not in shown.lower()
    assert Decimal(shown) == Decimal(format(Decimal(repr(total)), ".3e"))
    digits = shown.lstrip("-").replace(".", "").lstrip("0")
    assert len(digits) >= 4  # zeros left of the point in large values are not figures
    assert len(digits.rstrip("0")) <= 4


def test_a_label_is_genuine_only_if_it_signs_exactly_the_registrys_facts() -> None:
    assert signed_facts_match(SIGNED, ENTRY)
    for change in ({"value": "43.2"}, {"value": "43.10"}, {"value": "43.114"},
                   {"unit": "kg CO2e / 1 MWh"},
                   {"certificate": "CFP-2026-007-000002-41"},
                   {"issued": ISSUED - timedelta(days=1)},
                   {"expires": EXPIRES + timedelta(days=1)}):
        assert not signed_facts_match(dataclasses.replace(SIGNED, **change), ENTRY), change


def test_a_label_signed_before_the_value_was_stored_stays_genuine() -> None:
    """Labels signed before migration 0005 carry three significant digits of the total."""
    legacy = dataclasses.replace(SIGNED, value="43.1")
    assert signed_facts_match(legacy, ENTRY)
    moved = dataclasses.replace(ENTRY, value_co2e_kg=43.2, certified_value="43.20")
    assert not signed_facts_match(legacy, moved)


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
    result = verification.verify_code(reader, "CFP-2026-007-000001-69", ISSUED)
    assert (result.verdict, result.reason, reader.asked) == (Verdict.NOT_GENUINE,
                                                             "check_digits", [])
    typed = verification.verify_code(reader, " cfp-2026-007-000001-68 ", ISSUED)
    assert (typed.verdict, reader.asked) == (Verdict.VALID, [ENTRY.number])
    assert verification.verify_code(Reader(None), ENTRY.number, ISSUED).reason == "unknown"


def test_a_bad_signature_never_reaches_the_registry() -> None:
    reader = Reader(ENTRY)
    result = verification.verify_label(reader, "not-a.token", {}, ISSUED)
    assert (result.verdict, result.reason, reader.asked) == (Verdict.NOT_GENUINE,
                                                             "signature", [])
    assert not result.genuine
    assert result.entry is None
