"""REST API v1 of supply-chain exchange: partners, supplier requests (inbox and outbox),
received supplier footprints and the PACT file export of an own footprint. The pages under
/exchange call the same services."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request, status
from pydantic import Field

from carbonlabel.domain.exchange.records import Partner, ReceivedFootprint, SupplierRequest
from carbonlabel.errors import InputError
from carbonlabel.services.exchange import overview, partners, supplier_files, supplier_requests
from carbonlabel.web.api.responses import SIGNED_IN, WITH_BODY, errors
from carbonlabel.web.api.schemas import _In
from carbonlabel.web.deps import CurrentUser, ReadUow, WriteUow, refuse_nul

router = APIRouter(prefix="/api/v1/exchange", tags=["exchange"], responses=SIGNED_IN,
                   dependencies=[Depends(refuse_nul)])


def _now() -> datetime:
    return datetime.now(UTC)


def _platform_url(request: Request) -> str:
    configured: str | None = request.app.state.settings.public_url
    return configured or str(request.base_url).rstrip("/")


# -- shapes ---------------------------------------------------------------------------------

class PartnerCreate(_In):
    name: str = Field(min_length=1, max_length=300)
    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    spec_version: str = Field(default="3.0.0", pattern=r"^(2\.3\.0|3\.0\.0)$")
    host_url: str | None = Field(default=None, max_length=500)
    auth_url: str | None = Field(default=None, max_length=500)
    outbound_client_id: str | None = Field(default=None, max_length=300)
    outbound_client_secret: str | None = Field(default=None, max_length=500)


class RequestCreate(_In):
    supplier_organisation_id: str | None = Field(default=None, max_length=100)
    partner_id: str | None = Field(default=None, max_length=100)
    product_name: str = Field(min_length=1, max_length=300)
    product_ids: list[Annotated[str, Field(max_length=500)]] = Field(default=[], max_length=50)
    comment: str = Field(default="", max_length=2000)


class RequestAnswerCreate(_In):
    footprint_id: str | None = Field(default=None, max_length=100,
                                     description="one of our footprints; or give 'document'")
    document: dict[str, Any] | list[Any] | None = Field(
        default=None, description="a PACT JSON document (a footprint, {data: [...]}, a list)")


class RejectCreate(_In):
    reason: str = Field(min_length=1, max_length=2000)


def _partner(p: Partner) -> dict[str, Any]:
    out = asdict(p)
    out.pop("outbound_client_secret")  # never leaves the platform again
    out["has_outbound_secret"] = bool(p.outbound_client_secret)
    return out


def _request(r: SupplierRequest) -> dict[str, Any]:
    return asdict(r)


def _received(r: ReceivedFootprint, detail: bool = False) -> dict[str, Any]:
    out = asdict(r)
    body = out.pop("document")
    if detail:
        out["document"] = json.loads(body)
    return out


# -- partners -------------------------------------------------------------------------------

@router.get("/partners")
def list_partners(user: CurrentUser, uow: ReadUow) -> list[dict[str, Any]]:
    return [_partner(p) for p in overview.partners_view(uow, user).partners]


@router.post("/partners", responses=WITH_BODY, status_code=status.HTTP_201_CREATED)
def add_partner(body: PartnerCreate, request: Request, user: CurrentUser,
                uow: WriteUow) -> dict[str, Any]:
    partner = partners.register_partner(
        uow, user, name=body.name, country=body.country, spec_version=body.spec_version,
        host_url=body.host_url or None, auth_url=body.auth_url or None,
        outbound_client_id=body.outbound_client_id,
        outbound_client_secret=body.outbound_client_secret,
        allow_http=request.app.state.settings.pact_allow_http,
        allow_private=request.app.state.settings.allow_private_outbound)
    return _partner(partner)


@router.post("/partners/{partner_id}/credentials", status_code=status.HTTP_201_CREATED)
def issue_credentials(partner_id: str, user: CurrentUser, uow: WriteUow) -> dict[str, str]:
    """New inbound credentials of the partner; the secret is in this response only."""
    client_id, secret = partners.issue_inbound_credentials(uow, user, partner_id)
    return {"client_id": client_id, "client_secret": secret}


# -- requests -------------------------------------------------------------------------------

@router.get("/requests")
def list_requests(user: CurrentUser, uow: ReadUow) -> dict[str, list[dict[str, Any]]]:
    """Requests to us (``inbox``) and ours (``outbox``), newest first."""
    return {"inbox": [_request(r) for r in supplier_requests.inbox(uow, user)],
            "outbox": [_request(r) for r in supplier_requests.outbox(uow, user)]}


@router.post("/requests", responses=WITH_BODY, status_code=status.HTTP_201_CREATED)
def ask(body: RequestCreate, request: Request, user: CurrentUser,
        uow: WriteUow) -> dict[str, Any]:
    req = supplier_requests.ask_supplier(
        uow, user, supplier_organisation_id=body.supplier_organisation_id,
        partner_id=body.partner_id, product_name=body.product_name,
        product_ids=body.product_ids, comment=body.comment, at=_now(),
        platform_url=_platform_url(request))  # committed before the outbox is kicked
    outbox = getattr(request.app.state, "pact_outbox", None)
    if body.partner_id is not None and outbox is not None:
        outbox.kick()
    return _request(req)


@router.get("/requests/{request_id}")
def get_request(request_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return _request(supplier_requests.get_request(uow, user, request_id))


@router.post("/requests/{request_id}/answer", responses=WITH_BODY)
def answer(request_id: str, body: RequestAnswerCreate, request: Request, user: CurrentUser,
           uow: WriteUow) -> dict[str, Any]:
    """Answer with one of our footprints (``footprint_id``) or a PACT ``document``."""
    supplier_requests.get_request(uow, user, request_id)  # another's request: not found
    if (body.footprint_id is None) == (body.document is None):
        raise InputError(field="footprint_id", message_en="give footprint_id or document",
                         message_zh="请给出 footprint_id 或 document 之一")
    if body.footprint_id is not None:
        done = supplier_requests.answer_with_footprint(
            uow, user, request_id, body.footprint_id, _now(),
            platform_url=_platform_url(request))
    else:
        done = supplier_requests.answer_with_upload(
            uow, user, request_id, json.dumps(body.document, ensure_ascii=False), _now())
    return _request(done)


@router.post("/requests/{request_id}/reject", responses=WITH_BODY)
def reject(request_id: str, body: RejectCreate, user: CurrentUser,
           uow: WriteUow) -> dict[str, Any]:
    done = supplier_requests.reject(uow, user, request_id, body.reason, _now())
    return _request(done)


@router.post("/requests/{request_id}/cancel", responses=errors(409))
def cancel(request_id: str, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    done = supplier_requests.cancel(uow, user, request_id, _now())
    return _request(done)


# -- received footprints --------------------------------------------------------------------

@router.get("/received")
def list_received(user: CurrentUser, uow: ReadUow) -> list[dict[str, Any]]:
    return [_received(r) for r in supplier_files.received_footprints(uow, user)]


@router.get("/received/{pf_id}")
def get_received(pf_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    """The footprint as received (PACT JSON), its per-unit values as models use them, and
    the model inputs that take it."""
    view = overview.received_view(uow, user, pf_id)
    unit = view.row.per_unit
    return {**_received(view.row.received, detail=True),
            "per_unit": asdict(unit) if unit else None,
            "used_by": [asdict(u) for u in view.uses]}


@router.post("/import", responses=WITH_BODY, status_code=status.HTTP_201_CREATED)
def import_file(user: CurrentUser, uow: WriteUow,
                document: Annotated[dict[str, Any] | list[Any], Body(
                    description="a PACT JSON document a supplier sent")]
                ) -> list[dict[str, Any]]:
    taken = supplier_requests.import_footprints(
        uow, user, json.dumps(document, ensure_ascii=False), _now())
    return [_received(r) for r in taken]


@router.post("/footprints/{footprint_id}/pact", responses=errors(409))
def export_pact(footprint_id: str, request: Request, user: CurrentUser, uow: WriteUow,
                version: Annotated[str, Query(max_length=10)] = "3.0.0",
                partner_id: Annotated[str | None, Query(
                    max_length=100, description="the partner it is for (none: anyone)")] = None
                ) -> dict[str, object]:
    """One of our footprints as a PACT ProductFootprint, released under the sharing policy
    (and logged) for the named partner."""
    return supplier_requests.export_footprint(uow, user, footprint_id, version, partner_id,
                                              _now(), platform_url=_platform_url(request))

