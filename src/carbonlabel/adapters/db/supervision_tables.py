"""Tables of market supervision: alerts raised by the scan rules and public reports (more
tables of the regulator's journey join this module)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime, uuid_key


class SupervisionAlertRow(Base):
    __tablename__ = "supervision_alerts"
    __table_args__ = (Index("ix_supervision_alerts_state_raised", "state", "raised_at"),)
    id: Mapped[str] = uuid_key()
    rule: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(10))
    #: rule + label + window: the same finding is raised once
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    claimed_number: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    certificate_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    label_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    holder_region: Mapped[str | None] = mapped_column(String(40), nullable=True)
    seen_region: Mapped[str | None] = mapped_column(String(40), nullable=True)
    evidence: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    state: Mapped[str] = mapped_column(String(20))
    raised_at: Mapped[datetime] = mapped_column(UtcDateTime)
    case_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
