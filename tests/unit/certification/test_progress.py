"""Whose move it is in a case and where it stands: the body's "waiting on me" queue, the case
page's stepper, and why a member of the staff may not join an audit team yet."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from carbonlabel.domain.certification.progress import (
    PATH,
    Fix,
    Mover,
    StepStatus,
    mover,
    next_actions,
    obstacles,
    steps,
    waiting_on,
)
from carbonlabel.domain.certification.rules import Declaration
from carbonlabel.domain.certification.states import TRANSITIONS, CaseAction, CaseState
from carbonlabel.domain.tenancy import Role

S = CaseState
TEAM = ("lead", "second")
TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(("state", "user", "role", "expected"), [
    (S.APPLIED, "boss", Role.ADMIN, True),  # accept or reject
    (S.APPLIED, "decider", Role.DECISION_MAKER, True),
    (S.APPLIED, "lead", Role.AUDITOR, False),
    (S.ACCEPTED, "boss", Role.ADMIN, True),  # plan
    (S.ACCEPTED, "lead", Role.AUDITOR, False),
    (S.PLANNED, "lead", Role.AUDITOR, True),  # the team's steps
    (S.DOCUMENT_REVIEW, "second", Role.AUDITOR, True),
    (S.ON_SITE_INSPECTION, "other", Role.AUDITOR, False),  # an auditor not on the team
    (S.PCF_VERIFICATION, "lead", Role.AUDITOR, True),
    (S.PCF_VERIFICATION, "boss", Role.ADMIN, False),
    (S.EVALUATION, "lead", Role.AUDITOR, True),
    (S.DECISION, "decider", Role.DECISION_MAKER, True),  # not on the team
    (S.DECISION, "lead", Role.DECISION_MAKER, False),  # audited it: may not decide
    (S.DECISION, "boss", Role.ADMIN, False),
    (S.GRANTED, "boss", Role.ADMIN, False),
    (S.WITHDRAWN, "lead", Role.AUDITOR, False),
])
def test_a_case_waits_on_the_person_whose_role_and_team_take_its_next_step(
        state: CaseState, user: str, role: Role, expected: bool) -> None:
    assert waiting_on(user, role, state, TEAM) is expected


def test_corrective_actions_wait_on_the_applicant_until_every_finding_is_answered() -> None:
    assert mover(S.CORRECTIVE_ACTIONS, unanswered_nonconformities=1) is Mover.APPLICANT
    assert not waiting_on("lead", Role.AUDITOR, S.CORRECTIVE_ACTIONS, TEAM, 1)
    assert mover(S.CORRECTIVE_ACTIONS, unanswered_nonconformities=0) is Mover.TEAM
    assert waiting_on("lead", Role.AUDITOR, S.CORRECTIVE_ACTIONS, TEAM, 0)


def test_every_open_state_has_somebody_to_move_it_and_closed_ones_nobody() -> None:
    for state, actions in TRANSITIONS.items():
        assert (mover(state) is Mover.NOBODY) is (not actions), state
        assert CaseAction.WITHDRAW not in next_actions(state)


def test_the_stepper_follows_the_path_and_marks_where_the_case_is() -> None:
    found = steps(S.ON_SITE_INSPECTION, {S.APPLIED, S.ACCEPTED, S.PLANNED,
                                         S.DOCUMENT_REVIEW, S.ON_SITE_INSPECTION})
    assert tuple(s.state for s in found) == PATH
    assert [s.status for s in found[:5]] == [StepStatus.DONE] * 4 + [StepStatus.CURRENT]
    assert {s.status for s in found[5:]} == {StepStatus.TODO}


def test_corrective_actions_not_gone_through_are_marked_skipped() -> None:
    found = {s.state: s.status for s in steps(S.EVALUATION, set(PATH[:6]))}
    assert found[S.CORRECTIVE_ACTIONS] is StepStatus.SKIPPED
    through = {s.state: s.status for s in steps(S.EVALUATION, set(PATH[:8]))}
    assert through[S.CORRECTIVE_ACTIONS] is StepStatus.DONE


def test_a_case_that_left_the_path_ends_where_it_stopped() -> None:
    found = steps(S.WITHDRAWN, {S.APPLIED, S.ACCEPTED, S.WITHDRAWN})
    assert [(s.state, s.status) for s in found] == [
        (S.APPLIED, StepStatus.DONE), (S.ACCEPTED, StepStatus.DONE),
        (S.WITHDRAWN, StepStatus.CURRENT)]


def _declaration(expires_on: date, consulted: date | None = None) -> Declaration:
    return Declaration("u", "case", expires_on - timedelta(days=365), expires_on, consulted)


def test_each_obstacle_to_the_audit_team_names_where_it_is_put_right() -> None:
    def rules(qualified: bool, declaration: Declaration | None,
              org: str = "body") -> list[tuple[str, Fix]]:
        return [(o.rule, o.fix) for o in obstacles("u", org, "applicant", qualified,
                                                   declaration, TODAY, 2)]

    live = _declaration(TODAY + timedelta(days=30))
    assert rules(True, live) == []  # eligible
    assert rules(False, live) == [("auditor_qualification", Fix.QUALIFY)]
    assert rules(False, None) == [("auditor_qualification", Fix.QUALIFY),
                                  ("impartiality", Fix.DECLARE)]
    assert rules(True, _declaration(TODAY - timedelta(days=1))) == [
        ("impartiality_expired", Fix.DECLARE)]
    assert rules(True, _declaration(TODAY + timedelta(days=30), TODAY - timedelta(days=90))) \
        == [("impartiality_consultancy", Fix.NONE)]
    assert rules(True, live, org="applicant") == [("impartiality_same_organisation", Fix.NONE)]
    for o in obstacles("u", "body", "applicant", False, None, TODAY, 2):
        zh, en = o.words
        assert zh
        assert en

