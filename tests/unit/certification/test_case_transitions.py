"""Every (state, action) pair of the certification workflow: allowed ones lead where the
table says, every other one is refused naming the state and the action."""

from __future__ import annotations

import itertools

import pytest

from carbonlabel.domain.certification.states import (
    CaseAction,
    CaseState,
    TransitionNotAllowedError,
    apply,
    is_final,
)

A, S = CaseAction, CaseState

#: written out independently of the table in the module, as the workflow of the issue
EXPECTED = {
    (S.APPLIED, A.ACCEPT): S.ACCEPTED, (S.APPLIED, A.REJECT): S.REJECTED,
    (S.ACCEPTED, A.PLAN): S.PLANNED,
    (S.PLANNED, A.START_DOCUMENT_REVIEW): S.DOCUMENT_REVIEW,
    (S.DOCUMENT_REVIEW, A.COMPLETE_DOCUMENT_REVIEW): S.ON_SITE_INSPECTION,
    (S.ON_SITE_INSPECTION, A.COMPLETE_INSPECTION): S.PCF_VERIFICATION,
    (S.PCF_VERIFICATION, A.RAISE_NONCONFORMITIES): S.CORRECTIVE_ACTIONS,
    (S.PCF_VERIFICATION, A.COMPLETE_VERIFICATION): S.EVALUATION,
    (S.CORRECTIVE_ACTIONS, A.CLOSE_NONCONFORMITIES): S.EVALUATION,
    (S.EVALUATION, A.COMPLETE_EVALUATION): S.DECISION,
    (S.DECISION, A.GRANT): S.GRANTED, (S.DECISION, A.REFUSE): S.REFUSED,
    **{(s, A.WITHDRAW): S.WITHDRAWN
       for s in (S.APPLIED, S.ACCEPTED, S.PLANNED, S.DOCUMENT_REVIEW, S.ON_SITE_INSPECTION,
                 S.PCF_VERIFICATION, S.CORRECTIVE_ACTIONS, S.EVALUATION, S.DECISION)},
}
PAIRS = list(itertools.product(CaseState, CaseAction))


@pytest.mark.parametrize(("state", "action"), PAIRS, ids=[f"{s}-{a}" for s, a in PAIRS])
def test_each_state_and_action(state: CaseState, action: CaseAction) -> None:
    if (state, action) in EXPECTED:
        assert apply(state, action) is EXPECTED[(state, action)]
    else:
        with pytest.raises(TransitionNotAllowedError) as info:
            apply(state, action)
        assert f"'{action.value}'" in str(info.value)
        assert f"'{state.value}'" in str(info.value)


def test_final_states_are_the_outcomes() -> None:
    assert {s for s in CaseState if is_final(s)} == {S.GRANTED, S.REFUSED, S.REJECTED,
                                                     S.WITHDRAWN}


def test_the_happy_path_reaches_a_certificate() -> None:
    state = S.APPLIED
    for action in (A.ACCEPT, A.PLAN, A.START_DOCUMENT_REVIEW, A.COMPLETE_DOCUMENT_REVIEW,
                   A.COMPLETE_INSPECTION, A.RAISE_NONCONFORMITIES, A.CLOSE_NONCONFORMITIES,
                   A.COMPLETE_EVALUATION, A.GRANT):
        state = apply(state, action)
    assert state is S.GRANTED
