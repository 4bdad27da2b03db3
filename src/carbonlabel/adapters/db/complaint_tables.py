"""Tables of complaints and appeals (ISO/IEC 17065 §7.13): one row per complaint or appeal,
and its steps."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime, uuid_key


class ComplaintRow(Base):
    __tablename__ = "complaints"
    __table_args__ = (Index("ix_complaints_body_state", "body_id", "state"),)
    id: Mapped[str] = uuid_key()
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # complaint / appeal
    body_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    certificate_id: Mapped[str | None] = mapped_column(ForeignKey("certificates.id"),
                                                       nullable=True, index=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("certification_cases.id"),
                                                nullable=True)
    subject: Mapped[str] = mapped_column(String(100))
    against: Mapped[str | None] = mapped_column(String(20), nullable=True)
    description: Mapped[str] = mapped_column(Text)
    contact_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    appellant_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"),
                                                     nullable=True, index=True)
    lodged_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    #: SHA-256 of the public tracking token (complaints); the token itself is never kept
    tracking_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    state: Mapped[str] = mapped_column(String(30))
    investigator_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    findings: Mapped[str | None] = mapped_column(Text, nullable=True)
    decider_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)
    decision: Mapped[str | None] = mapped_column(Text, nullable=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    acknowledge_by: Mapped[date] = mapped_column(Date)
    decide_by: Mapped[date] = mapped_column(Date)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ComplaintEventRow(Base):
    __tablename__ = "complaint_events"
    __table_args__ = (UniqueConstraint("complaint_id", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(30))
    from_state: Mapped[str] = mapped_column(String(30))
    to_state: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    note: Mapped[str] = mapped_column(Text)
