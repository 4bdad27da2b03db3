"""Where a case is and whose move it is, drawn from the state table: the stepper of a case's
page, the body's "waiting on me" queue, and why a member of the body's staff may not join an
audit team yet (and where that is put right).

All pure: the services gather the facts (the case's state and team, the reader's role, the
nonconformities not yet answered, qualifications and declarations) and ask these functions.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from carbonlabel.domain.certification.rules import (
    CertificationRuleError,
    Declaration,
    check_impartial,
)
from carbonlabel.domain.certification.states import TRANSITIONS, CaseAction, CaseState
from carbonlabel.domain.tenancy import Role

S = CaseState

#: the way a case goes when all is well, in order (corrective actions only if raised)
PATH: tuple[CaseState, ...] = (
    S.APPLIED, S.ACCEPTED, S.PLANNED, S.DOCUMENT_REVIEW, S.ON_SITE_INSPECTION,
    S.PCF_VERIFICATION, S.CORRECTIVE_ACTIONS, S.EVALUATION, S.DECISION, S.GRANTED)
OPTIONAL: frozenset[CaseState] = frozenset({S.CORRECTIVE_ACTIONS})


class Mover(StrEnum):
    """Who takes the next step of a case."""

    MANAGERS = "managers"  # the body's admin or decision maker: accept or reject, plan
    TEAM = "team"  # the audit team: reviews, inspection, verification, evaluation
    DECIDER = "decider"  # a decision maker of the body who is not on the team
    APPLICANT = "applicant"  # answers the nonconformities
    NOBODY = "nobody"  # the case is closed


MOVER_NAMES: dict[Mover, tuple[str, str]] = {
    Mover.MANAGERS: ("认证机构负责人或决定人员", "the body's admin or decision maker"),
    Mover.TEAM: ("审核组", "the audit team"),
    Mover.DECIDER: ("未参与审核的认证决定人员", "a decision maker who did not audit the case"),
    Mover.APPLICANT: ("申请方", "the applicant"),
    Mover.NOBODY: ("无（项目已结束）", "nobody (the case is closed)"),
}
MANAGER_ROLES = frozenset({Role.ADMIN, Role.DECISION_MAKER})
_TEAM_STATES = frozenset({S.PLANNED, S.DOCUMENT_REVIEW, S.ON_SITE_INSPECTION,
                          S.PCF_VERIFICATION, S.EVALUATION})


def mover(state: CaseState, unanswered_nonconformities: int = 0) -> Mover:
    """Whose move it is: in corrective actions the applicant's while a nonconformity has no
    answer yet, then the team's (to close them)."""
    if state in (S.APPLIED, S.ACCEPTED):
        return Mover.MANAGERS
    if state in _TEAM_STATES:
        return Mover.TEAM
    if state is S.CORRECTIVE_ACTIONS:
        return Mover.APPLICANT if unanswered_nonconformities else Mover.TEAM
    if state is S.DECISION:
        return Mover.DECIDER
    return Mover.NOBODY


def waiting_on(user_id: str, role: Role, state: CaseState, team: Collection[str],
               unanswered_nonconformities: int = 0) -> bool:
    """Whether the next step of a case is this member of the body's staff's to take."""
    match mover(state, unanswered_nonconformities):
        case Mover.MANAGERS:
            return role in MANAGER_ROLES
        case Mover.TEAM:
            return user_id in team
        case Mover.DECIDER:
            return role is Role.DECISION_MAKER and user_id not in team
        case _:
            return False


def next_actions(state: CaseState) -> tuple[CaseAction, ...]:
    """The steps the state table allows next (withdrawing aside: the applicant may at any
    time)."""
    return tuple(a for a in TRANSITIONS[state] if a is not CaseAction.WITHDRAW)


class StepStatus(StrEnum):
    DONE = "done"
    CURRENT = "current"
    TODO = "todo"
    SKIPPED = "skipped"  # corrective actions, when no nonconformity was raised


@dataclass(frozen=True)
class Step:
    state: CaseState
    status: StepStatus


def steps(state: CaseState, visited: Collection[CaseState]) -> tuple[Step, ...]:
    """The stepper: the path in order with where the case is. A case that left the path
    (rejected, withdrawn, refused) shows the steps it went through, then where it ended."""
    if state not in PATH:
        return (*(Step(s, StepStatus.DONE) for s in PATH if s in visited),
                Step(state, StepStatus.CURRENT))
    here = PATH.index(state)
    out = []
    for i, s in enumerate(PATH):
        if i < here:
            skipped = s in OPTIONAL and s not in visited
            out.append(Step(s, StepStatus.SKIPPED if skipped else StepStatus.DONE))
        else:
            out.append(Step(s, StepStatus.CURRENT if i == here else StepStatus.TODO))
    return tuple(out)


# -- why somebody may not join the audit team -----------------------------------------------

class Fix(StrEnum):
    """Where an obstacle is put right."""

    QUALIFY = "qualify"  # the body's set-up page: qualifications per category
    DECLARE = "declare"  # the case's page: the person declares impartiality for the case
    NONE = "none"  # it cannot be put right for this case: choose somebody else


@dataclass(frozen=True)
class Obstacle:
    rule: str
    words: tuple[str, str]  # (zh, en)
    fix: Fix


OBSTACLES: dict[str, tuple[tuple[str, str], Fix]] = {
    "auditor_qualification": (("不具备该产品类别的审核资格：请在机构设置页授予资格",
                               "not qualified for this category: qualify them on the body's "
                               "set-up page"), Fix.QUALIFY),
    "impartiality": (("尚未就本项目作出公正性声明：本人须在本项目页面声明",
                      "no impartiality declaration for this case: they declare it on this "
                      "case's page"), Fix.DECLARE),
    "impartiality_expired": (("本项目的公正性声明已过期：本人须在本项目页面重新声明",
                              "the impartiality declaration for this case expired: they "
                              "declare again on this case's page"), Fix.DECLARE),
    "impartiality_consultancy": (("近年为申请方提供过咨询，存在利益冲突：请另选他人",
                                  "consulted for the applicant recently, a conflict of "
                                  "interest: choose somebody else"), Fix.NONE),
    "impartiality_same_organisation": (("任职于申请方：请另选他人",
                                        "works for the applicant: choose somebody else"),
                                       Fix.NONE),
}


def obstacles(user_id: str, user_org_id: str, applicant_id: str, qualified: bool,
              declaration: Declaration | None, today: date,
              consultancy_years: int) -> tuple[Obstacle, ...]:
    """What keeps a member of the staff off this case's audit team (nothing: eligible)."""
    rules = [] if qualified else ["auditor_qualification"]
    try:
        check_impartial(user_id, "audit", declaration, user_org_id, applicant_id, today,
                        consultancy_years)
    except CertificationRuleError as exc:
        rules.append(exc.rule or "impartiality")
    return tuple(Obstacle(r, *OBSTACLES.get(r, OBSTACLES["impartiality"])) for r in rules)
