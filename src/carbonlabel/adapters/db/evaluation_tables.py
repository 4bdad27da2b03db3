"""Tables of the pilot's effect evaluation: the inputs a regulator declares with evidence
(every version kept: a correction supersedes, a withdrawal ends a chain) and the weights
stored for the indicators and dimensions (every setting kept; the latest rules)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime, uuid_key


class EvaluationInputRow(Base):
    __tablename__ = "pilot_evaluation_inputs"
    id: Mapped[str] = uuid_key()
    pilot_id: Mapped[str] = mapped_column(ForeignKey("pilots.id"), index=True)
    period: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str | None] = mapped_column(String(64), nullable=True)
    value: Mapped[float] = mapped_column(Float)
    evidence: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    declared_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    declared_at: Mapped[datetime] = mapped_column(UtcDateTime)
    supersedes: Mapped[str | None] = mapped_column(String(36), nullable=True)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    document_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    document_media_type: Mapped[str | None] = mapped_column(String(100), nullable=True)
    document_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    document: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class EvaluationWeightsRow(Base):
    __tablename__ = "pilot_evaluation_weights"
    id: Mapped[str] = uuid_key()
    pilot_id: Mapped[str] = mapped_column(ForeignKey("pilots.id"), index=True)
    method: Mapped[str] = mapped_column(String(20))
    weights: Mapped[str] = mapped_column(Text)  # JSON: {"indicators": {}, "dimensions": {}}
    note: Mapped[str] = mapped_column(Text, default="")
    set_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UtcDateTime)
