"""Tables of pilots (试点): the pilots, their participants with a chain segment each, the
figures regulators declare with evidence documents, the work plan's tasks and the progress
reports of the responsible units (domain/supervision/pilots.py)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime, uuid_key


class PilotRow(Base):
    __tablename__ = "pilots"
    id: Mapped[str] = uuid_key()
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(40), index=True)  # a jurisdiction code
    category: Mapped[str] = mapped_column(String(10))  # a catalogue code
    regulator_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    goals: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PilotParticipantRow(Base):
    __tablename__ = "pilot_participants"
    __table_args__ = (UniqueConstraint("pilot_id", "organisation_id"),
                      UniqueConstraint("pilot_id", "credit_code",
                                       name="uq_pilot_participants_pilot_credit_code"))
    id: Mapped[str] = uuid_key()
    pilot_id: Mapped[str] = mapped_column(ForeignKey("pilots.id"), index=True)
    segment: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"),
                                                        nullable=True)
    name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str | None] = mapped_column(String(18), nullable=True)
    registered_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PilotDeclarationRow(Base):
    __tablename__ = "pilot_declarations"
    id: Mapped[str] = uuid_key()
    pilot_id: Mapped[str] = mapped_column(ForeignKey("pilots.id"), index=True)
    figure: Mapped[str] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    declared_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    declared_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PilotEvidenceRow(Base):
    __tablename__ = "pilot_evidence"
    id: Mapped[str] = uuid_key()
    declaration_id: Mapped[str] = mapped_column(ForeignKey("pilot_declarations.id"),
                                                index=True)
    file_name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class PilotTaskRow(Base):
    __tablename__ = "pilot_tasks"
    id: Mapped[str] = uuid_key()
    pilot_id: Mapped[str] = mapped_column(ForeignKey("pilots.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    measure: Mapped[str] = mapped_column(Text, default="")
    responsible_name: Mapped[str] = mapped_column(String(200))
    responsible_organisation_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisations.id"), nullable=True, index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class PilotProgressRow(Base):
    __tablename__ = "pilot_progress_reports"
    id: Mapped[str] = uuid_key()
    task_id: Mapped[str] = mapped_column(ForeignKey("pilot_tasks.id"), index=True)
    progress: Mapped[int] = mapped_column(Integer)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    reported_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime)
