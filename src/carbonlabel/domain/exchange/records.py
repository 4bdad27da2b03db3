"""What an organisation keeps about its exchange partners and supplier requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True)
class Partner:
    """A counterparty of one organisation for PACT exchange.

    Inbound: the partner's PACT client authenticates at our host with ``inbound_client_id``
    (its secret is kept only as a hash). Outbound: we call the partner's host at
    ``host_url`` (and ``auth_url`` if its authentication lives elsewhere) with
    ``outbound_client_id``/``outbound_client_secret`` (encrypted at rest)."""

    id: str
    organisation_id: str
    name: str
    country: str  # ISO 3166-1 alpha-2 of the recipient: decides cross-border releases
    spec_version: str  # "2.3.0" or "3.0.0": what we speak to its host and send it
    inbound_client_id: str | None
    host_url: str | None
    auth_url: str | None
    outbound_client_id: str | None
    outbound_client_secret: str | None
    partner_organisation_id: str | None  # when the partner is registered on this platform
    active: bool
    created_at: datetime


class RequestState(StrEnum):
    OPEN = "open"
    FULFILLED = "fulfilled"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


REQUEST_STATE_NAMES: dict[RequestState, tuple[str, str]] = {
    RequestState.OPEN: ("待答复", "open"),
    RequestState.FULFILLED: ("已提供", "fulfilled"),
    RequestState.REJECTED: ("已拒绝", "rejected"),
    RequestState.CANCELLED: ("已撤回", "cancelled"),
}

#: What may follow what; a miss is refused (WorkflowError in the service).
REQUEST_TRANSITIONS: dict[RequestState, frozenset[RequestState]] = {
    RequestState.OPEN: frozenset({RequestState.FULFILLED, RequestState.REJECTED,
                                  RequestState.CANCELLED}),
    RequestState.FULFILLED: frozenset(),
    RequestState.REJECTED: frozenset(),
    RequestState.CANCELLED: frozenset(),
}


@dataclass(frozen=True)
class SupplierRequest:
    """A buyer's request for the PCF of a purchased product.

    One row serves both sides: inside the platform both organisations are set; towards an
    external supplier ``supplier_partner_id`` is set (an outbound PACT request); from an
    external customer ``requester_partner_id`` is set (an inbound PACT request)."""

    id: str
    requester_organisation_id: str | None
    requester_partner_id: str | None
    supplier_organisation_id: str | None
    supplier_partner_id: str | None
    product_name: str
    criteria: dict[str, object]  # the v3 request criteria (productId, companyId, ...)
    comment: str
    state: RequestState
    pact_event_id: str | None  # the id of the RequestCreated event, when sent over PACT
    response_pf_ids: tuple[str, ...]
    reject_code: str | None
    reject_message: str | None
    created_by: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class ReceivedFootprint:
    """A supplier's PCF held by the buyer: the PACT document as received (v3 form)."""

    id: str
    organisation_id: str
    pf_id: str
    partner_id: str | None
    supplier_organisation_id: str | None
    request_id: str | None
    company_name: str
    product_name: str
    document: str  # the footprint rendered as PACT v3 JSON
    received_at: datetime
    received_by: str | None


class EventDirection(StrEnum):
    INBOUND = "in"
    OUTBOUND = "out"


class DeliveryState(StrEnum):
    RECEIVED = "received"  # inbound, taken
    PENDING = "pending"  # outbound, to be delivered (retried with back-off)
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up (after the spec's retry window)


@dataclass(frozen=True)
class EventRecord:
    """A PACT event received or to be sent; outbound ones are the delivery queue."""

    id: str
    organisation_id: str
    partner_id: str | None
    direction: EventDirection
    type: str
    event_id: str  # the CloudEvents id
    target_url: str | None
    payload: dict[str, object]
    state: DeliveryState
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class ClassificationRecord:
    organisation_id: str
    kind: str  # DataKind
    entity_id: str
    classification: str  # Classification
    set_by: str
    set_at: datetime
