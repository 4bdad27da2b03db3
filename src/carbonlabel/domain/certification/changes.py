"""Changes affecting certification (ISO/IEC 17065 §7.10): a change-evaluation of a
certificate as a small workflow of its own, ``TRANSITIONS[state][action] -> state``.

::

    requested ─start_evaluation→ under_evaluation ─approve→ approved
                                        └───────────reject→ rejected

The holder opens one (a new model version and footprint, a scope change) or the body does;
the body's evaluator reviews it (for a new footprint: the model is run again, as in a case's
PCF verification); a person who did not evaluate it decides, with a reason. Every decision
clears the certificate's re-evaluation flag. An approval re-issues the certificate (revision
+1, printed "-R1" ...) with what the change carried; a rejection leaves the certificate as it
was: it goes on certifying the model version and value it was granted for.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from carbonlabel.domain.certification.rules import (
    CertificationRuleError,
    check_decider,
    check_reason,
)
from carbonlabel.errors import WorkflowError


class ChangeKind(StrEnum):
    REISSUE = "reissue"  # a new model version / footprint: the certified value may change
    EXTENSION = "extension"  # the scope grows (more product types or specifications)
    REDUCTION = "reduction"  # the scope shrinks


KIND_NAMES: dict[ChangeKind, tuple[str, str]] = {
    ChangeKind.REISSUE: ("换证（新模型版本／碳足迹）", "re-issue (new model version / footprint)"),
    ChangeKind.EXTENSION: ("扩大认证范围", "extension of scope"),
    ChangeKind.REDUCTION: ("缩小认证范围", "reduction of scope"),
}


class ChangeState(StrEnum):
    REQUESTED = "requested"
    UNDER_EVALUATION = "under_evaluation"
    APPROVED = "approved"
    REJECTED = "rejected"


class ChangeAction(StrEnum):
    START_EVALUATION = "start_evaluation"
    APPROVE = "approve"
    REJECT = "reject"


_S, _A = ChangeState, ChangeAction
TRANSITIONS: dict[ChangeState, dict[ChangeAction, ChangeState]] = {
    _S.REQUESTED: {_A.START_EVALUATION: _S.UNDER_EVALUATION},
    _S.UNDER_EVALUATION: {_A.APPROVE: _S.APPROVED, _A.REJECT: _S.REJECTED},
    _S.APPROVED: {},
    _S.REJECTED: {},
}
DECISIONS = frozenset({_A.APPROVE, _A.REJECT})

STATE_NAMES: dict[ChangeState, tuple[str, str]] = {
    _S.REQUESTED: ("已申请", "requested"),
    _S.UNDER_EVALUATION: ("评价中", "under evaluation"),
    _S.APPROVED: ("已批准", "approved"),
    _S.REJECTED: ("不予批准", "rejected"),
}

#: what the registry and a verification show beside the status while the flag is set
UNDER_REEVALUATION = ("重新评价中", "under re-evaluation")


class ChangeTransitionError(WorkflowError):
    """The change-evaluation's state does not allow the action."""

    def __init__(self, state: ChangeState, action: ChangeAction) -> None:
        allowed = ", ".join(a.value for a in TRANSITIONS[state]) or "none (decided)"
        super().__init__(
            message_en=f"action '{action.value}' is not allowed for a change that is "
                       f"'{state.value}' (allowed: {allowed})",
            message_zh=f"变更评价处于「{STATE_NAMES[state][0]}」状态，不允许执行「{action.value}」",
            field="action", rule="change_transition_not_allowed")
        self.state = state
        self.action = action


def apply(state: ChangeState, action: ChangeAction) -> ChangeState:
    try:
        return TRANSITIONS[state][action]
    except KeyError:
        raise ChangeTransitionError(state, action) from None


def is_open(state: ChangeState) -> bool:
    return bool(TRANSITIONS[state])


