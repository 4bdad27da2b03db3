"""Data sharing through the REST API and the page: classifications, export approvals and
inventory grants of tenant A; roles (403), another organisation (404, the same answer as for
an unknown id), the walk of the tenant-isolation test over these routes, and the bilingual page
with its forms.

On SQLite (the service itself runs on both back ends in tests/integration/test_sharing.py).
"""

from __future__ import annotations

import re
from contextlib import closing
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.web.sharing import api as sharing_api
from tests.api.conftest import API, World, bearer, lfp_model_text, token_for
from tests.api.test_tenant_isolation import plan, walk
from tests.support.platform import PASSWORD

SHARING = f"{API}/sharing"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'api.db'}"


def a_admin(world: World) -> dict[str, str]:
    return bearer(world.a.token)


def test_an_organisation_lists_its_footprints_with_the_default_classifications(
        world: World) -> None:
    answer = world.client.get(f"{SHARING}/footprints", headers=a_admin(world))
    assert answer.status_code == 200, answer.text
    (item,) = answer.json()["items"]
    assert item["footprint_id"] == world.a.footprint_id
    assert (item["footprint_classification"], item["inventory_classification"]) == (
        "shared", "confidential")
    others = world.client.get(f"{SHARING}/footprints", headers=bearer(world.b_admin_token))
    assert others.json()["items"] == []


def test_an_admin_classifies_and_others_may_not(world: World) -> None:
    url = f"{SHARING}/footprints/{world.a.footprint_id}/classification"
    body = {"kind": "footprint", "classification": "export_restricted"}
    analyst = token_for(world.app.state.uow, world.a.tenant.analyst)
    assert world.client.put(url, json=body, headers=bearer(analyst)).status_code == 403
    b_answer = world.client.put(url, json=body, headers=bearer(world.b_admin_token))
    unknown = world.client.put(f"{SHARING}/footprints/no-such-id/classification", json=body,
                               headers=bearer(world.b_admin_token))
    assert b_answer.status_code == 404
    assert b_answer.json() == unknown.json()
    done = world.client.put(url, json=body, headers=a_admin(world))
    assert done.status_code == 200, done.text
    assert done.json()["footprint_classification"] == "export_restricted"
    assert done.json()["inventory_classification"] == "confidential"
    bad = world.client.put(url, json={"kind": "footprint", "classification": "secret"},
                           headers=a_admin(world))
    assert bad.status_code == 422


def test_an_approval_is_made_listed_and_revoked(world: World) -> None:
    shared = world.a.shared
    body = {"partner_id": shared.partner_id, "footprint_id": world.a.footprint_id,
            "purpose": "客户年度报告 customer's annual report", "recipient": "Gamma, Einkauf",
            "expires_on": "2099-12-31"}
    made = world.client.post(f"{SHARING}/approvals", json=body, headers=a_admin(world))
    assert made.status_code == 201, made.text
    approval = made.json()
    assert (approval["state"], approval["partner_name"], approval["partner_country"]) == (
        "active", shared.partner_name, "DE")
    assert approval["expires_at"].startswith("2100-01-01T00:00:00")  # through 2099-12-31
    listed = world.client.get(f"{SHARING}/approvals", headers=a_admin(world)).json()
    assert {a["id"] for a in listed} == {approval["id"], shared.approval_id}
    revoked = world.client.post(f"{SHARING}/approvals/{approval['id']}/revoke",
                                headers=a_admin(world))
    assert revoked.status_code == 200
    assert revoked.json()["state"] == "revoked"
    again = world.client.post(f"{SHARING}/approvals/{approval['id']}/revoke",
                              headers=a_admin(world))
    assert again.status_code == 409


@pytest.mark.parametrize(("change", "status"), [
    ({"purpose": "  "}, 422), ({"recipient": ""}, 422), ({"partner_id": "nobody"}, 404),
    ({"expires_on": "2001-01-01"}, 422), ({"surprise": 1}, 422)])
def test_an_approval_needs_purpose_recipient_an_own_partner_and_a_future_expiry(
        world: World, change: dict[str, object], status: int) -> None:
    body = {"partner_id": world.a.shared.partner_id, "purpose": "p", "recipient": "r",
            **change}
    answer = world.client.post(f"{SHARING}/approvals", json=body, headers=a_admin(world))
    assert answer.status_code == status, answer.text


def test_a_viewer_may_not_approve(world: World) -> None:
    viewer = token_for(world.app.state.uow, world.a.tenant.viewer)
    answer = world.client.post(f"{SHARING}/approvals", headers=bearer(viewer), json={
        "partner_id": world.a.shared.partner_id, "purpose": "p", "recipient": "r"})
    assert answer.status_code == 403


def test_a_grant_is_made_listed_and_revoked(world: World) -> None:
    made = world.client.post(f"{SHARING}/grants", headers=a_admin(world), json={
        "footprint_id": world.a.footprint_id, "partner_id": world.a.shared.partner_id})
    assert made.status_code == 201, made.text
    assert made.json()["grantee"] == world.a.shared.partner_name
    both = world.client.post(f"{SHARING}/grants", headers=a_admin(world), json={
        "footprint_id": world.a.footprint_id, "partner_id": world.a.shared.partner_id,
        "grantee_organisation_id": world.b.organisation.id})
    assert both.status_code == 422
    url = f"{SHARING}/grants/{made.json()['id']}/revoke"
    assert world.client.post(url, headers=a_admin(world)).status_code == 204
    assert world.client.post(url, headers=a_admin(world)).status_code == 409
    listed = world.client.get(f"{SHARING}/grants", headers=a_admin(world)).json()
    assert {g["id"]: g["revoked_at"] is not None for g in listed} == {
        made.json()["id"]: True, world.a.shared.grant_id: False}


