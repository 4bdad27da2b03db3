"""Tables of public false-label reports and supervision cases: the reports, the cases, each
case's steps, and the files (a report's photo, a case's evidence) kept in the database as case
documents are."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
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


class SupervisionReportRow(Base):
    __tablename__ = "supervision_reports"
    __table_args__ = (Index("ix_supervision_reports_client", "client_sha256", "received_at"),)
    id: Mapped[str] = uuid_key()
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    claimed_number: Mapped[str] = mapped_column(String(64), index=True)
    certificate_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    holder_region: Mapped[str | None] = mapped_column(String(40), nullable=True)
    printed_value: Mapped[str | None] = mapped_column(String(30), nullable=True)
    printed_unit: Mapped[str | None] = mapped_column(String(30), nullable=True)
    region: Mapped[str | None] = mapped_column(String(40), nullable=True)
    description: Mapped[str] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(254), nullable=True)
    photo_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    alert_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    #: SHA-256 of the sender's address, for the flood limit only (never the address itself)
    client_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SupervisionCaseRow(Base):
    __tablename__ = "supervision_cases"
    __table_args__ = (Index("ix_supervision_cases_regulator_state", "regulator_id", "state"),)
    id: Mapped[str] = uuid_key()
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    regulator_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    source: Mapped[str] = mapped_column(String(10))
    alert_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    report_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    claimed_number: Mapped[str | None] = mapped_column(String(64), nullable=True)
    certificate_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    holder_region: Mapped[str | None] = mapped_column(String(40), nullable=True)
    seen_region: Mapped[str | None] = mapped_column(String(40), nullable=True)
    summary: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))
    assignee_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    findings: Mapped[str] = mapped_column(Text, default="")
    conclusion: Mapped[str | None] = mapped_column(String(20), nullable=True)
    escalated_to: Mapped[str | None] = mapped_column(String(20), nullable=True)
    escalation_reference: Mapped[str | None] = mapped_column(String(100), nullable=True)
    opened_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    assign_by: Mapped[date] = mapped_column(Date)
    conclude_by: Mapped[date] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SupervisionCaseStepRow(Base):
    __tablename__ = "supervision_case_steps"
    __table_args__ = (UniqueConstraint("case_id", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("supervision_cases.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(30))
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    note: Mapped[str] = mapped_column(Text)


class SupervisionFileRow(Base):
    __tablename__ = "supervision_files"
    __table_args__ = (Index("ix_supervision_files_owner", "owner", "owner_id"),)
    id: Mapped[str] = uuid_key()
    owner: Mapped[str] = mapped_column(String(10))  # report / case
    owner_id: Mapped[str] = mapped_column(String(36))
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str | None] = mapped_column(String(36), nullable=True)  # none: public
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)
