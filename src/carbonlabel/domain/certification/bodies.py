"""A certification body's approval and accreditation, recorded by the platform operator.

In the pilot a body is approved by CNCA (批准书编号) and accredited by CNAS (认可证书编号,
valid from–to) for product categories of the catalogue; the operator of the platform records
both, and the body's code in certificate numbers, unique on the platform. A case may go only
to a body that is approved, whose accreditation is valid on the day and covers the category
(ISO/IEC 17065 4.1, 7.1; 17011 scope).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from carbonlabel.domain.certification import catalogue
from carbonlabel.domain.certification.rules import CertificationRuleError


class BodyStatus(StrEnum):
    APPROVED = "approved"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"


BODY_STATUS_NAMES: dict[BodyStatus, tuple[str, str]] = {
    BodyStatus.APPROVED: ("已批准", "approved"),
    BodyStatus.SUSPENDED: ("暂停", "suspended"),
    BodyStatus.WITHDRAWN: ("撤销", "withdrawn"),
}


@dataclass(frozen=True)
class BodyApproval:
    body_id: str
    body_code: int | None  # in certificate numbers, 1-999, unique on the platform
    approval_number: str  # CNCA 批准书编号
    accreditation_number: str  # CNAS 认可证书编号
    accredited_from: date | None
    accredited_to: date | None
    status: BodyStatus
    scope: frozenset[str]  # catalogue codes as decimal strings ("1".."17")

    def valid_on(self, day: date) -> bool:
        return (self.accredited_from is not None and self.accredited_to is not None
                and self.accredited_from <= day <= self.accredited_to)


def check_scope_codes(codes: list[str]) -> None:
    """Every code names a catalogue entry."""
    if not codes:
        raise CertificationRuleError("catalogue_code", "scope", "choose catalogue entries",
                                     "请选择认证目录条目")
    for code in codes:
        if catalogue.entry(code) is None:
            raise CertificationRuleError(
                "catalogue_code", "scope", f"'{code}' is not a code of the pilot catalogue (1-17)",
                f"「{code}」不是试点认证目录的编号(1–17)")


def check_body_may_take(approval: BodyApproval | None, category: str, day: date) -> None:
    """The body is approved, its accreditation valid on ``day`` and covering ``category``."""
    if approval is None or approval.status is not BodyStatus.APPROVED:
        status = approval.status.value if approval else "unrecorded"
        raise CertificationRuleError(
            "body_not_approved", "body_id",
            f"the certification body is not approved on the platform ({status})",
            f"该认证机构未获平台登记的批准(状态:{status})")
    if not approval.valid_on(day):
        raise CertificationRuleError(
            "accreditation_expired", "body_id",
            f"the body's accreditation is not valid on {day.isoformat()}",
            f"该认证机构的认可在 {day.isoformat()} 不在有效期内")
    if category not in approval.scope:
        zh, en = catalogue.name(category)
        raise CertificationRuleError(
            "accreditation_scope", "category",
            f"the certification body is not accredited for the category '{en}'",
            f"该认证机构的认可范围不包括产品类别「{zh}」")


def check_within_scope(approval: BodyApproval | None, codes: list[str]) -> None:
    """A body qualifies its auditors only for categories of its own scope."""
    scope = approval.scope if approval else frozenset()
    outside = [c for c in codes if c not in scope]
    if outside:
        zh, en = catalogue.name(outside[0])
        raise CertificationRuleError(
            "qualification_outside_scope", "category",
            f"'{en}' is not in the body's accreditation scope",
            f"「{zh}」不在本机构的认可范围内")
