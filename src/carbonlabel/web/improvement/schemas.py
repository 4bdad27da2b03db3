"""API shapes of improvement plans, restatements, thresholds and claims (``XCreate`` in,
``XPublic`` out)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from carbonlabel.domain.improvement.claims import ClaimKind, ClaimState
from carbonlabel.domain.improvement.plans import STAGES, Progress
from carbonlabel.domain.improvement.restatement import ChangeKind
from carbonlabel.web.api.schemas import _In

Stage = Literal["raw_material_acquisition", "production", "distribution", "use", "end_of_life"]
assert set(Stage.__args__) == set(STAGES)  # type: ignore[attr-defined]


class MeasureIn(_In):
    text: str = Field(min_length=1, max_length=1000)
    stage: Stage
    expected_share: float = Field(ge=0, le=0.999, description="expected reduction, 0.05 = 5 %")


class PlanCreate(_In):
    title: str = Field(min_length=1, max_length=200)
    baseline_footprint_id: str = Field(min_length=1, max_length=36)
    target_share: float = Field(ge=0.001, le=0.999, description="target reduction, 0.1 = 10 %")
    starts_on: date
    target_on: date
    measures: list[MeasureIn] = Field(default_factory=list, max_length=50)


class MeasurePublic(BaseModel):
    text: str
    stage: str
    expected_share: float


class PlanPublic(BaseModel):
    id: str
    product_id: str
    title: str
    baseline_footprint_id: str
    target_share: float
    starts_on: date
    target_on: date
    measures: list[MeasurePublic]
    created_at: datetime


class FactorChangePublic(BaseModel):
    kind: ChangeKind
    name: str
    before: str
    after: str


class RestatementPublic(BaseModel):
    baseline_footprint_id: str
    current_footprint_id: str
    baseline_original_kg: float
    baseline_restated_kg: float
    current_kg: float
    reduction_share: float = Field(description="(restated − current) ÷ restated")
    unrestated_share: float = Field(description="(original − current) ÷ original")
    factor_changes: list[FactorChangePublic]
    same_library: bool


class TrackedPublic(BaseModel):
    footprint_id: str
    model_version: int
    total_co2e_kg: float
    restatement: RestatementPublic | None
    progress: Progress | None
    problem: str


class PlanStatusPublic(BaseModel):
    plan: PlanPublic
    baseline_total_co2e_kg: float
    expected_share_today: float
    progress: Progress | None
    tracked: list[TrackedPublic]
    as_of: date


class ThresholdCreate(_In):
    product_rule: str = Field(min_length=3, max_length=150, description="code@version")
    declared_unit: str = Field(min_length=1, max_length=150,
                               description="as certificates state it, e.g. 'per 1 kWh'")
    boundary: str = Field(min_length=1, max_length=40, description="e.g. cradle-to-gate")
    source: str = Field(min_length=1, max_length=500, description="publisher and document")
    published_on: date
    value_co2e_kg: float | None = Field(
        default=None, gt=0, description="omitted: the category benchmark's best quartile")


class ThresholdPublic(BaseModel):
    id: str
    product_rule: str
    declared_unit: str
    boundary: str
    value_co2e_kg: float
    source: str
    published_on: date


class ClaimCreate(_In):
    kind: ClaimKind
    baseline_footprint_id: str | None = Field(default=None, max_length=36,
                                              description="reducing: the verified baseline")
    target_share: float | None = Field(default=None, ge=0.001, le=0.999,
                                       description="reducing: the public target")
    target_on: date | None = Field(default=None, description="reducing: the target date")


class ClaimDecision(_In):
    grant: bool
    reason: str = Field(min_length=1, max_length=2000)


class ClaimPublic(BaseModel):
    id: str
    case_id: str
    kind: ClaimKind
    state: ClaimState
    baseline_footprint_id: str | None
    target_share: float | None
    target_on: date | None
    certificate_id: str | None
    threshold_id: str | None
    reduction_share: float | None
    reason: str
    requested_at: datetime
    decided_at: datetime | None
    lapsed_at: datetime | None
    lapse_reason: str


class PublicClaimPublic(BaseModel):
    kind: ClaimKind
    state: ClaimState
    reduction_share: float | None
    target_share: float | None
    target_on: date | None
    decided_at: datetime | None
    lapsed_at: datetime | None
    lapse_reason: str
    threshold: ThresholdPublic | None