@dataclass(frozen=True)
class ChangeEvaluation:
    """The evaluator's review; for a new footprint, the model run again and compared."""

    evaluator_id: str
    notes: str
    at: datetime
    submitted_total: float | None = None
    recomputed_total: float | None = None
    relative_difference: float | None = None
    materiality: float | None = None

    @property
    def material(self) -> bool:
        return (self.relative_difference is not None and self.materiality is not None
                and self.relative_difference > self.materiality)


@dataclass(frozen=True)
class CertificateChange:
    id: str
    certificate_id: str
    kind: ChangeKind
    state: ChangeState
    description: str
    opened_by: str  # user id
    opened_by_body: bool  # opened by the certification body (else the holder)
    opened_at: datetime
    model_version_id: str | None  # what a re-issue carries
    footprint_id: str | None
    scope: str | None  # the scope after the change (product types / specifications)
    evaluators: tuple[str, ...]
    evaluation: ChangeEvaluation | None
    decider_id: str | None
    decided_at: datetime | None
    reason: str


@dataclass(frozen=True)
class CertificateRevision:
    """What a certificate stated before a re-issue (kept for the registry and the audit)."""

    certificate_id: str
    revision: int  # the revision these values belonged to
    change_id: str
    model_version_id: str
    footprint_id: str
    value_co2e_kg: float
    certified_value: str
    certified_unit: str
    declared_unit: str
    scope: str | None
    replaced_at: datetime


def check_request(kind: ChangeKind, description: str, footprint_id: str | None,
                  scope: str | None) -> str:
    """What a request must say; returns the description stripped."""
    text = check_reason(description, "description")
    if kind is not ChangeKind.REISSUE and not (scope or "").strip():
        raise CertificationRuleError("change_scope_required", "scope",
                                     "a scope change says the scope after it",
                                     "范围变更须说明变更后的认证范围")
    if kind is not ChangeKind.REISSUE and footprint_id:
        raise CertificationRuleError("change_footprint_scope", "footprint_id",
                                     "only a re-issue carries a new footprint",
                                     "仅换证变更可附带新的碳足迹")
    return text


def check_none_open(open_changes: int) -> None:
    if open_changes:
        raise CertificationRuleError("change_open", "certificate_id",
                                     "a change of this certificate is already being evaluated",
                                     "该证书已有正在评价的变更")


def check_decision(change: CertificateChange, action: ChangeAction, decider: str,
                   reason: str) -> tuple[ChangeState, str]:
    """The target state and the reason of a decision, or the first rule refusing it: the
    table, an independent decider (not an evaluator), a reason, an evaluation on record and,
    for an approval, no material difference found by the re-run."""
    target = apply(change.state, action)
    if action not in DECISIONS:
        raise ChangeTransitionError(change.state, action)
    check_decider(decider, change.evaluators)
    text = check_reason(reason)
    if change.evaluation is None:
        raise CertificationRuleError("change_evaluation_missing", "evaluation",
                                     "record the evaluation of the change first",
                                     "请先记录变更评价结果")
    if action is ChangeAction.APPROVE and change.evaluation.material:
        raise CertificationRuleError("material_difference", "evaluation",
                                     "the re-run found a material difference: the change "
                                     "cannot be approved", "重新计算发现实质性差异，不得批准变更")
    return target, text


def check_evaluator(evaluator: str, evaluators: Collection[str]) -> None:
    if evaluator not in evaluators:
        raise CertificationRuleError("change_evaluator", "evaluator",
                                     "only the evaluator of this change records its evaluation",
                                     "仅该变更的评价人员可记录评价结果")


def reevaluation_deadline(flagged_at: datetime, days: int) -> date:
    """The last day a flagged certificate may wait for a decided change-evaluation."""
    return flagged_at.date() + timedelta(days=days)


def reevaluation_overdue(flagged_at: datetime | None, days: int, today: date) -> bool:
    return flagged_at is not None and today > reevaluation_deadline(flagged_at, days)
