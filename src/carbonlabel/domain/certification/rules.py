"""Rules about people and scope that the transition table cannot express.

* only a body accredited for the product category may take a case (ISO/IEC 17065 7.3);
* only an auditor qualified for the category, with a signed impartiality declaration for the
  applicant, may be on the audit team (7.4, 4.2);
* the decision is made by a person who did not take part in the evaluation (7.6);
* the case moves to evaluation only when every nonconformity is closed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

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
               declared: Collection[str], category: str) -> None:
    """Every team member is qualified for the category and has declared impartiality."""
    if not team:
        raise CertificationRuleError("audit_team", "team", "the audit team is empty", "审核组为空")
    for auditor in team:
        q = qualifications.get(auditor)
        if q is None or category not in q.categories:
            raise CertificationRuleError(
                "auditor_qualification", "team",
                f"auditor {auditor} is not qualified for the category '{category}'",
                f"审核员 {auditor} 不具备产品类别「{category}」的资格")
        if auditor not in declared:
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
