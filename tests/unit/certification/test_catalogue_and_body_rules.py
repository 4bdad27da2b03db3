"""The pilot catalogue (17 entries, 2025-07-09) as data, the mapping of earlier free text,
and the rules on a body taking a case: approved, accreditation valid on the day, in scope."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from carbonlabel.domain.certification import catalogue
from carbonlabel.domain.certification.agreement import FIRST_VERSION, check_accepted, current
from carbonlabel.domain.certification.bodies import (
    BodyApproval,
    BodyStatus,
    check_body_may_take,
    check_scope_codes,
    check_within_scope,
)
from carbonlabel.domain.certification.rules import CertificationRuleError

DAY = date(2026, 6, 1)
APPROVED = BodyApproval("b", 7, "CNCA-R-2025-007", "CNAS C0007-P", date(2025, 1, 1),
                        date(2029, 12, 31), BodyStatus.APPROVED, frozenset({"4", "16"}))


def test_the_catalogue_has_its_17_entries_in_their_9_classes() -> None:
    assert [e.code for e in catalogue.ENTRIES] == list(range(1, 18))
    sizes = {c.code: len(catalogue.in_class(c.code)) for c in catalogue.CLASSES}
    assert sizes == {"lithium_battery": 4, "photovoltaic": 1, "steel": 3, "textile": 1,
                     "electronics": 4, "tyre": 1, "electrolytic_aluminium": 1, "cement": 1,
                     "wood": 1}
    assert catalogue.name("16") == ("水泥", "cement")
    assert catalogue.name(4) == ("储能锂离子电池", "energy-storage lithium-ion batteries")
    assert "2025-07-09" in catalogue.SOURCE[1]


@pytest.mark.parametrize(("text", "codes", "case"), [
    ("cement", (16,), 16), ("Cement ", (16,), 16), ("水泥", (16,), 16),
    ("lithium battery", (1, 2, 3, 4), None), ("steel", (6, 7, 8), None),
    ("ferroalloys", (8,), 8), ("16", (16,), 16), ("储能锂离子电池", (4,), 4),
    ("concrete blocks", (), None), ("18", (), None),
])
def test_free_text_maps_to_codes_and_a_case_only_to_one(text: str, codes: tuple[int, ...],
                                                         case: int | None) -> None:
    assert catalogue.codes_for_text(text) == codes
    assert catalogue.code_for_case(text) == case


def test_a_scope_is_made_of_catalogue_codes_only() -> None:
    check_scope_codes(["1", "17"])
    for bad in (["cement"], ["18"], []):
        with pytest.raises(CertificationRuleError) as info:
            check_scope_codes(bad)
        assert info.value.rule == "catalogue_code"


def test_an_approved_body_with_a_valid_accreditation_takes_a_case_in_its_scope() -> None:
    check_body_may_take(APPROVED, "16", DAY)


@pytest.mark.parametrize(("approval", "category", "day", "rule"), [
    (None, "16", DAY, "body_not_approved"),
    (replace(APPROVED, status=BodyStatus.SUSPENDED), "16", DAY, "body_not_approved"),
    (replace(APPROVED, status=BodyStatus.WITHDRAWN), "16", DAY, "body_not_approved"),
    (APPROVED, "16", date(2030, 1, 1), "accreditation_expired"),
    (APPROVED, "16", date(2024, 12, 31), "accreditation_expired"),
    (replace(APPROVED, accredited_from=None, accredited_to=None), "16", DAY,
     "accreditation_expired"),
    (APPROVED, "5", DAY, "accreditation_scope"),
])
def test_a_body_not_approved_expired_or_out_of_scope_takes_no_case(
        approval: BodyApproval | None, category: str, day: date, rule: str) -> None:
    with pytest.raises(CertificationRuleError) as info:
        check_body_may_take(approval, category, day)
    assert info.value.rule == rule


def test_a_body_qualifies_auditors_only_within_its_scope() -> None:
    check_within_scope(APPROVED, ["4"])
    with pytest.raises(CertificationRuleError) as info:
        check_within_scope(APPROVED, ["3"])
    assert info.value.rule == "qualification_outside_scope"


def test_the_agreement_in_force_must_be_accepted() -> None:
    second = replace(FIRST_VERSION, version=2, effective_on=date(2027, 1, 1))
    assert current([FIRST_VERSION, second], DAY) == FIRST_VERSION
    assert current([FIRST_VERSION, second], date(2027, 1, 1)) == second
    check_accepted(FIRST_VERSION, {1})
    check_accepted(None, set())
    with pytest.raises(CertificationRuleError) as info:
        check_accepted(second, {1})
    assert info.value.rule == "agreement_not_accepted"
