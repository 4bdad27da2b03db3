"""The PACT asynchronous events (CloudEvents 1.0 payloads), independent of the wire version.

``source`` is the CloudEvents source (a URI reference: where answers go); ``event_id`` is the
CloudEvents ``id``. A v3 RequestCreatedEvent carries its criteria as a :class:`FootprintQuery`;
a v2 one carries a ProductFootprint *fragment* (``pf_fragment``, kept as parsed JSON) from which
the query is derived where the spec's fields allow (``productIds``, ``companyIds``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from carbonlabel.domain.pact.filters import FootprintQuery
from carbonlabel.domain.pact.model import ExchangeFootprint, SpecVersion

CLOUDEVENTS_SPECVERSION = "1.0"
CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8"


@dataclass(frozen=True)
class RequestCreated:
    event_id: str
    source: str
    time: datetime
    query: FootprintQuery
    comment: str | None = None
    pf_fragment: Mapping[str, object] | None = None  # v2 only: data.pf as received


@dataclass(frozen=True)
class RequestFulfilled:
    event_id: str
    source: str
    time: datetime
    request_event_id: str
    pfs: tuple[ExchangeFootprint, ...]


@dataclass(frozen=True)
class RequestRejected:
    event_id: str
    source: str
    time: datetime
    request_event_id: str
    code: str  # an Error code: BadRequest, AccessDenied, NotFound, ...
    message: str


@dataclass(frozen=True)
class Published:
    event_id: str
    source: str
    time: datetime
    pf_ids: tuple[str, ...]


PactEvent = RequestCreated | RequestFulfilled | RequestRejected | Published

#: CloudEvents ``type`` of each event, per wire version.
EVENT_TYPES: Mapping[SpecVersion, Mapping[type, str]] = {
    SpecVersion.V2_3: {
        Published: "org.wbcsd.pathfinder.ProductFootprint.Published.v1",
        RequestCreated: "org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1",
        RequestFulfilled: "org.wbcsd.pathfinder.ProductFootprintRequest.Fulfilled.v1",
        RequestRejected: "org.wbcsd.pathfinder.ProductFootprintRequest.Rejected.v1",
    },
    SpecVersion.V3_0: {
        Published: "org.wbcsd.pact.ProductFootprint.PublishedEvent.3",
        RequestCreated: "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3",
        RequestFulfilled: "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3",
        RequestRejected: "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3",
    },
}

#: Error codes a RequestRejectedEvent may carry (the openapi Error enum).
ERROR_CODES: frozenset[str] = frozenset({
    "BadRequest", "AccessDenied", "TokenExpired", "NotFound", "InternalError",
    "NotImplemented"})


def event_type(event: PactEvent, version: SpecVersion) -> str:
    return EVENT_TYPES[version][type(event)]


def event_class(type_name: str, version: SpecVersion) -> type | None:
    """The event class of a CloudEvents ``type`` in ``version``, or None if unknown there."""
    for cls, name in EVENT_TYPES[version].items():
        if name == type_name:
            return cls
    return None
