"""API shapes of pilots (``XCreate`` in, ``XPublic`` out)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from carbonlabel.domain.supervision.pilots import Figure, Segment, Source
from carbonlabel.web.api.schemas import _In


class PilotCreate(_In):
    name: str = Field(min_length=1, max_length=200)
    region: str = Field(min_length=2, max_length=40,
                        description="a jurisdiction code within yours: CN-GD, CN-GD-440300")
    category: str = Field(min_length=1, max_length=10,
                          description="a code of the pilot catalogue, 1-17")
    starts_on: date
    ends_on: date
    goals: str = Field(default="", max_length=4000, description="the work plan's goals")


class PilotPublic(BaseModel):
    id: str
    name: str
    region: str
    category: str
    category_name_zh: str
    category_name_en: str
    regulator_id: str
    starts_on: date
    ends_on: date
    goals: str
    created_at: datetime


class GoalsUpdate(_In):
    goals: str = Field(min_length=1, max_length=4000)


class ParticipantCreate(_In):
    segment: Segment
    organisation_id: str | None = Field(default=None, max_length=36,
                                        description="an enterprise on the platform, or")
    name: str = Field(default="", max_length=200, description="a unit not on the platform")
    credit_code: str = Field(default="", max_length=18,
                             description="its unified social credit code")


class ParticipantPublic(BaseModel):
    id: str
    segment: Segment
    organisation_id: str | None
    name: str
    credit_code: str | None
    registered_at: datetime


class EvidencePublic(BaseModel):
    id: str
    file_name: str
    media_type: str
    sha256: str
    size: int


class DeclarationPublic(BaseModel):
    id: str
    figure: Figure
    value: float
    note: str
    declared_by: str
    declared_at: datetime
    evidence: list[EvidencePublic]


class TaskCreate(_In):
    title: str = Field(min_length=1, max_length=300)
    measure: str = Field(default="", max_length=4000)
    starts_on: date
    due_on: date
    responsible_name: str = Field(default="", max_length=200,
                                  description="a unit not on the platform, or")
    responsible_organisation_id: str | None = Field(
        default=None, max_length=36, description="an organisation on the platform (it reports "
                                                 "its progress itself)")


class TaskPublic(BaseModel):
    id: str
    pilot_id: str
    title: str
    measure: str
    responsible_name: str
    responsible_organisation_id: str | None
    starts_on: date
    due_on: date
    progress: int
    done_on: date | None
    overdue: bool


class ProgressCreate(_In):
    progress: int = Field(ge=0, le=100, description="percent")
    done: bool = False
    note: str = Field(default="", max_length=4000)


class MeasuredPublic(BaseModel):
    value: float | None
    source: Source = Field(description="computed, declared (with evidence) or missing")
    computed: float | None = Field(description="what the platform's records give")
    declaration_id: str | None


class ConditionsPublic(BaseModel):
    chain_coverage: MeasuredPublic
    coverage_threshold: float
    enterprises: dict[Segment, MeasuredPublic]
    total_enterprises: float
    min_enterprises: int
    coverage_met: bool
    enterprises_met: bool
    met: bool


class ChainUnitPublic(BaseModel):
    organisation_id: str
    name: str
    region: str
    holder: bool
    segment: Segment | None
    counted: bool


class PlanProgressPublic(BaseModel):
    due: int
    done_on_time: int
    overdue: int
    share: float | None


class PilotStatusPublic(BaseModel):
    pilot: PilotPublic
    as_of: date
    conditions: ConditionsPublic
    links: int = Field(description="in-region supply links")
    participating_links: int
    chain: list[ChainUnitPublic]
    participants: list[ParticipantPublic]
    declarations: list[DeclarationPublic]
    tasks: list[TaskPublic]
    plan_progress: PlanProgressPublic


class MyTaskPublic(BaseModel):
    task: TaskPublic
    pilot_name: str
