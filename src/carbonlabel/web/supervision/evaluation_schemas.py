"""API shapes of the pilot's effect evaluation (``XCreate`` in, ``XPublic`` out)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from carbonlabel.domain.supervision.evaluation import Dimension, InputKind, WeightMethod
from carbonlabel.web.api.schemas import _In


class InputPublic(BaseModel):
    id: str
    pilot_id: str
    period: int
    kind: InputKind
    subject: str | None
    value: float
    evidence: str
    note: str
    declared_by: str
    declared_at: datetime
    supersedes: str | None
    withdrawn: bool
    document_name: str | None
    document_sha256: str | None
    current: bool


class WithdrawalCreate(_In):
    reason: str = Field(min_length=1, max_length=4000)


class WeightsUpdate(_In):
    method: WeightMethod
    indicators: dict[str, float] = Field(
        default_factory=dict, description="weights of indicators within their dimension "
                                          "(default 1 each), by indicator key")
    dimensions: dict[Dimension, float] = Field(
        default_factory=dict, description="weights of the four benefit dimensions; when "
                                          "given, an aggregate is computed")
    dimension_matrix: list[list[float]] | None = Field(
        default=None, description="AHP: a 4 × 4 pairwise comparison of quality, economic, "
                                  "social, ecological; its priorities become the dimension "
                                  "weights")
    note: str = Field(default="", max_length=4000)


class WeightsPublic(BaseModel):
    method: WeightMethod
    indicators: dict[str, float]
    dimensions: dict[Dimension, float]
    note: str
    set_by: str | None
    set_at: datetime | None


class IndicatorPublic(BaseModel):
    key: str
    dimension: Dimension
    name_zh: str
    name_en: str
    formula: str
    unit: str
    value: float | None
    shown: str
    inputs: list[tuple[str, float | str | None]]
    source: str
    vintage: str
    missing: list[str]
    scored: bool
    score: float | None
    weight: float


class SubScorePublic(BaseModel):
    dimension: Dimension
    score: float | None
    scored: int
    missing: int


class ProductChangePublic(BaseModel):
    product_id: str
    product_name: str
    baseline_certificate: str
    current_certificate: str
    baseline_original_total: float | None
    baseline_restated_total: float | None
    current_total: float | None
    reduction_share: float | None
    volume: float | None
    absolute_reduction_kg: float | None
    flags: list[str]


class EvaluationPublic(BaseModel):
    pilot_id: str
    period: int
    as_of: date
    indicators: list[IndicatorPublic]
    sub_scores: list[SubScorePublic]
    aggregate: float | None = Field(description="only when dimension weights are stored")
    weights: WeightsPublic
    products: list[ProductChangePublic]
    inputs: list[InputPublic]
