"""REST API v1 of data sharing: the classification of an organisation's footprints and
inventories, export approvals (for export-restricted data leaving China) and inventory grants.

Routes parse, call one service, shape the output; scoping (another organisation's record is
404) and roles (403) live in ``services/sharing/policy.py``.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Response, status
from pydantic import BaseModel, Field

from carbonlabel.domain.exchange.sharing import Classification, DataKind
from carbonlabel.services.sharing import overview, policy
from carbonlabel.web.api.responses import SIGNED_IN, WITH_BODY, errors
from carbonlabel.web.api.schemas import PagePublic, _In
from carbonlabel.web.deps import CurrentUser, PageParams, ReadUow, WriteUow, refuse_nul

router = APIRouter(prefix="/api/v1/sharing", tags=["sharing"], responses=SIGNED_IN,
                   dependencies=[Depends(refuse_nul)])
ID = Field(min_length=1, max_length=36)


# -- shapes ---------------------------------------------------------------------------------

class ClassifiedFootprintPublic(BaseModel):
    footprint_id: str
    product_id: str
    product_name_zh: str
    product_name_en: str
    total_co2e_kg: float
    unit: str
    created_at: datetime
    footprint_classification: Classification = Field(
        description="governs the aggregate footprint")
    inventory_classification: Classification = Field(
        description="governs the model and the breakdown by process behind it")


class ClassificationUpdate(_In):
    kind: DataKind
    classification: Classification


class ApprovalCreate(_In):
    partner_id: str = ID
    footprint_id: str | None = Field(default=None, min_length=1, max_length=36,
                                     description="one footprint; omitted: every footprint")
    purpose: str = Field(min_length=1, max_length=policy.MAX_PURPOSE)
    recipient: str = Field(min_length=1, max_length=policy.MAX_RECIPIENT,
                           description="who receives the data at the partner")
    expires_on: date | None = Field(default=None,
                                    description="valid through this day (UTC)")


class ApprovalPublic(BaseModel):
    id: str
    partner_id: str
    partner_name: str
    partner_country: str
    footprint_id: str | None
    purpose: str
    recipient: str
    approved_by: str
    approved_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    revoked_by: str | None
    state: str = Field(description="active, expired or revoked")


class GrantCreate(_In):
    footprint_id: str = ID
    partner_id: str | None = Field(default=None, min_length=1, max_length=36)
    grantee_organisation_id: str | None = Field(default=None, min_length=1, max_length=36)


class GrantPublic(BaseModel):
    id: str
    footprint_id: str
    partner_id: str | None
    grantee_organisation_id: str | None
    grantee: str
    granted_by: str
    granted_at: datetime
    revoked_at: datetime | None


def _now() -> datetime:
    return datetime.now(UTC)


def _footprint(row: overview.ClassifiedFootprint) -> dict[str, Any]:
    r = row.record
    return {"footprint_id": r.id, "product_id": r.product_id, "product_name_zh": row.product_zh,
            "product_name_en": row.product_en, "total_co2e_kg": r.total_co2e_kg,
            "unit": r.unit, "created_at": r.created_at,
            "footprint_classification": row.footprint,
            "inventory_classification": row.inventory}


def _approval(row: overview.ApprovalRow) -> dict[str, Any]:
    return {**asdict(row.approval), "partner_name": row.partner_name,
            "partner_country": row.partner_country, "state": row.state}


def _grant(row: overview.GrantRow) -> dict[str, Any]:
    return {**asdict(row.grant), "grantee": row.grantee}


# -- classification -------------------------------------------------------------------------

@router.get("/footprints", response_model=PagePublic[ClassifiedFootprintPublic])
def footprints(user: CurrentUser, uow: ReadUow, paging: PageParams) -> dict[str, Any]:
    rows, total = overview.classified(uow, user, paging.offset, paging.limit)
    return {"items": [_footprint(r) for r in rows], "total": total, "offset": paging.offset,
            "limit": paging.limit}


@router.get("/footprints/{footprint_id}", response_model=ClassifiedFootprintPublic)
def footprint(footprint_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return _footprint(overview.classified_one(uow, user, footprint_id))


@router.put("/footprints/{footprint_id}/classification", responses=WITH_BODY,
            response_model=ClassifiedFootprintPublic)
def classify(footprint_id: str, body: ClassificationUpdate, user: CurrentUser,
             uow: WriteUow) -> dict[str, Any]:
    policy.classify(uow, user, body.kind, footprint_id, body.classification, _now())
    return _footprint(overview.classified_one(uow, user, footprint_id))


# -- export approvals -----------------------------------------------------------------------

@router.get("/approvals", response_model=list[ApprovalPublic])
def approvals(user: CurrentUser, uow: ReadUow) -> list[dict[str, Any]]:
    return [_approval(r) for r in overview.approval_rows(uow, user, _now())]


def _approval_by_id(uow: ReadUow | WriteUow, user: CurrentUser,
                    approval_id: str) -> dict[str, Any]:
    (row,) = [r for r in overview.approval_rows(uow, user, _now())
              if r.approval.id == approval_id]
    return _approval(row)


@router.post("/approvals", responses=WITH_BODY,
             response_model=ApprovalPublic, status_code=status.HTTP_201_CREATED)
def approve(body: ApprovalCreate, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    made = policy.approve_release(
        uow, user, partner_id=body.partner_id, footprint_id=body.footprint_id,
        purpose=body.purpose, recipient=body.recipient,
        expires_at=policy.end_of_day(body.expires_on) if body.expires_on else None,
        at=_now())
    return _approval_by_id(uow, user, made.id)


@router.post("/approvals/{approval_id}/revoke", responses=errors(409),
             response_model=ApprovalPublic)
def revoke_approval(approval_id: str, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    policy.revoke_approval(uow, user, approval_id, _now())
    return _approval_by_id(uow, user, approval_id)


# -- inventory grants -----------------------------------------------------------------------

@router.get("/grants", response_model=list[GrantPublic])
def grants(user: CurrentUser, uow: ReadUow) -> list[dict[str, Any]]:
    return [_grant(r) for r in overview.grant_rows(uow, user)]


@router.post("/grants", responses=WITH_BODY,
             response_model=GrantPublic, status_code=status.HTTP_201_CREATED)
def grant(body: GrantCreate, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    made = policy.grant_inventory(uow, user, footprint_id=body.footprint_id,
                                  partner_id=body.partner_id,
                                  grantee_organisation_id=body.grantee_organisation_id,
                                  at=_now())
    (row,) = [r for r in overview.grant_rows(uow, user) if r.grant.id == made.id]
    return _grant(row)


@router.post("/grants/{grant_id}/revoke", responses=errors(409),
             status_code=status.HTTP_204_NO_CONTENT)
def revoke_grant(grant_id: str, user: CurrentUser, uow: WriteUow) -> Response:
    policy.revoke_grant(uow, user, grant_id, _now())
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# -- the release log ------------------------------------------------------------------------

@router.get("/releases")
def releases(user: CurrentUser, uow: ReadUow) -> list[dict[str, Any]]:
    """What left the organisation (and what the policy refused), newest first (200)."""
    return [asdict(r) for r in overview.release_rows(uow, user)]


# -- inventories granted to us --------------------------------------------------------------

@router.post("/granted/{footprint_id}", responses=errors(409))
def read_granted(footprint_id: str, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """The inventory another organisation granted to ours: its model and the footprint result
    with the breakdown by process. A POST: each reading is a release, logged for the owner."""
    granted = policy.read_granted_inventory(uow, user, footprint_id, _now())
    return {"footprint_id": granted.footprint_id,
            "owner": {"id": granted.owner.id, "name": granted.owner.name},
            "model_format": granted.model_format, "model": granted.model,
            "result": json.loads(granted.result_json)}
