"""The life of a complaint or appeal as a table: every (state, action) pair is allowed exactly
where the table says and refused (409, ``complaint_transition_not_allowed``) everywhere else;
the handling periods and the independence rules."""

from __future__ import annotations

from datetime import date

import pytest

from carbonlabel.domain.certification import complaints as c
from carbonlabel.domain.certification.complaints import ComplaintAction as A
from carbonlabel.domain.certification.complaints import ComplaintState as S
from carbonlabel.domain.certification.rules import CertificationRuleError

ALLOWED = {
    (S.RECEIVED, A.ACKNOWLEDGE): S.ACKNOWLEDGED, (S.RECEIVED, A.REJECT): S.REJECTED,
    (S.RECEIVED, A.WITHDRAW): S.WITHDRAWN,
    (S.ACKNOWLEDGED, A.ASSIGN): S.UNDER_INVESTIGATION, (S.ACKNOWLEDGED, A.WITHDRAW): S.WITHDRAWN,
    (S.UNDER_INVESTIGATION, A.ASSIGN): S.UNDER_INVESTIGATION,
    (S.UNDER_INVESTIGATION, A.RECORD_FINDINGS): S.UNDER_INVESTIGATION,
    (S.UNDER_INVESTIGATION, A.DECIDE): S.DECIDED,
    (S.UNDER_INVESTIGATION, A.WITHDRAW): S.WITHDRAWN,
    (S.DECIDED, A.CLOSE): S.CLOSED,
}


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("action", list(A))
def test_every_state_and_action_is_allowed_only_where_the_table_says(state: S,
                                                                     action: A) -> None:
    if (state, action) in ALLOWED:
        assert c.apply(state, action) is ALLOWED[(state, action)]
    else:
        with pytest.raises(c.ComplaintTransitionError) as refused:
            c.apply(state, action)
        assert refused.value.rule == "complaint_transition_not_allowed"
        assert refused.value.status_hint == 409


def test_closed_rejected_and_withdrawn_are_final() -> None:
    assert {s for s in S if c.is_final(s)} == {S.CLOSED, S.REJECTED, S.WITHDRAWN}


def test_deadlines_come_from_the_handling_periods() -> None:
    received = date(2026, 12, 7)
    assert c.PERIODS.acknowledge_by(received) == date(2026, 12, 14)
    assert c.PERIODS.decide_by(received) == date(2027, 2, 5)
    shorter = c.HandlingPeriods(acknowledge_days=2, decide_days=10, appeal_days=5)
    assert shorter.decide_by(received) == date(2026, 12, 17)
    assert c.overdue(S.RECEIVED, date(2026, 12, 14), date(2027, 2, 5),
                     date(2026, 12, 15)) == (True, False)
    assert c.overdue(S.ACKNOWLEDGED, date(2026, 12, 14), date(2027, 2, 5),
                     date(2027, 2, 6)) == (False, True)
    assert c.overdue(S.DECIDED, date(2026, 12, 14), date(2027, 2, 5),
                     date(2027, 3, 1)) == (False, False)


def test_an_appeal_after_its_period_is_refused() -> None:
    c.check_appeal_in_time(date(2026, 1, 1), date(2026, 1, 31), c.PERIODS)
    with pytest.raises(CertificationRuleError) as late:
        c.check_appeal_in_time(date(2026, 1, 1), date(2026, 2, 1), c.PERIODS)
    assert late.value.rule == "appeal_period_over"


def test_people_involved_may_neither_investigate_nor_decide() -> None:
    c.check_investigator("x", {"a", "b"})
    c.check_decider("x", {"a", "b"})
    with pytest.raises(CertificationRuleError) as investigator:
        c.check_investigator("a", {"a", "b"})
    with pytest.raises(CertificationRuleError) as decider:
        c.check_decider("b", {"a", "b"})
    assert (investigator.value.rule, decider.value.rule) == ("investigator_involved",
                                                             "decider_involved")
    assert "调查" in investigator.value.message_zh
    assert "not involved" in decider.value.message_en


def test_a_decision_needs_findings() -> None:
    with pytest.raises(CertificationRuleError) as refused:
        c.check_findings("  ")
    assert refused.value.rule == "findings_required"


def test_references_name_the_kind_and_year() -> None:
    assert c.reference(c.Kind.COMPLAINT, 2026, 12) == "TS-2026-000012"
    assert c.reference(c.Kind.APPEAL, 2027, 1) == "SS-2027-000001"
