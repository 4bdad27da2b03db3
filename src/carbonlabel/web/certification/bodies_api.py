"""REST API of bodies' approval (the platform operator's), organisations' identity and
sites (the organisation's admin), and the certification agreement (the applicant)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from carbonlabel.domain.certification.bodies import BodyStatus
from carbonlabel.errors import NotFoundError
from carbonlabel.services.accounts import identity
from carbonlabel.services.certification import agreement, bodies
from carbonlabel.web.api.responses import SIGNED_IN, WITH_BODY
from carbonlabel.web.api.schemas import _In
from carbonlabel.web.deps import CurrentUser, ReadUow, WriteUow, refuse_nul

router = APIRouter(prefix="/api/v1", tags=["certification"], responses=SIGNED_IN,
                   dependencies=[Depends(refuse_nul)])


class ApprovalCreate(_In):
    body_code: int = Field(ge=1, le=999, description="the body's code in certificate numbers, "
                                                     "unique on the platform")
    approval_number: str = Field(min_length=1, max_length=60, description="CNCA 批准书编号")
    accreditation_number: str = Field(min_length=1, max_length=60,
                                      description="CNAS accreditation certificate number")
    accredited_from: date
    accredited_to: date
    scope: list[str] = Field(max_length=17,
                             description="catalogue codes (1-17) of the pilot catalogue; "
                                         "an empty scope is refused (rule catalogue_code)")
    status: BodyStatus = BodyStatus.APPROVED


class ScopeEntry(_In):
    category: str = Field(min_length=1, max_length=100, description="catalogue code (1-17)")


class IdentityUpdate(_In):
    credit_code: str = Field(max_length=18, description="统一社会信用代码 (GB 32100-2015)")
    registered_address: str = Field(default="", max_length=500)


class SiteCreate(_In):
    name: str = Field(min_length=1, max_length=200)
    address: str = Field(min_length=1, max_length=500)
    region: str = Field(default="", max_length=40, description="division code, e.g. 440306")


class AcceptanceCreate(_In):
    version: int = Field(ge=1)


class Recorded(BaseModel):
    ok: bool


@router.put("/certification-bodies/{body_id}/approval", responses=WITH_BODY)
def record_approval(body_id: str, body: ApprovalCreate, user: CurrentUser,
                    uow: WriteUow) -> dict[str, Any]:
    """Record a body's CNCA approval, CNAS accreditation, scope, code and status (platform
    operator's admin). A body code held by another body is 409 naming ``body_code``."""
    done = bodies.record_approval(uow, user, body_id, bodies.ApprovalData(
        body.body_code, body.approval_number, body.accreditation_number,
        body.accredited_from, body.accredited_to, tuple(body.scope), body.status))
    return {"body_id": done.body_id, "body_code": done.body_code, "status": done.status.value,
            "scope": sorted(done.scope, key=int)}


@router.post("/certification-bodies/{body_id}/accreditations", responses=WITH_BODY,
             response_model=Recorded, status_code=201)
def accredit(body_id: str, body: ScopeEntry, user: CurrentUser,
             uow: WriteUow) -> dict[str, Any]:
    """Add a catalogue entry to a body's scope (platform operator's admin; a body may no
    longer accredit itself: 403)."""
    bodies.accredit(uow, user, body_id, body.category)
    return {"ok": True}


def _identity(uow: ReadUow | WriteUow, org_id: str) -> dict[str, Any]:
    org = uow.organisations.get(org_id)
    assert org is not None
    return {"id": org.id, "name": org.name, "credit_code": org.credit_code,
            "registered_address": org.registered_address,
            "sites": [{"id": s.id, "name": s.name, "address": s.address, "region": s.region}
                      for s in uow.sites.of(org.id)],
            "agreement_accepted": agreement.accepted_current(uow, org.id)}


@router.get("/organisation/identity")
def get_identity(user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    """The caller's organisation: credit code, address, production sites."""
    return _identity(uow, user.organisation_id)


@router.put("/organisation/identity", responses=WITH_BODY)
def set_identity(body: IdentityUpdate, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """Set the unified social credit code (checked: 18 characters, GB 32100 check
    character) and the registered address (the organisation's admin)."""
    identity.set_identity(uow, user, body.credit_code, body.registered_address)
    return _identity(uow, user.organisation_id)


@router.post("/organisation/sites", responses=WITH_BODY, status_code=201)
def add_site(body: SiteCreate, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """Add a production site (the organisation's admin)."""
    site = identity.add_site(uow, user, body.name, body.address, body.region)
    return {"id": site.id, "name": site.name, "address": site.address, "region": site.region}


@router.delete("/organisation/sites/{site_id}", status_code=204)
def remove_site(site_id: str, user: CurrentUser, uow: WriteUow) -> Response:
    identity.remove_site(uow, user, site_id)
    return Response(status_code=204)


@router.get("/certification/agreement")
def agreement_in_force(user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    """The certification agreement in force, and whether the caller's organisation has
    accepted it."""
    current = agreement.in_force(uow)
    if current is None:
        raise NotFoundError(field="agreement", message_en="no agreement is in force",
                            message_zh="没有现行认证协议")
    return {"version": current.version, "text_zh": current.text_zh, "text_en": current.text_en,
            "effective_on": current.effective_on.isoformat(),
            "accepted": agreement.accepted_current(uow, user.organisation_id)}


@router.post("/certification/agreement/acceptances", responses=WITH_BODY, status_code=201)
def accept_agreement(body: AcceptanceCreate, user: CurrentUser,
                     uow: WriteUow) -> dict[str, Any]:
    """The caller accepts the agreement in force for the organisation (who, when, which)."""
    done = agreement.accept(uow, user, body.version)
    return {"organisation_id": done.organisation_id, "version": done.version,
            "accepted_by": done.accepted_by, "accepted_at": done.accepted_at.isoformat()}
