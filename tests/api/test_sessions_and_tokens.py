"""Sessions end on the server and API tokens expire and can be revoked (issue 12, item 4):
each attack replayed against the API, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner
from sqlalchemy import select, update

from carbonlabel.adapters.db.tables import ApiTokenRow, AuditRow, UserSessionRow
from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.web.app import SESSION_COOKIE
from tests.api.conftest import API, World, bearer, sign_in
from tests.support.platform import PASSWORD

NEW_PASSWORD = "another long password"


def _uow(world: World) -> UowFactory:
    factory: UowFactory = world.app.state.uow
    return factory


def _client(world: World) -> TestClient:
    return TestClient(world.app)  # not entered: the app's lifespan runs under world.client


def _replay(world: World, cookie: str) -> TestClient:
    """A client of an attacker holding a copy of the session cookie."""
    thief = _client(world)
    thief.cookies.set(SESSION_COOKIE, cookie)
    return thief


def _edit(world: World, statement: object) -> None:
    with _uow(world)(write=True) as uow:
        uow.session.execute(statement)  # type: ignore[call-overload]
        uow.commit()


def _actions(world: World) -> list[str]:
    with _uow(world)() as uow:
        return list(uow.session.scalars(select(AuditRow.action).order_by(AuditRow.seq)))


def test_an_old_session_cookie_no_longer_works_after_sign_out(world: World) -> None:
    browser = _client(world)
    csrf = sign_in(browser, world.b.admin)
    cookie = browser.cookies[SESSION_COOKIE]
    assert _replay(world, cookie).get(f"{API}/me").status_code == 200

    assert browser.delete(f"{API}/auth/session",
                          headers={"X-CSRF-Token": csrf}).status_code == 204

    assert _replay(world, cookie).get(f"{API}/me").status_code == 401


def test_an_old_page_cookie_is_sent_to_sign_in_after_the_page_sign_out(world: World) -> None:
    browser = _client(world)
    csrf = sign_in(browser, world.b.admin)
    cookie = browser.cookies[SESSION_COOKIE]
    out = browser.post("/signout", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.status_code == 303

    replayed = _replay(world, cookie).get("/dashboard", follow_redirects=False)
    assert replayed.status_code == 303
    assert replayed.headers["location"].startswith("/signin")


def test_a_cookie_of_the_old_cookie_only_sessions_signs_nobody_in(world: World) -> None:
    """A cookie naming a user but no server-side session (as every cookie did before) is no
    sign-in: forging or keeping one gains nothing."""
    signer = TimestampSigner(world.app.state.settings.resolved_secret_key())
    data = base64.b64encode(json.dumps({"user_id": world.b.admin.id}).encode())
    old = signer.sign(data).decode()
    assert _replay(world, old).get(f"{API}/me").status_code == 401


def test_after_a_password_change_the_other_sessions_end_and_this_one_stays(
        world: World) -> None:
    here, elsewhere = _client(world), _client(world)
    csrf = sign_in(here, world.b.admin)
    sign_in(elsewhere, world.b.admin)

    changed = here.post(f"{API}/me/password", headers={"X-CSRF-Token": csrf},
                        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD})

    assert changed.status_code == 200, changed.text
    assert changed.json() == {"sessions_ended": 1}
    assert elsewhere.get(f"{API}/me").status_code == 401
    assert here.get(f"{API}/me").status_code == 200
    # API tokens stay (documented): each is revoked on its own
    assert world.client.get(f"{API}/me", headers=bearer(world.b_admin_token)).status_code == 200
    old = {"email": world.b.admin.email, "password": PASSWORD}
    new = {"email": world.b.admin.email, "password": NEW_PASSWORD}
    assert _client(world).post(f"{API}/auth/session", json=old).status_code == 401
    assert _client(world).post(f"{API}/auth/session", json=new).status_code == 200
    assert "user.password_changed" in _actions(world)


def test_a_password_change_with_a_wrong_current_password_changes_nothing(
        world: World) -> None:
    here, elsewhere = _client(world), _client(world)
    csrf = sign_in(here, world.b.admin)
    sign_in(elsewhere, world.b.admin)

    refused = here.post(f"{API}/me/password", headers={"X-CSRF-Token": csrf},
                        json={"current_password": "not the password",
                              "new_password": NEW_PASSWORD})

    assert refused.status_code == 422
    assert refused.json()["field"] == "current_password"
    assert elsewhere.get(f"{API}/me").status_code == 200


def test_a_new_password_too_short_is_refused_naming_the_field(world: World) -> None:
    refused = world.client.post(f"{API}/me/password", headers=bearer(world.b_admin_token),
                                json={"current_password": PASSWORD, "new_password": "short"})
    assert refused.status_code == 422
    assert refused.json()["field"] == "new_password"


@pytest.mark.parametrize(("new_password", "rule"), [
    ("1234567890", "consecutive"), ("password123", "common"), ("aaaaaaaaaaaa", "repeat")])
def test_a_changed_password_keeps_to_the_password_rules(world: World, new_password: str,
                                                         rule: str) -> None:
    refused = world.client.post(f"{API}/me/password", headers=bearer(world.b_admin_token),
                                json={"current_password": PASSWORD,
                                      "new_password": new_password})
    assert refused.status_code == 422
    body = refused.json()
    assert body["field"] == "new_password"
    assert rule in body["message_en"]
    changed_email = world.b.admin.email.split("@")[0] + "-2024!"
    same_as_email = world.client.post(f"{API}/me/password", headers=bearer(world.b_admin_token),
                                      json={"current_password": PASSWORD,
                                            "new_password": changed_email})
    assert same_as_email.status_code == 422


def test_sign_out_everywhere_ends_every_session_of_the_user(world: World) -> None:
    phone, laptop = _client(world), _client(world)
    sign_in(phone, world.b.viewer)
    sign_in(laptop, world.b.viewer)

    ended = world.client.post(f"{API}/users/{world.b.viewer.id}/sessions/revoke",
                              headers=bearer(world.b_admin_token))

    assert ended.status_code == 200, ended.text
    assert ended.json() == {"sessions_ended": 2}
    assert phone.get(f"{API}/me").status_code == 401
    assert laptop.get(f"{API}/me").status_code == 401
    assert "user.signed_out_everywhere" in _actions(world)


def test_a_viewer_cannot_sign_out_their_admin_everywhere(world: World) -> None:
    admin = _client(world)
    sign_in(admin, world.b.admin)
    refused = world.client.post(f"{API}/users/{world.b.admin.id}/sessions/revoke",
                                headers=bearer(world.b_viewer_token))
    assert refused.status_code == 403
    assert admin.get(f"{API}/me").status_code == 200


def _signed_in_and_edited(world: World, **values: object) -> TestClient:
    """B's admin signed in on a new client, the session's row then given ``values``."""
    browser = _client(world)
    sign_in(browser, world.b.admin)
    _edit(world, update(UserSessionRow).where(UserSessionRow.user_id == world.b.admin.id)
          .values(**values))
    return browser


def test_an_expired_session_is_refused(world: World) -> None:
    browser = _signed_in_and_edited(world, expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert browser.get(f"{API}/me").status_code == 401


def test_a_session_idle_for_two_hours_is_refused(world: World) -> None:
    idle = datetime.now(UTC) - timedelta(hours=2, seconds=1)
    assert _signed_in_and_edited(world, last_seen_at=idle).get(f"{API}/me").status_code == 401


def test_a_used_session_records_when_it_was_last_seen(world: World) -> None:
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    browser = _signed_in_and_edited(world, last_seen_at=long_ago)
    assert browser.get(f"{API}/me").status_code == 200
    with _uow(world)() as uow:
        (seen,) = uow.session.scalars(select(UserSessionRow.last_seen_at).where(
            UserSessionRow.user_id == world.b.admin.id))
    assert seen > long_ago + timedelta(minutes=59)


def _new_token(world: World, **body: object) -> dict[str, str]:
    made = world.client.post(f"{API}/tokens", headers=bearer(world.b_admin_token),
                             json={"name": "ci", **body})
    assert made.status_code == 201, made.text
    out: dict[str, str] = made.json()
    return out


def test_an_expired_token_is_refused_with_401_saying_expired(world: World) -> None:
    token = _new_token(world)
    _edit(world, update(ApiTokenRow).where(ApiTokenRow.id == token["id"])
          .values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    refused = world.client.get(f"{API}/me", headers=bearer(token["token"]))
    assert refused.status_code == 401
    assert "expired" in refused.json()["message_en"]


def test_a_deleted_token_is_refused_with_401_saying_revoked(world: World) -> None:
    token = _new_token(world)
    assert world.client.get(f"{API}/me", headers=bearer(token["token"])).status_code == 200

    deleted = world.client.delete(f"{API}/tokens/{token['id']}",
                                  headers=bearer(world.b_admin_token))

    assert deleted.status_code == 204
    refused = world.client.get(f"{API}/me", headers=bearer(token["token"]))
    assert refused.status_code == 401
    assert "revoked" in refused.json()["message_en"]
    assert _actions(world)[-2:] == ["api_token.created", "api_token.revoked"]


def test_a_token_lives_90_days_unless_asked_for_fewer_and_at_most_365(world: World) -> None:
    before = datetime.now(UTC)
    default = _new_token(world)
    week = _new_token(world, expires_in_days=7)
    expires = datetime.fromisoformat(default["expires_at"])
    assert timedelta(days=90) <= expires - before < timedelta(days=90, minutes=1)
    assert timedelta(days=7) <= datetime.fromisoformat(week["expires_at"]) - before \
        < timedelta(days=7, minutes=1)
    too_long = world.client.post(f"{API}/tokens", headers=bearer(world.b_admin_token),
                                 json={"name": "forever", "expires_in_days": 366})
    assert too_long.status_code == 422


def test_listing_tokens_never_shows_a_secret(world: World) -> None:
    token = _new_token(world)
    world.client.get(f"{API}/me", headers=bearer(token["token"]))  # records its use

    listed = world.client.get(f"{API}/tokens", headers=bearer(world.b_admin_token))

    assert listed.status_code == 200
    items = {t["id"]: t for t in listed.json()["items"]}
    assert items[token["id"]]["state"] == "active"
    assert items[token["id"]]["last_used_at"] is not None
    with _uow(world)() as uow:
        hashes = list(uow.session.scalars(select(ApiTokenRow.token_hash)))
    for secret in (token["token"], world.b_admin_token, *hashes):
        assert secret not in listed.text
    assert set(items[token["id"]]) == {"id", "name", "created_at", "expires_at",
                                       "last_used_at", "revoked_at", "state"}


def test_another_users_token_cannot_be_deleted(world: World) -> None:
    """Another tenant's token, and another user's of the same organisation: 404, and the
    token still works."""
    refused = world.client.delete(f"{API}/tokens/{world.a.token_id}",
                                  headers=bearer(world.b_admin_token))
    assert refused.status_code == 404
    assert world.client.get(f"{API}/me", headers=bearer(world.a.token)).status_code == 200
    viewers = world.client.get(f"{API}/tokens", headers=bearer(world.b_viewer_token))
    (viewer_token,) = viewers.json()["items"]
    refused = world.client.delete(f"{API}/tokens/{viewer_token['id']}",
                                  headers=bearer(world.b_admin_token))
    assert refused.status_code == 404
    assert world.client.get(f"{API}/me",
                            headers=bearer(world.b_viewer_token)).status_code == 200
