"""REST API v1 of green-finance evidence: a holder grants a bank access to a certificate,
lists and revokes its grants and reads each grant's access log; a bank lists the grants made to
it and reads a grant's signed evidence package (each reading logged for the holder; refused,
and logged, once revoked or expired).

Routes parse, call one service, shape the output; scoping (another organisation's record is
404) and roles (403) live in ``services/evidence``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request, status
from pydantic import BaseModel, Field

from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.domain.evidence import (
    FORMAT,
    MAX_PURPOSE,
    MAX_REFERENCE,
    AccessWhat,
    Channel,
    envelope_dict,
)
from carbonlabel.services.evidence import grants
from carbonlabel.services.evidence.package import open_package
from carbonlabel.web.api.responses import SIGNED_IN, WITH_BODY, errors
from carbonlabel.web.api.schemas import _In
from carbonlabel.web.deps import CurrentUser, ReadUow, WriteUow, refuse_nul

router = APIRouter(prefix="/api/v1/evidence", tags=["evidence"], responses=SIGNED_IN,
                   dependencies=[Depends(refuse_nul)])


class BankPublic(BaseModel):
    id: str
    name: str


class GrantCreate(_In):
    bank_organisation_id: str = Field(min_length=1, max_length=36)
    purpose: str = Field(default="", max_length=MAX_PURPOSE,
                         description="what the bank uses the evidence for")
    reference: str = Field(default="", max_length=MAX_REFERENCE,
                           description="the bank's loan or file reference")
    expires_on: date | None = Field(default=None,
                                    description="last day of access (UTC); omitted: until "
                                                "revoked")


class GrantPublic(BaseModel):
    id: str
    certificate_id: str
    certificate_number: str
    holder_name: str
    bank_organisation_id: str
    bank_name: str
    product_name_zh: str
    product_name_en: str
    purpose: str
    reference: str
    expires_on: date | None
    granted_at: datetime
    revoked_at: datetime | None
    state: str = Field(description="active, revoked or expired")


class AccessPublic(BaseModel):
    at: datetime
    user_id: str
    user: str = Field(description="the bank user's name and e-mail")
    what: str = Field(description="page or package")
    channel: str = Field(description="api, page or cli")
    outcome: str = Field(description="served or refused")
    reason: str


class SignaturePublic(BaseModel):
    alg: str
    kid: str
    value: str = Field(description="base64url Ed25519 signature of the canonical package")


class EnvelopePublic(BaseModel):
    format: str = Field(description=FORMAT)
    package: dict[str, Any]
    signature: SignaturePublic


def _now() -> datetime:
    return datetime.now(UTC)


def _grant(r: grants.GrantRow) -> dict[str, Any]:
    g = r.grant
    return {"id": g.id, "certificate_id": g.certificate_id,
            "certificate_number": r.certificate_number, "holder_name": r.holder_name,
            "bank_organisation_id": g.bank_id, "bank_name": r.bank_name,
            "product_name_zh": r.product_zh, "product_name_en": r.product_en,
            "purpose": g.purpose, "reference": g.reference, "expires_on": g.expires_on,
            "granted_at": g.granted_at, "revoked_at": g.revoked_at, "state": r.state.value}


@router.get("/banks", response_model=list[BankPublic])
def banks(user: CurrentUser, uow: ReadUow) -> list[dict[str, str]]:
    """The bank organisations a certificate's holder may grant access to."""
    return [{"id": o.id, "name": o.name} for o in grants.banks(uow, user)]


@router.get("/grants", response_model=list[GrantPublic])
def list_grants(user: CurrentUser, uow: ReadUow) -> list[dict[str, Any]]:
    """The grants the caller's organisation made (a holder) or received (a bank)."""
    return [_grant(r) for r in grants.rows_of(uow, user, _now().date())]


@router.get("/certificates/{certificate_id}/grants", response_model=list[GrantPublic])
def certificate_grants(certificate_id: str, user: CurrentUser,
                       uow: ReadUow) -> list[dict[str, Any]]:
    """The grants of a certificate the caller's organisation holds."""
    return [_grant(r) for r in grants.rows_of_certificate(uow, user, certificate_id,
                                                          _now().date())]


@router.post("/certificates/{certificate_id}/grants", responses=WITH_BODY,
             response_model=GrantPublic, status_code=status.HTTP_201_CREATED)
def grant(certificate_id: str, body: GrantCreate, user: CurrentUser,
          uow: WriteUow) -> dict[str, Any]:
    """Grant a bank access to a held certificate (the holder's admin); audited."""
    made = grants.grant(uow, user, certificate_id, body.bank_organisation_id, body.purpose,
                        body.reference, body.expires_on, _now())
    return _grant(grants.row(uow, made, _now().date()))


@router.post("/grants/{evidence_grant_id}/revoke", responses=errors(409),
             response_model=GrantPublic)
def revoke(evidence_grant_id: str, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """Revoke a grant (the holder's admin); audited. The bank is refused from then on."""
    revoked = grants.revoke(uow, user, evidence_grant_id, _now())
    return _grant(grants.row(uow, revoked, _now().date()))


@router.get("/grants/{evidence_grant_id}/accesses", response_model=list[AccessPublic])
def accesses(evidence_grant_id: str, user: CurrentUser,
             uow: ReadUow) -> list[dict[str, Any]]:
    """Every access the bank made under the grant, newest first (the holder reads it)."""
    entries = grants.access_log(uow, user, evidence_grant_id)
    names = grants.people(uow, entries)
    return [{"at": e.at, "user_id": e.user_id, "user": names.get(e.user_id, ""),
             "what": e.what.value, "channel": e.channel.value, "outcome": e.outcome.value,
             "reason": e.reason} for e in entries]


@router.post("/grants/{evidence_grant_id}/package", response_model=EnvelopePublic)
def package(evidence_grant_id: str, request: Request, user: CurrentUser,
            uow: WriteUow) -> dict[str, Any]:
    """The signed evidence package of a grant made to the caller's bank (docs/evidence.md).
    A POST: each reading is logged for the holder (as a release of shared data is); a revoked
    or expired grant answers 403, logged too."""
    keys = LabelKeys(request.app.state.settings.label_keys_dir)
    opened = open_package(uow, user, evidence_grant_id, AccessWhat.PACKAGE, Channel.API,
                          keys)
    return envelope_dict(opened.envelope)
