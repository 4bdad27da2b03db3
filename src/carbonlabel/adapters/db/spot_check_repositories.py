"""Repository of certification-validity spot checks: campaigns and items in and out, and the
certificates in a campaign's scope with their open alerts (the selection's candidates)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from carbonlabel.adapters.db.certification_tables import CertificateRow
from carbonlabel.adapters.db.repositories import Page, _Repository
from carbonlabel.adapters.db.spot_check_tables import SpotCheckCampaignRow, SpotCheckItemRow
from carbonlabel.adapters.db.supervision_repositories import region_within
from carbonlabel.adapters.db.supervision_tables import SupervisionAlertRow
from carbonlabel.adapters.db.tables import OrganisationRow, ProductRow
from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.supervision.alerts import AlertState
from carbonlabel.domain.supervision.jurisdiction import Jurisdiction
from carbonlabel.domain.supervision.spot_checks import (
    Campaign,
    CampaignDraft,
    CampaignState,
    Candidate,
    Disposal,
    DrawnBy,
    Item,
    ItemState,
    Outcome,
    Place,
    Result,
    Selection,
)

_C = SpotCheckCampaignRow
_I = SpotCheckItemRow


@dataclass(frozen=True)
class InScope:
    """A candidate certificate and what an item keeps of it."""

    candidate: Candidate
    number: str
    holder_id: str
    holder_region: str


def _selection_json(s: Selection) -> str:
    return json.dumps({"size": s.size, "seed": s.seed, "random_share": s.random_share,
                       "alert_weight": s.alert_weight,
                       "category_weights": dict(s.category_weights),
                       "body_weights": dict(s.body_weights)}, sort_keys=True)


def _campaign(r: SpotCheckCampaignRow) -> Campaign:
    s = json.loads(r.selection)
    selection = Selection(int(s["size"]), int(s["seed"]), float(s["random_share"]),
                          float(s["alert_weight"]), dict(s["category_weights"]),
                          dict(s["body_weights"]))
    draft = CampaignDraft(r.year, r.round, r.title, r.legal_basis,
                          tuple(json.loads(r.categories)), tuple(json.loads(r.body_ids)),
                          selection)
    return Campaign(r.id, r.regulator_id, r.jurisdiction, draft, CampaignState(r.state),
                    r.created_by, r.created_at, r.drawn_at, r.candidates, r.bodies_in_scope)


def result_json(r: Result) -> str:
    return json.dumps({"outcome": r.outcome.value, "place": r.place.value,
                       "sampled_on": r.sampled_on.isoformat(), "findings": r.findings,
                       "declared_value": r.declared_value, "declared_unit": r.declared_unit,
                       "verified_value": r.verified_value, "verified_unit": r.verified_unit,
                       "label_conforms": r.label_conforms, "data_quality_ok": r.data_quality_ok,
                       "metering_ok": r.metering_ok}, ensure_ascii=False, sort_keys=True)


def _result(text: str | None) -> Result | None:
    if not text:
        return None
    d: dict[str, Any] = json.loads(text)
    return Result(Outcome(d["outcome"]), Place(d["place"]), date.fromisoformat(d["sampled_on"]),
                  d["findings"], d["declared_value"], d["declared_unit"], d["verified_value"],
                  d["verified_unit"], d["label_conforms"], d["data_quality_ok"],
                  d["metering_ok"])


def _item(r: SpotCheckItemRow) -> Item:
    return Item(r.id, r.campaign_id, r.certificate_id, r.certificate_number, r.body_id,
                r.holder_id, r.holder_region, r.category, DrawnBy(r.drawn_by), r.weight,
                r.open_alerts, ItemState(r.state), r.inspector_id, _result(r.result),
                r.recorded_by, r.recorded_at, r.nonconformity_id, r.act_by,
                Disposal(r.disposal) if r.disposal else None, r.disposal_note, r.disposed_by,
                r.disposed_at, r.referred, r.referral_note)


class SpotChecks(_Repository):
    def add_campaign(self, c: Campaign) -> None:
        d = c.draft
        self.session.add(_C(id=c.id, regulator_id=c.regulator_id, jurisdiction=c.jurisdiction,
                            year=d.year, round=d.round, title=d.title,
                            legal_basis=d.legal_basis,
                            categories=json.dumps(list(d.categories), ensure_ascii=False),
                            body_ids=json.dumps(list(d.body_ids)),
                            selection=_selection_json(d.selection), state=c.state.value,
                            created_by=c.created_by, created_at=c.created_at,
                            drawn_at=c.drawn_at, candidates=c.candidates,
                            bodies_in_scope=c.bodies_in_scope))
        self.session.flush()

    def campaign(self, campaign_id: str) -> Campaign | None:
        row = self.session.get(_C, campaign_id)
        return _campaign(row) if row is not None else None

    def campaigns_within(self, jurisdiction: Jurisdiction, offset: int,
                         limit: int) -> Page[Campaign]:
        """Campaigns of regulators within the jurisdiction, newest first."""
        q = select(_C).where(region_within(_C.jurisdiction, jurisdiction))
        return self._page(q.order_by(_C.year.desc(), _C.round.desc(), _C.created_at.desc(),
                                     _C.id), _campaign, offset, limit)

    def update_campaign(self, campaign_id: str, **changes: Any) -> None:
        row = self.session.get(_C, campaign_id)
        assert row is not None
        for key, value in changes.items():
            setattr(row, key, value)
        self.session.flush()

    def in_scope(self, jurisdiction: Jurisdiction, categories: tuple[str, ...],
                 body_ids: tuple[str, ...], today: date,
                 number: str | None = None) -> list[InScope]:
        """Valid certificates (not past expiry) whose holder lies within the jurisdiction,
        of the named categories and bodies (none named: all), with their open alerts (or the
        one of that ``number``)."""
        holder = OrganisationRow.__table__.alias("holder")
        q = (select(CertificateRow.id, CertificateRow.number, CertificateRow.body_id,
                    CertificateRow.holder_id, holder.c.region, ProductRow.category)
             .join(ProductRow, ProductRow.id == CertificateRow.product_id)
             .join(holder, holder.c.id == CertificateRow.holder_id)
             .where(region_within(func.upper(holder.c.region), jurisdiction),
                    CertificateRow.status == CertificateStatus.VALID.value,
                    CertificateRow.expires_on >= today))
        if categories:
            q = q.where(ProductRow.category.in_(categories))
        if body_ids:
            q = q.where(CertificateRow.body_id.in_(body_ids))
        if number is not None:
            q = q.where(CertificateRow.number == number)
        rows = self.session.execute(q).all()
        alerts: dict[str | None, int] = {c: n for c, n in self.session.execute(  # noqa: C416
            select(SupervisionAlertRow.certificate_id, func.count())
            .where(SupervisionAlertRow.certificate_id.in_([r[0] for r in rows]),
                   SupervisionAlertRow.state.in_((AlertState.OPEN.value,
                                                  AlertState.IN_CASE.value)))
            .group_by(SupervisionAlertRow.certificate_id)).all()} if rows else {}
        return [InScope(Candidate(cid, body, category, int(alerts.get(cid, 0))), number, hid,
                        region.upper())
                for cid, number, body, hid, region, category in rows]

    def add_item(self, i: Item) -> None:
        self.session.add(_I(id=i.id, campaign_id=i.campaign_id, certificate_id=i.certificate_id,
                            certificate_number=i.certificate_number, body_id=i.body_id,
                            holder_id=i.holder_id, holder_region=i.holder_region,
                            category=i.category, drawn_by=i.drawn_by.value, weight=i.weight,
                            open_alerts=i.open_alerts, state=i.state.value,
                            inspector_id=i.inspector_id, disposal_note="", referred=False,
                            referral_note=""))

    def items(self, campaign_id: str) -> list[Item]:
        rows = self.session.scalars(select(_I).where(_I.campaign_id == campaign_id)
                                    .order_by(_I.drawn_by.desc(), _I.weight.desc(),
                                              _I.certificate_number)).all()
        return [_item(r) for r in rows]

    def item(self, item_id: str) -> Item | None:
        row = self.session.get(_I, item_id)
        return _item(row) if row is not None else None

    def update_item(self, item_id: str, **changes: Any) -> Item:
        row = self.session.get(_I, item_id)
        assert row is not None
        for key, value in changes.items():
            if isinstance(value, Result):
                value = result_json(value)
            elif isinstance(value, ItemState | Disposal):
                value = value.value
            setattr(row, key, value)
        self.session.flush()
        return _item(row)

    def awaiting_for_certificate(self, certificate_id: str) -> list[Item]:
        """The certificate's items whose nonconforming result waits for disposal."""
        rows = self.session.scalars(select(_I).where(
            _I.certificate_id == certificate_id,
            _I.state == ItemState.AWAITING_DISPOSAL.value).order_by(_I.id)).all()
        return [_item(r) for r in rows]

    def awaiting_disposal(self, body_id: str) -> list[Item]:
        """The body's items whose nonconforming result waits for its disposal, soonest due
        first."""
        rows = self.session.scalars(select(_I).where(
            _I.body_id == body_id, _I.state == ItemState.AWAITING_DISPOSAL.value)
            .order_by(_I.act_by, _I.certificate_number)).all()
        return [_item(r) for r in rows]
