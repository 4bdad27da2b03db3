"""The certification case workflow as data: ``TRANSITIONS[state][action] -> state``.

::

    applied ─accept→ accepted ─plan→ planned ─start_document_review→ document_review
       │                                                  complete_document_review │
       ├─reject→ rejected                                       on_site_inspection ←┘
       │                                                complete_inspection │
       │                  corrective_actions ←raise_nonconformities─ pcf_verification
       │                         │ close_nonconformities               │ complete_verification
       │                         └──────────────→ evaluation ←─────────┘
       │                                             │ complete_evaluation
       │                                          decision ─grant→ granted
       │                                             └────refuse→ refused
       └─ (any open state) ─withdraw→ withdrawn

``apply(state, action)`` is one lookup; a miss raises :class:`TransitionNotAllowedError` naming
both. Guards that depend on people or data (the decider did not audit the case, open
nonconformities) live in :mod:`carbonlabel.domain.certification.rules`.
"""

from __future__ import annotations

from enum import StrEnum

from carbonlabel.errors import WorkflowError


class CaseState(StrEnum):
    APPLIED = "applied"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    PLANNED = "planned"
    DOCUMENT_REVIEW = "document_review"
    ON_SITE_INSPECTION = "on_site_inspection"
    PCF_VERIFICATION = "pcf_verification"
    CORRECTIVE_ACTIONS = "corrective_actions"
    EVALUATION = "evaluation"
    DECISION = "decision"
    GRANTED = "granted"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class CaseAction(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    PLAN = "plan"
    START_DOCUMENT_REVIEW = "start_document_review"
    COMPLETE_DOCUMENT_REVIEW = "complete_document_review"
    COMPLETE_INSPECTION = "complete_inspection"
    RAISE_NONCONFORMITIES = "raise_nonconformities"
    CLOSE_NONCONFORMITIES = "close_nonconformities"
    COMPLETE_VERIFICATION = "complete_verification"
    COMPLETE_EVALUATION = "complete_evaluation"
    GRANT = "grant"
    REFUSE = "refuse"
    WITHDRAW = "withdraw"


S, A = CaseState, CaseAction

_OPEN = (S.APPLIED, S.ACCEPTED, S.PLANNED, S.DOCUMENT_REVIEW, S.ON_SITE_INSPECTION,
         S.PCF_VERIFICATION, S.CORRECTIVE_ACTIONS, S.EVALUATION, S.DECISION)

TRANSITIONS: dict[CaseState, dict[CaseAction, CaseState]] = {
    S.APPLIED: {A.ACCEPT: S.ACCEPTED, A.REJECT: S.REJECTED},
    S.ACCEPTED: {A.PLAN: S.PLANNED},
    S.PLANNED: {A.START_DOCUMENT_REVIEW: S.DOCUMENT_REVIEW},
    S.DOCUMENT_REVIEW: {A.COMPLETE_DOCUMENT_REVIEW: S.ON_SITE_INSPECTION},
    S.ON_SITE_INSPECTION: {A.COMPLETE_INSPECTION: S.PCF_VERIFICATION},
    S.PCF_VERIFICATION: {A.RAISE_NONCONFORMITIES: S.CORRECTIVE_ACTIONS,
                         A.COMPLETE_VERIFICATION: S.EVALUATION},
    S.CORRECTIVE_ACTIONS: {A.CLOSE_NONCONFORMITIES: S.EVALUATION},
    S.EVALUATION: {A.COMPLETE_EVALUATION: S.DECISION},
    S.DECISION: {A.GRANT: S.GRANTED, A.REFUSE: S.REFUSED},
    S.GRANTED: {},
    S.REFUSED: {},
    S.REJECTED: {},
    S.WITHDRAWN: {},
}
for _state in _OPEN:
    TRANSITIONS[_state][A.WITHDRAW] = S.WITHDRAWN

STATE_NAMES: dict[CaseState, tuple[str, str]] = {
    S.APPLIED: ("已申请", "applied"), S.ACCEPTED: ("已受理", "accepted"),
    S.REJECTED: ("不予受理", "rejected"), S.PLANNED: ("已策划", "planned"),
    S.DOCUMENT_REVIEW: ("文件评审", "document review"),
    S.ON_SITE_INSPECTION: ("现场检查", "on-site inspection"),
    S.PCF_VERIFICATION: ("碳足迹核查", "PCF verification"),
    S.CORRECTIVE_ACTIONS: ("不符合项整改", "corrective actions"),
    S.EVALUATION: ("评价", "evaluation"), S.DECISION: ("待决定", "awaiting decision"),
    S.GRANTED: ("已获证", "granted"), S.REFUSED: ("不予认证", "refused"),
    S.WITHDRAWN: ("已撤回", "withdrawn"),
}


class TransitionNotAllowedError(WorkflowError):
    """The case's state does not allow the action (the transition table says which do)."""

    def __init__(self, state: CaseState, action: CaseAction) -> None:
        allowed = ", ".join(a.value for a in TRANSITIONS[state]) or "none (final state)"
        super().__init__(
            message_en=f"action '{action.value}' is not allowed in state '{state.value}' "
                       f"(allowed: {allowed})",
            message_zh=f"项目处于「{STATE_NAMES[state][0]}」状态，不允许执行「{action.value}」",
            field="action", rule="transition_not_allowed")
        self.state = state
        self.action = action


def apply(state: CaseState, action: CaseAction) -> CaseState:
    try:
        return TRANSITIONS[state][action]
    except KeyError:
        raise TransitionNotAllowedError(state, action) from None


def is_final(state: CaseState) -> bool:
    return not TRANSITIONS[state]


def mermaid() -> str:
    """The workflow as a Mermaid state diagram, drawn from the table (for the docs)."""
    lines = ["stateDiagram-v2", f"    [*] --> {CaseState.APPLIED.value}"]
    for state, actions in TRANSITIONS.items():
        for action, target in actions.items():
            lines.append(f"    {state.value} --> {target.value}: {action.value}")
        if not actions:
            lines.append(f"    {state.value} --> [*]")
    return "\n".join(lines)
