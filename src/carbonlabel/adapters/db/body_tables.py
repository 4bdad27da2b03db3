"""Tables of bodies and identities (migration 0012): the pilot's product catalogue, bodies'
approval as recorded by the platform operator, production sites, the certification agreement
and its acceptances, and what an application names."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime, uuid_key


class CatalogueEntryRow(Base):
    """An entry of 《产品碳足迹标识认证试点认证目录(第一批)》 (seeded by migration 0012)."""

    __tablename__ = "product_catalogue"
    code: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    class_code: Mapped[str] = mapped_column(String(40))
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))


class BodyApprovalRow(Base):
    """A certification body's CNCA approval and CNAS accreditation, recorded by the operator;
    its scope is the body's rows in ``accreditations``."""

    __tablename__ = "body_approvals"
    body_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    body_code: Mapped[int | None] = mapped_column(Integer, unique=True, nullable=True)
    approval_number: Mapped[str] = mapped_column(String(60))  # CNCA 批准书编号
    accreditation_number: Mapped[str] = mapped_column(String(60))  # CNAS 认可证书编号
    accredited_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    accredited_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProductionSiteRow(Base):
    __tablename__ = "production_sites"
    id: Mapped[str] = uuid_key()
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text)
    region: Mapped[str] = mapped_column(String(40))


class AgreementRow(Base):
    """A version of the platform's certification agreement (ISO/IEC 17065 4.1.2)."""

    __tablename__ = "certification_agreements"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    text_zh: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    effective_on: Mapped[date] = mapped_column(Date)


class AgreementAcceptanceRow(Base):
    __tablename__ = "agreement_acceptances"
    __table_args__ = (UniqueConstraint("organisation_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    version: Mapped[int] = mapped_column(ForeignKey("certification_agreements.version"))
    accepted_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    accepted_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CaseApplicationRow(Base):
    """What an application names beside the footprint: the producer, the manufacturing sites
    (copied from the applicant's sites at the time), product types and specifications."""

    __tablename__ = "case_applications"
    case_id: Mapped[str] = mapped_column(ForeignKey("certification_cases.id"), primary_key=True)
    producer: Mapped[str] = mapped_column(String(200))
    sites: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    product_types: Mapped[list[str]] = mapped_column(JSON)
    specifications: Mapped[list[str]] = mapped_column(JSON)
