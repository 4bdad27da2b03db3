"""Tables of certificate transfers between certification bodies: one row per request, its
pre-transfer review (a checklist as JSON) and its outcome; after acceptance the row is the
record of the transfer (from, to, when, by whom)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime, uuid_key


class CertificateTransferRow(Base):
    __tablename__ = "certificate_transfers"
    __table_args__ = (Index("ix_certificate_transfers_to_state", "to_body_id", "state"),)
    id: Mapped[str] = uuid_key()
    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificates.id"), index=True)
    holder_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    from_body_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    to_body_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    state: Mapped[str] = mapped_column(String(20))
    requested_by: Mapped[str] = mapped_column(String(36))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    #: the pre-transfer review: [{"code", "passed", "detail_zh", "detail_en"}, ...]
    checklist: Mapped[str] = mapped_column(Text, default="[]")
    reviewed_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    review_note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
