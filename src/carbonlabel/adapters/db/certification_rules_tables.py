"""Tables of the certification rules (migration 0009): impartiality declarations per case,
nonconformities raised on a certificate by surveillance, notices to the holder."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime, uuid_key


class CaseDeclarationRow(Base):
    """A person's impartiality declaration for one case (ISO/IEC 17065 4.2)."""

    __tablename__ = "case_declarations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("certification_cases.id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    statement: Mapped[str] = mapped_column(Text)
    last_consultancy_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    declared_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_on: Mapped[date] = mapped_column(Date)


class CertificateNonconformityRow(Base):
    """A nonconformity a surveillance check found: labels stop until it is closed; past its
    deadline the sweep suspends the certificate."""

    __tablename__ = "certificate_nonconformities"
    id: Mapped[str] = uuid_key()
    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificates.id"), index=True)
    check_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    description: Mapped[str] = mapped_column(Text)
    raised_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    raised_at: Mapped[datetime] = mapped_column(UtcDateTime)
    due_on: Mapped[date] = mapped_column(Date)
    closed_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    closing_note: Mapped[str] = mapped_column(Text, default="")


class CertificateNoticeRow(Base):
    """What the holder is told of a suspension, withdrawal or restore (7.11.3)."""

    __tablename__ = "certificate_notices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificates.id"), index=True)
    holder_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text, default="")
    effective_on: Mapped[date] = mapped_column(Date)
    required_zh: Mapped[str] = mapped_column(Text)
    required_en: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
