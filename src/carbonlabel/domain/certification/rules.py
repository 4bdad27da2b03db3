"""Rules about people and scope that the transition table cannot express.

* only a body accredited for the product category may take a case (ISO/IEC 17065 7.3);
* only an auditor qualified for the category may be on the audit team (7.4);
* the decision is made by a person who did not take part in the evaluation (7.6);
* no open nonconformity when verification, evaluation or the decision completes (7.4, 7.6);
* reasons for the decisions that bind (reject, grant, refuse; suspend, withdraw, restore,
  cancel), evidence for a restore (7.11);
* a live, conflict-free impartiality declaration for this case from everybody who audits,
  reviews or decides it (4.2).

:func:`check_step` and :func:`check_status_change` put the transition tables and these guards
together: one call says whether a (state, action) pair is allowed with the facts at hand.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from carbonlabel.domain.certification.certificate import (
    CertificateAction,
    CertificateStatus,
    change_status,
)
from carbonlabel.domain.certification.states import CaseAction, CaseState, apply
from carbonlabel.errors import WorkflowError


class CertificationRuleError(WorkflowError):
    """A certification rule refuses the step; ``rule`` is a stable code, ``field`` its input."""

    def __init__(self, rule: str, field: str, message_en: str, message_zh: str) -> None:
        super().__init__(message_en=message_en, message_zh=message_zh, field=field, rule=rule)


@dataclass(frozen=True)
class Accreditation:
    body_id: str
    categories: frozenset[str]  # product categories in the accreditation scope


@dataclass(frozen=True)
class Qualification:
    auditor_id: str
    categories: frozenset[str]


def check_scope(accreditation: Accreditation | None, category: str) -> None:
    if accreditation is None or category not in accreditation.categories:
        raise CertificationRuleError(
            "accreditation_scope", "category",
            f"the certification body is not accredited for the category '{category}'",
            f"该认证机构的认可范围不包括产品类别「{category}」")


def check_team(team: Collection[str], qualifications: dict[str, Qualification],
               declared: Collection[str] | None, category: str) -> None:
    """Every team member is qualified for the category (and, unless ``declared`` is None
    because :func:`check_impartial` looks at each, has declared impartiality)."""
    if not team:
        raise CertificationRuleError("audit_team", "team", "the audit team is empty", "审核组为空")
    for auditor in team:
        q = qualifications.get(auditor)
        if q is None or category not in q.categories:
            raise CertificationRuleError(
                "auditor_qualification", "team",
                f"auditor {auditor} is not qualified for the category '{category}'",
                f"审核员 {auditor} 不具备产品类别「{category}」的资格")
        if declared is not None and auditor not in declared:
            raise CertificationRuleError(
                "impartiality", "team",
                f"auditor {auditor} has not declared impartiality for this applicant",
                f"审核员 {auditor} 尚未就该申请方作出公正性声明")


def check_decider(decider: str, evaluators: Collection[str]) -> None:
    if decider in evaluators:
        raise CertificationRuleError(
            "independent_decision", "decider",
            "the decision must be made by a person who did not audit the case",
            "认证决定须由未参与该项目审核的人员作出")


def check_nonconformities_closed(open_count: int) -> None:
    if open_count:
        raise CertificationRuleError(
            "open_nonconformities", "nonconformities",
            f"{open_count} nonconformities are still open",
            f"仍有 {open_count} 项不符合项未关闭")


# -- guards on the transition tables -------------------------------------------------------

#: actions refused while a nonconformity of the case is open
NONCONFORMITY_BLOCKED = frozenset({CaseAction.COMPLETE_VERIFICATION,
                                   CaseAction.COMPLETE_EVALUATION, CaseAction.GRANT,
                                   CaseAction.REFUSE})
#: case actions that need a reason
REASONED = frozenset({CaseAction.REJECT, CaseAction.GRANT, CaseAction.REFUSE})
#: certificate actions that need a reason (all of them bind the holder)
REASONED_STATUS = frozenset(CertificateAction)
MAX_REASON = 2000


def check_reason(reason: str, field: str = "reason") -> str:
    """A reason that says something, of bounded length; returns it stripped."""
    text = reason.strip()
    if not text:
        raise CertificationRuleError("reason_required", field, "give the reason for this step",
                                     "请说明理由")
    if len(text) > MAX_REASON:
        raise CertificationRuleError("reason_too_long", field,
                                     f"the reason is longer than {MAX_REASON} characters",
                                     f"理由超过 {MAX_REASON} 个字符")
    return text


@dataclass(frozen=True)
class CaseFacts:
    """What the guards of a case step look at besides the state."""

    open_nonconformities: int = 0
    reason: str = ""


def check_step(state: CaseState, action: CaseAction, facts: CaseFacts) -> CaseState:
    """The target state of ``action`` in ``state``, or the first rule that refuses it."""
    target = apply(state, action)  # TransitionNotAllowedError
    if action in NONCONFORMITY_BLOCKED:
        check_nonconformities_closed(facts.open_nonconformities)
    if action in REASONED:
        check_reason(facts.reason)
    return target


@dataclass(frozen=True)
class StatusFacts:
    reason: str = ""
    evidence: str = ""  # what shows the cause of the suspension is removed (restore)


def check_status_change(status: CertificateStatus, action: CertificateAction,
                        facts: StatusFacts) -> CertificateStatus:
    target = change_status(status, action)  # StatusChangeNotAllowedError
    if action in REASONED_STATUS:
        check_reason(facts.reason)
    if action is CertificateAction.RESTORE:
        evidence = facts.evidence.strip()
        if not evidence:
            raise CertificationRuleError(
                "restore_evidence", "evidence",
                "a restore needs the evidence that the cause of the suspension is removed",
                "恢复证书须提供暂停原因已消除的证据")
        check_reason(evidence, "evidence")
    return target


# -- re-application after withdrawal ---------------------------------------------------------

def check_reapplication(withdrawn_on: date | None, today: date, lockout_days: int) -> None:
    """A holder whose certificate for the product was withdrawn waits ``lockout_days``."""
    if withdrawn_on is None:
        return
    ends = withdrawn_on + timedelta(days=lockout_days)
    if today < ends:
        raise CertificationRuleError(
            "reapplication_lockout", "footprint_id",
            f"the certificate for this product was withdrawn on {withdrawn_on.isoformat()}: "
            f"a new application is possible from {ends.isoformat()}",
            f"该产品的证书已于 {withdrawn_on.isoformat()} 撤销，"
            f"自 {ends.isoformat()} 起方可重新申请")


# -- impartiality per case --------------------------------------------------------------------

@dataclass(frozen=True)
class Declaration:
    """A person's impartiality declaration for one case."""

    user_id: str
    case_id: str
    declared_on: date
    expires_on: date
    last_consultancy_on: date | None  # when they last consulted for the applicant, if ever


