"""The ``product_rules`` table: one row per released product rule (code and version), its
content as JSON text and the content's sha256 (migration 0022). Rows are inserted, never
updated: a changed rule is a new version."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime


class ProductRuleRow(Base):
    __tablename__ = "product_rules"
    __table_args__ = (UniqueConstraint("code", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    version: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text)  # the rule's content, canonical JSON
    hash: Mapped[str] = mapped_column(String(64))  # sha256 of ``content``
    released_at: Mapped[date] = mapped_column(Date)
    stored_at: Mapped[datetime] = mapped_column(UtcDateTime)
