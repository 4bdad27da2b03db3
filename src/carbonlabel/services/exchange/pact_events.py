"""PACT events received from a partner (the host's ``/2/events`` and ``/3/events`` hand them
here after authenticating the partner and parsing the CloudEvent).

- **RequestCreated** (a customer asks us, the owner): recorded, kept as an inbound supplier
  request, and answered at once: the footprints the sharing policy releases to the partner
  that match the request's criteria go out in a RequestFulfilled event (the release is
  logged, channel ``pact-event``); with none, a RequestRejected event — ``AccessDenied`` when
  matching footprints exist but are export-restricted without an approval (each refusal is
  logged), else ``NotFound`` (a confidential footprint is never admitted to exist). The
  answer goes to the partner's *registered* host (``/2/events`` or ``/3/events``, the
  version the request came in), never to a URL the event names: the event's ``source`` must
  lie under that host or the event is refused, so nobody can make us call arbitrary URLs.
- **RequestFulfilled / RequestRejected** (a supplier answers our request): the request is
  found by its event id and this partner; each footprint becomes a received footprint (PACT
  v3 JSON), a footprint received before is refused, the request is closed.
- **Published**: recorded with its PfIds (fetching them is ``pact_exchange.fetch_from_partner``).

Every path records the event first, so a repeated event id is refused (ConflictError) before
anything else happens; :func:`receive_event` commits once the event is taken (its answer
queued in the outbox), and on any error nothing is kept.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlsplit

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.formats.pact import (
    NotRepresentableError,
    render_event,
    render_footprint,
    stored_document,
)
from carbonlabel.adapters.pact_client import events_path
from carbonlabel.domain.exchange.records import (
    REQUEST_TRANSITIONS,
    DeliveryState,
    EventDirection,
    EventRecord,
    Partner,
    ReceivedFootprint,
    RequestState,
    SupplierRequest,
)
from carbonlabel.domain.exchange.sharing import Refusal, ReleaseDecision
from carbonlabel.domain.pact.events import (
    PactEvent,
    RequestCreated,
    RequestFulfilled,
    RequestRejected,
    event_type,
)
from carbonlabel.domain.pact.filters import FootprintQuery
from carbonlabel.domain.pact.model import ExchangeFootprint, SpecVersion
from carbonlabel.errors import InputError, NotFoundError, WorkflowError
from carbonlabel.services.exchange import pact_host
from carbonlabel.services.exchange.pact_outbox import enqueue_event
from carbonlabel.services.sharing import policy

CHANNEL = "pact-event"
_DEFAULT_PORTS = {"https": 443, "http": 80}


def _endpoint(url: str, scheme: str | None = None) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = (parts.scheme or scheme or "").lower()
    return scheme, (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS.get(scheme)


def source_matches(source: str, host_url: str) -> bool:
    """Whether the CloudEvents ``source`` lies under the registered host (same scheme, host
    and port, path below the host's). A scheme-relative source (``//host/3/events``, as in
    the spec's examples) takes the host's scheme."""
    host = urlsplit(host_url)
    src = urlsplit(source)
    if not src.netloc or _endpoint(source, host.scheme) != _endpoint(host_url):
        return False
    base = host.path.rstrip("/")
    return not base or src.path == base or src.path.startswith(base + "/")


def _check_source(partner: Partner, source: str) -> None:
    if not partner.host_url or not source_matches(source, partner.host_url):
        raise InputError(field="source",
                         message_en=f"the event source {source!r} is not the registered PACT "
                                    f"host of {partner.name}",
                         message_zh=f"事件来源 {source!r} 不是 {partner.name} 登记的 PACT 主机")


def _record(uow: UnitOfWork, partner: Partner, event: PactEvent, version: SpecVersion,
            at: datetime, summary: dict[str, object]) -> EventRecord:
    record = EventRecord(
        id=str(uuid.uuid4()), organisation_id=partner.organisation_id, partner_id=partner.id,
        direction=EventDirection.INBOUND, type=event_type(event, version),
        event_id=event.event_id, target_url=None,
        payload={"source": event.source, "specVersion": version.value, **summary},
        state=DeliveryState.RECEIVED, attempts=0, last_error=None, next_attempt_at=None,
        created_at=at)
    uow.pact_events.add(record)  # a repeated event id: ConflictError
    return record


def criteria_of(query: FootprintQuery) -> dict[str, object]:
    """The v3 request criteria (productId, companyId, ..., status) of a query."""
    probe = RequestCreated("-", "-", datetime(2000, 1, 1), query)
    data = render_event(probe, SpecVersion.V3_0)["data"]
    return dict(data) if isinstance(data, dict) else {}


def receive_event(uow: UnitOfWork, partner: Partner, event: PactEvent, version: SpecVersion,
                  at: datetime, *, platform_url: str | None = None) -> EventRecord:
    """Take one event from ``partner`` (see the module docstring); the inbound record.
    ``platform_url`` is our public base URL (the source of our answers, links in PCFs).
    Committed: the caller may kick the outbox once it returns."""
    record: EventRecord
    if isinstance(event, RequestCreated):
        record = _on_request(uow, partner, event, version, at, platform_url)
    elif isinstance(event, RequestFulfilled | RequestRejected):
        record = _on_answer(uow, partner, event, version, at)
    else:
        record = _record(uow, partner, event, version, at, {"pfIds": list(event.pf_ids)})
    uow.commit()
    return record


# -- a partner asks us ---------------------------------------------------------------------

def _product_name(event: RequestCreated) -> str:
    fragment = event.pf_fragment or {}
    name = fragment.get("productNameCompany")
    if isinstance(name, str) and name.strip():
        return name.strip()[:300]
    ids = event.query.product_ids or event.query.classifications
    return (", ".join(ids) or "PACT request")[:300]


def _representable(fps: list[tuple[ExchangeFootprint, ReleaseDecision]],
                   version: SpecVersion) -> list[tuple[ExchangeFootprint, ReleaseDecision]]:
    out = []
    for fp, decision in fps:
        try:
            render_footprint(fp, version)
        except NotRepresentableError:
            continue  # e.g. a unit v2 lacks: not offered in a v2 answer
        out.append((fp, decision))
    return out


def _refused_exports(uow: UnitOfWork, partner: Partner, query: FootprintQuery, at: datetime,
                     platform_url: str | None) -> list[tuple[str, ReleaseDecision]]:
    """Footprints matching the request that the policy refuses only for want of an export
    approval (these may be named as refused; confidential ones never are)."""
    return [(r.footprint.id, r.decision)
            for r in pact_host.offered(uow, partner, at, platform_url=platform_url)
            if r.decision.refusal is Refusal.EXPORT_APPROVAL_REQUIRED
            and query.matches(r.footprint)]


def _on_request(uow: UnitOfWork, partner: Partner, event: RequestCreated,
                version: SpecVersion, at: datetime, platform_url: str | None) -> EventRecord:
    _check_source(partner, event.source)
    assert partner.host_url is not None
    record = _record(uow, partner, event, version, at,
                     {"criteria": criteria_of(event.query), "comment": event.comment})
    request = SupplierRequest(
        id=str(uuid.uuid4()), requester_organisation_id=None, requester_partner_id=partner.id,
        supplier_organisation_id=partner.organisation_id, supplier_partner_id=None,
        product_name=_product_name(event), criteria=criteria_of(event.query),
        comment=event.comment or "", state=RequestState.OPEN, pact_event_id=event.event_id,
        response_pf_ids=(), reject_code=None, reject_message=None, created_by=None,
        created_at=at, updated_at=at)
    uow.supplier_requests.add(request)

    released = _representable(
        [(r.footprint, r.decision) for r in pact_host.releasable(
            uow, partner, at, platform_url=platform_url) if event.query.matches(r.footprint)],
        version)
    path = events_path(version)
    source = f"{platform_url.rstrip('/')}{path}" if platform_url else path
    answer: RequestFulfilled | RequestRejected
    recipient = policy.recipient_for_partner(partner)
    if released:
        answer = RequestFulfilled(str(uuid.uuid4()), source, at, event.event_id,
                                  tuple(fp for fp, _ in released))
        policy.log_release(uow, owner_id=partner.organisation_id, actor_id=None,
                           footprint_ids=[fp.id for fp, _ in released], recipient=recipient,
                           channel=CHANNEL, decisions=[d for _, d in released], at=at)
        request = replace(request, state=RequestState.FULFILLED,
                          response_pf_ids=tuple(fp.id for fp, _ in released))
    else:
        refused = _refused_exports(uow, partner, event.query, at, platform_url)
        for pf_id, decision in refused:
            policy.log_refusal(uow, owner_id=partner.organisation_id, actor_id=None,
                               footprint_id=pf_id, recipient=recipient, channel=CHANNEL,
                               decision=decision, at=at)
        code, message = (
            ("AccessDenied", "the requested footprint needs an export approval of its owner "
                             "before it may be released to this recipient") if refused else
            ("NotFound", "no footprint matches the request"))
        answer = RequestRejected(str(uuid.uuid4()), source, at, event.event_id, code, message)
        request = replace(request, state=RequestState.REJECTED, reject_code=code,
                          reject_message=message)
    uow.supplier_requests.update(request)
    enqueue_event(uow, organisation_id=partner.organisation_id, partner=partner,
                  target_url=f"{partner.host_url.rstrip('/')}{path}",
                  event=render_event(answer, version), at=at)
    return record


# -- a partner answers our request ---------------------------------------------------------

def _on_answer(uow: UnitOfWork, partner: Partner, event: RequestFulfilled | RequestRejected,
               version: SpecVersion, at: datetime) -> EventRecord:
    request = uow.supplier_requests.by_event(partner.organisation_id, event.request_event_id)
    if request is None or request.supplier_partner_id != partner.id \
            or request.requester_organisation_id != partner.organisation_id:
        raise NotFoundError(field="data.requestEventId",
                            message_en=f"no request {event.request_event_id} of ours went to "
                                       f"{partner.name}",
                            message_zh=f"我方没有向 {partner.name} 发出请求 "
                                       f"{event.request_event_id}")
    target = RequestState.FULFILLED if isinstance(event, RequestFulfilled) \
        else RequestState.REJECTED
    if target not in REQUEST_TRANSITIONS[request.state]:
        raise WorkflowError(field="data.requestEventId", rule="request_closed",
                            message_en=f"request {event.request_event_id} is "
                                       f"{request.state.value} already",
                            message_zh=f"请求 {event.request_event_id} 已处于"
                                       f"“{request.state.value}”状态")
    if isinstance(event, RequestRejected):
        record = _record(uow, partner, event, version, at,
                         {"requestEventId": event.request_event_id,
                          "error": {"code": event.code, "message": event.message}})
        uow.supplier_requests.update(replace(
            request, state=RequestState.REJECTED, reject_code=event.code,
            reject_message=event.message, updated_at=at))
        return record
    record = _record(uow, partner, event, version, at,
                     {"requestEventId": event.request_event_id,
                      "pfIds": [fp.id for fp in event.pfs]})
    for fp in event.pfs:
        uow.received_footprints.add(received_footprint(
            fp, organisation_id=partner.organisation_id, partner=partner,
            request_id=request.id, at=at, by=None))  # one received before: ConflictError
    uow.supplier_requests.update(replace(
        request, state=RequestState.FULFILLED, updated_at=at,
        response_pf_ids=tuple(fp.id for fp in event.pfs)))
    uow.audit.append(actor_id=None, organisation_id=partner.organisation_id,
                     action="pact.received", entity="supplier_request", entity_id=request.id,
                     after={"partner_id": partner.id, "event_id": event.event_id,
                            "pf_ids": [fp.id for fp in event.pfs]})
    return record


def received_footprint(fp: ExchangeFootprint, *, organisation_id: str, partner: Partner,
                       request_id: str | None, at: datetime, by: str | None
                       ) -> ReceivedFootprint:
    """A footprint from a partner as the buyer keeps it (adapters' ``stored_document``)."""
    document = stored_document(fp)
    return ReceivedFootprint(
        id=str(uuid.uuid4()), organisation_id=organisation_id, pf_id=fp.id,
        partner_id=partner.id, supplier_organisation_id=partner.partner_organisation_id,
        request_id=request_id, company_name=fp.company_name[:300],
        product_name=fp.product_name_company[:300], document=document, received_at=at,
        received_by=by)


__all__ = ["CHANNEL", "criteria_of", "receive_event", "received_footprint",
           "source_matches"]