#: what each person does on a case, for the messages
DUTIES: dict[str, tuple[str, str]] = {
    "audit": ("审核", "audit"), "review": ("评价", "review"), "decide": ("决定", "decide")}


def check_impartial(user_id: str, duty: str, declaration: Declaration | None,
                    user_org_id: str, applicant_id: str, today: date,
                    consultancy_years: int) -> None:
    """The person may ``duty`` the case: a live declaration for it, no prior consultancy
    within ``consultancy_years``, not employed by the applicant."""
    zh, en = DUTIES[duty]
    if user_org_id == applicant_id:
        raise CertificationRuleError(
            "impartiality_same_organisation", "team",
            f"{user_id} works for the applicant and may not {en} its case",
            f"{user_id} 任职于申请方，不得{zh}该项目")
    if declaration is None:
        raise CertificationRuleError(
            "impartiality", "team",
            f"{user_id} has not declared impartiality for this case (needed to {en} it)",
            f"{user_id} 尚未就该项目作出公正性声明（{zh}前须声明）")
    if today > declaration.expires_on:
        raise CertificationRuleError(
            "impartiality_expired", "team",
            f"the impartiality declaration of {user_id} expired on "
            f"{declaration.expires_on.isoformat()}: declare again",
            f"{user_id} 的公正性声明已于 {declaration.expires_on.isoformat()} 过期，请重新声明")
    consulted = declaration.last_consultancy_on
    if consulted is not None and today < years_after(consulted, consultancy_years):
        raise CertificationRuleError(
            "impartiality_consultancy", "team",
            f"{user_id} consulted for the applicant on {consulted.isoformat()}, within "
            f"{consultancy_years} years: a conflict of interest",
            f"{user_id} 于 {consulted.isoformat()} 为申请方提供过咨询（{consultancy_years} 年内），"
            "存在利益冲突")


def years_after(day: date, years: int) -> date:
    """The same calendar day ``years`` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
