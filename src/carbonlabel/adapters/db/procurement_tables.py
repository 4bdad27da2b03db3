"""The ``procurement_criteria`` table: the criteria procurement agencies publish
(domain/procurement.py). A row is inserted when published; withdrawal fills its three
``withdrawn`` columns and nothing else, so the history keeps every criterion as published."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime, uuid_key


class ProcurementCriterionRow(Base):
    __tablename__ = "procurement_criteria"
    id: Mapped[str] = uuid_key()
    agency_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    product_rule: Mapped[str] = mapped_column(String(150), index=True)  # code@version
    declared_unit: Mapped[str] = mapped_column(String(200))
    boundary: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    threshold: Mapped[float | None] = mapped_column(Float, nullable=True)
    effective_on: Mapped[date] = mapped_column(Date)
    published_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime] = mapped_column(UtcDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    withdrawn_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    withdrawal_reason: Mapped[str] = mapped_column(Text, default="")
