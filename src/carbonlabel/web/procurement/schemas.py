"""API shapes of procurement rankings and criteria (``XCreate`` in, ``XPublic`` out)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from carbonlabel.domain.procurement import CriterionKind, CriterionState
from carbonlabel.web.api.schemas import _In


class CriterionCreate(_In):
    title: str = Field(min_length=1, max_length=200)
    product_rule: str = Field(min_length=3, max_length=150,
                              description="the rule release, code@version")
    declared_unit: str = Field(min_length=1, max_length=200)
    boundary: str = Field(min_length=1, max_length=40,
                          description="cradle-to-gate, cradle-to-grave or gate-to-gate")
    kind: CriterionKind
    threshold: float | None = Field(default=None, gt=0, le=1e12,
                                    description="kg CO2e per declared unit (kind threshold)")
    effective_on: date


class WithdrawalCreate(_In):
    reason: str = Field(min_length=1, max_length=2000)


class KeyPublic(BaseModel):
    product_rule: str
    declared_unit: str
    boundary: str
    text: str


class KeyCountPublic(KeyPublic):
    count: int = Field(description="valid certified results under the key")


class CriterionPublic(BaseModel):
    id: str
    agency_id: str
    agency: str
    title: str
    key: KeyPublic
    kind: CriterionKind
    kind_zh: str
    kind_en: str
    threshold: float | None
    effective_on: date
    state: CriterionState
    published_by: str
    published_at: datetime
    withdrawn_at: datetime | None
    withdrawn_by: str | None
    withdrawal_reason: str


class RankedPublic(BaseModel):
    rank: int
    certificate: str
    registry_url: str
    holder: str
    product_zh: str
    product_en: str
    value: float
    certified_value: str
    unit: str
    band: str | None
    expires_on: date
    meets: dict[str, bool | None] = Field(description="criterion id -> met (null: cannot be "
                                                       "judged, the benchmark is hidden)")


class ExcludedPublic(BaseModel):
    certificate: str
    registry_url: str
    holder: str
    product_zh: str
    product_en: str
    certified_value: str
    unit: str
    product_rule: str | None
    declared_unit: str
    boundary: str
    status: str
    reason: str
    reason_zh: str
    reason_en: str


class BenchmarkPublic(BaseModel):
    count: int
    minimum: int
    best5: float | None
    q1: float | None
    median: float | None
    q3: float | None


class RankingPublic(BaseModel):
    on: date
    key: KeyPublic | None
    keys: list[KeyCountPublic] = Field(description="the comparable keys of the unit, most "
                                                   "results first (the first is ranked)")
    units: list[str]
    benchmark: BenchmarkPublic | None
    criteria: list[CriterionPublic]
    items: list[RankedPublic]
    excluded: list[ExcludedPublic]