def test_the_tenant_walk_over_the_sharing_routes_finds_nothing(world: World) -> None:
    only_sharing = FastAPI()
    only_sharing.include_router(sharing_api.router)
    calls = plan(only_sharing)  # the routes of this module, walked against the whole app
    assert len(calls) == 11
    with closing(TestClient(world.app)) as nobody, closing(TestClient(world.app)) as browser:
        problems = walk(world, calls, nobody, browser)
    assert not problems, "\n".join(problems)


# -- the page -------------------------------------------------------------------------------

def page_sign_in(world: World, email: str) -> tuple[TestClient, str]:
    client = TestClient(world.app)
    form = client.get("/signin")
    token = CSRF.search(form.text)
    assert token is not None
    signed = client.post("/signin", data={"email": email, "password": PASSWORD,
                                          "csrf_token": token.group(1), "next": "/sharing"},
                         follow_redirects=False)
    assert signed.status_code == 303, signed.text
    page = client.get("/sharing")
    found = CSRF.search(page.text)
    assert found is not None
    return client, found.group(1)


def test_the_page_shows_and_changes_classifications_in_chinese_and_english(
        world: World) -> None:
    client, csrf = page_sign_in(world, world.a.tenant.admin.email)
    with closing(client):
        page = client.get("/sharing")
        assert page.status_code == 200
        assert "数据共享" in page.text
        assert f'id="footprint-{world.a.footprint_id}"' in page.text
        assert world.a.shared.partner_name in page.text
        changed = client.post(f"/sharing/footprints/{world.a.footprint_id}/classification",
                              data={"csrf_token": csrf, "kind": "inventory",
                                    "classification": "shared"}, follow_redirects=False)
        assert changed.status_code == 303
        page = client.get(changed.headers["location"])
        assert "分级已修改" in page.text
        assert 'data-classification="shared"' in page.text
        english = client.get("/sharing?lang=en")
        assert "Data sharing" in english.text
        assert "Export approvals" in english.text
        refused = client.post("/sharing/approvals", data={
            "csrf_token": csrf, "partner_id": world.a.shared.partner_id, "purpose": " ",
            "recipient": "r"})
        assert refused.status_code == 422
        assert 'id="refused"' in refused.text
        no_csrf = client.post("/sharing/approvals", data={
            "partner_id": world.a.shared.partner_id, "purpose": "p", "recipient": "r"})
        assert no_csrf.status_code == 403
        approved = client.post("/sharing/approvals", data={
            "csrf_token": csrf, "partner_id": world.a.shared.partner_id,
            "footprint_id": "", "purpose": "年度申报", "recipient": "Einkauf",
            "expires_on": "2099-01-31"}, follow_redirects=False)
        assert approved.status_code == 303
        assert "年度申报" in client.get("/sharing").text


def test_another_organisation_sees_none_of_it_on_its_page(world: World) -> None:
    client, csrf = page_sign_in(world, world.b.admin.email)
    with closing(client):
        page = client.get("/sharing")
        assert page.status_code == 200
        for secret in (world.a.footprint_id, world.a.shared.partner_name,
                       world.a.shared.purpose):
            assert secret not in page.text
        refused = client.post(f"/sharing/footprints/{world.a.footprint_id}/classification",
                              data={"csrf_token": csrf, "kind": "footprint",
                                    "classification": "public"})
        assert refused.status_code == 404


def test_a_granted_inventory_reaches_the_grantee_only_while_granted_and_each_read_is_logged(
        world: World) -> None:
    url = f"{SHARING}/granted/{world.a.footprint_id}"
    b = bearer(world.b_admin_token)
    assert world.client.post(url, headers=b).status_code == 404  # nothing granted: unknown
    made = world.client.post(f"{SHARING}/grants", headers=a_admin(world), json={
        "footprint_id": world.a.footprint_id,
        "grantee_organisation_id": world.b.organisation.id})
    assert made.status_code == 201, made.text
    # the inventory is confidential by default: a grant alone lets nothing out
    assert world.client.post(url, headers=b).status_code == 409
    classify = f"{SHARING}/footprints/{world.a.footprint_id}/classification"
    assert world.client.put(classify, headers=a_admin(world), json={
        "kind": "inventory", "classification": "shared"}).status_code == 200
    read = world.client.post(url, headers=b)
    assert read.status_code == 200, read.text
    body = read.json()
    assert body["owner"]["id"] == world.a.tenant.organisation.id
    assert body["model"] == lfp_model_text()  # A's model text, decrypted for B
    assert body["result"]["by_process"]  # the breakdown by process
    with world.app.state.uow() as uow:
        records = uow.audit.for_entity(world.a.tenant.organisation.id, world.a.footprint_id)
    actions = [(r.action, (r.after or {}).get("channel")) for r in records]
    assert ("data.release_refused", "inventory-grant") in actions
    assert ("data.released", "inventory-grant") in actions
    log = world.client.get(f"{SHARING}/releases", headers=a_admin(world)).json()
    mine = [(r["released"], r["channel"], r["country"]) for r in log
            if r["footprint_id"] == world.a.footprint_id and r["channel"] == "inventory-grant"]
    # newest first
    assert mine == [(True, "inventory-grant", "CN"), (False, "inventory-grant", "CN")]
    theirs = world.client.get(f"{SHARING}/releases", headers=b).json()
    assert all(r["footprint_id"] != world.a.footprint_id for r in theirs)
    revoke = world.client.post(f"{SHARING}/grants/{made.json()['id']}/revoke",
                               headers=a_admin(world))
    assert revoke.status_code == 204
    assert world.client.post(url, headers=b).status_code == 404
