"""Tables of system certification (migration 0015): a case's system assessment, the system
certificates with their status history, the products registered under them, and the
surveillance samples of registered products with each sampled product's finding."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime, uuid_key


class SystemApplicationRow(Base):
    """A case in system mode: the product rule it names and the team's checklist."""

    __tablename__ = "system_applications"
    case_id: Mapped[str] = mapped_column(ForeignKey("certification_cases.id"),
                                         primary_key=True)
    product_rule: Mapped[str | None] = mapped_column(String(200), nullable=True)
    #: [{"item", "conforming", "note", "assessed_by", "at"}], the latest per item counts
    assessments: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class SystemCertificateRow(Base):
    __tablename__ = "system_certificates"
    id: Mapped[str] = uuid_key()
    number: Mapped[str] = mapped_column(String(40), unique=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("certification_cases.id"))
    holder_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    body_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    category: Mapped[str] = mapped_column(String(100))
    product_rule: Mapped[str | None] = mapped_column(String(200), nullable=True)
    standard: Mapped[str] = mapped_column(String(100))
    scheme: Mapped[str] = mapped_column(String(40))
    issued_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SystemStatusChangeRow(Base):
    __tablename__ = "system_status_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    system_certificate_id: Mapped[str] = mapped_column(ForeignKey("system_certificates.id"),
                                                       index=True)
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(Text)


class SystemRegistrationRow(Base):
    """A product registered under a system certificate: its own certificate row."""

    __tablename__ = "system_registrations"
    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificates.id"),
                                                primary_key=True)
    system_certificate_id: Mapped[str] = mapped_column(ForeignKey("system_certificates.id"),
                                                       index=True)
    registered_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SystemSampleRow(Base):
    __tablename__ = "system_samples"
    id: Mapped[str] = uuid_key()
    system_certificate_id: Mapped[str] = mapped_column(ForeignKey("system_certificates.id"),
                                                       index=True)
    seed: Mapped[int] = mapped_column(Integer)
    population: Mapped[int] = mapped_column(Integer)
    drawn_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    drawn_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SystemSampleItemRow(Base):
    __tablename__ = "system_sample_items"
    __table_args__ = (UniqueConstraint("sample_id", "certificate_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sample_id: Mapped[str] = mapped_column(ForeignKey("system_samples.id"), index=True)
    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificates.id"))
    result: Mapped[str | None] = mapped_column(String(20), nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    checked_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
