"""Tables of green-finance evidence: a holder's grants of a certificate to a bank, and the log
of every access a bank's user made (served or refused) under a grant."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime, uuid_key


class EvidenceGrantRow(Base):
    __tablename__ = "evidence_grants"
    id: Mapped[str] = uuid_key()
    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificates.id"), index=True)
    holder_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    bank_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    purpose: Mapped[str] = mapped_column(Text, default="")
    reference: Mapped[str] = mapped_column(String(120), default="")
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    granted_by: Mapped[str] = mapped_column(String(36))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class EvidenceAccessRow(Base):
    __tablename__ = "evidence_accesses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    grant_id: Mapped[str] = mapped_column(ForeignKey("evidence_grants.id"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    user_id: Mapped[str] = mapped_column(String(36))
    organisation_id: Mapped[str] = mapped_column(String(36))
    what: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(200), default="")
