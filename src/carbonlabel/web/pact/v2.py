"""PACT Tech Specs v2.3 host routes: ``/2/footprints`` (``$filter``, the spec's OData subset),
``/2/footprints/{id}`` and ``/2/events``. Footprints are written as 2.3 documents; one that
2.3 cannot express (no UN CPC code known for its product, a declared unit 2.x lacks and no
product mass) is not listed, and reading it answers 400 NotImplemented."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from carbonlabel.domain.pact.filters import parse_odata_filter
from carbonlabel.domain.pact.model import SpecVersion
from carbonlabel.services.exchange.pact_host import releasable
from carbonlabel.web.pact import listing
from carbonlabel.web.pact.deps import CallingPartner, HttpsOnly, WriteUow, platform_url
from carbonlabel.web.pact.errors import PactError, PactRoute

router = APIRouter(prefix="/2", route_class=PactRoute, tags=["PACT"],
                   dependencies=[HttpsOnly])
CHANNEL = "pact-api-v2"
V2 = SpecVersion.V2_3


@router.get("/footprints")
def list_footprints(request: Request, uow: WriteUow, partner: CallingPartner) -> JSONResponse:
    filters = request.query_params.getlist("$filter")
    if len(filters) > 1:
        raise PactError(400, "BadRequest", "$filter given more than once")
    keep = parse_odata_filter(filters[0]) if filters else None
    listing.paging(request)  # refuse a malformed limit before any work
    at = datetime.now(UTC)
    found = [r for r in releasable(uow, partner, at, platform_url=platform_url(request))
             if keep is None or keep(r.footprint)]
    return listing.page_response(request, uow, partner, listing.rendered(found, V2), CHANNEL,
                                 at)


@router.get("/footprints/{pf_id}")
def get_footprint(pf_id: str, request: Request, uow: WriteUow,
                  partner: CallingPartner) -> JSONResponse:
    return listing.get_response(request, uow, partner, pf_id, V2, CHANNEL)


@router.post("/events")
async def events(request: Request, uow: WriteUow, partner: CallingPartner) -> Response:
    return await listing.receive(request, uow, partner, V2)
