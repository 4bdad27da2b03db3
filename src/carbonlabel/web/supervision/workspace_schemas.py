"""The regulator workspace API's shapes (out only: nothing here is written)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from carbonlabel.domain.certification import catalogue
from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.supervision.workspace import Overview, Tally
from carbonlabel.services.supervision.workspace import CaseDetail, CertificateDetail


class TallyPublic(BaseModel):
    key: str
    name_zh: str
    name_en: str
    enterprises: int
    products: int


class OverviewPublic(BaseModel):
    jurisdiction: str
    today: date
    enterprises: int
    products: int
    by_category: list[TallyPublic]
    by_body: list[TallyPublic]
    overdue_surveillance: int
    suspended_this_month: int
    withdrawn_this_month: int
    open_alerts: int
    open_cases: int = Field(description="the caller's regulator's supervision cases not yet "
                                        "closed or escalated")


class CertificateLinePublic(BaseModel):
    id: str
    number: str
    holder_id: str
    holder_name: str
    holder_region: str
    product_id: str
    product_zh: str
    product_en: str
    category: str
    body_id: str
    body_name: str
    status: CertificateStatus
    issued_on: date
    expires_on: date
    certified_value: str
    certified_unit: str
    case_id: str


class StatusChangePublic(BaseModel):
    action: str
    from_status: str
    to_status: str
    at: datetime
    reason: str


class SurveillanceLinePublic(BaseModel):
    id: str
    certificate_id: str
    number: str
    holder_name: str
    body_name: str
    due_on: date
    done_on: date | None
    result: str | None
    overdue: bool


class CertificateDetailPublic(BaseModel):
    certificate: CertificateLinePublic
    history: list[StatusChangePublic]
    surveillance: list[SurveillanceLinePublic]


class CaseLinePublic(BaseModel):
    id: str
    applicant_id: str
    applicant_name: str
    applicant_region: str
    product_zh: str
    product_en: str
    category: str
    body_id: str
    body_name: str
    state: str
    created_at: datetime
    updated_at: datetime
    certificate_id: str | None


class CaseEventPublic(BaseModel):
    seq: int
    action: str
    from_state: str
    to_state: str
    at: datetime
    reason: str


class DocumentTitlePublic(BaseModel):
    """A document's title only: a regulator reads no contents here."""

    id: str
    kind: str
    filename: str
    media_type: str
    size: int
    sha256: str
    uploaded_at: datetime


class CaseDetailPublic(BaseModel):
    case: CaseLinePublic
    events: list[CaseEventPublic]
    documents: list[DocumentTitlePublic]


def _tally(t: Tally, by_category: bool) -> dict[str, Any]:
    zh, en = catalogue.name(t.key) if by_category else (t.name, t.name)
    return {"key": t.key, "name_zh": zh, "name_en": en, "enterprises": t.enterprises,
            "products": t.products}


def overview(o: Overview) -> dict[str, Any]:
    out = asdict(o)
    out["by_category"] = [_tally(t, True) for t in o.by_category]
    out["by_body"] = [_tally(t, False) for t in o.by_body]
    return out


def certificate_detail(d: CertificateDetail) -> dict[str, Any]:
    return {"certificate": asdict(d.certificate),
            "history": [{k: getattr(h, k) for k in StatusChangePublic.model_fields}
                        for h in d.history],
            "surveillance": [asdict(s) for s in d.surveillance]}


def case_detail(d: CaseDetail) -> dict[str, Any]:
    return {"case": asdict(d.case),
            "events": [{k: getattr(e, k) for k in CaseEventPublic.model_fields}
                       for e in d.events],
            "documents": [{k: getattr(doc, k) for k in DocumentTitlePublic.model_fields}
                          for doc in d.documents]}
