"""Tables of supply-chain exchange: partners, supplier requests, received footprints, PACT
events, data classifications, release approvals and inventory grants."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime, uuid_key
from carbonlabel.adapters.db.encrypted import EncryptedText


class PartnerRow(Base):
    __tablename__ = "partners"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)
    id: Mapped[str] = uuid_key()
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    spec_version: Mapped[str] = mapped_column(String(10))
    inbound_client_id: Mapped[str | None] = mapped_column(String(80), unique=True,
                                                           nullable=True)
    inbound_secret_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    host_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    auth_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    outbound_client_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    outbound_client_secret: Mapped[str | None] = mapped_column(
        EncryptedText("partners.outbound_client_secret"), nullable=True)
    partner_organisation_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisations.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SupplierRequestRow(Base):
    __tablename__ = "supplier_requests"
    __table_args__ = (
        Index("ix_supplier_requests_requester", "requester_organisation_id", "created_at"),
        Index("ix_supplier_requests_supplier", "supplier_organisation_id", "created_at"),
    )
    id: Mapped[str] = uuid_key()
    requester_organisation_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisations.id"), nullable=True)
    requester_partner_id: Mapped[str | None] = mapped_column(ForeignKey("partners.id"),
                                                             nullable=True)
    supplier_organisation_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisations.id"), nullable=True)
    supplier_partner_id: Mapped[str | None] = mapped_column(ForeignKey("partners.id"),
                                                            nullable=True)
    product_name: Mapped[str] = mapped_column(String(300))
    criteria: Mapped[dict[str, Any]] = mapped_column(JSON)
    comment: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20))
    pact_event_id: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    response_pf_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    reject_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    reject_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ReceivedFootprintRow(Base):
    __tablename__ = "received_footprints"
    __table_args__ = (UniqueConstraint("organisation_id", "pf_id"),)
    id: Mapped[str] = uuid_key()
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    pf_id: Mapped[str] = mapped_column(String(36))
    partner_id: Mapped[str | None] = mapped_column(ForeignKey("partners.id"), nullable=True)
    supplier_organisation_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisations.id"), nullable=True)
    request_id: Mapped[str | None] = mapped_column(ForeignKey("supplier_requests.id"),
                                                   nullable=True)
    company_name: Mapped[str] = mapped_column(String(300))
    product_name: Mapped[str] = mapped_column(String(300))
    document: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    received_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class PactEventRow(Base):
    __tablename__ = "pact_events"
    __table_args__ = (
        UniqueConstraint("organisation_id", "direction", "event_id"),
        Index("ix_pact_events_due", "state", "next_attempt_at"),
    )
    id: Mapped[str] = uuid_key()
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    partner_id: Mapped[str | None] = mapped_column(ForeignKey("partners.id"), nullable=True)
    direction: Mapped[str] = mapped_column(String(3))
    type: Mapped[str] = mapped_column(String(120))
    event_id: Mapped[str] = mapped_column(String(200))
    target_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ClassificationRow(Base):
    __tablename__ = "classifications"
    __table_args__ = (UniqueConstraint("kind", "entity_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(36))
    classification: Mapped[str] = mapped_column(String(20))
    set_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ReleaseApprovalRow(Base):
    __tablename__ = "release_approvals"
    id: Mapped[str] = uuid_key()
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    partner_id: Mapped[str] = mapped_column(ForeignKey("partners.id"))
    footprint_id: Mapped[str | None] = mapped_column(ForeignKey("footprints.id"),
                                                     nullable=True)
    purpose: Mapped[str] = mapped_column(Text)
    recipient: Mapped[str] = mapped_column(String(300))
    approved_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class InventoryGrantRow(Base):
    __tablename__ = "inventory_grants"
    id: Mapped[str] = uuid_key()
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    footprint_id: Mapped[str] = mapped_column(ForeignKey("footprints.id"))
    partner_id: Mapped[str | None] = mapped_column(ForeignKey("partners.id"), nullable=True)
    grantee_organisation_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisations.id"), nullable=True)
    granted_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
