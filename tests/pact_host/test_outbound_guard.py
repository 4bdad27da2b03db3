"""Issue 12, attack 5 (SSRF): a tenant admin registers a PACT partner at a loopback, private,
link-local or metadata address and the platform sends it token requests with credentials
and events. Refused at registration (422 naming the field) and, on the resolved address, at
send time; the connection goes to the address checked (no DNS rebinding)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import httpx2 as httpx
import pytest

from carbonlabel.adapters.outbound import GuardedTransport, refusal
from carbonlabel.adapters.pact_client import PactClient
from carbonlabel.config import Settings
from carbonlabel.domain.exchange.records import Partner
from carbonlabel.domain.pact.model import SpecVersion
from carbonlabel.errors import InputError, PartnerError
from carbonlabel.services.accounts import users
from carbonlabel.services.exchange import partners
from carbonlabel.services.exchange.pact_outbox import PartnerSender
from tests.pact_host.conftest import World, make_world

REFUSED_URLS = [
    "http://127.0.0.1:8443", "https://localhost", "https://127.8.9.10", "https://10.0.0.5",
    "https://172.16.3.4", "https://172.31.255.255", "https://192.168.1.1",
    "https://169.254.169.254", "https://169.254.10.1", "https://[fd00:ec2::254]",
    "https://[fe80::1]", "https://[fc00::1]", "https://[::1]", "https://[::ffff:127.0.0.1]",
    "https://[::ffff:169.254.169.254]", "https://0.0.0.0", "https://[::]",
    "https://224.0.0.1", "https://[ff02::1]",
]


@pytest.fixture
def guarded_world(pact_template: tuple[Path, object], tmp_path: Path) -> Iterator[World]:
    yield from make_world(*pact_template, tmp_path,  # type: ignore[arg-type]
                          allow_private_outbound=False)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A socket on this machine that must never be connected to."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        sock.setblocking(False)
        yield sock


def _never_connected(sock: socket.socket) -> bool:
    try:
        conn, _ = sock.accept()
    except BlockingIOError:
        return True
    conn.close()
    return False


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_ssrf_partner_at_a_private_address_is_refused_at_registration(
        world: World, url: str) -> None:
    for field in ("host_url", "auth_url"):
        urls = {"host_url": "https://pact.acme.example", field: url}
        with world.make_uow(write=True) as uow, pytest.raises(InputError) as refused:
            partners.register_partner(uow, world.seeded.owner.admin, name="Evil", country="DE",
                                      spec_version="3.0.0", **urls)
        assert refused.value.field == field


def test_ssrf_partner_registration_over_the_api_is_a_422_naming_host_url(
        guarded_world: World) -> None:
    w = guarded_world
    with w.make_uow(write=True) as uow:
        _, secret = users.create_token(uow, w.seeded.owner.admin, "ssrf test")
        uow.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    before = w.client.get("/api/v1/exchange/partners", headers=headers).json()
    answer = w.client.post("/api/v1/exchange/partners", headers=headers, json={
        "name": "Metadata", "country": "DE", "host_url": "https://169.254.169.254/latest"})
    assert answer.status_code == 422
    assert answer.json()["field"] == "host_url"
    assert "169.254.169.254" in answer.json()["message_en"]
    assert w.client.get("/api/v1/exchange/partners", headers=headers).json() == before


def test_ssrf_token_request_to_a_name_resolving_to_loopback_is_refused_at_send_time(
        listener: socket.socket) -> None:
    """``localhost`` passes the URL rules (plain HTTP to this machine) but resolves to
    127.0.0.1: no credentials may go there."""
    port = listener.getsockname()[1]
    with PactClient(f"http://localhost:{port}", None, "id", "secret", SpecVersion.V3_0,
                    timeout=2) as client, pytest.raises(InputError) as refused:
        client.token()
    assert refused.value.field == "host_url"
    assert "loopback" in refused.value.message_en
    assert _never_connected(listener)


def test_ssrf_event_delivery_to_a_loopback_partner_is_refused(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    partner = Partner(
        id="p1", organisation_id="o1", name="Loop Ltd", country="DE", spec_version="3.0.0",
        inbound_client_id=None, host_url=f"http://localhost:{port}", auth_url=None,
        outbound_client_id="id", outbound_client_secret="secret",
        partner_organisation_id=None, active=True, created_at=datetime.now(UTC))
    sender = PartnerSender.from_settings(Settings(allow_private_outbound=False))
    try:
        with pytest.raises(InputError) as refused:
            sender(partner, f"http://localhost:{port}/3/events", {"id": "e1"})
    finally:
        sender.close()
    assert refused.value.field == "host_url"
    assert _never_connected(listener)


def test_ssrf_dns_rebinding_the_connection_goes_to_the_checked_address(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The name is resolved once, checked, and the request is sent to that very address with
    the partner's name as Host and TLS server name; a name with any private address among its
    answers is refused."""
    sent: list[httpx.Request] = []

    def handle(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={})

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", handle)
    answers = {"pact.partner.example": ["93.184.216.34"],
               "rebind.example": ["93.184.216.34", "10.0.0.7"]}
    transport = GuardedTransport(resolve=lambda host, port: answers[host])
    with httpx.Client(transport=transport) as http:
        assert http.get("https://pact.partner.example/3/footprints").status_code == 200
        with pytest.raises(InputError) as refused:
            http.get("https://rebind.example/3/footprints")
    assert refused.value.field == "host_url"
    assert "10.0.0.7" in refused.value.message_en
    assert len(sent) == 1
    assert sent[0].url.host == "93.184.216.34"
    assert sent[0].url.path == "/3/footprints"
    assert sent[0].headers["host"] == "pact.partner.example"
    assert sent[0].extensions["sni_hostname"] == "pact.partner.example"


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "172.32.0.1", "11.0.0.1",
                                     "2606:4700::1111", "2a00:1450:4001::1"])
def test_public_addresses_pass_the_guard(address: str) -> None:
    # 172.32.0.1 lies just above 172.16.0.0/12 (172.16.0.0-172.31.255.255); 11.0.0.1 above
    # 10.0.0.0/8
    assert refusal(ipaddress.ip_address(address)) is None


def test_the_development_setting_lets_loopback_through(listener: socket.socket) -> None:
    """allow_private_outbound (demo, tests): the same call reaches the local listener."""
    port = listener.getsockname()[1]
    with PactClient(f"http://127.0.0.1:{port}", None, "id", "secret", SpecVersion.V3_0,
                    timeout=0.2, allow_private=True) as client, \
            pytest.raises(PartnerError):  # the listener never answers
        client.token()
    assert not _never_connected(listener)
