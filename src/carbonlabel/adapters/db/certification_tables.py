"""Tables of certification: bodies' scope, auditors, cases, certificates, labels, scans."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime, uuid_key


class AccreditationRow(Base):
    """A catalogue entry in a certification body's accreditation scope: ``category`` is the
    catalogue code as a decimal string ("1".."17"; migration 0012 mapped the free text of
    earlier releases). Recorded by the platform operator; the body's code is in
    ``body_approvals``."""

    __tablename__ = "accreditations"
    __table_args__ = (UniqueConstraint("body_id", "category"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    category: Mapped[str] = mapped_column(String(100))


class QualificationRow(Base):
    """A catalogue code an auditor is qualified for (as ``accreditations.category``)."""

    __tablename__ = "auditor_qualifications"
    __table_args__ = (UniqueConstraint("user_id", "category"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    category: Mapped[str] = mapped_column(String(100))


class ImpartialityRow(Base):
    __tablename__ = "impartiality_declarations"
    __table_args__ = (UniqueConstraint("user_id", "applicant_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    applicant_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    statement: Mapped[str] = mapped_column(Text)
    declared_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CaseRow(Base):
    __tablename__ = "certification_cases"
    id: Mapped[str] = uuid_key()
    applicant_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    body_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"))
    footprint_id: Mapped[str] = mapped_column(ForeignKey("footprints.id"))
    model_version_id: Mapped[str] = mapped_column(ForeignKey("model_versions.id"))
    category: Mapped[str] = mapped_column(String(100))
    scheme: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(40))
    team: Mapped[list[str]] = mapped_column(JSON)
    audit_dates: Mapped[list[str]] = mapped_column(JSON)
    decider_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    certificate_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CaseEventRow(Base):
    __tablename__ = "case_events"
    __table_args__ = (UniqueConstraint("case_id", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("certification_cases.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str] = mapped_column(String(40))
    to_state: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[str]] = mapped_column(JSON)


class CaseDocumentRow(Base):
    __tablename__ = "case_documents"
    id: Mapped[str] = uuid_key()
    case_id: Mapped[str] = mapped_column(ForeignKey("certification_cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class VerificationRow(Base):
    __tablename__ = "pcf_verifications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("certification_cases.id"), index=True)
    submitted_total: Mapped[float] = mapped_column(Float)
    recomputed_total: Mapped[float] = mapped_column(Float)
    relative_difference: Mapped[float] = mapped_column(Float)
    materiality: Mapped[float] = mapped_column(Float)
    material: Mapped[bool] = mapped_column(Boolean)
    input_hash_matches: Mapped[bool] = mapped_column(Boolean)
    notes: Mapped[str] = mapped_column(Text)
    verifier_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class NonconformityRow(Base):
    __tablename__ = "nonconformities"
    id: Mapped[str] = uuid_key()
    case_id: Mapped[str] = mapped_column(ForeignKey("certification_cases.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    raised_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    raised_at: Mapped[datetime] = mapped_column(UtcDateTime)
    corrective_action: Mapped[str | None] = mapped_column(Text, nullable=True)
    closed_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class CertificateRow(Base):
    __tablename__ = "certificates"
    id: Mapped[str] = uuid_key()
    number: Mapped[str] = mapped_column(String(40), unique=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("certification_cases.id"))
    holder_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    body_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    model_version_id: Mapped[str] = mapped_column(ForeignKey("model_versions.id"))
    footprint_id: Mapped[str] = mapped_column(ForeignKey("footprints.id"))
    declared_unit: Mapped[str] = mapped_column(String(200))
    value_co2e_kg: Mapped[float] = mapped_column(Float)
    boundary: Mapped[str] = mapped_column(String(40))
    standard: Mapped[str] = mapped_column(String(100))
    product_rule: Mapped[str | None] = mapped_column(String(200), nullable=True)
    scheme: Mapped[str] = mapped_column(String(40))
    issued_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    reevaluation_required: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: the certified value as a decimal string, fixed at the grant (migration 0005)
    certified_value: Mapped[str] = mapped_column(String(40))
    certified_unit: Mapped[str] = mapped_column(String(250))
    #: 0 at the grant, +1 per re-issue: the number's suffix "-R1" ... (migration 0008)
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: when reevaluation_required was set (migration 0014; the sweep's deadline counts from it)
    reevaluation_since: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    #: the product rule release of its footprint, code@version#sha256 (migration 0022)
    product_rule_release: Mapped[str | None] = mapped_column(String(150), nullable=True)


class StatusChangeRow(Base):
    __tablename__ = "certificate_status_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificates.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(Text)


class SurveillanceRow(Base):
    __tablename__ = "surveillance_checks"
    id: Mapped[str] = uuid_key()
    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificates.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    result: Mapped[str | None] = mapped_column(String(40), nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    auditor_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class LabelRow(Base):
    __tablename__ = "labels"
    id: Mapped[str] = uuid_key()
    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificates.id"), index=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    token: Mapped[str] = mapped_column(Text)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    kid: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(200))
    issued_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: the print run the token names, its quantity and declared sales regions (comma-separated
    #: region codes); all optional (migration 0017)
    print_run: Mapped[str | None] = mapped_column(String(40), nullable=True)
    printed_quantity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sales_regions: Mapped[str | None] = mapped_column(Text, nullable=True)


class ScanRow(Base):
    """One verification of a label: time, what was checked, outcome; since migration 0017
    the number claimed, why it failed, a coarse region and a keyed hash of the client (never
    its address). Append-only: no code path updates or deletes a row."""

    __tablename__ = "label_scans"
    __table_args__ = (Index("ix_label_scans_at", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    code: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(10))  # "page", "api"
    claimed_number: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    failure: Mapped[str | None] = mapped_column(String(20), nullable=True)
    region: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    region_source: Mapped[str | None] = mapped_column(String(10), nullable=True)
    client: Mapped[str | None] = mapped_column(String(32), nullable=True)
