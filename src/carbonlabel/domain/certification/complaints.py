"""Complaints and appeals (ISO/IEC 17065 §7.13) as data: one life for both, a transition table
``TRANSITIONS[state][action] -> state``, the handling periods of the scheme and the rule that
the people who investigate and decide were not involved in the subject.

::

    received ─acknowledge→ acknowledged ─assign→ under_investigation ─decide→ decided ─close→ closed
       │                       │                  │  ↺ assign, record_findings
       ├─reject→ rejected      └──────────────────┴─withdraw→ withdrawn
       └─withdraw→ withdrawn

A *complaint* is lodged by anyone (from a label's verification page or the registry) about a
certificate or a label; an *appeal* is lodged by the holder or applicant against a refusal of
certification, or the suspension or withdrawal of its certificate, within
:attr:`HandlingPeriods.appeal_days` of that decision. ``reject`` ends a complaint that is out
of the body's scope (not about its certification activities). ``decide`` needs the findings of
the investigation and an outcome: upheld or dismissed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from carbonlabel.domain.certification.rules import CertificationRuleError
from carbonlabel.errors import WorkflowError


class Kind(StrEnum):
    COMPLAINT = "complaint"  # 投诉
    APPEAL = "appeal"  # 申诉


class ComplaintState(StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    UNDER_INVESTIGATION = "under_investigation"
    DECIDED = "decided"
    CLOSED = "closed"
    REJECTED = "rejected"  # out of scope
    WITHDRAWN = "withdrawn"  # by the one who lodged it


class ComplaintAction(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    REJECT = "reject"
    ASSIGN = "assign"  # (re)assign the investigator
    RECORD_FINDINGS = "record_findings"
    DECIDE = "decide"
    CLOSE = "close"
    WITHDRAW = "withdraw"


class Outcome(StrEnum):
    UPHELD = "upheld"
    DISMISSED = "dismissed"


class AppealAgainst(StrEnum):
    REFUSAL = "refusal"  # the case was refused
    SUSPENSION = "suspension"  # of the certificate
    WITHDRAWAL = "withdrawal"  # of the certificate


S, A = ComplaintState, ComplaintAction

TRANSITIONS: dict[ComplaintState, dict[ComplaintAction, ComplaintState]] = {
    S.RECEIVED: {A.ACKNOWLEDGE: S.ACKNOWLEDGED, A.REJECT: S.REJECTED,
                 A.WITHDRAW: S.WITHDRAWN},
    S.ACKNOWLEDGED: {A.ASSIGN: S.UNDER_INVESTIGATION, A.WITHDRAW: S.WITHDRAWN},
    S.UNDER_INVESTIGATION: {A.ASSIGN: S.UNDER_INVESTIGATION,
                            A.RECORD_FINDINGS: S.UNDER_INVESTIGATION,
                            A.DECIDE: S.DECIDED, A.WITHDRAW: S.WITHDRAWN},
    S.DECIDED: {A.CLOSE: S.CLOSED},
    S.CLOSED: {},
    S.REJECTED: {},
    S.WITHDRAWN: {},
}

KIND_NAMES: dict[Kind, tuple[str, str]] = {
    Kind.COMPLAINT: ("投诉", "complaint"), Kind.APPEAL: ("申诉", "appeal")}
STATE_NAMES: dict[ComplaintState, tuple[str, str]] = {
    S.RECEIVED: ("已收到", "received"), S.ACKNOWLEDGED: ("已确认受理", "acknowledged"),
    S.UNDER_INVESTIGATION: ("调查中", "under investigation"), S.DECIDED: ("已决定", "decided"),
    S.CLOSED: ("已关闭", "closed"), S.REJECTED: ("不予受理（超出范围）", "rejected: out of scope"),
    S.WITHDRAWN: ("已撤回", "withdrawn"),
}
OUTCOME_NAMES: dict[Outcome, tuple[str, str]] = {
    Outcome.UPHELD: ("成立（支持）", "upheld"), Outcome.DISMISSED: ("不成立（驳回）", "dismissed")}
AGAINST_NAMES: dict[AppealAgainst, tuple[str, str]] = {
    AppealAgainst.REFUSAL: ("不予认证决定", "refusal of certification"),
    AppealAgainst.SUSPENSION: ("证书暂停", "suspension of the certificate"),
    AppealAgainst.WITHDRAWAL: ("证书撤销", "withdrawal of the certificate"),
}
#: reference prefixes: 投诉 TS, 申诉 SS
PREFIXES: dict[Kind, str] = {Kind.COMPLAINT: "TS", Kind.APPEAL: "SS"}


class ComplaintTransitionError(WorkflowError):
    def __init__(self, state: ComplaintState, action: ComplaintAction) -> None:
        allowed = ", ".join(a.value for a in TRANSITIONS[state]) or "none (final state)"
        super().__init__(
            message_en=f"action '{action.value}' is not allowed in state '{state.value}' "
                       f"(allowed: {allowed})",
            message_zh=f"处于「{STATE_NAMES[state][0]}」状态，不允许执行「{action.value}」",
            field="action", rule="complaint_transition_not_allowed")
        self.state = state
        self.action = action


def apply(state: ComplaintState, action: ComplaintAction) -> ComplaintState:
    try:
        return TRANSITIONS[state][action]
    except KeyError:
        raise ComplaintTransitionError(state, action) from None


def is_final(state: ComplaintState) -> bool:
    return not TRANSITIONS[state]


def reference(kind: Kind, year: int, serial: int) -> str:
    """``TS-2026-000001`` (a complaint) or ``SS-2026-000001`` (an appeal)."""
    return f"{PREFIXES[kind]}-{year:04d}-{serial:06d}"


@dataclass(frozen=True)
class HandlingPeriods:
    """The scheme's periods, in calendar days (no holiday calendar is kept: 7 calendar days
    stand for the 5 working days of an acknowledgement). Counted from the day of receipt."""

    acknowledge_days: int = 7
    decide_days: int = 60
    appeal_days: int = 30  # after the decision appealed against

    def acknowledge_by(self, received_on: date) -> date:
        return received_on + timedelta(days=self.acknowledge_days)

    def decide_by(self, received_on: date) -> date:
        return received_on + timedelta(days=self.decide_days)

    def appeal_until(self, decided_on: date) -> date:
        return decided_on + timedelta(days=self.appeal_days)


PERIODS = HandlingPeriods()


def overdue(state: ComplaintState, acknowledge_by: date, decide_by: date,
            today: date) -> tuple[bool, bool]:
    """(acknowledgement overdue, decision overdue) on ``today``."""
    late_ack = state is S.RECEIVED and today > acknowledge_by
    late_decision = state in (S.RECEIVED, S.ACKNOWLEDGED, S.UNDER_INVESTIGATION) and (
        today > decide_by)
    return late_ack, late_decision


def check_appeal_in_time(decided_on: date, today: date, periods: HandlingPeriods) -> None:
    if today > periods.appeal_until(decided_on):
        raise CertificationRuleError(
            "appeal_period_over", "against",
            f"an appeal must be lodged within {periods.appeal_days} days of the decision "
            f"(decided {decided_on.isoformat()})",
            f"申诉须在决定作出后 {periods.appeal_days} 日内提出"
            f"（决定日期 {decided_on.isoformat()}）")


def check_investigator(person: str, involved: Collection[str]) -> None:
    """The investigator took no part in the subject (its audit, decision or the decision
    appealed against)."""
    if person in involved:
        raise CertificationRuleError(
            "investigator_involved", "investigator_id",
            "the investigator must not have been involved in the subject (audit team, "
            "certification decision or the decision appealed against)",
            "调查人员不得参与过被投诉或申诉事项（审核组、认证决定或被申诉的决定）")


def check_decider(person: str, involved: Collection[str]) -> None:
    """The person who decides took no part in the subject."""
    if person in involved:
        raise CertificationRuleError(
            "decider_involved", "decider",
            "the decision must be made by a person not involved in the subject (audit team, "
            "certification decision or the decision appealed against)",
            "处理决定须由未参与被投诉或申诉事项的人员作出（审核组、认证决定或被申诉的决定）")


def check_findings(findings: str | None) -> None:
    if not (findings or "").strip():
        raise CertificationRuleError(
            "findings_required", "findings",
            "record the findings of the investigation before deciding",
            "作出决定前须记录调查结论")
