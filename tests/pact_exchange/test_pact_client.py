"""The PACT client against an in-process host (tests/pact_exchange/fake_host.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from carbonlabel.adapters.pact_client import PactClient
from carbonlabel.domain.pact.filters import FootprintQuery
from carbonlabel.domain.pact.model import PfStatus, SpecVersion
from carbonlabel.errors import InputError, PartnerError
from tests.pact_exchange.fake_host import (
    CLIENT_ID,
    CLIENT_SECRET,
    HostState,
    fake_host,
    footprint_v3,
)

BASE = "https://testserver"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def state() -> HostState:
    return HostState(footprints=[footprint_v3(n) for n in range(5)])


@pytest.fixture
def http(state: HostState) -> Iterator[TestClient]:
    with closing(TestClient(fake_host(state), base_url=BASE)) as client:
        yield client


def client(http: TestClient, version: SpecVersion = SpecVersion.V3_0, clock: Clock | None = None,
           secret: str = CLIENT_SECRET) -> PactClient:
    return PactClient(BASE, None, CLIENT_ID, secret, version, partner_name="Acme GmbH",
                      http=http, clock=clock or Clock())


def test_the_token_comes_from_the_discovered_endpoint_and_is_kept_until_shortly_before_expiry(
        http: TestClient, state: HostState) -> None:
    clock = Clock()
    c = client(http, clock=clock)
    assert c.token_endpoint() == f"{BASE}/oauth/issue"  # from openid-configuration
    first = c.token()
    list(c.list_footprints(limit=10))
    c.get_footprint(footprint_v3(0)["id"])
    assert c.tokens_fetched == 1
    assert state.tokens_issued == [first]
    # expires_in 3600 s: kept for 3600 - 60 = 3540 s, then fetched anew
    clock.now += 3539
    assert c.token() == first
    clock.now += 1
    second = c.token()
    assert second != first
    assert c.tokens_fetched == 2


def test_without_discovery_the_token_endpoint_is_auth_token(http: TestClient,
                                                           state: HostState) -> None:
    state.discovery = False
    c = client(http)
    assert c.token_endpoint() == f"{BASE}/auth/token"
    assert c.token() == state.tokens_issued[0]


def test_a_token_refused_by_the_host_is_fetched_again_once(http: TestClient,
                                                          state: HostState) -> None:
    c = client(http)
    old = c.token()
    state.revoked.add(old)
    assert len(list(c.list_footprints(limit=10))) == 5
    assert c.tokens_fetched == 2


def test_bad_credentials_name_the_partner_the_status_and_the_oauth_error(
        http: TestClient) -> None:
    with pytest.raises(PartnerError) as caught:
        client(http, secret="wrong").token()
    err = caught.value
    assert (err.partner, err.status, err.partner_code) == ("Acme GmbH", 401, "invalid_client")
    assert "Acme GmbH" in err.message_en
    assert "401" in err.message_en


def test_a_list_follows_the_link_header_to_the_last_page(http: TestClient,
                                                        state: HostState) -> None:
    got = list(client(http).list_footprints(limit=2))
    assert [fp.id for fp in got] == [footprint_v3(n)["id"] for n in range(5)]
    assert len(state.list_calls) == 3  # pages of 2, 2 and 1
    assert state.list_calls[1] == [("limit", "2"), ("offset", "2")]


def test_a_pagination_loop_or_a_link_to_another_host_is_refused(http: TestClient,
                                                                state: HostState) -> None:
    state.next_link = f"{BASE}/3/footprints?limit=2"  # the first page links to itself
    with pytest.raises(PartnerError) as caught:
        list(client(http).list_footprints(limit=2))
    assert caught.value.field == "Link"
    assert "loops" in caught.value.message_en
    state.next_link = "https://elsewhere.example/3/footprints?offset=2"
    with pytest.raises(PartnerError) as caught:
        list(client(http).list_footprints(limit=2))
    assert caught.value.field == "Link"
    assert "another host" in caught.value.message_en


def test_a_host_that_never_stops_paging_is_cut_off(http: TestClient, state: HostState) -> None:
    c = PactClient(BASE, None, CLIENT_ID, CLIENT_SECRET, SpecVersion.V3_0, http=http,
                   max_pages=2)
    with pytest.raises(PartnerError, match="more than 2 pages"):
        list(c.list_footprints(limit=1))
    assert len(state.list_calls) == 2


def test_v3_criteria_are_sent_as_query_parameters(http: TestClient, state: HostState) -> None:
    query = FootprintQuery(product_ids=("urn:gtin:4000000000001", "urn:gtin:4000000000002"),
                           geographies=("DE",),
                           valid_on=datetime(2026, 1, 1, tzinfo=UTC),
                           statuses=(PfStatus.ACTIVE,))
    got = list(client(http).list_footprints(query, limit=50))
    assert state.list_calls[0] == [
        ("productId", "urn:gtin:4000000000001"), ("productId", "urn:gtin:4000000000002"),
        ("geography", "DE"), ("validOn", "2026-01-01T00:00:00Z"), ("status", "Active"),
        ("limit", "50")]
    # the host here ignores filters: the client still returns only what matches
    assert sorted(fp.product_ids[0] for fp in got) == ["urn:gtin:4000000000001",
                                                       "urn:gtin:4000000000002"]


def test_v2_sends_an_odata_filter(http: TestClient, state: HostState) -> None:
    state.footprints = []
    query = FootprintQuery(product_ids=("urn:gtin:4000000000001",))
    list(client(http, SpecVersion.V2_3).list_footprints(query, limit=5))
    assert state.list_calls[0] == [
        ("$filter", "productIds/any(productId:(productId eq 'urn:gtin:4000000000001'))"),
        ("limit", "5")]
    list(client(http, SpecVersion.V2_3).list_footprints(odata_filter="created ge '2026-01-01'"))
    assert state.list_calls[1] == [("$filter", "created ge '2026-01-01'")]


def test_a_malformed_footprint_is_refused_naming_partner_index_and_field(
        http: TestClient, state: HostState) -> None:
    state.footprints[3] = footprint_v3(3, pcf={"fossilGhgEmissions": "-lots"})
    with pytest.raises(PartnerError) as caught:
        list(client(http).list_footprints(limit=2))  # index counts across pages
    err = caught.value
    assert err.field == "data[3].pcf.fossilGhgEmissions"
    assert "Acme GmbH" in err.message_en
    assert "data[3].pcf.fossilGhgEmissions" in err.message_en
    assert err.errors[0].field == "data[3].pcf.fossilGhgEmissions"


def test_a_footprint_of_the_other_spec_version_is_refused(http: TestClient,
                                                          state: HostState) -> None:
    with pytest.raises(PartnerError) as caught:
        client(http, SpecVersion.V2_3).get_footprint(footprint_v3(1)["id"])
    assert caught.value.field == "data.specVersion"


def test_get_returns_the_footprint_and_an_unknown_id_names_the_hosts_code(
        http: TestClient) -> None:
    c = client(http)
    wanted = footprint_v3(2)["id"]
    assert c.get_footprint(wanted).pcf.fossil_ghg_emissions == pytest.approx(2.5)
    with pytest.raises(PartnerError) as caught:
        c.get_footprint("00000000-0000-0000-0000-00000000ffff")
    assert (caught.value.status, caught.value.partner_code) == (404, "NotFound")
    assert not caught.value.retryable


def test_an_event_is_posted_as_a_cloudevent_with_a_bearer_token(http: TestClient,
                                                               state: HostState) -> None:
    event = {"type": "org.wbcsd.pact.ProductFootprint.PublishedEvent.3", "specversion": "1.0",
             "id": "e-1", "source": "https://us.example/3/events",
             "time": "2026-03-02T09:00:00Z", "data": {"pfIds": [footprint_v3(1)["id"]]}}
    c = client(http)
    c.send_event(event)
    headers, body = state.events[0]
    assert headers["content-type"] == "application/cloudevents+json; charset=UTF-8"
    assert headers["authorization"] == f"Bearer {state.tokens_issued[0]}"
    assert body == json.loads(json.dumps(event))
    state.event_status = 403
    with pytest.raises(PartnerError) as caught:
        c.send_event(event)
    assert (caught.value.status, caught.value.partner_code) == (403, "AccessDenied")


def test_events_go_only_to_the_partners_own_host(http: TestClient) -> None:
    with pytest.raises(InputError) as caught:
        client(http).send_event({"id": "e-2"}, "https://elsewhere.example/3/events")
    assert caught.value.field == "target_url"


def test_plain_http_hosts_are_refused_unless_allowed() -> None:
    with pytest.raises(InputError) as caught:
        PactClient("http://partner.example", None, "a", "b", SpecVersion.V3_0)
    assert caught.value.field == "host_url"
    PactClient("http://127.0.0.1:9", None, "a", "b", SpecVersion.V3_0, allow_http=True).close()


def test_a_host_that_does_not_answer_is_a_retryable_partner_error() -> None:
    c = PactClient("https://127.0.0.1:9", None, "a", "b", SpecVersion.V3_0,
                   partner_name="Offline Ltd", timeout=2, allow_private=True)
    with pytest.raises(PartnerError) as caught:
        c.token()
    assert caught.value.status is None
    assert caught.value.retryable
    assert "Offline Ltd" in caught.value.message_en
    c.close()
