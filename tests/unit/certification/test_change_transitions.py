"""The change-evaluation workflow (ISO/IEC 17065 §7.10) as a table: every (state, action)
pair is either the one allowed step or refused naming the state; a decision needs an
independent decider, a reason and an evaluation, and an approval no material difference."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from carbonlabel.domain.certification.changes import (
    TRANSITIONS,
    CertificateChange,
    ChangeAction,
    ChangeEvaluation,
    ChangeKind,
    ChangeState,
    ChangeTransitionError,
    apply,
    check_decision,
    check_request,
    is_open,
    reevaluation_overdue,
)
from carbonlabel.domain.certification.rules import CertificationRuleError

S, A = ChangeState, ChangeAction
ALLOWED = {(S.REQUESTED, A.START_EVALUATION): S.UNDER_EVALUATION,
           (S.UNDER_EVALUATION, A.APPROVE): S.APPROVED,
           (S.UNDER_EVALUATION, A.REJECT): S.REJECTED}
NOW = datetime(2027, 1, 10, 9, tzinfo=UTC)


@pytest.mark.parametrize("state", list(ChangeState))
@pytest.mark.parametrize("action", list(ChangeAction))
def test_every_state_and_action_pair_is_the_allowed_step_or_refused(
        state: ChangeState, action: ChangeAction) -> None:
    expected = ALLOWED.get((state, action))
    if expected is not None:
        assert apply(state, action) is expected
    else:
        with pytest.raises(ChangeTransitionError) as refused:
            apply(state, action)
        assert refused.value.rule == "change_transition_not_allowed"
        assert refused.value.state is state


def test_approved_and_rejected_are_final_and_the_others_open() -> None:
    assert [s for s in ChangeState if not is_open(s)] == [S.APPROVED, S.REJECTED]
    assert set(TRANSITIONS) == set(ChangeState)


def change(evaluation: ChangeEvaluation | None) -> CertificateChange:
    return CertificateChange("c1", "cert", ChangeKind.REISSUE, S.UNDER_EVALUATION,
                             "新模型版本 / new model version", "holder", False, NOW, "v2", "f2",
                             None, ("auditor",), evaluation, None, None, "")


EVALUATED = ChangeEvaluation("auditor", "re-run agrees", NOW, 100.0, 101.0, 0.01, 0.05)


def test_the_evaluator_may_not_decide() -> None:
    with pytest.raises(CertificationRuleError) as refused:
        check_decision(change(EVALUATED), A.APPROVE, "auditor", "conforms")
    assert refused.value.rule == "independent_decision"
    assert check_decision(change(EVALUATED), A.APPROVE, "decider", " conforms ") == (
        S.APPROVED, "conforms")


@pytest.mark.parametrize(("evaluation", "reason", "rule"), [
    (EVALUATED, "  ", "reason_required"),
    (None, "conforms", "change_evaluation_missing"),
    (replace(EVALUATED, relative_difference=0.2), "conforms", "material_difference"),
])
def test_an_approval_needs_a_reason_an_evaluation_and_no_material_difference(
        evaluation: ChangeEvaluation | None, reason: str, rule: str) -> None:
    with pytest.raises(CertificationRuleError) as refused:
        check_decision(change(evaluation), A.APPROVE, "decider", reason)
    assert refused.value.rule == rule


def test_a_material_difference_may_still_be_rejected() -> None:
    material = replace(EVALUATED, relative_difference=0.2)
    assert check_decision(change(material), A.REJECT, "decider", "差异过大 / too far")[0] is (
        S.REJECTED)


def test_a_decision_is_not_a_start_and_a_start_is_not_a_decision() -> None:
    with pytest.raises(ChangeTransitionError):
        check_decision(replace(change(EVALUATED), state=S.REQUESTED), A.APPROVE, "d", "r")
    with pytest.raises(ChangeTransitionError):
        check_decision(replace(change(EVALUATED), state=S.REQUESTED), A.START_EVALUATION,
                       "d", "r")


def test_a_scope_change_says_the_scope_and_carries_no_footprint() -> None:
    with pytest.raises(CertificationRuleError) as refused:
        check_request(ChangeKind.EXTENSION, "加型号 / more types", None, None)
    assert refused.value.rule == "change_scope_required"
    with pytest.raises(CertificationRuleError) as refused:
        check_request(ChangeKind.REDUCTION, "减型号 / fewer types", "f2", "A1")
    assert refused.value.rule == "change_footprint_scope"
    assert check_request(ChangeKind.EXTENSION, " more types ", None, "A1, A2") == "more types"


def test_the_reevaluation_deadline_counts_calendar_days_from_the_flag() -> None:
    assert not reevaluation_overdue(None, 90, date(2030, 1, 1))
    assert not reevaluation_overdue(NOW, 90, date(2027, 4, 10))  # day 90
    assert reevaluation_overdue(NOW, 90, date(2027, 4, 11))
