"""The life of a certificate transfer as a table (every (state, action) pair allowed exactly
where the table says, refused with ``transfer_transition_not_allowed`` elsewhere), and the
rules of a transfer with their codes, each also a failed line of the pre-transfer review."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from carbonlabel.domain.certification import transfer as t
from carbonlabel.domain.certification.bodies import BodyApproval, BodyStatus
from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.certification.rules import CertificationRuleError
from carbonlabel.domain.certification.transfer import TransferAction as A
from carbonlabel.domain.certification.transfer import TransferState as S

ALLOWED = {
    (S.REQUESTED, A.REVIEW): S.UNDER_REVIEW, (S.REQUESTED, A.DECLINE): S.DECLINED,
    (S.REQUESTED, A.CANCEL): S.CANCELLED,
    (S.UNDER_REVIEW, A.REVIEW): S.UNDER_REVIEW, (S.UNDER_REVIEW, A.ACCEPT): S.ACCEPTED,
    (S.UNDER_REVIEW, A.DECLINE): S.DECLINED, (S.UNDER_REVIEW, A.CANCEL): S.CANCELLED,
}


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("action", list(A))
def test_every_state_and_action_is_allowed_only_where_the_table_says(state: S,
                                                                     action: A) -> None:
    if (state, action) in ALLOWED:
        assert t.apply(state, action) is ALLOWED[(state, action)]
    else:
        with pytest.raises(t.TransferTransitionError) as refused:
            t.apply(state, action)
        assert refused.value.rule == "transfer_transition_not_allowed"
        assert refused.value.status_hint == 409


def test_accepted_declined_and_cancelled_are_final_and_need_no_acceptance_without_review(
        ) -> None:
    assert {s for s in S if not t.is_open(s)} == {S.ACCEPTED, S.DECLINED, S.CANCELLED}
    assert A.ACCEPT not in t.TRANSITIONS[S.REQUESTED]  # a review comes first


TODAY = date(2027, 3, 1)
APPROVAL = BodyApproval("b2", 8, "CNCA-R-2027-001", "CNAS C001-P", date(2026, 1, 1),
                        date(2029, 12, 31), BodyStatus.APPROVED, frozenset({"4"}))
FACTS = t.TransferFacts("b1", "b2", CertificateStatus.VALID, False, 0, 0, date(2027, 1, 5),
                        False, APPROVAL, "4", TODAY)

BROKEN = {
    "transfer_same_body": (replace(FACTS, to_body_id="b1"), None),
    "transfer_certificate_not_valid": (replace(FACTS, status=CertificateStatus.SUSPENDED),
                                       "certificate_valid"),
    "transfer_reevaluation_required": (replace(FACTS, reevaluation_required=True),
                                       "certificate_valid"),
    "transfer_nonconformity_open": (replace(FACTS, open_nonconformities=1),
                                    "no_open_nonconformities"),
    "transfer_complaint_open": (replace(FACTS, open_complaints=2), "no_open_complaints"),
    "transfer_surveillance_overdue": (replace(FACTS, surveillance_overdue=True),
                                      "surveillance_current"),
    "body_not_approved": (replace(FACTS, approval=replace(APPROVAL,
                                                          status=BodyStatus.SUSPENDED)),
                          "accepting_body_accredited"),
    "accreditation_expired": (replace(FACTS, day=date(2030, 1, 1)),
                              "accepting_body_accredited"),
    "accreditation_scope": (replace(FACTS, category="16"), "accepting_body_accredited"),
}


def test_a_certificate_that_breaks_no_rule_passes_every_line_of_the_review() -> None:
    t.check_transfer(FACTS)
    items = t.review_checklist(FACTS)
    assert all(i.passed for i in items)
    assert len(items) == 5
    assert "2027-01-05" in items[3].detail_en


@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_each_rule_refuses_with_its_code_and_fails_its_line(rule: str) -> None:
    facts, item = BROKEN[rule]
    with pytest.raises(CertificationRuleError) as refused:
        t.check_transfer(facts)
    assert refused.value.rule == rule
    failed = [i.code for i in t.review_checklist(facts) if not i.passed]
    assert failed == ([item] if item else [])


def test_an_expired_certificate_is_not_transferable() -> None:
    with pytest.raises(CertificationRuleError) as refused:
        t.check_transfer(replace(FACTS, status=CertificateStatus.EXPIRED))
    assert refused.value.rule == "transfer_certificate_not_valid"


def test_a_decline_needs_a_reason() -> None:
    with pytest.raises(CertificationRuleError) as refused:
        t.check_reason("  ")
    assert refused.value.rule == "transfer_reason_required"
