"""API shapes of the verification engagement (``XCreate`` in, ``XPublic`` out)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from carbonlabel.domain.certification.engagement import Assurance, OpinionKind, Risk
from carbonlabel.web.api.schemas import _In

TEXT = Field(min_length=1, max_length=4000)


class TermsCreate(_In):
    level: Assurance = Field(description="level of assurance: reasonable or limited")
    materiality: float = Field(default=0.05, gt=0, lt=1,
                               description="relative to the submitted footprint, e.g. 0.05")
    objectives: str = TEXT
    criteria: str = Field(default="GB/T 24067-2024", min_length=1, max_length=4000)
    scope: str = TEXT
    intended_users: str = TEXT


class RiskCreate(_In):
    area: str = Field(min_length=1, max_length=200,
                      description="a life-cycle stage or a process id of the model")
    inherent: Risk
    control: Risk
    note: str = Field(default="", max_length=2000)


class PlanCreate(_In):
    risks: list[RiskCreate] = Field(max_length=100, description="at least one area")
    activities: str = TEXT
    sample_size: int = Field(ge=1, le=500)


class SampleCreate(_In):
    seed: int | None = Field(default=None, ge=0, lt=2**31,
                             description="none: drawn at random (and kept)")


class EvidenceCreate(_In):
    seq: int = Field(ge=1, le=100000, description="the sampled line's number in the sample")
    source: str = Field(min_length=1, max_length=2000,
                        description="a case document id, or a description of the record")
    model_value: float = Field(description="the activity amount in the model (not 0)")
    found_value: float = Field(description="the amount found in the records")
    unit: str = Field(default="", max_length=100)
    note: str = Field(default="", max_length=4000)


class ReviewCreate(_In):
    agreed: bool
    comment: str = Field(default="", max_length=4000)


class OpinionCreate(_In):
    kind: OpinionKind
    statement: str = Field(default="", max_length=8000,
                           description="the basis; required unless unmodified")


class LaterFactCreate(_In):
    description: str = TEXT
    affects_opinion: bool = Field(description="whether the fact would change the opinion")


class LaterFactPublic(BaseModel):
    description: str
    affects_opinion: bool
    recorded_by: str
    at: datetime


class RiskPublic(BaseModel):
    area: str
    inherent: Risk
    control: Risk
    note: str


class LinePublic(BaseModel):
    seq: int
    path: str
    name: str
    stage: str
    co2e_kg: float
    source: str
    model_value: float | None
    found_value: float | None
    unit: str
    note: str
    misstatement_co2e_kg: float
    recorded_by: str | None
    recorded_at: datetime | None


class EvaluationPublic(BaseModel):
    sampled_kg: float
    rerun_kg: float
    aggregate_kg: float
    relative: float
    materiality: float
    material: bool
    untested: int


class ReviewPublic(BaseModel):
    reviewer_id: str
    agreed: bool
    comment: str
    at: datetime


class OpinionPublic(BaseModel):
    kind: OpinionKind
    statement: str
    issued_by: str
    at: datetime


class EngagementPublic(BaseModel):
    """A case's engagement; before the team sets it up, ``set_up`` is false and the terms,
    plan, sample, review and opinion are empty."""

    case_id: str
    set_up: bool
    level: Assurance | None = None
    materiality: float | None = None
    objectives: str = ""
    criteria: str = ""
    scope: str = ""
    intended_users: str = ""
    risks: list[RiskPublic] = []
    activities: str = ""
    sample_size: int | None = None
    least_sample_size: int | None = Field(default=None,
                                          description="what the risk assessment asks for")
    approved_by: str | None = None
    approved_at: datetime | None = None
    sample_seed: int | None = None
    lines: list[LinePublic] = []
    evaluation: EvaluationPublic | None = None
    review: ReviewPublic | None = None
    opinion: OpinionPublic | None = None
    later_facts: list[LaterFactPublic] = []
    complete: bool = Field(default=False, description="an unmodified opinion: the case may "
                                                      "complete its verification")
