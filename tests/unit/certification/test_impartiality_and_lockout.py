"""Impartiality per case (ISO/IEC 17065 4.2): a live declaration for the case, expiring;
prior consultancy within the scheme's years and employment by the applicant block. And the
re-application lockout after a withdrawal (7.11)."""

from __future__ import annotations

from datetime import date

import pytest

from carbonlabel.domain.certification.rules import (
    CertificationRuleError,
    Declaration,
    check_impartial,
    check_reapplication,
    years_after,
)

TODAY = date(2027, 3, 1)


def declared(on: date = date(2027, 1, 1), until: date = date(2028, 1, 1),
             consulted: date | None = None) -> Declaration:
    return Declaration("u1", "case1", on, until, consulted)


def rule_of(declaration: Declaration | None, user_org: str = "body",
            today: date = TODAY) -> str | None:
    try:
        check_impartial("u1", "decide", declaration, user_org, "applicant", today, 2)
    except CertificationRuleError as refused:
        return refused.rule
    return None


def test_a_live_declaration_for_the_case_lets_the_person_act() -> None:
    assert rule_of(declared()) is None
    assert rule_of(declared(until=TODAY)) is None  # live to the end of its last day


def test_without_a_declaration_for_the_case_the_person_may_not_act() -> None:
    assert rule_of(None) == "impartiality"


def test_a_declaration_expires() -> None:
    assert rule_of(declared(until=date(2027, 2, 28))) == "impartiality_expired"


def test_consultancy_for_the_applicant_within_the_years_blocks() -> None:
    assert rule_of(declared(consulted=date(2025, 3, 2))) == "impartiality_consultancy"
    assert rule_of(declared(consulted=date(2025, 3, 1))) is None  # two years ago to the day


def test_working_for_the_applicant_blocks_even_with_a_declaration() -> None:
    assert rule_of(declared(), user_org="applicant") == "impartiality_same_organisation"


def test_years_after_keeps_the_calendar_day() -> None:
    assert years_after(date(2024, 2, 29), 2) == date(2026, 2, 28)
    assert years_after(date(2025, 6, 30), 2) == date(2027, 6, 30)


def test_a_withdrawal_locks_out_a_new_application_until_a_named_day() -> None:
    check_reapplication(None, TODAY, 365)
    with pytest.raises(CertificationRuleError) as info:
        check_reapplication(date(2026, 6, 1), TODAY, 365)
    assert info.value.rule == "reapplication_lockout"
    assert "2027-06-01" in str(info.value)
    check_reapplication(date(2026, 3, 1), TODAY, 365)
