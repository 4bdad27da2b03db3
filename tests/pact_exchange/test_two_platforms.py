"""Acceptance: two platform instances talk PACT to each other over HTTPS.

Each runs as ``carbonlabel serve`` would (its own data folder and SQLite database, uvicorn
with a certificate made here for 127.0.0.1); each client trusts that certificate only. On
platform 1 organisation A keeps platform 2's organisation B as a partner and vice versa,
each with credentials the other side issued. A asks B for a footprint: A's outbox delivers
the RequestCreatedEvent to B's /3/events (after a token from B's /auth/token), B's host
answers at once and its outbox delivers the RequestFulfilledEvent to A's /3/events; A ends up
holding B's footprint. The same with criteria matching nothing ends rejected. Finally A
lists B's footprints over B's API and stores the one it does not hold yet.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.pact_client import PactClient
from carbonlabel.config import Settings
from carbonlabel.domain.exchange.records import Partner, RequestState, SupplierRequest
from carbonlabel.domain.pact.model import ExchangeFootprint
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.errors import PartnerError
from carbonlabel.services.exchange import pact_exchange, partners
from carbonlabel.services.exchange.supplier_catalogue import exchange_of, supplier_footprint
from carbonlabel.web.app import create_app
from tests.pact_exchange.support import (
    calculated_footprint,
    pact_view,
    product_model,
    self_signed,
    set_outbound,
)
from tests.support.platform import Tenant, seed_tenant
from tests.support.sockets import bound_socket, port_of

pytestmark = pytest.mark.slow

CALLBACK_LIMIT = 30.0  # seconds: what the conformance suite allows for a callback


@dataclass
class Platform:
    app: FastAPI
    settings: Settings
    url: str

    @property
    def make_uow(self) -> UowFactory:
        uow: UowFactory = self.app.state.uow
        return uow


@dataclass(frozen=True)
class Exchange:
    one: Platform  # organisation A, the buyer
    two: Platform  # organisation B, the supplier
    a: Tenant
    b: Tenant
    b_on_one: Partner  # A's record of B
    a_on_two: Partner  # B's record of A
    cement: FootprintRecord
    clinker: FootprintRecord


def serve(folder: Path, cert: Path, key: Path) -> tuple[Platform, uvicorn.Server,
                                                       threading.Thread]:
    sock = bound_socket()  # handed to uvicorn: no other test process can take the port
    url = f"https://127.0.0.1:{port_of(sock)}"
    folder.mkdir()
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'platform.db'}",
                        secret_key="test-secret-key-" + "x" * 32, job_processes=False,
                        public_url=url, pact_ca_bundle=cert)
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(
        app, ssl_certfile=str(cert), ssl_keyfile=str(key), log_level="warning", ws="none",
        http="h11", lifespan="on"))

    def run() -> None:
        try:
            server.run(sockets=[sock])
        finally:
            sock.close()

    thread = threading.Thread(target=run, name=f"platform-{port_of(sock)}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive(), "the server stopped while starting"
        assert time.monotonic() < deadline, "the server did not start within 30 s"
        time.sleep(0.05)
    return Platform(app, settings, url), server, thread


def cement_per_tonne() -> dict[str, Any]:
    """1 t of cement: 1428.6 kWh × 0.5 kg CO2e/kWh = 714.3 kg CO2e."""
    model = product_model("cement", kwh=1428.6)
    model["unit"] = {**model["unit"], "amount": 1, "unit": "t",
                     "description": {"zh": "1 吨", "en": "1 t"}}
    model["processes"][0]["output"] = {"amount": 1, "unit": "t"}
    return model


@pytest.fixture
def exchange(tmp_path: Path) -> Iterator[Exchange]:
    cert, key = self_signed(tmp_path)
    one, server1, thread1 = serve(tmp_path / "one", cert, key)
    two, server2, thread2 = serve(tmp_path / "two", cert, key)
    try:
        a = seed_tenant(one.make_uow, "整车厂 A")
        b = seed_tenant(two.make_uow, "水泥厂 B")
        cement = calculated_footprint(two.make_uow, b.analyst, two.settings.data_dir,
                                      cement_per_tonne())
        clinker = calculated_footprint(two.make_uow, b.analyst, two.settings.data_dir,
                                       product_model("clinker", kwh=3.0))
        with one.make_uow(write=True) as uow:
            b_on_one = partners.register_partner(
                uow, a.admin, name="水泥厂 B", country="CN", spec_version="3.0.0",
                host_url=two.url, allow_private=True)
            b_id, b_secret = partners.issue_inbound_credentials(uow, a.admin, b_on_one.id)
            uow.commit()
        with two.make_uow(write=True) as uow:
            a_on_two = partners.register_partner(
                uow, b.admin, name="整车厂 A", country="CN", spec_version="3.0.0",
                host_url=one.url, allow_private=True)
            a_id, a_secret = partners.issue_inbound_credentials(uow, b.admin, a_on_two.id)
            uow.commit()
        b_on_one = set_outbound(one.make_uow, b_on_one, a_id, a_secret)
        a_on_two = set_outbound(two.make_uow, a_on_two, b_id, b_secret)
        yield Exchange(one, two, a, b, b_on_one, a_on_two, cement, clinker)
    finally:
        for server, thread in ((server1, thread1), (server2, thread2)):
            server.should_exit = True
            thread.join(30)


def ask(x: Exchange, criteria: dict[str, object]) -> SupplierRequest:
    with x.one.make_uow(write=True) as uow:
        request = pact_exchange.send_request(
            uow, actor=x.a.analyst, partner_id=x.b_on_one.id, product_name="水泥 cement",
            criteria=criteria, comment="2025 PCF please", at=datetime.now(UTC),
            settings=x.one.settings)
        uow.commit()
    x.one.app.state.pact_outbox.kick()
    return request


def settled(x: Exchange, request: SupplierRequest) -> SupplierRequest:
    deadline = time.monotonic() + CALLBACK_LIMIT
    while True:
        with x.one.make_uow() as uow:
            now = uow.supplier_requests.get(request.id)
        assert now is not None
        if now.state is not RequestState.OPEN:
            return now
        if time.monotonic() > deadline:
            with x.one.make_uow() as uow:
                events = uow.pact_events.of_org(x.a.organisation.id)
            pytest.fail(f"no answer within {CALLBACK_LIMIT} s; A's events: {events}")
        time.sleep(0.1)


def b_view(x: Exchange, record: FootprintRecord) -> ExchangeFootprint:
    return pact_view(x.two.make_uow, x.a_on_two, record.id)


def test_a_request_to_another_platform_is_fulfilled_over_https(exchange: Exchange) -> None:
    x = exchange
    request = ask(x, {"productId": list(b_view(x, x.cement).product_ids)})
    done = settled(x, request)
    assert (done.state, done.response_pf_ids) == (RequestState.FULFILLED, (x.cement.id,))
    with x.one.make_uow() as uow:
        [got] = uow.received_footprints.of_org(x.a.organisation.id)
    assert (got.pf_id, got.partner_id, got.request_id) == (x.cement.id, x.b_on_one.id,
                                                           request.id)
    assert got.company_name == "水泥厂 B"
    # 714.3 kg CO2e per t travels as 714.3 per 1000 kilogram and is used as 0.7143 per kg
    assert b_view(x, x.cement).pcf.pcf_excluding_biogenic == Decimal("714.3")
    used = supplier_footprint(exchange_of(got))
    assert used.declared_unit == "kg"
    assert used.co2e_per_unit == pytest.approx(1428.6 * 0.5 / 1000, rel=1e-12)
    # B kept the request in its inbox, answered it, and logged the release
    with x.two.make_uow() as uow:
        [theirs] = uow.supplier_requests.inbox(x.b.organisation.id)
        records, _ = uow.audit.chain()
    assert theirs.state is RequestState.FULFILLED
    assert theirs.pact_event_id == \
        request.pact_event_id
    assert [(r.entity_id, (r.after or {}).get("channel")) for r in records
            if r.action == "data.released"] == [(x.cement.id, "pact-event")]


def test_a_request_matching_nothing_ends_rejected(exchange: Exchange) -> None:
    x = exchange
    done = settled(x, ask(x, {"productId": ["urn:pact:null"]}))
    assert (done.state, done.reject_code) == (RequestState.REJECTED, "NotFound")
    with x.one.make_uow() as uow:
        assert uow.received_footprints.of_org(x.a.organisation.id) == []


def test_fetching_lists_the_partners_footprints_and_stores_those_not_held(
        exchange: Exchange) -> None:
    x = exchange
    settled(x, ask(x, {"productId": list(b_view(x, x.cement).product_ids)}))
    stored = pact_exchange.fetch_from_partner(x.one.make_uow, actor=x.a.analyst,
                                              partner_id=x.b_on_one.id,
                                              settings=x.one.settings, limit=1)
    assert [s.pf_id for s in stored] == [x.clinker.id]  # cement was received already
    with x.one.make_uow() as uow:
        held = {r.pf_id for r in uow.received_footprints.of_org(x.a.organisation.id)}
        records, _ = uow.audit.chain()
    assert held == {x.cement.id, x.clinker.id}
    [fetched] = [r.after for r in records if r.action == "pact.fetched"]
    assert fetched is not None
    assert fetched["listed"] == 2


def test_a_client_that_does_not_trust_the_certificate_is_refused(exchange: Exchange) -> None:
    x = exchange
    assert x.b_on_one.outbound_client_id
    assert x.b_on_one.outbound_client_secret
    with PactClient(x.two.url, None, x.b_on_one.outbound_client_id,
                    x.b_on_one.outbound_client_secret, "3.0.0", verify=True,
                    partner_name="水泥厂 B", allow_private=True) as untrusting, \
            pytest.raises(PartnerError) as caught:
        untrusting.token()
    assert caught.value.status is None
    assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value)
    with PactClient(x.two.url, None, x.b_on_one.outbound_client_id,
                    x.b_on_one.outbound_client_secret, "3.0.0",
                    verify=str(x.one.settings.pact_ca_bundle),
                    allow_private=True) as trusting:
        assert trusting.token()
