"""The JSON of category benchmarks, positions, comparisons and weak links, described for the
OpenAPI document (the dicts themselves: ``services/benchmarks/as_json.py``)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class KeyPublic(BaseModel):
    product_rule: str = Field(description="product rule release, code@version")
    declared_unit: str
    boundary: str


class StatisticsPublic(BaseModel):
    best5: float = Field(description="kg CO2e per declared unit: the best 5 % lie at or below")
    q1: float = Field(description="best quartile at or below (type-7 quantile)")
    median: float
    q3: float


class BenchmarkFiguresPublic(BaseModel):
    key: KeyPublic
    count: int = Field(description="comparable certificates valid today (always given)")
    minimum: int = Field(description="below this count the statistics are withheld")
    shown: bool
    statistics: StatisticsPublic | None = Field(description="null below the minimum count")
    unit: str = "kg CO2e"


class NamePublic(BaseModel):
    zh: str
    en: str


class MemberPublic(BaseModel):
    number: str
    product: NamePublic
    holder: str
    page: str


class ExcludedPublic(MemberPublic):
    reason: str = Field(description="not_valid, no_rule, other_rule, other_rule_version, "
                                    "other_unit, other_boundary")
    reason_name: NamePublic


class BenchmarkPublic(BenchmarkFiguresPublic):
    comparable: list[MemberPublic] = Field(description="certificate numbers only: no value")
    excluded: list[ExcludedPublic]


class SetPublic(BaseModel):
    key: KeyPublic
    category: str
    valid: int
    page: str
    api: str


class SetsPublic(BaseModel):
    items: list[SetPublic]
    minimum: int


class PositionPublic(BaseModel):
    number: str
    product: NamePublic
    holder: str
    status: str
    value: str = Field(description="the certified value as a decimal string")
    unit: str
    value_co2e_kg: float
    key: KeyPublic | None
    benchmark: BenchmarkFiguresPublic | None = Field(description="null: no product rule")
    excluded: str | None = Field(description="why the certificate is not in its own set")
    excluded_name: NamePublic | None
    band: str | None = Field(description="best5, best_quartile, better_half, worse_half, "
                                         "worst_quartile; null when withheld")
    band_name: NamePublic | None
    relative_to_median: float | None
    percentile_rank: float | None = Field(
        description="share of comparable values below (ties half), 0 = lowest")


class ComparedItemPublic(PositionPublic):
    comparable_with_first: bool
    reason: str | None
    reason_name: NamePublic | None


class ComparedPublic(BaseModel):
    items: list[ComparedItemPublic]
    comparable: bool
    maximum: int


class StagePublic(BaseModel):
    stage: str
    stage_name: NamePublic
    co2e_kg: float
    share: float
    median_co2e_kg: float
    median_share: float
    weak: bool


class HotspotPublic(BaseModel):
    stage: str
    process: str
    item: str
    item_name: str
    co2e_kg: float
    share: float


class WeakLinksPublic(BaseModel):
    count: int
    margin: float = Field(description="a stage is weak when its share exceeds the median "
                                      "share by at least this (fraction)")
    shown: bool
    stages: list[StagePublic]
    hotspots: list[HotspotPublic]


class ProductPositionPublic(BaseModel):
    product_id: str
    certified: bool
    position: PositionPublic | None
    weak_links: WeakLinksPublic | None


