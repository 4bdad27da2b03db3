"""Our side as a PACT *client*: fetch a partner's footprints, and ask a partner for one.

``fetch_from_partner`` lists the partner's footprints over its host's API (network first,
outside any transaction) and stores the ones not held yet as received footprints.
``send_request`` keeps an outbound supplier request and queues its RequestCreatedEvent for
the partner's host; the answer arrives later at our ``/2|3/events``
(:mod:`carbonlabel.services.exchange.pact_events`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from carbonlabel.adapters.db.uow import UnitOfWork, UowFactory
from carbonlabel.adapters.formats.pact import parse_event, render_event
from carbonlabel.adapters.pact_client import PactClient, events_path
from carbonlabel.config import Settings
from carbonlabel.domain.exchange.records import (
    Partner,
    ReceivedFootprint,
    RequestState,
    SupplierRequest,
)
from carbonlabel.domain.pact.events import CLOUDEVENTS_SPECVERSION, RequestCreated, event_type
from carbonlabel.domain.pact.filters import FootprintQuery
from carbonlabel.domain.pact.model import SpecVersion
from carbonlabel.domain.tenancy import Action, User
from carbonlabel.errors import InputError, NotFoundError
from carbonlabel.services.accounts.users import require
from carbonlabel.services.exchange.pact_events import criteria_of, received_footprint
from carbonlabel.services.exchange.pact_outbox import PartnerSender, enqueue_event

ClientFactory = Callable[[Partner], PactClient]


def _partner(uow: UnitOfWork, actor: User, partner_id: str) -> Partner:
    partner = uow.partners.get(actor.organisation_id, partner_id)
    if partner is None or not partner.active:
        raise NotFoundError(field="partner_id", message_en="no such partner",
                            message_zh="没有该合作伙伴")
    if not partner.host_url:
        raise InputError(field="partner_id",
                         message_en=f"partner {partner.name} has no PACT host registered",
                         message_zh=f"合作伙伴 {partner.name} 未登记 PACT 主机地址")
    return partner


def fetch_from_partner(make_uow: UowFactory, *, actor: User, partner_id: str,
                       query: FootprintQuery | None = None, odata_filter: str | None = None,
                       limit: int | None = None, settings: Settings | None = None,
                       client_factory: ClientFactory | None = None,
                       at: datetime | None = None) -> list[ReceivedFootprint]:
    """The partner's footprints matching ``query`` that we did not hold yet, now stored as
    received footprints of the actor's organisation (audit ``pact.fetched``)."""
    require(actor, Action.EXCHANGE)
    with make_uow() as uow:
        partner = _partner(uow, actor, partner_id)
    factory = client_factory or PartnerSender.from_settings(settings or Settings()).new_client
    client = factory(partner)
    try:
        fetched = list(client.list_footprints(query, odata_filter=odata_filter, limit=limit))
    finally:
        if client_factory is None:
            client.close()
    moment = at or datetime.now(UTC)
    stored: list[ReceivedFootprint] = []
    with make_uow(write=True) as uow:
        for fp in fetched:
            if uow.received_footprints.get(actor.organisation_id, fp.id) is not None:
                continue
            if any(s.pf_id == fp.id for s in stored):
                continue  # a host listing one id twice
            received = received_footprint(fp, organisation_id=actor.organisation_id,
                                          partner=partner, request_id=None, at=moment,
                                          by=actor.id)
            uow.received_footprints.add(received)
            stored.append(received)
        uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                         action="pact.fetched", entity="partner", entity_id=partner.id,
                         after={"listed": len(fetched), "stored": [s.pf_id for s in stored],
                                "query": criteria_of(query) if query else None,
                                "filter": odata_filter})
        uow.commit()
    return stored


def query_from_criteria(criteria: FootprintQuery | Mapping[str, object]) -> FootprintQuery:
    """A query from v3 request criteria (``{"productId": [...], "validOn": "...", ...}``),
    checked as the wire format checks them (errors name ``data.<criterion>``)."""
    if isinstance(criteria, FootprintQuery):
        return criteria
    doc = {"type": event_type(RequestCreated("", "", datetime.now(UTC), FootprintQuery()),
                              SpecVersion.V3_0),
           "specversion": CLOUDEVENTS_SPECVERSION, "id": "criteria", "source": "criteria",
           "time": "2000-01-01T00:00:00Z", "data": dict(criteria)}
    parsed = parse_event(doc, SpecVersion.V3_0)
    assert isinstance(parsed, RequestCreated)
    return parsed.query


def send_request(uow: UnitOfWork, *, actor: User, partner_id: str, product_name: str,
                 criteria: FootprintQuery | Mapping[str, object], comment: str,
                 at: datetime, base_url: str | None = None,
                 settings: Settings | None = None) -> SupplierRequest:
    """Ask the partner for footprints matching ``criteria``: an outbound supplier request
    and its RequestCreatedEvent queued for the partner's host, committed (the caller may then
    kick the outbox). The event's ``source`` is our events URL under ``base_url`` (default:
    ``settings.public_url``), where the partner's answer will come."""
    require(actor, Action.EXCHANGE)
    partner = _partner(uow, actor, partner_id)
    assert partner.host_url is not None
    if not product_name.strip():
        raise InputError(field="product_name", message_en="name the product asked for",
                         message_zh="请填写所请求的产品名称")
    query = query_from_criteria(criteria)
    if query.is_empty:
        raise InputError(field="criteria",
                         message_en="give at least one criterion (e.g. a product id)",
                         message_zh="请至少给出一个条件（如产品标识）")
    base = base_url or (settings.public_url if settings else None)
    if not base:
        raise InputError(field="public_url",
                         message_en="the platform's public URL is not configured; partners "
                                    "could not answer",
                         message_zh="未配置平台公网地址，合作伙伴无法答复")
    version = SpecVersion(partner.spec_version)
    event = RequestCreated(event_id=str(uuid.uuid4()),
                           source=f"{base.rstrip('/')}{events_path(version)}", time=at,
                           query=query, comment=comment.strip() or None)
    request = SupplierRequest(
        id=str(uuid.uuid4()), requester_organisation_id=actor.organisation_id,
        requester_partner_id=None, supplier_organisation_id=None,
        supplier_partner_id=partner.id, product_name=product_name.strip()[:300],
        criteria=criteria_of(query), comment=comment.strip(), state=RequestState.OPEN,
        pact_event_id=event.event_id, response_pf_ids=(), reject_code=None,
        reject_message=None, created_by=actor.id, created_at=at, updated_at=at)
    uow.supplier_requests.add(request)
    enqueue_event(uow, organisation_id=actor.organisation_id, partner=partner,
                  target_url=f"{partner.host_url.rstrip('/')}{events_path(version)}",
                  event=render_event(event, version), at=at)
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="pact.request_sent", entity="supplier_request",
                     entity_id=request.id,
                     after={"partner_id": partner.id, "event_id": event.event_id,
                            "criteria": request.criteria})
    uow.commit()
    return request


__all__ = ["fetch_from_partner", "query_from_criteria", "send_request"]
