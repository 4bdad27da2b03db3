"""Tables of administrative penalty records (双公示): one row per penalty decision, with the
template's fields, its state, its publicity period and its redaction log (JSON).
Identity document numbers are encrypted at rest."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime, uuid_key
from carbonlabel.adapters.db.encrypted import EncryptedText


class PenaltyRow(Base):
    __tablename__ = "penalty_records"
    __table_args__ = (UniqueConstraint("regulator_id", "decision_number"),
                      Index("ix_penalty_records_state_publicity", "state", "publicity_end"))
    id: Mapped[str] = uuid_key()
    regulator_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    state: Mapped[str] = mapped_column(String(20))
    party_name: Mapped[str] = mapped_column(String(200))
    party_kind: Mapped[str] = mapped_column(String(30))
    party_region: Mapped[str] = mapped_column(String(40), index=True)
    credit_code: Mapped[str] = mapped_column(String(18), index=True)
    registration_number: Mapped[str] = mapped_column(String(50))
    organisation_code: Mapped[str] = mapped_column(String(50))
    tax_number: Mapped[str] = mapped_column(String(50))
    institution_number: Mapped[str] = mapped_column(String(50))
    social_org_number: Mapped[str] = mapped_column(String(50))
    legal_representative: Mapped[str] = mapped_column(String(100))
    id_type: Mapped[str] = mapped_column(String(50))
    #: personal data: never published, encrypted at rest
    id_number: Mapped[str] = mapped_column(EncryptedText("penalty_records.id_number"))
    decision_number: Mapped[str] = mapped_column(String(128))
    violation: Mapped[str] = mapped_column(String(40))
    facts: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(Text)
    classes: Mapped[str] = mapped_column(String(300))  # comma-separated PenaltyClass values
    content: Mapped[str] = mapped_column(Text)
    fine: Mapped[str | None] = mapped_column(String(32), nullable=True)  # 万元, decimal text
    confiscated: Mapped[str | None] = mapped_column(String(32), nullable=True)  # 万元
    licence: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    publicity_class: Mapped[str] = mapped_column(String(20))
    restriction_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    law_requires_publicity: Mapped[bool] = mapped_column(Boolean)
    case_id: Mapped[str] = mapped_column(String(64))
    certificate_number: Mapped[str] = mapped_column(String(64))
    alert_id: Mapped[str] = mapped_column(String(64))
    authority: Mapped[str] = mapped_column(String(200))
    authority_code: Mapped[str] = mapped_column(String(18))
    recorded_by: Mapped[str] = mapped_column(String(36))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    edited_by: Mapped[str] = mapped_column(String(36))
    reviewed_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    publicity_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    publicity_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    closing_note: Mapped[str] = mapped_column(Text)
    redactions: Mapped[str] = mapped_column(Text)  # JSON list of the redaction log
