"""PACT Tech Specs v3.0 host routes: ``/3/footprints`` (query filters), ``/3/footprints/{id}``
and ``/3/events``.

Filters (ListFootprints query = RequestCreatedEvent criteria): ``productId``, ``companyId``,
``geography``, ``classification`` and ``status`` may repeat (values OR-ed); ``validOn``,
``validAfter``, ``validBefore`` are RFC 3339 date-times (a bare date is midnight UTC);
different parameters are AND-ed (:class:`carbonlabel.domain.pact.filters.FootprintQuery`).
A status other than Active/Deprecated matches nothing. No match is ``{"data": []}``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from carbonlabel.adapters.formats.pact.common import parse_time
from carbonlabel.domain.pact.filters import FootprintQuery
from carbonlabel.domain.pact.model import PfStatus, SpecVersion
from carbonlabel.services.exchange.pact_host import releasable
from carbonlabel.web.pact import listing
from carbonlabel.web.pact.deps import CallingPartner, HttpsOnly, WriteUow, platform_url
from carbonlabel.web.pact.errors import PactError, PactRoute

router = APIRouter(prefix="/3", route_class=PactRoute, tags=["PACT"],
                   dependencies=[HttpsOnly])
CHANNEL = "pact-api-v3"
V3 = SpecVersion.V3_0
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _moment(request: Request, name: str) -> datetime | None:
    values = request.query_params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise PactError(400, "BadRequest", f"{name} given more than once")
    text = values[0].strip()
    moment: datetime | None = None
    if _DATE.match(text):
        try:
            moment = datetime.fromisoformat(text).replace(tzinfo=UTC)
        except ValueError:
            moment = None
    else:
        moment = parse_time(text)
    if moment is None:
        raise PactError(400, "BadRequest", f"{name} must be an RFC 3339 date-time, "
                        f"not {text!r}")
    return moment


def query_of(request: Request) -> FootprintQuery | None:
    """The query of the request, or None when it can match nothing (an unknown status)."""
    if "$filter" in request.query_params:
        raise PactError(400, "NotImplemented", "v3 filters are query parameters (productId, "
                        "companyId, ...), not $filter")
    params = request.query_params

    def many(name: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for v in params.getlist(name) if v != ""))

    raw_status = many("status")
    statuses = tuple(PfStatus(s) for s in raw_status if s in {p.value for p in PfStatus})
    query = FootprintQuery(
        product_ids=many("productId"), company_ids=many("companyId"),
        geographies=many("geography"), classifications=many("classification"),
        valid_on=_moment(request, "validOn"), valid_after=_moment(request, "validAfter"),
        valid_before=_moment(request, "validBefore"), statuses=statuses)
    return None if raw_status and not statuses else query


@router.get("/footprints")
def list_footprints(request: Request, uow: WriteUow, partner: CallingPartner) -> JSONResponse:
    query = query_of(request)
    listing.paging(request)  # refuse a malformed limit before any work
    at = datetime.now(UTC)
    found = [] if query is None else [
        r for r in releasable(uow, partner, at, platform_url=platform_url(request))
        if query.matches(r.footprint)]
    return listing.page_response(request, uow, partner, listing.rendered(found, V3), CHANNEL,
                                 at)


@router.get("/footprints/{pf_id}")
def get_footprint(pf_id: str, request: Request, uow: WriteUow,
                  partner: CallingPartner) -> JSONResponse:
    return listing.get_response(request, uow, partner, pf_id, V3, CHANNEL)


@router.post("/events")
async def events(request: Request, uow: WriteUow, partner: CallingPartner) -> Response:
    return await listing.receive(request, uow, partner, V3)
