"""Test helpers of spot checks: a campaign with one item, for route walks and journeys."""

from __future__ import annotations

from dataclasses import replace

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.supervision import spot_checks as sc
from carbonlabel.domain.tenancy import User
from carbonlabel.services.accounts.users import new_id
from carbonlabel.services.supervision import spot_checks

DRAFT = sc.CampaignDraft(2026, 1, "碳足迹标识认证有效性抽查 / PCF label validity spot check",
                         "《认证认可条例》 / Regulations on Certification and Accreditation",
                         (), (), sc.Selection(size=10, seed=20260101))


def seed_spot_check(make_uow: UowFactory, regulator: User, certificate_id: str,
                    assign_to: User | None = None) -> dict[str, str]:
    """A campaign of ``regulator``'s organisation (created by ``regulator``, an admin or
    decision maker) whose sample is the one certificate, its item assigned to ``assign_to``
    (default: ``regulator``). Returns the routes' path parameters: ``campaign_id`` and
    ``item_id``."""
    with make_uow(write=True) as uow:
        campaign = spot_checks.create_campaign(uow, regulator, DRAFT)
    with make_uow(write=True) as uow:
        certificate = uow.certificates.get(certificate_id)
        assert certificate is not None
        holder = uow.organisations.get(certificate.holder_id)
        assert holder is not None
        product = uow.products.in_org(holder.id, certificate.product_id)
        assert product is not None
        item = sc.Item(new_id(), campaign.id, certificate.id, certificate.number,
                       certificate.body_id, holder.id, holder.region.upper(), product.category,
                       sc.DrawnBy.RISK, 1.0, 0, sc.ItemState.SELECTED)
        uow.spot_checks.add_item(item)
        uow.spot_checks.update_campaign(campaign.id, state=sc.CampaignState.DRAWN.value,
                                        candidates=1, bodies_in_scope=1)
        uow.commit()
    with make_uow(write=True) as uow:
        spot_checks.assign(uow, regulator, campaign.id, item.id, (assign_to or regulator).id)
    return {"campaign_id": campaign.id, "item_id": item.id}


def draft(**changes: object) -> sc.CampaignDraft:
    return replace(DRAFT, **changes)  # type: ignore[arg-type]
