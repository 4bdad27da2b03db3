"""The certification agreement (ISO/IEC 17065 4.1.2): what the applicant undertakes.

One platform text per version; the applicant's organisation accepts the current version
(who, when, which version) and the body may accept a case only once it has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from carbonlabel.domain.certification.rules import CertificationRuleError


@dataclass(frozen=True)
class Agreement:
    version: int
    text_zh: str
    text_en: str
    effective_on: date


@dataclass(frozen=True)
class Acceptance:
    organisation_id: str
    version: int
    accepted_by: str  # user id
    accepted_at: datetime


FIRST_VERSION = Agreement(
    1,
    "申请方承诺:\n"
    "1. 始终满足认证要求,包括在要求变更时实施相应变更;\n"
    "2. 认证产品持续符合产品要求;\n"
    "3. 为评价和监督作出一切必要安排,包括提供文件、进入现场和人员、调查投诉;\n"
    "4. 仅在认证范围内声明已获认证;\n"
    "5. 不以有损认证机构或认证制度声誉的方式使用认证,不作误导性声明;\n"
    "6. 认证暂停、撤销或到期后,立即停止使用标识和证书,并交回证书;\n"
    "7. 向他人提供认证文件时完整提供或按方案要求提供;\n"
    "8. 在宣传资料中引用认证时符合方案要求,遵守标识使用规定;\n"
    "9. 保存所知悉的与认证要求有关的投诉记录并采取适当措施;\n"
    "10. 及时告知认证机构可能影响其满足认证要求能力的变更。",
    "The applicant undertakes to:\n"
    "1. always fulfil the certification requirements, including implementing changes when "
    "they are communicated;\n"
    "2. keep the certified product fulfilling the product requirements;\n"
    "3. make every arrangement needed for evaluation and surveillance: documents, access to "
    "sites and people, investigation of complaints;\n"
    "4. claim certification only for the scope granted;\n"
    "5. not use the certification so as to bring the body or the scheme into disrepute, nor "
    "make misleading statements;\n"
    "6. stop using the label and certificate on suspension, withdrawal or expiry, and return "
    "the certificate;\n"
    "7. reproduce certification documents in full or as the scheme requires;\n"
    "8. follow the scheme's rules when referring to the certification and using the label;\n"
    "9. keep a record of complaints about compliance with certification requirements and act "
    "on them;\n"
    "10. tell the body without delay of changes that may affect its ability to conform.",
    date(2026, 1, 1))


def current(agreements: list[Agreement], day: date) -> Agreement | None:
    """The version in force on ``day``: the highest version already effective."""
    effective = [a for a in agreements if a.effective_on <= day]
    return max(effective, key=lambda a: a.version) if effective else None


def check_accepted(agreement: Agreement | None, accepted_versions: set[int]) -> None:
    """The applicant has accepted the agreement in force (none in force: nothing to accept)."""
    if agreement is not None and agreement.version not in accepted_versions:
        raise CertificationRuleError(
            "agreement_not_accepted", "agreement",
            f"the applicant has not accepted the certification agreement "
            f"(version {agreement.version})",
            f"申请方尚未接受认证协议(第 {agreement.version} 版)")
