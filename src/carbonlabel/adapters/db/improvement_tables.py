"""Tables of improvement: improvement plans with their measures, published low-carbon
thresholds, and the claims beyond the value (domain/improvement)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime, uuid_key


class ImprovementPlanRow(Base):
    __tablename__ = "improvement_plans"
    id: Mapped[str] = uuid_key()
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    baseline_footprint_id: Mapped[str] = mapped_column(ForeignKey("footprints.id"))
    target_share: Mapped[float] = mapped_column(Float)
    starts_on: Mapped[date] = mapped_column(Date)
    target_on: Mapped[date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ImprovementMeasureRow(Base):
    __tablename__ = "improvement_measures"
    plan_id: Mapped[str] = mapped_column(ForeignKey("improvement_plans.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(40))
    expected_share: Mapped[float] = mapped_column(Float)


class ClaimThresholdRow(Base):
    __tablename__ = "claim_thresholds"
    id: Mapped[str] = uuid_key()
    product_rule: Mapped[str] = mapped_column(String(150), index=True)  # code@version
    declared_unit: Mapped[str] = mapped_column(String(200))
    boundary: Mapped[str] = mapped_column(String(40))
    value_co2e_kg: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(500))
    published_on: Mapped[date] = mapped_column(Date)
    published_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CertificateClaimRow(Base):
    __tablename__ = "certificate_claims"
    id: Mapped[str] = uuid_key()
    case_id: Mapped[str] = mapped_column(ForeignKey("certification_cases.id"), index=True)
    holder_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20))
    requested_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    baseline_footprint_id: Mapped[str | None] = mapped_column(ForeignKey("footprints.id"),
                                                              nullable=True)
    target_share: Mapped[float | None] = mapped_column(Float, nullable=True)
    target_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    certificate_id: Mapped[str | None] = mapped_column(ForeignKey("certificates.id"),
                                                       nullable=True, index=True)
    threshold_id: Mapped[str | None] = mapped_column(ForeignKey("claim_thresholds.id"),
                                                     nullable=True)
    reduction_share: Mapped[float | None] = mapped_column(Float, nullable=True)
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    lapsed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    lapse_reason: Mapped[str] = mapped_column(String(40), default="")
