"""API shapes of the certification workflow, one per direction (``XCreate`` in, ``XPublic``
out). Multipart forms (an application with its documents, a step with attachments) are read
as form fields by the routes; everything else is JSON."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from carbonlabel.domain.certification.certificate import (
    CertificateAction,
    CertificateStatus,
    SurveillanceState,
)
from carbonlabel.domain.certification.records import DocumentKind
from carbonlabel.domain.certification.states import CaseAction, CaseState
from carbonlabel.domain.tenancy import Role
from carbonlabel.services.certification.surveillance import CheckResult
from carbonlabel.web.api.schemas import _In

CATEGORY = Field(min_length=1, max_length=100, description="product category, e.g. "
                                                            "'lithium battery'")


# -- certification bodies and their set-up --------------------------------------------------

class BodyPublic(BaseModel):
    id: str
    name: str
    region: str
    body_code: int | None
    categories: list[str] = Field(description="the accreditation scope")


class QualificationCreate(_In):
    auditor_id: str = Field(min_length=1, max_length=36)
    category: str = CATEGORY


class DeclarationCreate(_In):
    applicant_id: str = Field(min_length=1, max_length=36,
                              description="the applicant organisation")
    statement: str = Field(min_length=1, max_length=4000)


class StaffPublic(BaseModel):
    id: str
    display_name: str
    role: Role
    categories: list[str] = Field(description="qualified for")
    declared_for: list[str] = Field(description="applicants with an impartiality declaration")


class BodySetupPublic(BodyPublic):
    staff: list[StaffPublic]


class Recorded(BaseModel):
    ok: bool = True


# -- cases ----------------------------------------------------------------------------------

class CasePublic(BaseModel):
    id: str
    state: CaseState
    party: str = Field(description="the caller's side: 'applicant' or 'body'")
    applicant_id: str
    applicant_name: str
    body_id: str
    body_name: str
    product_id: str
    product_name_zh: str
    product_name_en: str
    footprint_id: str
    model_version_id: str
    category: str
    scheme: str
    team: list[str]
    audit_dates: list[date]
    decider_id: str | None
    certificate_id: str | None
    created_at: datetime
    updated_at: datetime


class EventPublic(BaseModel):
    seq: int
    action: str
    from_state: str
    to_state: str
    actor_id: str
    actor_name: str
    at: datetime
    reason: str
    attachments: list[str] = Field(description="document ids")


class DocumentPublic(BaseModel):
    id: str
    kind: DocumentKind
    filename: str
    media_type: str
    sha256: str
    size: int
    uploaded_by: str
    uploaded_at: datetime


class PcfVerificationPublic(BaseModel):
    submitted_total: float
    recomputed_total: float
    relative_difference: float
    materiality: float
    material: bool
    input_hash_matches: bool
    notes: str
    verifier_id: str
    at: datetime


class NonconformityPublic(BaseModel):
    id: str
    description: str
    raised_by: str
    raised_at: datetime
    corrective_action: str | None
    closed_by: str | None
    closed_at: datetime | None
    open: bool


class CaseDetail(CasePublic):
    footprint_total_co2e_kg: float
    footprint_unit: str
    events: list[EventPublic]
    documents: list[DocumentPublic]
    verifications: list[PcfVerificationPublic]
    nonconformities: list[NonconformityPublic]
    your_actions: list[CaseAction] = Field(description="the steps the caller may take now")


class VerificationCreate(_In):
    notes: str = Field(default="", max_length=4000)
    materiality: float = Field(default=0.05, gt=0, lt=1,
                               description="relative difference above which it is material")


class NonconformityAnswerCreate(_In):
    corrective_action: str = Field(min_length=1, max_length=4000)


# -- certificates and labels ----------------------------------------------------------------

class CertificatePublic(BaseModel):
    id: str
    number: str
    status: CertificateStatus = Field(description="as the public sees it today")
    stored_status: CertificateStatus
    party: str
    case_id: str
    holder_id: str
    holder_name: str
    body_id: str
    body_name: str
    product_id: str
    product_name_zh: str
    product_name_en: str
    model_version_id: str
    footprint_id: str
    declared_unit: str
    value_co2e_kg: float = Field(description="the footprint's total as calculated (not rounded)")
    certified_value: str = Field(description="the certified value, fixed at the grant to four "
                                             "significant figures: what every document shows")
    certified_unit: str = Field(description='"kg CO2e / <declared unit>"')
    boundary: str
    standard: str
    product_rule: str | None
    scheme: str
    issued_on: date
    expires_on: date
    reevaluation_required: bool
    created_at: datetime
    revision: int = Field(description="0 at the grant, one more per re-issue")
    printed_number: str = Field(description='the number as the certificate prints it: with '
                                            '"-R<revision>" after a re-issue')


class StatusChangePublic(BaseModel):
    action: str
    from_status: str
    to_status: str
    actor_id: str | None = Field(description="null: the system (overdue surveillance)")
    at: datetime
    reason: str


class CheckPublic(BaseModel):
    id: str
    due_on: date
    state: SurveillanceState
    done_on: date | None
    result: str | None
    notes: str
    auditor_id: str | None


class LabelPublic(BaseModel):
    id: str
    certificate_id: str
    code: str
    token: str
    url: str = Field(description="what the QR code carries: <base>/v/<token>")
    kid: str
    value: str
    unit: str
    issued_on: date
    expires_on: date
    created_at: datetime
    print_run: str | None = None
    printed_quantity: int | None = None
    sales_regions: list[str] = Field(default_factory=list)


class LabelCreate(BaseModel):
    """An optional print run of the label: its serial is signed into the token (no serial:
    a label of the certificate as before; quantity and regions then say nothing)."""

    model_config = ConfigDict(extra="forbid")
    print_run: str | None = Field(default=None, min_length=1, max_length=40,
                                  description="print-run serial")
    printed_quantity: int | None = Field(default=None, ge=1, le=1_000_000_000)
    sales_regions: list[str] = Field(default_factory=list, max_length=50,
                                     description="declared sales regions: CN-GD, "
                                                 "CN-GD-440300")


class CertificateDetail(CertificatePublic):
    status_changes: list[StatusChangePublic]
    surveillance: list[CheckPublic]
    labels: list[LabelPublic]
    status_actions: list[CertificateAction] = Field(description="what the caller may do")
    notices: list[NoticePublic] = Field(description="notices to the holder")
    findings: list[FindingPublic] = Field(description="surveillance nonconformities")


class StatusCreate(_In):
    action: CertificateAction
    reason: str = Field(min_length=1, max_length=2000)
    evidence: str = Field(default="", max_length=2000,
                          description="what shows the cause is removed (required to restore)")


class CaseDeclarationCreate(_In):
    statement: str = Field(min_length=1, max_length=2000)
    last_consultancy_on: date | None = Field(
        default=None, description="when the caller last consulted for the applicant, if ever")


class CaseDeclarationPublic(BaseModel):
    user_id: str
    case_id: str
    declared_on: date
    expires_on: date
    last_consultancy_on: date | None


class NoticePublic(BaseModel):
    """What the holder was told of a status change, and must do."""

    action: CertificateAction
    reason: str
    evidence: str
    effective_on: date
    required_zh: str
    required_en: str
    at: datetime


class FindingPublic(BaseModel):
    """A nonconformity found by surveillance: no new label while it is open."""

    id: str
    check_id: str | None
    description: str
    raised_at: datetime
    due_on: date
    closed_at: datetime | None
    closing_note: str
    open: bool


class FindingClose(_In):
    note: str = Field(min_length=1, max_length=2000, description="what the body verified")


class CheckCreate(_In):
    result: CheckResult
    notes: str = Field(default="", max_length=4000)
    done_on: date | None = Field(default=None, description="default: today")


class CalendarItemPublic(BaseModel):
    check_id: str
    due_on: date
    grace_ends: date
    state: SurveillanceState
    certificate_id: str
    number: str
    status: CertificateStatus
    holder_name: str
    product_name_zh: str
    product_name_en: str


class CalendarPublic(BaseModel):
    today: date
    overdue: list[CalendarItemPublic]
    due: list[CalendarItemPublic]
    upcoming: list[CalendarItemPublic]


class SweepPublic(BaseModel):
    alerts: list[str] = Field(description="check ids due within the grace period")
    suspended: list[str] = Field(description="certificate ids suspended by this sweep")
    overdue: list[str] = Field(description="check ids overdue past the grace period")
