"""receive_event: requests from partners answered at once, answers to our requests stored,
published events recorded; refusals store nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.formats.pact import parse_event, parse_footprint
from carbonlabel.domain.exchange.records import (
    DeliveryState,
    EventDirection,
    EventRecord,
    Partner,
    RequestState,
    SupplierRequest,
)
from carbonlabel.domain.exchange.sharing import Classification, DataKind
from carbonlabel.domain.pact.events import (
    Published,
    RequestCreated,
    RequestFulfilled,
    RequestRejected,
)
from carbonlabel.domain.pact.filters import FootprintQuery
from carbonlabel.domain.pact.model import ExchangeFootprint, SpecVersion
from carbonlabel.errors import ConflictError, InputError, NotFoundError, WorkflowError
from carbonlabel.services.exchange import pact_exchange
from carbonlabel.services.exchange.pact_events import receive_event, source_matches
from carbonlabel.services.sharing import policy
from tests.pact_exchange.fake_host import footprint_v3
from tests.pact_exchange.support import (
    AT,
    add_partner,
    calculated_footprint,
    pact_view,
    product_model,
)
from tests.support.platform import Tenant, seed_tenant

V3, V2 = SpecVersion.V3_0, SpecVersion.V2_3
BUYER_HOST = "https://buyer.example/pact"


@dataclass(frozen=True)
class Owner:
    tenant: Tenant
    buyer: Partner  # a customer of the owner (domestic), host BUYER_HOST
    pf: ExchangeFootprint  # the owner's cement PCF as the buyer sees it


@pytest.fixture
def owner(make_uow: UowFactory, tmp_path: Path) -> Owner:
    tenant = seed_tenant(make_uow, "水泥厂")
    record = calculated_footprint(make_uow, tenant.analyst, tmp_path, product_model("cement"))
    buyer = add_partner(make_uow, tenant.organisation.id, name="Buyer Co")
    return Owner(tenant, buyer, pact_view(make_uow, buyer, record.id))


def created(query: FootprintQuery, *, source: str = f"{BUYER_HOST}/3/events",
            event_id: str | None = None) -> RequestCreated:
    return RequestCreated(event_id or str(uuid.uuid4()), source, AT, query, "please")


def receive(make_uow: UowFactory, partner: Partner, event: Any,
            version: SpecVersion = V3) -> EventRecord:
    with make_uow(write=True) as uow:
        record = receive_event(uow, partner, event, version, AT,
                               platform_url="https://us.example")
        uow.commit()
    return record


def outbound(make_uow: UowFactory, org_id: str) -> list[EventRecord]:
    with make_uow() as uow:
        return [e for e in uow.pact_events.of_org(org_id)
                if e.direction is EventDirection.OUTBOUND]


def inbox(make_uow: UowFactory, org_id: str) -> list[SupplierRequest]:
    with make_uow() as uow:
        return uow.supplier_requests.inbox(org_id)


def audit_actions(make_uow: UowFactory, org_id: str) -> list[tuple[str, dict[str, Any]]]:
    with make_uow() as uow:
        records, _ = uow.audit.chain()
    return [(r.action, r.after or {}) for r in records if r.organisation_id == org_id]


# -- a customer asks the owner ---------------------------------------------------------------

def test_a_matching_request_is_fulfilled_to_the_partners_registered_host(
        make_uow: UowFactory, owner: Owner) -> None:
    ask = created(FootprintQuery(product_ids=owner.pf.product_ids))
    receive(make_uow, owner.buyer, ask)
    [request] = inbox(make_uow, owner.tenant.organisation.id)
    assert request.requester_partner_id == owner.buyer.id
    assert (request.state, request.response_pf_ids) == (RequestState.FULFILLED, (owner.pf.id,))
    assert request.pact_event_id == ask.event_id
    [answer] = outbound(make_uow, owner.tenant.organisation.id)
    assert answer.target_url == f"{BUYER_HOST}/3/events"
    assert answer.state is DeliveryState.PENDING
    assert answer.next_attempt_at == AT
    sent = parse_event(answer.payload, V3)  # a valid v3 RequestFulfilledEvent
    assert isinstance(sent, RequestFulfilled)
    assert sent.request_event_id == ask.event_id
    assert [p.id for p in sent.pfs] == [owner.pf.id]
    assert sent.source == "https://us.example/3/events"
    released = [a for act, a in audit_actions(make_uow, owner.tenant.organisation.id)
                if act == "data.released"]
    assert [(a["channel"], a["partner_id"]) for a in released] == [("pact-event",
                                                                     owner.buyer.id)]


def test_a_v2_request_matches_on_the_fragments_product_ids_and_is_answered_in_v2(
        make_uow: UowFactory, owner: Owner) -> None:
    doc = {"type": "org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1",
           "specversion": "1.0", "id": "v2-request-1", "source": f"{BUYER_HOST}/2/events",
           "time": "2026-03-02T09:00:00Z",
           "data": {"pf": {"productIds": list(owner.pf.product_ids)}, "comment": "bitte"}}
    receive(make_uow, owner.buyer, parse_event(doc, V2), V2)
    [answer] = outbound(make_uow, owner.tenant.organisation.id)
    assert answer.target_url == f"{BUYER_HOST}/2/events"
    sent = parse_event(answer.payload, V2)
    assert isinstance(sent, RequestFulfilled)
    assert [p.id for p in sent.pfs] == [owner.pf.id]
    assert sent.pfs[0].spec_version.startswith("2.")


def test_a_request_matching_nothing_is_rejected_not_found(make_uow: UowFactory,
                                                          owner: Owner) -> None:
    ask = created(FootprintQuery(product_ids=("urn:pact:null",)))
    receive(make_uow, owner.buyer, ask)
    [request] = inbox(make_uow, owner.tenant.organisation.id)
    assert (request.state, request.reject_code) == (RequestState.REJECTED, "NotFound")
    [answer] = outbound(make_uow, owner.tenant.organisation.id)
    sent = parse_event(answer.payload, V3)
    assert isinstance(sent, RequestRejected)
    assert (sent.request_event_id, sent.code) == (ask.event_id, "NotFound")


def test_an_export_restricted_footprint_without_approval_is_rejected_access_denied(
        make_uow: UowFactory, owner: Owner) -> None:
    abroad = add_partner(make_uow, owner.tenant.organisation.id, name="Käufer GmbH",
                         country="DE")
    with make_uow(write=True) as uow:
        policy.classify(uow, owner.tenant.admin, DataKind.FOOTPRINT, owner.pf.id,
                        Classification.EXPORT_RESTRICTED, AT)
        uow.commit()
    receive(make_uow, abroad, created(FootprintQuery(product_ids=owner.pf.product_ids)))
    [answer] = outbound(make_uow, owner.tenant.organisation.id)
    sent = parse_event(answer.payload, V3)
    assert isinstance(sent, RequestRejected)
    assert sent.code == "AccessDenied"
    actions = audit_actions(make_uow, owner.tenant.organisation.id)
    assert [a["partner_id"] for act, a in actions if act == "data.release_refused"] == [
        abroad.id]
    assert not [a for act, a in actions if act == "data.released"]


def test_a_confidential_footprint_is_not_admitted_to_exist(make_uow: UowFactory,
                                                           owner: Owner) -> None:
    with make_uow(write=True) as uow:
        policy.classify(uow, owner.tenant.admin, DataKind.FOOTPRINT, owner.pf.id,
                        Classification.CONFIDENTIAL, AT)
        uow.commit()
    receive(make_uow, owner.buyer, created(FootprintQuery(product_ids=owner.pf.product_ids)))
    sent = parse_event(outbound(make_uow, owner.tenant.organisation.id)[0].payload, V3)
    assert isinstance(sent, RequestRejected)
    assert sent.code == "NotFound"


@pytest.mark.parametrize("source", [
    "https://attacker.example/3/events",  # another host
    "https://buyer.example/other/3/events",  # the host, but outside the registered path
    "http://buyer.example/pact/3/events",  # another scheme
    "https://buyer.example:8443/pact/3/events",  # another port
])
def test_a_request_whose_source_is_not_the_partners_host_is_refused_and_nothing_stored(
        make_uow: UowFactory, owner: Owner, source: str) -> None:
    with pytest.raises(InputError) as caught, make_uow(write=True) as uow:
        receive_event(uow, owner.buyer, created(FootprintQuery(
            product_ids=owner.pf.product_ids), source=source), V3, AT)
    assert caught.value.field == "source"
    assert inbox(make_uow, owner.tenant.organisation.id) == []
    with make_uow() as uow:
        assert uow.pact_events.of_org(owner.tenant.organisation.id) == []


def test_sources_under_the_registered_host_are_accepted() -> None:
    assert source_matches(f"{BUYER_HOST}/3/events", BUYER_HOST)
    assert source_matches("https://BUYER.example:443/pact/2/events", BUYER_HOST)
    assert source_matches("//buyer.example/pact/3/events", BUYER_HOST)  # the spec's form
    assert not source_matches("https://buyer.example/pactx/3/events", BUYER_HOST)
    assert not source_matches("/pact/3/events", BUYER_HOST)


def test_a_repeated_event_id_is_a_conflict(make_uow: UowFactory, owner: Owner) -> None:
    ask = created(FootprintQuery(product_ids=owner.pf.product_ids), event_id="same-id")
    receive(make_uow, owner.buyer, ask)
    with pytest.raises(ConflictError):
        receive(make_uow, owner.buyer, ask)
    assert len(inbox(make_uow, owner.tenant.organisation.id)) == 1
    assert len(outbound(make_uow, owner.tenant.organisation.id)) == 1


def test_a_published_event_is_recorded_with_its_ids(make_uow: UowFactory,
                                                    owner: Owner) -> None:
    ids = (str(uuid.uuid4()), str(uuid.uuid4()))
    record = receive(make_uow, owner.buyer,
                     Published("pub-1", f"{BUYER_HOST}/3/events", AT, ids))
    assert record.direction is EventDirection.INBOUND
    assert record.payload["pfIds"] == list(ids)
    assert record.type == "org.wbcsd.pact.ProductFootprint.PublishedEvent.3"
    assert inbox(make_uow, owner.tenant.organisation.id) == []
    assert outbound(make_uow, owner.tenant.organisation.id) == []


# -- a supplier answers our request ----------------------------------------------------------

@dataclass(frozen=True)
class Asked:
    tenant: Tenant
    supplier: Partner
    request: SupplierRequest


@pytest.fixture
def asked(make_uow: UowFactory) -> Asked:
    tenant = seed_tenant(make_uow, "整车厂")
    supplier = add_partner(make_uow, tenant.organisation.id, name="Acme GmbH", country="DE",
                           host_url="https://acme.example")
    with make_uow(write=True) as uow:
        request = pact_exchange.send_request(
            uow, actor=tenant.analyst, partner_id=supplier.id, product_name="Part 1",
            criteria={"productId": ["urn:gtin:4000000000001"]}, comment="", at=AT,
            base_url="https://us.example")
        uow.commit()
    return Asked(tenant, supplier, request)


def fulfilled(asked: Asked, *docs: dict[str, Any], request_event_id: str | None = None,
              event_id: str = "answer-1") -> RequestFulfilled:
    return RequestFulfilled(event_id, "https://acme.example/3/events", AT,
                            request_event_id or asked.request.pact_event_id or "",
                            tuple(parse_footprint(d) for d in docs))


def test_our_request_goes_out_as_a_request_created_event(make_uow: UowFactory,
                                                         asked: Asked) -> None:
    [ev] = outbound(make_uow, asked.tenant.organisation.id)
    assert ev.target_url == "https://acme.example/3/events"
    sent = parse_event(ev.payload, V3)
    assert isinstance(sent, RequestCreated)
    assert sent.event_id == asked.request.pact_event_id
    assert sent.source == "https://us.example/3/events"
    assert sent.query.product_ids == ("urn:gtin:4000000000001",)


def test_a_fulfilled_answer_stores_the_footprints_and_closes_the_request(
        make_uow: UowFactory, asked: Asked) -> None:
    receive(make_uow, asked.supplier, fulfilled(asked, footprint_v3(1)))
    org = asked.tenant.organisation.id
    with make_uow() as uow:
        [got] = uow.received_footprints.of_org(org)
        request = uow.supplier_requests.get(asked.request.id)
    assert got.pf_id == footprint_v3(1)["id"]
    assert got.request_id == asked.request.id
    assert got.partner_id == asked.supplier.id
    assert got.company_name == "Acme GmbH"
    document = json.loads(got.document)
    assert document["specVersion"] == "3.0.0"
    assert document["pcf"]["fossilGhgEmissions"] == "1.5"
    assert request is not None
    assert request.state is RequestState.FULFILLED
    assert request.response_pf_ids == (footprint_v3(1)["id"],)


def test_a_rejected_answer_closes_the_request_with_its_reason(make_uow: UowFactory,
                                                              asked: Asked) -> None:
    receive(make_uow, asked.supplier, RequestRejected(
        "answer-2", "https://acme.example/3/events", AT, asked.request.pact_event_id or "",
        "NotFound", "no such part"))
    with make_uow() as uow:
        request = uow.supplier_requests.get(asked.request.id)
    assert request is not None
    assert (request.state, request.reject_code, request.reject_message) == (
        RequestState.REJECTED, "NotFound", "no such part")


def test_an_answer_to_an_unknown_request_or_from_another_partner_is_refused(
        make_uow: UowFactory, asked: Asked) -> None:
    with pytest.raises(NotFoundError) as caught:
        receive(make_uow, asked.supplier, fulfilled(asked, footprint_v3(1),
                                                    request_event_id="never-sent"))
    assert caught.value.field == "data.requestEventId"
    other = add_partner(make_uow, asked.tenant.organisation.id, name="Other AG",
                        host_url="https://other.example")
    with pytest.raises(NotFoundError):
        receive(make_uow, other, fulfilled(asked, footprint_v3(1)))


def test_a_footprint_received_before_refuses_the_whole_answer_and_stores_nothing(
        make_uow: UowFactory, asked: Asked) -> None:
    with pytest.raises(ConflictError):  # the same footprint twice in one answer
        receive(make_uow, asked.supplier, fulfilled(asked, footprint_v3(1), footprint_v3(1)))
    org = asked.tenant.organisation.id
    with make_uow() as uow:
        assert uow.received_footprints.of_org(org) == []
        request = uow.supplier_requests.get(asked.request.id)
        inbound = [e for e in uow.pact_events.of_org(org)
                   if e.direction is EventDirection.INBOUND]
    assert request is not None
    assert request.state is RequestState.OPEN
    assert inbound == []


def test_a_second_answer_to_a_closed_request_is_refused(make_uow: UowFactory,
                                                        asked: Asked) -> None:
    receive(make_uow, asked.supplier, fulfilled(asked, footprint_v3(1)))
    with pytest.raises(WorkflowError):
        receive(make_uow, asked.supplier, fulfilled(asked, footprint_v3(2),
                                                    event_id="answer-again"))


def test_a_request_needs_criteria_and_a_public_url(make_uow: UowFactory,
                                                   asked: Asked) -> None:
    with make_uow(write=True) as uow, pytest.raises(InputError) as caught:
        pact_exchange.send_request(uow, actor=asked.tenant.analyst,
                                   partner_id=asked.supplier.id, product_name="x",
                                   criteria={}, comment="", at=AT, base_url="https://us.example")
    assert caught.value.field == "criteria"
    with make_uow(write=True) as uow, pytest.raises(InputError) as caught:
        pact_exchange.send_request(uow, actor=asked.tenant.analyst,
                                   partner_id=asked.supplier.id, product_name="x",
                                   criteria={"productId": ["not a urn"]}, comment="", at=AT,
                                   base_url="https://us.example")
    assert caught.value.field.startswith("data.productId")
    with make_uow(write=True) as uow, pytest.raises(InputError) as caught:
        pact_exchange.send_request(uow, actor=asked.tenant.analyst,
                                   partner_id=asked.supplier.id, product_name="x",
                                   criteria={"productId": ["urn:gtin:1"]}, comment="", at=AT)
    assert caught.value.field == "public_url"
