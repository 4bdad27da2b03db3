"""Tables of certification-validity spot checks (migration 0021): campaigns and their items
(one per drawn certificate, with its result and the body's disposal)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime, uuid_key


class SpotCheckCampaignRow(Base):
    __tablename__ = "spot_check_campaigns"
    id: Mapped[str] = uuid_key()
    regulator_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    jurisdiction: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    round: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    legal_basis: Mapped[str] = mapped_column(Text)
    categories: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    body_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    selection: Mapped[str] = mapped_column(Text)  # JSON: size, seed, shares and weights
    state: Mapped[str] = mapped_column(String(20))
    created_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    drawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    candidates: Mapped[int] = mapped_column(Integer, default=0)
    bodies_in_scope: Mapped[int] = mapped_column(Integer, default=0)


class SpotCheckItemRow(Base):
    __tablename__ = "spot_check_items"
    __table_args__ = (Index("ix_spot_check_items_body_state", "body_id", "state"),)
    id: Mapped[str] = uuid_key()
    campaign_id: Mapped[str] = mapped_column(ForeignKey("spot_check_campaigns.id"), index=True)
    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificates.id"), index=True)
    certificate_number: Mapped[str] = mapped_column(String(40))
    body_id: Mapped[str] = mapped_column(String(36))
    holder_id: Mapped[str] = mapped_column(String(36))
    holder_region: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(100))
    drawn_by: Mapped[str] = mapped_column(String(10))
    weight: Mapped[float] = mapped_column(Float)
    open_alerts: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(20))
    inspector_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON of the result
    recorded_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    nonconformity_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    act_by: Mapped[date | None] = mapped_column(Date, nullable=True)
    disposal: Mapped[str | None] = mapped_column(String(20), nullable=True)
    disposal_note: Mapped[str] = mapped_column(Text, default="")
    disposed_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    disposed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    referred: Mapped[bool] = mapped_column(Boolean, default=False)
    referral_note: Mapped[str] = mapped_column(Text, default="")
