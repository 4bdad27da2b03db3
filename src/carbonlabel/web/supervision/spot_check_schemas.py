"""API shapes of spot checks (one per direction: ``XCreate`` in, ``XPublic`` out)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from carbonlabel.domain.supervision import spot_checks as sc
from carbonlabel.web.api.schemas import _In


class SelectionCreate(_In):
    size: int = Field(ge=1, le=sc.MAX_SAMPLE)
    seed: int = Field(ge=0, lt=2 ** 63)
    random_share: float = Field(default=0.2, ge=0, le=1)
    alert_weight: float = Field(default=2.0, ge=0, le=1000)
    category_weights: dict[str, float] = Field(default_factory=dict, max_length=100)
    body_weights: dict[str, float] = Field(default_factory=dict, max_length=100)


class CampaignCreate(_In):
    year: int = Field(ge=2000, le=2100)
    round: int = Field(ge=1, le=12)
    title: str = Field(min_length=1, max_length=200)
    legal_basis: str = Field(min_length=1, max_length=2000)
    categories: list[str] = Field(default_factory=list, max_length=100)
    body_ids: list[str] = Field(default_factory=list, max_length=100)
    selection: SelectionCreate

    def draft(self) -> sc.CampaignDraft:
        s = self.selection
        return sc.CampaignDraft(self.year, self.round, self.title, self.legal_basis,
                                tuple(self.categories), tuple(self.body_ids),
                                sc.Selection(s.size, s.seed, s.random_share, s.alert_weight,
                                             s.category_weights, s.body_weights))


class CampaignPublic(BaseModel):
    id: str
    jurisdiction: str
    year: int
    round: int
    title: str
    legal_basis: str
    categories: list[str]
    body_ids: list[str]
    selection: dict[str, Any]
    state: sc.CampaignState
    created_at: datetime
    drawn_at: datetime | None
    candidates: int
    bodies_in_scope: int


def campaign_public(c: sc.Campaign) -> dict[str, Any]:
    d, s = c.draft, c.draft.selection
    return {"id": c.id, "jurisdiction": c.jurisdiction, "year": d.year, "round": d.round,
            "title": d.title, "legal_basis": d.legal_basis, "categories": list(d.categories),
            "body_ids": list(d.body_ids),
            "selection": {"size": s.size, "seed": s.seed, "random_share": s.random_share,
                          "alert_weight": s.alert_weight,
                          "category_weights": dict(s.category_weights),
                          "body_weights": dict(s.body_weights)},
            "state": c.state, "created_at": c.created_at, "drawn_at": c.drawn_at,
            "candidates": c.candidates, "bodies_in_scope": c.bodies_in_scope}


class ResultCreate(_In):
    outcome: sc.Outcome
    place: sc.Place
    sampled_on: date
    findings: str = Field(default="", max_length=4000)
    declared_value: float | None = None
    declared_unit: str = Field(default="", max_length=250)
    verified_value: float | None = None
    verified_unit: str = Field(default="", max_length=250)
    label_conforms: bool | None = None
    data_quality_ok: bool | None = None
    metering_ok: bool | None = None

    def result(self) -> sc.Result:
        return sc.Result(self.outcome, self.place, self.sampled_on, self.findings,
                         self.declared_value, self.declared_unit, self.verified_value,
                         self.verified_unit, self.label_conforms, self.data_quality_ok,
                         self.metering_ok)


class ResultPublic(BaseModel):
    outcome: sc.Outcome
    place: sc.Place
    sampled_on: date
    findings: str
    declared_value: float | None
    declared_unit: str
    verified_value: float | None
    verified_unit: str
    label_conforms: bool | None
    data_quality_ok: bool | None
    metering_ok: bool | None


class ItemPublic(BaseModel):
    id: str
    campaign_id: str
    certificate_id: str
    certificate_number: str
    body_id: str
    holder_id: str
    holder_region: str
    category: str
    drawn_by: sc.DrawnBy
    weight: float
    open_alerts: int
    state: sc.ItemState
    inspector_id: str | None
    result: ResultPublic | None
    recorded_at: datetime | None
    act_by: date | None
    disposal: sc.Disposal | None
    disposal_note: str
    disposed_at: datetime | None
    referred: bool
    referral_note: str


def item_public(i: sc.Item) -> dict[str, Any]:
    out = asdict(i)
    out.pop("recorded_by")
    out.pop("disposed_by")
    out.pop("nonconformity_id")
    return out


class CampaignDetail(CampaignPublic):
    items: list[ItemPublic]


class TargetCreate(_In):
    certificate_number: str = Field(min_length=1, max_length=64)


class AssignCreate(_In):
    inspector_id: str = Field(min_length=1, max_length=36)


class NoteCreate(_In):
    note: str = Field(min_length=1, max_length=2000)


class DisposalCreate(_In):
    disposal: sc.Disposal
    note: str = Field(min_length=1, max_length=2000)


class ReverificationPublic(BaseModel):
    declared_value: float
    declared_unit: str
    recomputed_value: float
    deviation: float
    input_hash_matches: bool


class MetricsPublic(BaseModel):
    bodies_in_scope: int
    bodies_covered: int
    coverage: float | None
    items: int
    recorded: int
    nonconforming: int
    nonconformity_rate: float | None
    serious: int
    suspended: int
    withdrawn: int
    corrected: int
    referred: int
    awaiting_disposal: int
    mean_days_to_disposal: float | None


def metrics_public(m: sc.Metrics) -> dict[str, Any]:
    return {**asdict(m), "coverage": m.coverage, "nonconformity_rate": m.nonconformity_rate}
