"""What a certification body keeps: cases with their events, documents, verification,
nonconformities; certificates with status history, surveillance and labels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.certification.label import Verdict
from carbonlabel.domain.certification.states import CaseState


class DocumentKind(StrEnum):
    STUDY_REPORT = "study_report"  # CFP study report
    PROCESS_FLOW_DIAGRAM = "process_flow_diagram"
    DATA_INVENTORY = "data_inventory"
    REDUCTION_PLAN = "reduction_plan"
    EVIDENCE = "evidence"  # attachments of later steps
    BUSINESS_LICENCE = "business_licence"  # 营业执照 (optional: the credit code is required)


#: what an application must include (CNCA general rules, 2025)
REQUIRED_DOCUMENTS = (DocumentKind.STUDY_REPORT, DocumentKind.PROCESS_FLOW_DIAGRAM,
                      DocumentKind.DATA_INVENTORY, DocumentKind.REDUCTION_PLAN)

DOCUMENT_NAMES: dict[DocumentKind, tuple[str, str]] = {
    DocumentKind.STUDY_REPORT: ("碳足迹研究报告", "CFP study report"),
    DocumentKind.PROCESS_FLOW_DIAGRAM: ("工艺流程图", "process flow diagram"),
    DocumentKind.DATA_INVENTORY: ("数据清单", "data inventory"),
    DocumentKind.REDUCTION_PLAN: ("减排计划", "reduction plan"),
    DocumentKind.EVIDENCE: ("证据附件", "evidence"),
    DocumentKind.BUSINESS_LICENCE: ("营业执照", "business licence"),
}


@dataclass(frozen=True)
class CertificationCase:
    id: str
    applicant_id: str  # organisation
    body_id: str  # certification body organisation
    product_id: str
    footprint_id: str
    model_version_id: str
    category: str
    scheme: str
    state: CaseState
    team: tuple[str, ...]  # auditor user ids
    audit_dates: tuple[date, ...]
    decider_id: str | None
    certificate_id: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class CaseEvent:
    case_id: str
    seq: int
    action: str
    from_state: str
    to_state: str
    actor_id: str
    at: datetime
    reason: str
    attachments: tuple[str, ...]  # document ids


@dataclass(frozen=True)
class CaseDocument:
    id: str
    case_id: str
    kind: DocumentKind
    filename: str
    media_type: str
    sha256: str
    size: int
    uploaded_by: str
    uploaded_at: datetime


@dataclass(frozen=True)
class VerificationRecord:
    """The verifier's re-run of the footprint from the submitted model and data."""

    case_id: str
    submitted_total: float
    recomputed_total: float
    relative_difference: float
    materiality: float  # threshold, e.g. 0.05
    material: bool
    input_hash_matches: bool
    notes: str
    verifier_id: str
    at: datetime


@dataclass(frozen=True)
class Nonconformity:
    id: str
    case_id: str
    description: str
    raised_by: str
    raised_at: datetime
    corrective_action: str | None
    closed_by: str | None
    closed_at: datetime | None

    @property
    def open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class Certificate:
    id: str
    number: str
    case_id: str
    holder_id: str
    body_id: str
    product_id: str
    model_version_id: str
    footprint_id: str
    declared_unit: str
    value_co2e_kg: float
    boundary: str
    standard: str
    product_rule: str | None
    scheme: str
    issued_on: date
    expires_on: date
    status: CertificateStatus
    reevaluation_required: bool
    created_at: datetime
    certified_value: str  # fixed at the grant (registry.certified_value): what every channel shows
    certified_unit: str  # "kg CO2e / <declared unit>"
    revision: int = 0  # 0 at the grant; each re-issue adds 1 (printed as the suffix "-R1" ...)
    reevaluation_since: datetime | None = None  # when reevaluation_required was set
    product_rule_release: str | None = None  # its footprint's rule release, code@version#sha256


@dataclass(frozen=True)
class StatusChange:
    certificate_id: str
    action: str
    from_status: str
    to_status: str
    actor_id: str | None  # None: the system (overdue surveillance)
    at: datetime
    reason: str


@dataclass(frozen=True)
class SurveillanceCheck:
    id: str
    certificate_id: str
    due_on: date
    done_on: date | None
    result: str | None  # "conforming" / "nonconforming"
    notes: str
    auditor_id: str | None


@dataclass(frozen=True)
class Label:
    id: str
    certificate_id: str
    code: str  # short code to type in, e.g. "CFP-2026-001-000123-91"
    token: str  # signed token carried by the QR code
    kid: str
    value: str
    unit: str
    issued_on: date
    expires_on: date
    created_at: datetime
    #: the print run its token names (signed), how many were printed, where they are sold
    #: (region codes); optional, for the scan rules (domain/supervision/scan_rules.py)
    print_run: str | None = None
    printed_quantity: int | None = None
    sales_regions: tuple[str, ...] = ()


@dataclass(frozen=True)
class VerificationLogEntry:
    at: datetime
    code: str  # what was scanned or typed (a token digest, or the typed code)
    outcome: Verdict


@dataclass(frozen=True)
class CertificateNonconformity:
    """A nonconformity found by surveillance: no new label while it is open; unclosed past
    ``due_on``, the certificate is suspended."""

    id: str
    certificate_id: str
    check_id: str | None
    description: str
    raised_by: str
    raised_at: datetime
    due_on: date
    closed_by: str | None
    closed_at: datetime | None
    closing_note: str

    @property
    def open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class CertificateNotice:
    """What the holder is told of a status change of its certificate, and must do."""

    certificate_id: str
    holder_id: str
    action: str
    reason: str
    evidence: str
    effective_on: date
    required_zh: str
    required_en: str
    actor_id: str | None  # None: the system (the surveillance sweep)
    at: datetime
