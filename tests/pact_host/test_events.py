"""POST /3/events and /2/events (conformance cases 12, 14.A, 15, 16, 17, 40; v2 21): a
CloudEvent is parsed, its sender authenticated, handed to the events use case, kept, and
answered 200 with an empty body; malformed ones are 400 BadRequest and nothing is kept. (The
callbacks themselves, cases 13 and 14.B, are the outbox's: here only that the answer to a
request was queued for the partner's host, schema-valid.)"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from carbonlabel.domain.exchange.records import EventDirection
from carbonlabel.domain.pact.events import PactEvent, RequestFulfilled
from carbonlabel.domain.pact.model import SpecVersion
from carbonlabel.web.pact import listing
from tests.pact_host.conftest import Client, World
from tests.support.pact_schemas import validate

CE = {"Content-Type": "application/cloudevents+json; charset=UTF-8"}
TYPES = {
    "3": {"created": "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3",
          "fulfilled": "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3",
          "rejected": "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3",
          "published": "org.wbcsd.pact.ProductFootprint.PublishedEvent.3"},
    "2": {"created": "org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1",
          "fulfilled": "org.wbcsd.pathfinder.ProductFootprintRequest.Fulfilled.v1",
          "rejected": "org.wbcsd.pathfinder.ProductFootprintRequest.Rejected.v1",
          "published": "org.wbcsd.pathfinder.ProductFootprint.Published.v1"},
}


def envelope(kind: str, major: str, data: dict[str, Any], sender: Client) -> dict[str, Any]:
    return {"type": TYPES[major][kind], "specversion": "1.0", "id": str(uuid.uuid4()),
            "source": f"{sender.host_url}/{major}/events",
            "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "data": data}


def post(world: World, major: str, event: dict[str, Any], sender: Client | None = None,
         headers: dict[str, str] | None = None) -> Any:
    return world.client.post(f"/{major}/events", content=json.dumps(event),
                             headers={**(headers or CE), **world.bearer(sender)})


def _records(world: World, event_id: str) -> list[Any]:
    with world.make_uow() as uow:
        return [e for e in uow.pact_events.of_org(world.seeded.owner.organisation.id)
                if e.event_id == event_id or (e.payload.get("data", {}) and
                isinstance(e.payload["data"], dict) and
                e.payload["data"].get("requestEventId") == event_id)]


def _created(major: str, product_ids: list[str], sender: Client) -> dict[str, Any]:
    data: dict[str, Any] = ({"productId": product_ids} if major == "3"
                            else {"pf": {"productIds": product_ids}})
    return envelope("created", major, data, sender)


@pytest.mark.parametrize("major", ["2", "3"])
def test_request_created_for_a_listed_product_is_accepted_and_answered_with_it(
        world: World, major: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # case 12 (and the queued answer of case 13)
    kicks: list[int] = []
    monkeypatch.setattr(world.app.state.pact_outbox, "kick", lambda: kicks.append(1))
    sender = world.seeded.domestic if major == "2" else world.seeded.foreign
    event = _created(major, ["urn:gtin:06901234567892"], sender)
    response = post(world, major, event, sender)
    assert response.status_code == 200, response.text
    assert response.content == b""
    assert kicks == [1]
    records = _records(world, event["id"])
    inbound = [r for r in records if r.direction is EventDirection.INBOUND]
    outbound = [r for r in records if r.direction is EventDirection.OUTBOUND]
    assert len(inbound) == 1
    assert len(outbound) == 1
    answer = outbound[0].payload
    assert answer["type"] == TYPES[major]["fulfilled"]
    assert outbound[0].target_url == f"{sender.host_url}/{major}/events"
    validate(answer, "RequestFulfilledEvent", {"2": "2.3", "3": "3.0"}[major])
    s = world.seeded
    assert sorted(pf["id"] for pf in answer["data"]["pfs"]) == sorted(
        [s.battery_old.id, s.battery.id])


def test_request_created_for_an_unknown_product_is_accepted_and_rejected(world: World) -> None:
    # case 14.A (and the queued answer of case 14.B)
    event = _created("3", ["urn:pact:null"], world.seeded.foreign)
    response = post(world, "3", event)
    assert response.status_code == 200
    (answer,) = [r for r in _records(world, event["id"])
                 if r.direction is EventDirection.OUTBOUND]
    assert answer.payload["type"] == TYPES["3"]["rejected"]
    validate(answer.payload, "RequestRejectedEvent", "3.0")


@pytest.mark.parametrize("major", ["2", "3"])
def test_published_event_is_accepted_and_kept(world: World, major: str) -> None:
    # case 15
    event = envelope("published", major, {"pfIds": [str(uuid.uuid4())]}, world.seeded.foreign)
    response = post(world, major, event)
    assert response.status_code == 200
    (kept,) = _records(world, event["id"])
    assert kept.direction is EventDirection.INBOUND
    assert kept.payload["pfIds"] == event["data"]["pfIds"]


@pytest.mark.parametrize("major", ["2", "3"])
@pytest.mark.parametrize("kind", ["fulfilled", "rejected"])
def test_answers_to_our_requests_are_parsed_and_handed_to_the_events_use_case(
        world: World, major: str, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, PactEvent, SpecVersion]] = []

    def receive(uow: object, partner: Any, event: PactEvent, version: SpecVersion,
                at: datetime, *, platform_url: str | None = None) -> None:
        calls.append((partner.id, event, version))

    monkeypatch.setattr(listing, "receive_event", receive)
    s = world.seeded
    pf = world.client.get(f"/{major}/footprints/{s.cement.id}",
                          headers=world.bearer()).json()["data"]
    data: dict[str, Any] = ({"requestEventId": str(uuid.uuid4()), "pfs": [pf]}
                            if kind == "fulfilled" else
                            {"requestEventId": str(uuid.uuid4()),
                             "error": {"code": "NotFound", "message": "nothing matches"}})
    response = post(world, major, envelope(kind, major, data, s.foreign))
    assert response.status_code == 200, response.text
    ((partner_id, event, version),) = calls
    assert partner_id == s.foreign.partner_id
    assert version is {"2": SpecVersion.V2_3, "3": SpecVersion.V3_0}[major]
    assert event.request_event_id == data["requestEventId"]  # type: ignore[union-attr]
    if kind == "fulfilled":
        assert isinstance(event, RequestFulfilled)
        assert [p.id for p in event.pfs] == [s.cement.id]


@pytest.mark.parametrize("major", ["2", "3"])
def test_published_event_with_a_non_uuid_pf_id_is_400_and_not_kept(world: World,
                                                                    major: str) -> None:
    # case 40 (v3), case 21 (v2)
    event = envelope("published", major, {"pfIds": ["urn:gtin:4712345060507"]},
                     world.seeded.foreign)
    response = post(world, major, event)
    assert response.status_code == 400
    assert response.json()["code"] == "BadRequest"
    assert "pfIds" in response.json()["message"]
    assert _records(world, event["id"]) == []


@pytest.mark.parametrize(("body", "headers"), [
    ("{not json", CE),
    (json.dumps({"type": "org.example.Unknown", "specversion": "1.0"}), CE),
    (json.dumps({"pfIds": []}), {"Content-Type": "text/plain"}),
], ids=["malformed-json", "unknown-type", "wrong-content-type"])
def test_malformed_events_are_400_bad_request(world: World, body: str,
                                              headers: dict[str, str]) -> None:
    response = world.client.post("/3/events", content=body,
                                 headers={**headers, **world.bearer()})
    assert response.status_code == 400
    assert response.json()["code"] == "BadRequest"


def test_plain_json_content_type_is_accepted_too(world: World) -> None:
    event = envelope("published", "3", {"pfIds": [str(uuid.uuid4())]}, world.seeded.foreign)
    response = post(world, "3", event, headers={"Content-Type": "application/json"})
    assert response.status_code == 200


def test_a_request_from_a_source_other_than_the_partners_host_is_refused(
        world: World) -> None:
    event = _created("3", ["urn:gtin:06901234567892"], world.seeded.foreign)
    event["source"] = "https://attacker.example.net/3/events"
    response = post(world, "3", event)
    assert response.status_code == 400
    assert response.json()["code"] == "BadRequest"
    assert _records(world, event["id"]) == []


def test_a_v3_event_on_the_v2_route_is_refused(world: World) -> None:
    event = envelope("published", "3", {"pfIds": [str(uuid.uuid4())]}, world.seeded.foreign)
    assert post(world, "2", event).status_code == 400



def _all_rows(world: World) -> tuple[int, int, int]:
    with world.make_uow() as uow:
        org = world.seeded.owner.organisation.id
        return (len(uow.pact_events.of_org(org)), len(uow.received_footprints.of_org(org)),
                len(uow.supplier_requests.outbox(org)) + len(uow.supplier_requests.inbox(org)))


@pytest.mark.parametrize("major", ["2", "3"])
@pytest.mark.parametrize("token", ["forged", "expired"])
def test_a_callback_with_a_forged_or_expired_token_is_refused_and_nothing_is_stored(
        world: World, major: str, token: str) -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa

    from carbonlabel.adapters.pact_tokens import PactTokenKeys

    s = world.seeded
    pf = world.client.get(f"/{major}/footprints/{s.cement.id}",
                          headers=world.bearer()).json()["data"]
    callback = envelope("fulfilled", major, {"requestEventId": str(uuid.uuid4()), "pfs": [pf]},
                        s.foreign)
    keys = PactTokenKeys(world.app.state.settings.pact_keys_dir)
    if token == "expired":
        bearer, _ = keys.issue(subject=s.foreign.client_id, issuer="https://testserver",
                               now=datetime.now(UTC) - timedelta(hours=2))
    else:  # signed by a key that is not ours, with a valid subject and expiry
        bearer = jwt.encode({"sub": s.foreign.client_id, "iss": "https://testserver",
                             "exp": int((datetime.now(UTC) + timedelta(hours=1)).timestamp())},
                            rsa.generate_private_key(public_exponent=65537, key_size=2048),
                            algorithm="RS256")
    before = _all_rows(world)
    response = world.client.post(f"/{major}/events", content=json.dumps(callback),
                                 headers={**CE, "Authorization": f"Bearer {bearer}"})
    assert response.status_code == 401
    assert set(response.json()) == {"code", "message"}
    assert response.json()["code"] == ("TokenExpired" if token == "expired" else "BadRequest")
    assert _all_rows(world) == before
