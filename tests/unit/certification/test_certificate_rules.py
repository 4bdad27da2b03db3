"""Certificate numbers, status changes, expiry and surveillance; the people rules."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from carbonlabel.domain.certification.certificate import (
    CertificateAction,
    CertificateStatus,
    Scheme,
    StatusChangeNotAllowedError,
    SurveillanceState,
    certificate_number,
    change_status,
    effective_status,
    expiry,
    is_valid_number,
    surveillance_due_dates,
    surveillance_state,
)
from carbonlabel.domain.certification.rules import (
    Accreditation,
    CertificationRuleError,
    Qualification,
    check_decider,
    check_nonconformities_closed,
    check_scope,
    check_team,
)

C, CA = CertificateStatus, CertificateAction


def test_certificate_numbers_carry_iso_7064_check_digits() -> None:
    number = certificate_number(2026, 1, 123)
    # MOD 97-10 over 2026001000123: 98 - (202600100012300 mod 97) = 98 - 7 = 91
    assert 202600100012300 % 97 == 7
    assert number == "CFP-2026-001-000123-91"
    assert is_valid_number(number)
    for altered in ("CFP-2026-001-000132-91", "CFP-2026-001-000123-19",
                    "CFP-2026-010-000123-91", "CFP-2026-001-00123-91", "garbage"):
        assert not is_valid_number(altered), altered


EXPECTED_STATUS = {
    (C.VALID, CA.SUSPEND): C.SUSPENDED, (C.VALID, CA.WITHDRAW): C.WITHDRAWN,
    (C.VALID, CA.CANCEL): C.CANCELLED, (C.SUSPENDED, CA.RESTORE): C.VALID,
    (C.SUSPENDED, CA.WITHDRAW): C.WITHDRAWN, (C.SUSPENDED, CA.CANCEL): C.CANCELLED,
}


@pytest.mark.parametrize(("status", "action"), list(itertools.product(C, CA)))
def test_each_status_and_action(status: CertificateStatus, action: CertificateAction) -> None:
    if (status, action) in EXPECTED_STATUS:
        assert change_status(status, action) is EXPECTED_STATUS[(status, action)]
    else:
        pattern = f"'{action.value}'.*'{status.value}'"
        with pytest.raises(StatusChangeNotAllowedError, match=pattern):
            change_status(status, action)


def test_validity_is_two_years_and_expiry_shows_publicly() -> None:
    issued = date(2026, 1, 10)
    ends = expiry(issued, Scheme())
    assert ends == date(2028, 1, 9)  # two calendar years, to the day before
    assert effective_status(C.VALID, ends, ends) is C.VALID
    assert effective_status(C.VALID, ends, ends + timedelta(days=1)) is C.EXPIRED
    assert effective_status(C.SUSPENDED, ends, ends + timedelta(days=1)) is C.EXPIRED
    assert effective_status(C.WITHDRAWN, ends, ends + timedelta(days=1)) is C.WITHDRAWN


def test_surveillance_is_due_then_overdue_after_the_grace_period() -> None:
    scheme = Scheme(surveillance_interval_days=365, surveillance_grace_days=30)
    dues = surveillance_due_dates(date(2026, 1, 10), date(2028, 1, 9), scheme)
    assert dues == [date(2027, 1, 10)]  # the second anniversary is after expiry
    due = dues[0]
    assert surveillance_state(due, False, due - timedelta(days=1), scheme) is (
        SurveillanceState.NOT_DUE)
    assert surveillance_state(due, False, due + timedelta(days=30), scheme) is (
        SurveillanceState.DUE)
    assert surveillance_state(due, False, due + timedelta(days=31), scheme) is (
        SurveillanceState.OVERDUE)
    assert surveillance_state(due, True, due + timedelta(days=90), scheme) is (
        SurveillanceState.NOT_DUE)


def test_a_body_outside_its_accreditation_scope_is_refused() -> None:
    scope = Accreditation("body", frozenset({"lithium battery", "cement"}))
    check_scope(scope, "cement")
    for category, accreditation in (("steel", scope), ("cement", None)):
        with pytest.raises(CertificationRuleError) as info:
            check_scope(accreditation, category)
        assert info.value.rule == "accreditation_scope"


def test_unqualified_or_undeclared_auditors_are_refused() -> None:
    quals = {"a1": Qualification("a1", frozenset({"cement"})),
             "a2": Qualification("a2", frozenset({"steel"}))}
    check_team(["a1"], quals, ["a1"], "cement")
    cases = ((["a2"], ["a2"], "auditor_qualification"), (["a3"], ["a3"], "auditor_qualification"),
             (["a1"], [], "impartiality"), ([], [], "audit_team"))
    for team, declared, rule in cases:
        with pytest.raises(CertificationRuleError) as info:
            check_team(team, quals, declared, "cement")
        assert info.value.rule == rule


def test_a_decider_who_audited_the_case_is_refused() -> None:
    check_decider("d1", ["a1", "a2"])
    with pytest.raises(CertificationRuleError) as info:
        check_decider("a2", ["a1", "a2"])
    assert info.value.rule == "independent_decision"


def test_evaluation_waits_for_every_nonconformity() -> None:
    check_nonconformities_closed(0)
    with pytest.raises(CertificationRuleError, match="2 nonconformities"):
        check_nonconformities_closed(2)
