"""Transfer of a valid certificate from one certification body to another (IAF MD 2 practice).

::

    requested ─review→ under_review ─accept→ accepted
       │                  │  ↺ review
       │                  └─decline→ declined
       ├─decline→ declined
       └─cancel→ cancelled          (under_review ─cancel→ cancelled as well)

The holder asks for the transfer naming the accepting body. The accepting body reviews before
it accepts (a *pre-transfer review*): the certificate is valid (not suspended, withdrawn,
cancelled or expired, not awaiting re-evaluation), no certificate nonconformity is open, no
complaint or appeal about it is open, its surveillance is not overdue, and the accepting body
is approved, its accreditation valid and covering the certificate's category. The review is
recorded as a checklist with each result; acceptance checks the same facts again on its day.

On acceptance the certificate keeps its number and its history (the number embeds the code of
the body that issued it: a number is never reissued or changed, so labels already applied stay
genuine); its ``body_id`` becomes the accepting body, which from then on alone acts on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from carbonlabel.domain.certification.bodies import BodyApproval, check_body_may_take
from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.certification.rules import CertificationRuleError
from carbonlabel.errors import WorkflowError


class TransferState(StrEnum):
    REQUESTED = "requested"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class TransferAction(StrEnum):
    REVIEW = "review"  # the accepting body records its pre-transfer review
    ACCEPT = "accept"  # the accepting body
    DECLINE = "decline"  # the accepting body, with a reason
    CANCEL = "cancel"  # the holder


S, A = TransferState, TransferAction

TRANSITIONS: dict[TransferState, dict[TransferAction, TransferState]] = {
    S.REQUESTED: {A.REVIEW: S.UNDER_REVIEW, A.DECLINE: S.DECLINED, A.CANCEL: S.CANCELLED},
    S.UNDER_REVIEW: {A.REVIEW: S.UNDER_REVIEW, A.ACCEPT: S.ACCEPTED, A.DECLINE: S.DECLINED,
                     A.CANCEL: S.CANCELLED},
    S.ACCEPTED: {},
    S.DECLINED: {},
    S.CANCELLED: {},
}

STATE_NAMES: dict[TransferState, tuple[str, str]] = {
    S.REQUESTED: ("已申请", "requested"), S.UNDER_REVIEW: ("转移前评审中", "under review"),
    S.ACCEPTED: ("已接受", "accepted"), S.DECLINED: ("已拒绝", "declined"),
    S.CANCELLED: ("已撤回", "cancelled"),
}

#: who may take each action: the holder of the certificate or the accepting body
HOLDER_ACTIONS = frozenset({A.CANCEL})
BODY_ACTIONS = frozenset({A.REVIEW, A.ACCEPT, A.DECLINE})


class TransferTransitionError(WorkflowError):
    def __init__(self, state: TransferState, action: TransferAction) -> None:
        allowed = ", ".join(a.value for a in TRANSITIONS[state]) or "none (final state)"
        super().__init__(
            message_en=f"action '{action.value}' is not allowed for a transfer that is "
                       f"'{state.value}' (allowed: {allowed})",
            message_zh=f"转移申请处于「{STATE_NAMES[state][0]}」状态，不允许「{action.value}」",
            field="action", rule="transfer_transition_not_allowed")
        self.state = state
        self.action = action


def apply(state: TransferState, action: TransferAction) -> TransferState:
    try:
        return TRANSITIONS[state][action]
    except KeyError:
        raise TransferTransitionError(state, action) from None


def is_open(state: TransferState) -> bool:
    return bool(TRANSITIONS[state])


@dataclass(frozen=True)
class TransferFacts:
    """What the rules look at, read on the day of the step."""

    from_body_id: str
    to_body_id: str
    status: CertificateStatus  # effective on ``day`` (a lapsed certificate is expired)
    reevaluation_required: bool
    open_nonconformities: int
    open_complaints: int  # complaints and appeals about the certificate, not yet final
    last_surveillance: date | None  # the last surveillance done
    surveillance_overdue: bool  # a scheduled check past its grace period, not done
    approval: BodyApproval | None  # the accepting body's
    category: str  # the certificate's catalogue code
    day: date


@dataclass(frozen=True)
class CheckItem:
    """One line of the pre-transfer review: what was checked, whether it passed, and what
    was found (bilingual)."""

    code: str
    passed: bool
    detail_zh: str
    detail_en: str


CHECK_NAMES: dict[str, tuple[str, str]] = {
    "certificate_valid": ("证书有效（未暂停、撤销、注销、过期，无待再评价）",
                          "certificate valid (not suspended, withdrawn, cancelled, expired, "
                          "nor awaiting re-evaluation)"),
    "no_open_nonconformities": ("无未关闭的不符合项", "no open nonconformity"),
    "no_open_complaints": ("无未结的投诉或申诉", "no open complaint or appeal"),
    "surveillance_current": ("监督未逾期（最近一次监督）",
                             "surveillance not overdue (the last surveillance)"),
    "accepting_body_accredited": ("接收机构已获批准、认可有效并覆盖该类别",
                                  "accepting body approved, accredited and in scope"),
}


def _refusals(f: TransferFacts) -> list[CertificationRuleError]:
    """Every rule the facts break, in the order of the checklist."""
    out: list[CertificationRuleError] = []
    if f.from_body_id == f.to_body_id:
        out.append(CertificationRuleError(
            "transfer_same_body", "body_id", "the certificate is already with this body",
            "该证书已由该认证机构负责"))
    if f.status is not CertificateStatus.VALID:
        out.append(CertificationRuleError(
            "transfer_certificate_not_valid", "certificate_id",
            f"only a valid certificate may be transferred (it is {f.status.value})",
            f"仅有效证书可以转移（当前状态：{f.status.value}）"))
    elif f.reevaluation_required:
        out.append(CertificationRuleError(
            "transfer_reevaluation_required", "certificate_id",
            "the certificate awaits re-evaluation after a change: no transfer until it is done",
            "证书因变更待再评价，完成前不得转移"))
    if f.open_nonconformities:
        out.append(CertificationRuleError(
            "transfer_nonconformity_open", "certificate_id",
            f"{f.open_nonconformities} nonconformity(ies) of the certificate are open",
            f"证书有 {f.open_nonconformities} 项不符合尚未关闭"))
    if f.open_complaints:
        out.append(CertificationRuleError(
            "transfer_complaint_open", "certificate_id",
            f"{f.open_complaints} complaint(s) or appeal(s) about the certificate are open",
            f"有 {f.open_complaints} 件关于该证书的投诉或申诉尚未办结"))
    if f.surveillance_overdue:
        out.append(CertificationRuleError(
            "transfer_surveillance_overdue", "certificate_id",
            "a surveillance of the certificate is overdue", "证书的监督已逾期"))
    try:
        check_body_may_take(f.approval, f.category, f.day)
    except CertificationRuleError as exc:
        out.append(exc)
    return out


def check_transfer(facts: TransferFacts) -> None:
    """Refuse (409, with the rule's code) when any rule is broken: at the request and again
    at the acceptance."""
    refusals = _refusals(facts)
    if refusals:
        raise refusals[0]


_ITEM_RULES: dict[str, tuple[str, ...]] = {
    "certificate_valid": ("transfer_certificate_not_valid", "transfer_reevaluation_required"),
    "no_open_nonconformities": ("transfer_nonconformity_open",),
    "no_open_complaints": ("transfer_complaint_open",),
    "surveillance_current": ("transfer_surveillance_overdue",),
    "accepting_body_accredited": ("body_not_approved", "accreditation_expired",
                                  "accreditation_scope"),
}


def review_checklist(facts: TransferFacts) -> tuple[CheckItem, ...]:
    """The pre-transfer review's checklist: each item passed or failed, with what was found."""
    broken = {e.rule: e for e in _refusals(facts)}
    items = []
    for code, rules in _ITEM_RULES.items():
        failed = [broken[r] for r in rules if r in broken]
        if failed:
            items.append(CheckItem(code, False, failed[0].message_zh, failed[0].message_en))
            continue
        zh, en = _passed_detail(code, facts)
        items.append(CheckItem(code, True, zh, en))
    return tuple(items)


def _passed_detail(code: str, f: TransferFacts) -> tuple[str, str]:
    if code == "surveillance_current":
        last = f.last_surveillance.isoformat() if f.last_surveillance else None
        return ((f"最近一次监督：{last}", f"last surveillance: {last}") if last
                else ("尚无到期的监督", "no surveillance due yet"))
    return CHECK_NAMES[code]


def check_reason(reason: str) -> None:
    if not reason.strip():
        raise CertificationRuleError("transfer_reason_required", "reason",
                                     "give the reason for declining the transfer",
                                     "请填写拒绝转移的理由")


@dataclass(frozen=True)
class CertificateTransfer:
    """One transfer request and what became of it; kept after the transfer as its record
    (from, to, when, by whom)."""

    id: str
    certificate_id: str
    number: str
    holder_id: str
    from_body_id: str
    to_body_id: str
    state: TransferState
    requested_by: str
    requested_at: datetime
    note: str  # the holder's reason for the transfer
    checklist: tuple[CheckItem, ...]  # the pre-transfer review; empty until reviewed
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: str
    decided_by: str | None  # accepted / declined by (the accepting body), cancelled by
    decided_at: datetime | None
    reason: str  # why it was declined (or cancelled)

    @property
    def open(self) -> bool:
        return is_open(self.state)
