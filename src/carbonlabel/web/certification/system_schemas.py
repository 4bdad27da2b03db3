"""API shapes of system certification (``XCreate`` in, ``XPublic`` out)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from carbonlabel.domain.certification.certificate import CertificateAction, CertificateStatus
from carbonlabel.domain.certification.system import SampleResult, SystemItem
from carbonlabel.web.api.schemas import _In


class AssessmentCreate(_In):
    item: SystemItem = Field(description="procedures, competence, data_controls or models")
    conforming: bool
    note: str = Field(default="", max_length=2000)


class AssessmentPublic(BaseModel):
    item: SystemItem
    conforming: bool
    note: str
    assessed_by: str
    at: datetime


class RegistrationCreate(_In):
    footprint_id: str = Field(min_length=1, max_length=36,
                              description="one of the holder's calculated footprints")


class SampleCreate(_In):
    seed: int | None = Field(default=None, ge=0, lt=2**31,
                             description="the sample's seed (default: a random one, recorded)")


class FindingCreate(_In):
    sample_id: str = Field(min_length=1, max_length=36, description="one of its samples")
    product_certificate_id: str = Field(min_length=1, max_length=36,
                                        description="a sampled product's certificate")
    result: SampleResult
    notes: str = Field(default="", max_length=2000,
                       description="what was checked; required when nonconforming")


class RecheckCreate(_In):
    sample_id: str = Field(min_length=1, max_length=36, description="one of its samples")
    product_certificate_id: str = Field(min_length=1, max_length=36,
                                        description="a sampled product's certificate")
    materiality: float = Field(default=0.05, gt=0, lt=1,
                               description="relative difference above which it does not "
                                           "conform")


class SystemStatusCreate(_In):
    action: CertificateAction
    reason: str = Field(min_length=1, max_length=2000)
    evidence: str = Field(default="", max_length=2000,
                          description="what shows the cause is removed (required to restore)")


class RegisteredProductPublic(BaseModel):
    certificate_id: str
    number: str
    product_id: str
    footprint_id: str
    certified_value: str
    certified_unit: str
    status: CertificateStatus
    issued_on: date
    expires_on: date


class SampledProductPublic(BaseModel):
    certificate_id: str
    result: SampleResult | None
    notes: str
    checked_by: str | None
    checked_at: datetime | None


class SamplePublic(BaseModel):
    id: str
    seed: int
    population: int = Field(description="valid registered products when drawn")
    drawn_by: str
    drawn_at: datetime
    items: list[SampledProductPublic]


class StatusChangePublic(BaseModel):
    action: str
    from_status: str
    to_status: str
    actor_id: str | None
    at: datetime
    reason: str


class SystemCertificatePublic(BaseModel):
    id: str
    number: str
    mode: str = Field(default="system", description="always 'system' (体系认证)")
    case_id: str
    holder_id: str
    body_id: str
    category: str = Field(description="the catalogue code in scope")
    product_rule: str | None
    standard: str
    scheme: str
    issued_on: date
    expires_on: date
    status: CertificateStatus = Field(description="as the public sees it today")
    stored_status: CertificateStatus


class SystemCertificateDetail(SystemCertificatePublic):
    products: list[RegisteredProductPublic]
    samples: list[SamplePublic]
    status_changes: list[StatusChangePublic]
