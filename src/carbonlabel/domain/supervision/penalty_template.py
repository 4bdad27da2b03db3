"""The "双公示" administrative-penalty template: its 28 fields in order, with the Chinese header,
the field code, whether it is mandatory and whether it belongs to the public summary. This one
table drives the exports (CSV, XLSX, JSON feed), the pages and the mandatory checks.

Source: the data-exchange template of the credit platforms (NDRC's 《行政许可和行政处罚等信用
信息数据归集标准》, revised 2021 [BK: title and version to confirm]); the codes are those several
independent implementations share (research notes §1.1). ``CF_FRDB`` is the code those
implementations use for the legal representative. The summary fields are those of the
行政处罚信息摘要 of 《市场监督管理行政处罚信息公示规定》 (2021) Art. 4.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FieldKind(StrEnum):
    TEXT = "text"
    PARTY_KIND = "party_kind"
    CREDIT_CODE = "credit_code"
    CLASSES = "classes"
    VIOLATION = "violation"
    AMOUNT = "amount"  # 万元, a decimal with at most 6 places
    DATE = "date"


@dataclass(frozen=True)
class TemplateField:
    number: int
    header: str  # the exact Chinese column header
    code: str  # the field code, the key of the JSON feed
    attr: str  # the attribute of domain/supervision/penalties.Penalty
    mandatory: bool
    kind: FieldKind = FieldKind.TEXT
    summary: bool = False  # shown on the public 公示 page
    personal: bool = False  # personal data: never published
    english: str = ""


_F = TemplateField
K = FieldKind

FIELDS: tuple[TemplateField, ...] = (
    _F(1, "行政相对人名称", "CF_XDR_MC", "party_name", True, summary=True,
       english="party name"),
    _F(2, "行政相对人类别", "CF_XDR_LB", "party_kind", True, K.PARTY_KIND,
       english="party kind"),
    _F(3, "行政相对人代码_1（统一社会信用代码）", "CF_XDR_SHXYM", "credit_code", False,
       K.CREDIT_CODE, summary=True, english="unified social credit code"),
    _F(4, "行政相对人代码_2（工商注册号）", "CF_XDR_GSZC", "registration_number", False,
       english="business registration number"),
    _F(5, "行政相对人代码_3（组织机构代码）", "CF_XDR_ZZJG", "organisation_code", False,
       english="organisation code"),
    _F(6, "行政相对人代码_4（税务登记号）", "CF_XDR_SWDJ", "tax_number", False,
       english="tax registration number"),
    _F(7, "行政相对人代码_5（事业单位证书号）", "CF_XDR_SYDW", "institution_number", False,
       english="public institution certificate number"),
    _F(8, "行政相对人代码_6（社会组织登记证号）", "CF_XDR_SHZZ", "social_org_number", False,
       english="social organisation registration number"),
    _F(9, "法定代表人", "CF_FRDB", "legal_representative", False,
       english="legal representative"),
    _F(10, "证件类型", "CF_XDR_ZJLX", "id_type", False, personal=True,
       english="identity document type"),
    _F(11, "证件号码", "CF_XDR_ZJHM", "id_number", False, personal=True,
       english="identity document number"),
    _F(12, "行政处罚决定书文号", "CF_WSH", "decision_number", True, summary=True,
       english="decision number"),
    _F(13, "违法行为类型", "CF_WFXW", "violation", True, K.VIOLATION, summary=True,
       english="type of violation"),
    _F(14, "违法事实", "CF_SY", "facts", True, english="facts of the violation"),
    _F(15, "处罚依据", "CF_YJ", "legal_basis", True, english="legal basis"),
    _F(16, "处罚类别", "CF_CFLB", "classes", True, K.CLASSES, english="penalty classes"),
    _F(17, "处罚内容", "CF_NR", "content", True, summary=True, english="penalty content"),
    _F(18, "罚款金额（万元）", "CF_NR_FK", "fine", False, K.AMOUNT,
       english="fine (10,000 yuan)"),
    _F(19, "没收违法所得、没收非法财物的金额（万元）", "CF_NR_WFFF", "confiscated", False,
       K.AMOUNT, english="confiscated gains and property (10,000 yuan)"),
    _F(20, "暂扣或吊销证照名称及编号", "CF_NR_ZKDX", "licence", False,
       english="licence withheld or revoked"),
    _F(21, "处罚决定日期", "CF_JDRQ", "decided_on", True, K.DATE, summary=True,
       english="decision date"),
    _F(22, "处罚有效期", "CF_YXQ", "valid_until", True, K.DATE,
       english="penalty valid until"),
    _F(23, "公示截止期", "CF_GSJZQ", "publicity_end", False, K.DATE,
       english="publicity ends"),
    _F(24, "处罚机关", "CF_CFJG", "authority", True, summary=True,
       english="deciding authority"),
    _F(25, "处罚机关统一社会信用代码", "CF_CFJGDM", "authority_code", True, K.CREDIT_CODE,
       english="deciding authority's credit code"),
    _F(26, "数据来源单位", "CF_SJLY", "source", True, english="data source"),
    _F(27, "数据来源单位统一社会信用代码", "CF_SJLYDM", "source_code", True, K.CREDIT_CODE,
       english="data source's credit code"),
    _F(28, "备注", "BZ", "note", False, english="remarks"),
)

HEADERS: tuple[str, ...] = tuple(f.header for f in FIELDS)
CODES: tuple[str, ...] = tuple(f.code for f in FIELDS)
BY_CODE: dict[str, TemplateField] = {f.code: f for f in FIELDS}
BY_ATTR: dict[str, TemplateField] = {f.attr: f for f in FIELDS}
SUMMARY: tuple[TemplateField, ...] = tuple(f for f in FIELDS if f.summary)
#: free-text fields a reviewer may redact (trade secrets, personal information)
REDACTABLE: frozenset[str] = frozenset({"CF_SY", "CF_YJ", "CF_NR", "CF_NR_ZKDX", "BZ",
                                        "CF_FRDB"})
