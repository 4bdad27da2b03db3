"""Tables of the verification engagement of a case (migration 0011): the engagement with its
risk assessment, plan, review and opinion, and the sampled inventory lines with their
evidence (the lines' paths and names are encrypted at rest, as the result they come from)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime
from carbonlabel.adapters.db.encrypted import EncryptedText


class EngagementRow(Base):
    __tablename__ = "verification_engagements"
    case_id: Mapped[str] = mapped_column(ForeignKey("certification_cases.id"),
                                         primary_key=True)
    level: Mapped[str] = mapped_column(String(20))
    materiality: Mapped[float] = mapped_column(Float)
    objectives: Mapped[str] = mapped_column(Text)
    criteria: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text)
    intended_users: Mapped[str] = mapped_column(Text)
    risks: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    activities: Mapped[str] = mapped_column(Text)
    sample_size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    approved_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    sample_seed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reviewer_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    review_agreed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    review_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    opinion: Mapped[str | None] = mapped_column(String(20), nullable=True)
    opinion_statement: Mapped[str | None] = mapped_column(Text, nullable=True)
    opinion_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    opinion_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    later_facts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class SampledLineRow(Base):
    __tablename__ = "verification_samples"
    __table_args__ = (UniqueConstraint("case_id", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("verification_engagements.case_id"),
                                         index=True)
    seq: Mapped[int] = mapped_column(Integer)
    #: which inventory line (process and input) and its name: part of the result, sealed as
    #: the result is (footprints.result_json)
    path: Mapped[str] = mapped_column(EncryptedText("verification_samples.path"))
    name: Mapped[str] = mapped_column(EncryptedText("verification_samples.name"))
    stage: Mapped[str] = mapped_column(String(40))
    co2e_kg: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text, default="")
    model_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    found_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
