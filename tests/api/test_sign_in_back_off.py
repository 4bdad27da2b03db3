"""The sign-in back-off as an attacker meets it, on SQLite and PostgreSQL: guessing passwords
at the API, the sign-in page and PACT's ``/auth/token`` ends in 429 with ``Retry-After``,
even for the right password, and the lock outlives a restart. The clock is injected
(``app.state.clock``), so nothing sleeps."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response

from carbonlabel.domain.sign_in_throttle import POLICIES, KeyKind
from carbonlabel.services.exchange import partners
from tests.api.conftest import API, build_app
from tests.support.platform import PASSWORD, Tenant, seed_tenant

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
HTTPS = "https://testserver"


@dataclass
class Clock:
    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Site:
    database_url: str
    data_dir: Path
    app: FastAPI
    clock: Clock
    tenant: Tenant
    client_id: str
    secret: str

    def restarted(self) -> FastAPI:
        """A new app on the same database (as after a restart of the server)."""
        self.app.state.engine.dispose()
        self.app = build_app(self.database_url, self.data_dir)
        self.app.state.clock = self.clock
        return self.app

    def client(self, address: str = "198.51.100.7") -> TestClient:
        return TestClient(self.app, base_url=HTTPS, client=(address, 50000))

    def audit_actions(self) -> list[tuple[str, str, dict[str, object] | None]]:
        with self.app.state.uow() as uow:
            records, _ = uow.audit.chain()
        return [(r.action, r.entity_id, r.after) for r in records
                if r.action == "sign_in.locked"]


@pytest.fixture
def site(database_url: str, tmp_path: Path) -> Iterator[Site]:
    app = build_app(database_url, tmp_path)
    clock = Clock()
    app.state.clock = clock
    tenant = seed_tenant(app.state.uow, "甲方 Owner Co")
    with app.state.uow(write=True) as uow:
        partner = partners.register_partner(
            uow, tenant.admin, name="Foreign GmbH", country="DE", spec_version="3.0.0",
            host_url="https://127.0.0.1:9/de", allow_private=True)
        client_id, secret = partners.issue_inbound_credentials(uow, tenant.admin, partner.id)
        uow.commit()
    made = Site(database_url, tmp_path, app, clock, tenant, client_id, secret)
    yield made
    made.app.state.engine.dispose()


def api_sign_in(client: TestClient, email: str, password: str) -> Response:
    return client.post(f"{API}/auth/session", json={"email": email, "password": password})


def page_sign_in(client: TestClient, email: str, password: str) -> Response:
    token = CSRF.search(client.get("/signin").text).group(1)  # type: ignore[union-attr]
    return client.post("/signin", data={"email": email, "password": password,
                                        "csrf_token": token})


def token_request(client: TestClient, client_id: str, secret: str) -> Response:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return client.post("/auth/token", data={"grant_type": "client_credentials"},
                       headers={"Authorization": f"Basic {raw}"})


def fail_in_a_row(site: Site, client: TestClient, email: str, times: int) -> None:
    """``times`` wrong passwords, each once the lock of the one before has ended, so that
    every one is counted; the clock is left at the last failure."""
    lock: timedelta | None = None
    for n in range(1, times + 1):
        site.clock.now += lock or timedelta(0)
        assert api_sign_in(client, email, f"wrong password {n}").status_code == 401
        lock = POLICIES[KeyKind.ACCOUNT].lock_after(n)


def test_thirty_wrong_passwords_then_the_right_one_is_refused_with_429_at_the_api(
        site: Site) -> None:
    client, email = site.client(), site.tenant.analyst.email
    answers = [api_sign_in(client, email, f"wrong password {i}").status_code
               for i in range(30)]
    assert answers == [401] * 6 + [429] * 24  # the sixth failure locks the account
    right = api_sign_in(client, email, PASSWORD)
    assert right.status_code == 429
    assert right.headers["Retry-After"] == "1"
    body = right.json()
    assert (body["code"], body["field"], body["retry_after"]) == ("too_many_attempts",
                                                                  "email", 1)
    assert "too many failed sign-ins to this account" in body["message_en"]
    assert "该账号登录失败次数过多" in body["message_zh"]
    assert "carbonlabel_session" not in right.cookies


def test_thirty_wrong_passwords_then_the_right_one_is_refused_with_429_on_the_sign_in_page(
        site: Site) -> None:
    client, email = site.client(), site.tenant.analyst.email
    for i in range(30):
        page_sign_in(client, email, f"wrong password {i}")
    right = page_sign_in(client, email, PASSWORD)
    assert right.status_code == 429
    assert right.headers["Retry-After"] == "1"
    assert "该账号登录失败次数过多，请 1 秒后再试" in right.text
    assert client.get("/dashboard", follow_redirects=False).status_code == 303  # not signed in


def test_thirty_wrong_secrets_then_the_right_one_is_refused_with_429_at_pact_auth_token(
        site: Site) -> None:
    client = site.client()
    answers = [token_request(client, site.client_id, f"wrong-{i}").status_code
               for i in range(30)]
    assert answers == [401] * 6 + [429] * 24
    right = token_request(client, site.client_id, site.secret)
    assert right.status_code == 429
    assert right.headers["Retry-After"] == "1"
    assert right.headers["Cache-Control"] == "no-store"
    body = right.json()
    assert body["error"] == "temporarily_unavailable"
    assert "client_id: too many failed token requests of this client" in \
        body["error_description"]
    assert "access_token" not in body


def test_the_lock_survives_a_restart_of_the_server(site: Site) -> None:
    email = site.tenant.analyst.email
    client = site.client()
    fail_in_a_row(site, client, email, 16)  # locked 1 s, 2 s, ... then 15 minutes
    site.clock.now += timedelta(minutes=10)
    site.restarted()
    right = api_sign_in(site.client(), email, PASSWORD)
    assert right.status_code == 429
    assert right.headers["Retry-After"] == str(5 * 60)


def test_after_the_lock_ends_the_right_password_works_and_clears_the_account_failures(
        site: Site) -> None:
    client, email = site.client(), site.tenant.analyst.email
    fail_in_a_row(site, client, email, 8)  # the eighth locks for 4 s
    locked_at = site.clock.now
    site.clock.now = locked_at + timedelta(seconds=3)
    assert api_sign_in(client, email, PASSWORD).status_code == 429
    site.clock.now = locked_at + timedelta(seconds=4)
    assert api_sign_in(client, email, PASSWORD).status_code == 200
    # forgotten: five more failures are free again, the sixth locks for 1 s only
    answers = [api_sign_in(client, email, f"wrong again {i}").status_code for i in range(7)]
    assert answers == [401] * 6 + [429]
    assert api_sign_in(client, email, PASSWORD).headers["Retry-After"] == "1"


def test_an_account_locked_from_one_address_is_locked_from_every_address(site: Site) -> None:
    email = site.tenant.analyst.email
    for i, address in enumerate(f"203.0.113.{n}" for n in range(6)):
        api_sign_in(site.client(address), email, f"wrong password {i}")
    assert api_sign_in(site.client("192.0.2.1"), email, PASSWORD).status_code == 429
    assert api_sign_in(site.client("192.0.2.1"), site.tenant.admin.email,
                       PASSWORD).status_code == 200  # another account is not concerned


def test_one_address_guessing_across_many_accounts_is_locked_after_fifty_failures(
        site: Site) -> None:
    attacker = site.client("203.0.113.66")
    answers = [api_sign_in(attacker, f"user{i}@example.cn", "wrong password").status_code
               for i in range(52)]
    assert answers == [401] * 51 + [429]  # the 51st failure locks the address
    refused = api_sign_in(attacker, site.tenant.admin.email, PASSWORD)
    assert refused.status_code == 429
    assert "too many failed sign-ins from this address" in refused.json()["message_en"]
    assert api_sign_in(site.client("192.0.2.1"), site.tenant.admin.email,
                       PASSWORD).status_code == 200
    # a success of an account does not clear its address
    assert api_sign_in(attacker, site.tenant.admin.email, PASSWORD).status_code == 429


def test_a_lock_is_audited_once_per_run_of_failures_not_each_failure(site: Site) -> None:
    client, email = site.client(), site.tenant.analyst.email
    for i in range(6):
        api_sign_in(client, email, f"wrong password {i}")
    site.clock.now = T0 + timedelta(seconds=1)
    api_sign_in(client, email, "wrong password 7")  # locks again, for 2 s: the same run
    locks = site.audit_actions()
    assert len(locks) == 1
    _action, entity_id, after = locks[0]
    assert entity_id == "account"
    assert after is not None
    assert after["key"] == email
    assert after["failures"] == 6
    with site.app.state.uow() as uow:
        records, _ = uow.audit.chain()
    assert {r.organisation_id for r in records if r.action == "sign_in.locked"} == {
        site.tenant.organisation.id}


def test_a_client_id_with_the_nul_character_is_401_not_a_server_error(site: Site) -> None:
    answer = token_request(site.client(), "pact_%00x", "secret")
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"
