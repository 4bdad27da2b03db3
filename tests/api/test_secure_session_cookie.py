"""Issue 12, item 4: the session cookie carries the Secure flag whenever browsers reach the
platform over HTTPS (served with TLS, a trusted proxy saying so, or an https public_url), and
not on plain-http development, where the browser would otherwise drop it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from carbonlabel.config import Settings
from carbonlabel.web.app import SESSION_COOKIE, create_app
from tests.api.conftest import API
from tests.support.platform import PASSWORD, seed_tenant


def _app(tmp_path: Path, public_url: str | None = None) -> FastAPI:
    app = create_app(Settings(data_dir=tmp_path / "data", public_url=public_url,
                              database_url=f"sqlite:///{tmp_path / 'cookie.db'}",
                              secret_key="test-secret-key-" + "x" * 32, job_processes=False,
                              allowed_hosts=["testserver", "labels.example.cn"]))
    seed_tenant(app.state.uow, "甲 Cookie Co.")
    return app


@pytest.fixture
def plain(tmp_path: Path) -> Iterator[FastAPI]:
    app = _app(tmp_path)
    yield app
    app.state.engine.dispose()


def _session_cookie(client: TestClient, app: FastAPI) -> str:
    with app.state.uow() as uow:
        (user, *_) = uow.users.page(uow.organisations.list_all()[0].id, 0, 1).items
    answer = client.post(f"{API}/auth/session", json={"email": user.email,
                                                      "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    (cookie,) = [c for c in answer.headers.get_list("set-cookie")
                 if c.startswith(f"{SESSION_COOKIE}=")]
    return cookie


def _flags(cookie: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}


def test_plain_http_development_gets_no_secure_flag(plain: FastAPI) -> None:
    flags = _flags(_session_cookie(TestClient(plain, base_url="http://testserver"), plain))
    assert "secure" not in flags
    assert {"httponly", "samesite"} <= flags


def test_a_session_cookie_served_over_https_is_secure(plain: FastAPI) -> None:
    """``serve --certfile --keyfile``: the request arrives over TLS."""
    client = TestClient(plain, base_url="https://testserver")
    assert "secure" in _flags(_session_cookie(client, plain))


def test_a_session_cookie_behind_a_proxy_that_says_https_is_secure(plain: FastAPI) -> None:
    """uvicorn's proxy headers (as ``serve`` runs it) from a trusted proxy address."""
    proxied = ProxyHeadersMiddleware(plain, trusted_hosts="*")
    client = TestClient(proxied, base_url="http://testserver",  # type: ignore[arg-type]
                        headers={"X-Forwarded-Proto": "https"})
    assert "secure" in _flags(_session_cookie(client, plain))
    untrusted = ProxyHeadersMiddleware(plain, trusted_hosts="192.0.2.1")
    forged = TestClient(untrusted, base_url="http://testserver",  # type: ignore[arg-type]
                        headers={"X-Forwarded-Proto": "https"})
    assert "secure" not in _flags(_session_cookie(forged, plain))


def test_an_https_public_url_makes_the_cookie_secure_even_on_an_http_hop(
        tmp_path: Path) -> None:
    app = _app(tmp_path, public_url="https://labels.example.cn")
    try:
        client = TestClient(app, base_url="http://labels.example.cn")
        assert "secure" in _flags(_session_cookie(client, app))
    finally:
        app.state.engine.dispose()
