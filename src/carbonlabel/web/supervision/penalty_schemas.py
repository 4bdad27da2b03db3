"""API shapes of penalty records (``XCreate`` in, ``XPublic`` out). A record goes out as its
template fields by code (as the JSON feed has them) beside its state and publicity."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from carbonlabel.domain.supervision.penalties import (
    PartyKind,
    PenaltyClass,
    PenaltyFields,
    PenaltyState,
    PublicityClass,
    ViolationType,
)
from carbonlabel.domain.supervision.penalty_amounts import parse_amount
from carbonlabel.web.api.schemas import _In

SHORT = Field(default="", max_length=100)
TEXT = Field(min_length=1, max_length=4000)


class PenaltyCreate(_In):
    party_name: str = Field(min_length=1, max_length=200, description="CF_XDR_MC")
    party_kind: PartyKind = Field(description="CF_XDR_LB")
    party_region: str = Field(min_length=2, max_length=40,
                              description="the party's region (within the jurisdiction)")
    credit_code: str = Field(default="", max_length=18, description="CF_XDR_SHXYM")
    registration_number: str = Field(default="", max_length=50)
    organisation_code: str = Field(default="", max_length=50)
    tax_number: str = Field(default="", max_length=50)
    institution_number: str = Field(default="", max_length=50)
    social_org_number: str = Field(default="", max_length=50)
    legal_representative: str = SHORT
    id_type: str = Field(default="", max_length=50, description="never published")
    id_number: str = Field(default="", max_length=64, description="never published")
    decision_number: str = Field(min_length=1, max_length=128, description="CF_WSH")
    violation: ViolationType = Field(description="CF_WFXW")
    facts: str = TEXT
    legal_basis: str = TEXT
    classes: list[PenaltyClass] = Field(max_length=13, description="CF_CFLB (at least one)")
    content: str = TEXT
    fine: Decimal | None = Field(default=None, description="CF_NR_FK, 万元, ≤ 6 places")
    confiscated: Decimal | None = Field(default=None, description="CF_NR_WFFF, 万元")
    licence: str = Field(default="", max_length=4000)
    decided_on: date
    valid_until: date
    note: str = Field(default="", max_length=4000)
    publicity_class: PublicityClass | None = Field(
        default=None, description="minor, ordinary or serious; default from the classes")
    restriction_end: date | None = None
    law_requires_publicity: bool = Field(
        default=False, description="a warning alone is published only when a law requires")
    case_id: str = Field(default="", max_length=64)
    certificate_number: str = Field(default="", max_length=64)
    alert_id: str = Field(default="", max_length=64)

    def fields(self) -> PenaltyFields:
        values = self.model_dump()
        values["classes"] = frozenset(self.classes)
        values["fine"] = parse_amount(self.fine, "fine")
        values["confiscated"] = parse_amount(self.confiscated, "confiscated")
        return PenaltyFields(**values)


class RedactionIn(_In):
    code: str = Field(min_length=2, max_length=20, description="CF_SY, CF_YJ, CF_NR, ...")
    text: str = Field(max_length=4000, description="the field's text as published")
    reason: str = Field(min_length=1, max_length=2000)


class Review(_In):
    confidentiality_checked: bool = Field(description="no state secrets: checked")
    redactions: list[RedactionIn] = Field(default_factory=list, max_length=10)


class Publish(_In):
    on: date | None = Field(default=None, description="the first day of publicity (today)")


class Reason(_In):
    reason: str = Field(min_length=1, max_length=2000)


class RedactionPublic(BaseModel):
    code: str
    reason: str
    by: str
    at: datetime
    removed_chars: int


class PenaltyPublic(BaseModel):
    id: str
    state: PenaltyState
    regulator_id: str
    party_region: str
    publicity_class: PublicityClass
    law_requires_publicity: bool
    restriction_end: date | None
    case_id: str
    certificate_number: str
    alert_id: str
    recorded_by: str
    recorded_at: datetime
    reviewed_by: str | None
    reviewed_at: datetime | None
    published_at: datetime | None
    publicity_start: date | None
    publicity_end: date | None
    closing_note: str
    redactions: list[RedactionPublic]
    template: dict[str, str | None] = Field(description="the 28 fields by code")


class PenaltyPage(BaseModel):
    items: list[PenaltyPublic]
    total: int
    offset: int
    limit: int


class PenaltySummary(BaseModel):
    """The public summary (行政处罚信息摘要) of a published record."""

    CF_WSH: str = Field(description="行政处罚决定书文号")
    CF_XDR_MC: str = Field(description="行政相对人名称")
    CF_XDR_SHXYM: str | None = Field(description="统一社会信用代码")
    CF_WFXW: str = Field(description="违法行为类型")
    CF_NR: str = Field(description="处罚内容")
    CF_CFJG: str = Field(description="处罚机关")
    CF_JDRQ: date = Field(description="处罚决定日期")
    CF_GSJZQ: date = Field(description="公示截止期")


class PenaltySummaryPage(BaseModel):
    items: list[PenaltySummary]
    total: int
    offset: int
    limit: int
