"""Tables of changes affecting certification (migration 0014): the change-evaluations of a
certificate, and what a certificate stated before each re-issue."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime, uuid_key


class CertificateChangeRow(Base):
    __tablename__ = "certificate_changes"
    id: Mapped[str] = uuid_key()
    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificates.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    opened_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    opened_by_body: Mapped[bool] = mapped_column(Boolean)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    model_version_id: Mapped[str | None] = mapped_column(ForeignKey("model_versions.id"),
                                                         nullable=True)
    footprint_id: Mapped[str | None] = mapped_column(ForeignKey("footprints.id"), nullable=True)
    scope: Mapped[str | None] = mapped_column(Text, nullable=True)
    evaluators: Mapped[list[str]] = mapped_column(JSON)
    evaluator_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    evaluation_notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    evaluated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    submitted_total: Mapped[float | None] = mapped_column(Float, nullable=True)
    recomputed_total: Mapped[float | None] = mapped_column(Float, nullable=True)
    relative_difference: Mapped[float | None] = mapped_column(Float, nullable=True)
    materiality: Mapped[float | None] = mapped_column(Float, nullable=True)
    decider_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")


class CertificateRevisionRow(Base):
    __tablename__ = "certificate_revisions"
    __table_args__ = (UniqueConstraint("certificate_id", "revision"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificates.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    change_id: Mapped[str] = mapped_column(ForeignKey("certificate_changes.id"))
    model_version_id: Mapped[str] = mapped_column(String(36))
    footprint_id: Mapped[str] = mapped_column(String(36))
    value_co2e_kg: Mapped[float] = mapped_column(Float)
    certified_value: Mapped[str] = mapped_column(String(40))
    certified_unit: Mapped[str] = mapped_column(String(250))
    declared_unit: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str | None] = mapped_column(Text, nullable=True)
    replaced_at: Mapped[datetime] = mapped_column(UtcDateTime)
