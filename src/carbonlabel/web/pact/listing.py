"""What the v2 and v3 routes share: paging with RFC 8288 ``Link`` headers, rendering, the
release log, and the events endpoint.

Paging is stateless: the next link is the request's own URL (same scheme, host and filters)
with ``offset`` advanced, so a link stays valid as long as anyone likes and can be called
again; a page never holds more than ``limit`` footprints (at most :data:`MAX_LIMIT`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.formats.pact import (
    NotRepresentableError,
    load_json,
    parse_event,
    render_footprint,
)
from carbonlabel.domain.exchange.records import Partner
from carbonlabel.domain.pact.model import SpecVersion
from carbonlabel.services.exchange import pact_host
from carbonlabel.services.exchange.pact_events import receive_event
from carbonlabel.services.exchange.pact_host import Released, ReleaseRefusedError, footprint_for
from carbonlabel.web.pact.deps import platform_url
from carbonlabel.web.pact.errors import PactError

MAX_LIMIT = 100
EVENT_TYPES = ("application/cloudevents+json", "application/json")


def paging(request: Request) -> tuple[int, int]:
    """(limit, offset) of the query string; 400 BadRequest when malformed."""
    values = []
    for name, default in (("limit", MAX_LIMIT), ("offset", 0)):
        raw = request.query_params.getlist(name)
        if len(raw) > 1:
            raise PactError(400, "BadRequest", f"{name} given more than once")
        if not raw:
            values.append(default)
            continue
        if not raw[0].isdigit() or (name == "limit" and int(raw[0]) < 1):
            raise PactError(400, "BadRequest", f"{name} must be a "
                            f"{'positive' if name == 'limit' else 'non-negative'} integer")
        values.append(int(raw[0]))
    return min(values[0], MAX_LIMIT), values[1]


def rendered(released: Sequence[Released], version: SpecVersion
             ) -> list[tuple[Released, dict[str, object]]]:
    """Each footprint in the version's JSON; those the version cannot express are left out."""
    out = []
    for item in released:
        try:
            out.append((item, render_footprint(item.footprint, version)))
        except NotRepresentableError:
            continue
    return out


def page_response(request: Request, uow: UnitOfWork, partner: Partner,
                  items: list[tuple[Released, dict[str, object]]], channel: str,
                  at: datetime) -> JSONResponse:
    limit, offset = paging(request)
    page = items[offset:offset + limit]
    pact_host.log_sent(uow, partner, [r for r, _ in page], channel, at)  # commits
    headers = {}
    if offset + limit < len(items):
        nxt = request.url.include_query_params(offset=offset + limit, limit=limit)
        headers["Link"] = f'<{nxt}>; rel="next"'
    return JSONResponse({"data": [doc for _, doc in page]}, headers=headers)


def one_response(uow: UnitOfWork, partner: Partner, item: Released, version: SpecVersion,
                 channel: str, at: datetime) -> JSONResponse:
    doc = render_footprint(item.footprint, version)
    pact_host.log_sent(uow, partner, [item], channel, at)  # commits
    return JSONResponse({"data": doc})


def get_response(request: Request, uow: UnitOfWork, partner: Partner, pf_id: str,
                 version: SpecVersion, channel: str) -> JSONResponse:
    """GetFootprint: the footprint if the policy releases it (logged), else the refusal
    (logged too, then raised)."""
    at = datetime.now(UTC)
    try:
        item = footprint_for(uow, partner, pf_id, at, platform_url=platform_url(request))
    except ReleaseRefusedError as exc:
        pact_host.log_refused(uow, partner, pf_id, exc.decision, channel, at)  # commits
        raise
    return one_response(uow, partner, item, version, channel, at)


async def receive(request: Request, uow: UnitOfWork, partner: Partner,
                  version: SpecVersion) -> Response:
    """POST /{2,3}/events: a CloudEvent (structured JSON) handed to the events use case."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in EVENT_TYPES:
        raise PactError(400, "BadRequest", "the content type must be "
                        "application/cloudevents+json")
    event = parse_event(load_json(await request.body()), version)
    await run_in_threadpool(receive_event, uow, partner, event, version, datetime.now(UTC),
                            platform_url=platform_url(request))  # committed: may leave now
    outbox = getattr(request.app.state, "pact_outbox", None)
    if outbox is not None:
        outbox.kick()
    return Response(status_code=200)
