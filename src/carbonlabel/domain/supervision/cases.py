"""Supervision cases (监管案件) as data: a regulator takes up an alert or a public report, assigns
it to a member of its staff, investigates, records findings and evidence, and closes it with a
conclusion or escalates it (to a spot check, an administrative penalty procedure or a higher
authority, with that procedure's reference). ``TRANSITIONS[state][action] -> state``;
:func:`apply` is one lookup and refuses what the table does not hold.

::

    opened ─assign→ assigned ─investigate→ investigating ─close→ closed (confirmed / not confirmed)
      │  ↺ assign      │  ↺ assign             │  ↺ assign, record_findings (with evidence)
      │                                        └─escalate→ escalated (to what, reference)
      └─close→ closed (not confirmed, e.g. a duplicate)

Deadlines (:data:`DEADLINES`): a case is assigned within ``assign_days`` of its opening and
concluded (closed or escalated) within ``conclude_days``; one past its deadline is overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from carbonlabel.errors import WorkflowError


class CaseState(StrEnum):
    OPENED = "opened"
    ASSIGNED = "assigned"
    INVESTIGATING = "investigating"
    CLOSED = "closed"
    ESCALATED = "escalated"


class CaseAction(StrEnum):
    ASSIGN = "assign"
    INVESTIGATE = "investigate"
    RECORD_FINDINGS = "record_findings"
    CLOSE = "close"
    ESCALATE = "escalate"


class Conclusion(StrEnum):
    CONFIRMED = "confirmed"  # the false label or misuse is established
    NOT_CONFIRMED = "not_confirmed"


class EscalatedTo(StrEnum):
    SPOT_CHECK = "spot_check"  # 认证有效性抽查
    PENALTY = "penalty"  # 行政处罚程序
    HIGHER_AUTHORITY = "higher_authority"  # 移送上级或其他机关


class Source(StrEnum):
    ALERT = "alert"
    REPORT = "report"


_S, _A = CaseState, CaseAction

TRANSITIONS: dict[CaseState, dict[CaseAction, CaseState]] = {
    _S.OPENED: {_A.ASSIGN: _S.ASSIGNED, _A.CLOSE: _S.CLOSED},
    _S.ASSIGNED: {_A.ASSIGN: _S.ASSIGNED, _A.INVESTIGATE: _S.INVESTIGATING},
    _S.INVESTIGATING: {_A.ASSIGN: _S.INVESTIGATING, _A.RECORD_FINDINGS: _S.INVESTIGATING,
                       _A.CLOSE: _S.CLOSED, _A.ESCALATE: _S.ESCALATED},
    _S.CLOSED: {},
    _S.ESCALATED: {},
}

STATE_NAMES: dict[CaseState, tuple[str, str]] = {
    _S.OPENED: ("已立案", "opened"), _S.ASSIGNED: ("已分派", "assigned"),
    _S.INVESTIGATING: ("调查中", "investigating"), _S.CLOSED: ("已结案", "closed"),
    _S.ESCALATED: ("已移送", "escalated"),
}
ACTION_NAMES: dict[str, tuple[str, str]] = {
    "open": ("立案", "opened"), _A.ASSIGN.value: ("分派", "assigned"),
    _A.INVESTIGATE.value: ("开始调查", "investigation started"),
    _A.RECORD_FINDINGS.value: ("记录调查结果", "findings recorded"),
    _A.CLOSE.value: ("结案", "closed"), _A.ESCALATE.value: ("移送", "escalated"),
}
CONCLUSION_NAMES: dict[Conclusion, tuple[str, str]] = {
    Conclusion.CONFIRMED: ("违法事实成立", "confirmed"),
    Conclusion.NOT_CONFIRMED: ("违法事实不成立", "not confirmed"),
}
ESCALATION_NAMES: dict[EscalatedTo, tuple[str, str]] = {
    EscalatedTo.SPOT_CHECK: ("认证有效性抽查", "a spot check of certification validity"),
    EscalatedTo.PENALTY: ("行政处罚程序", "an administrative penalty procedure"),
    EscalatedTo.HIGHER_AUTHORITY: ("上级或其他机关", "a higher or another authority"),
}
FINAL = frozenset({_S.CLOSED, _S.ESCALATED})


class CaseTransitionError(WorkflowError):
    def __init__(self, state: CaseState, action: CaseAction) -> None:
        allowed = ", ".join(a.value for a in TRANSITIONS[state]) or "none (final state)"
        super().__init__(
            message_en=f"action '{action.value}' is not allowed in a case that is "
                       f"'{state.value}' (allowed: {allowed})",
            message_zh=f"案件处于「{STATE_NAMES[state][0]}」状态，不允许"
                       f"「{ACTION_NAMES[action.value][0]}」",
            field="action", rule="case_transition_not_allowed")


def apply(state: CaseState, action: CaseAction) -> CaseState:
    try:
        return TRANSITIONS[state][action]
    except KeyError:
        raise CaseTransitionError(state, action) from None


@dataclass(frozen=True)
class Deadlines:
    assign_days: int = 3
    conclude_days: int = 30

    def assign_by(self, opened: date) -> date:
        return opened + timedelta(days=self.assign_days)

    def conclude_by(self, opened: date) -> date:
        return opened + timedelta(days=self.conclude_days)


DEADLINES = Deadlines()


@dataclass(frozen=True)
class SupervisionCase:
    id: str
    reference: str  # JG-2026-000001
    regulator_id: str  # the regulator organisation that opened it
    source: Source
    alert_id: str | None
    report_id: str | None
    claimed_number: str | None  # the certificate number concerned (may name none)
    certificate_id: str | None
    holder_region: str | None
    seen_region: str | None
    summary: str
    state: CaseState
    assignee_id: str | None
    findings: str
    conclusion: Conclusion | None
    escalated_to: EscalatedTo | None
    escalation_reference: str | None
    opened_by: str
    opened_at: datetime
    assign_by: date
    conclude_by: date
    closed_at: datetime | None
    updated_at: datetime

    def overdue(self, today: date) -> bool:
        """Past its deadline: not yet assigned by ``assign_by``, or not concluded by
        ``conclude_by``."""
        if self.state in FINAL:
            return False
        if self.state is CaseState.OPENED and today > self.assign_by:
            return True
        return today > self.conclude_by


@dataclass(frozen=True)
class CaseStep:
    case_id: str
    seq: int
    action: str  # "open" or a CaseAction
    from_state: str
    to_state: str
    actor_id: str
    at: datetime
    note: str


def reference(year: int, serial: int) -> str:
    return f"JG-{year}-{serial:06d}"
