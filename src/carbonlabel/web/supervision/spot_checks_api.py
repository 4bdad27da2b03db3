"""REST API v1 of certification-validity spot checks (认证有效性抽查).

Regulators (staff of a market regulator, within its jurisdiction): ``GET/POST
/supervision/spot-checks`` (campaigns; creating is for the admin or decision maker),
``GET /supervision/spot-checks/{campaign_id}`` (with its sample), ``POST .../draw``,
``POST .../close``, ``GET .../metrics``, ``POST .../items`` (a targeted check of a
certificate by its number; 409 ``spot_check_already_in_campaign``), and per item ``POST
.../items/{item_id}/assign``, ``.../reverification`` (the verifier's re-run against the
declared value), ``.../result`` and ``.../referral``. A campaign of another jurisdiction is
404; anyone not a regulator 403; 409 with ``rule`` when the workflow refuses
(``spot_check_campaign_state``, ``spot_check_item_state``, ``spot_check_value_deviation``,
``spot_check_failed_check``, ``spot_check_campaign_closed``).

Certification bodies: ``GET /supervision/spot-checks/required-actions`` (the body's
nonconforming results waiting for its disposal) and ``POST
/supervision/spot-checks/required-actions/{item_id}/disposal`` (admin or decision maker:
suspend, withdraw or, for a minor one, correct; 409 ``spot_check_disposal``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.tenancy import User
from carbonlabel.services.supervision import spot_check_disposal, spot_checks
from carbonlabel.web.api.responses import SIGNED_IN, WITH_BODY, errors
from carbonlabel.web.api.schemas import PagePublic, page_of
from carbonlabel.web.certification.view import today
from carbonlabel.web.deps import CurrentUser, PageParams, ReadUow, WriteUow, refuse_nul
from carbonlabel.web.supervision import spot_check_schemas as s

router = APIRouter(prefix="/api/v1/supervision/spot-checks", tags=["spot checks"],
                   dependencies=[Depends(refuse_nul)], responses=SIGNED_IN)


def _detail(uow: UnitOfWork, user: User, campaign_id: str) -> dict[str, Any]:
    campaign = spot_checks.get_campaign(uow, user, campaign_id)
    return {**s.campaign_public(campaign),
            "items": [s.item_public(i) for i in spot_checks.items(uow, user, campaign.id)]}


@router.get("/required-actions", response_model=list[s.ItemPublic])
def required_actions(user: CurrentUser, uow: ReadUow) -> list[dict[str, Any]]:
    """The caller's certification body's spot-check results waiting for its disposal."""
    return [s.item_public(i) for i in spot_check_disposal.required_actions(uow, user)]


@router.post("/required-actions/{item_id}/disposal", response_model=s.ItemPublic,
             responses=WITH_BODY)
def dispose(item_id: str, body: s.DisposalCreate, user: CurrentUser,
            uow: WriteUow) -> dict[str, Any]:
    """The body disposes of a nonconforming result (suspend, withdraw or correct)."""
    return s.item_public(spot_check_disposal.dispose(uow, user, item_id, body.disposal, body.note))


@router.get("", response_model=PagePublic[s.CampaignPublic])
def campaigns(user: CurrentUser, uow: ReadUow, paging: PageParams) -> dict[str, Any]:
    """The campaigns within the caller's jurisdiction, newest first."""
    return page_of(spot_checks.campaigns_page(uow, user, paging.offset, paging.limit),
                   s.campaign_public)


@router.post("", response_model=s.CampaignPublic, status_code=201, responses=WITH_BODY)
def create(body: s.CampaignCreate, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """A campaign over the caller's jurisdiction (nothing drawn yet)."""
    return s.campaign_public(spot_checks.create_campaign(uow, user, body.draft()))


@router.get("/{campaign_id}", response_model=s.CampaignDetail)
def campaign(campaign_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    """A campaign with its sample and why each certificate was drawn."""
    return _detail(uow, user, campaign_id)


@router.post("/{campaign_id}/draw", response_model=s.CampaignDetail, responses=errors(409))
def draw(campaign_id: str, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """Draw the sample (reproducible by the campaign's seed)."""
    spot_checks.draw(uow, user, campaign_id, today())
    return _detail(uow, user, campaign_id)


@router.post("/{campaign_id}/close", response_model=s.CampaignPublic, responses=errors(409))
def close(campaign_id: str, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    return s.campaign_public(spot_checks.close_campaign(uow, user, campaign_id))


@router.get("/{campaign_id}/metrics", response_model=s.MetricsPublic)
def metrics(campaign_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    """Bodies covered, items, nonconformity rate, suspensions and withdrawals, time to
    disposal."""
    return s.metrics_public(spot_checks.campaign_metrics(uow, user, campaign_id).metrics)


@router.post("/{campaign_id}/items", response_model=s.ItemPublic, status_code=201,
             responses=WITH_BODY)
def add_certificate(campaign_id: str, body: s.TargetCreate, user: CurrentUser,
                    uow: WriteUow) -> dict[str, Any]:
    """A targeted check: add a valid certificate of the jurisdiction by its number."""
    return s.item_public(spot_checks.add_certificate(uow, user, campaign_id,
                                                     body.certificate_number, today()))


@router.post("/{campaign_id}/items/{item_id}/assign", response_model=s.ItemPublic,
             responses=WITH_BODY)
def assign(campaign_id: str, item_id: str, body: s.AssignCreate, user: CurrentUser,
           uow: WriteUow) -> dict[str, Any]:
    return s.item_public(spot_checks.assign(uow, user, campaign_id, item_id,
                                            body.inspector_id))


@router.post("/{campaign_id}/items/{item_id}/reverification",
             response_model=s.ReverificationPublic, responses=errors(409))
def reverify(campaign_id: str, item_id: str, request: Request, user: CurrentUser,
             uow: ReadUow) -> dict[str, Any]:
    """Run the certificate's model again and compare it with the declared value (reads
    only: the inspector records the result)."""
    settings = request.app.state.settings
    again = spot_checks.reverify(uow, user, campaign_id, item_id, settings.data_dir,
                                 settings.databases_dir)
    return {"declared_value": again.declared_value, "declared_unit": again.declared_unit,
            "recomputed_value": again.recomputed_value, "deviation": again.deviation,
            "input_hash_matches": again.input_hash_matches}


@router.post("/{campaign_id}/items/{item_id}/result", response_model=s.ItemPublic,
             responses=WITH_BODY)
def record(campaign_id: str, item_id: str, body: s.ResultCreate, user: CurrentUser,
           uow: WriteUow) -> dict[str, Any]:
    """The inspector's result; a nonconforming one becomes the body's required action."""
    return s.item_public(spot_checks.record_result(uow, user, campaign_id, item_id,
                                                   body.result()))


@router.post("/{campaign_id}/items/{item_id}/referral", response_model=s.ItemPublic,
             responses=WITH_BODY)
def refer(campaign_id: str, item_id: str, body: s.NoteCreate, user: CurrentUser,
          uow: WriteUow) -> dict[str, Any]:
    """Refer a nonconforming result to enforcement (a penalty case)."""
    return s.item_public(spot_checks.refer(uow, user, campaign_id, item_id, body.note))
