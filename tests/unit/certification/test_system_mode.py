"""System certification's rules (domain/certification/system.py): the sample's size and its
reproducible draw, the checklist a grant needs, what may be registered under a system."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from carbonlabel.domain.certification.certificate import (
    CertificateStatus,
    certificate_number,
    is_valid_number,
)
from carbonlabel.domain.certification.rules import CertificationRuleError
from carbonlabel.domain.certification.system import (
    SystemCertificate,
    SystemItem,
    check_checklist,
    check_registration,
    draw,
    sample_size,
)

IDS = [f"reg-{i:04d}" for i in range(100)]


def _system(rule: str | None = "PCR 储能电池") -> SystemCertificate:
    return SystemCertificate("s", certificate_number(2026, 7, 1), "case", "holder", "body",
                             "4", rule, "GB/T 24067-2024", "CN-PCF-2025", date(2026, 1, 1),
                             date(2027, 12, 31), CertificateStatus.VALID,
                             datetime(2026, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(("n", "size"), [(0, 0), (1, 1), (2, 2), (4, 2), (5, 3), (100, 10),
                                         (2000, 45)])
def test_the_sample_size_is_the_ceiling_of_the_square_root_at_least_one(n: int,
                                                                          size: int) -> None:
    assert sample_size(n) == size


def test_a_seed_draws_the_same_sample_whatever_the_order_of_the_population() -> None:
    first = draw(IDS, 2026)
    assert first == draw(list(reversed(IDS)), 2026)
    assert len(first) == 10
    assert first == sorted(first)
    assert set(first) <= set(IDS)


def test_another_seed_draws_another_sample() -> None:
    assert draw(IDS, 2026) != draw(IDS, 2027)


def test_a_system_certificate_is_numbered_as_every_certificate() -> None:
    assert is_valid_number(_system().number)


def test_a_grant_needs_every_item_assessed_and_conforming() -> None:
    check_checklist(dict.fromkeys(SystemItem, True))
    with pytest.raises(CertificationRuleError) as missing:
        check_checklist({SystemItem.PROCEDURES: True})
    assert missing.value.rule == "system_assessment_missing"
    with pytest.raises(CertificationRuleError) as failed:
        check_checklist({**dict.fromkeys(SystemItem, True), SystemItem.MODELS: False})
    assert failed.value.rule == "system_assessment_nonconforming"


def test_a_registration_needs_a_valid_system_its_scope_and_its_product_rule() -> None:
    check_registration(_system(), CertificateStatus.VALID, "4", "PCR 储能电池")
    check_registration(_system(), CertificateStatus.VALID, "lithium battery", None)
    check_registration(_system(None), CertificateStatus.VALID, "4", "any rule")
    for status, category, rule, code in (
            (CertificateStatus.SUSPENDED, "4", None, "system_certificate_not_valid"),
            (CertificateStatus.EXPIRED, "4", None, "system_certificate_not_valid"),
            (CertificateStatus.VALID, "16", None, "system_scope"),
            (CertificateStatus.VALID, "4", "another rule", "system_product_rule")):
        with pytest.raises(CertificationRuleError) as refused:
            check_registration(_system(), status, category, rule)
        assert refused.value.rule == code
