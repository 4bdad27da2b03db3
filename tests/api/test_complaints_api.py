"""Complaints and appeals through the REST API (SQLite): anyone files a complaint without
signing in and follows it by its tracking token alone; the body's staff take the steps (409
with the rule when the table or the independence rule refuses, 403 for a role, 404 for another
organisation); the holder appeals a suspension and an uninvolved decider's upheld decision
restores the certificate. And the public pages: the verification page's "report it" link leads
to a form that files the complaint (CSRF-checked)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from carbonlabel.domain.tenancy import Role
from carbonlabel.services.accounts import users
from tests.api.conftest import API, World, bearer, token_for
from tests.support.platform import PASSWORD


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'api.db'}"


def auth(world: World, user: Any) -> dict[str, str]:
    return bearer(token_for(world.app.state.uow, user))


def outsider(world: World) -> Any:
    with world.app.state.uow(write=True) as uow:
        made = users.add_user(uow, world.a.certified.body.organisation_id,
                              "api-outsider@cert.example.cn", "outsider",
                              Role.DECISION_MAKER, PASSWORD, None)
        uow.commit()
    return made


def test_anyone_files_a_complaint_and_follows_it_by_its_token_only(world: World) -> None:
    client = world.client
    filed = client.post(f"{API}/registry/complaints", json={
        "code": world.a.certified.number, "description": "数值不符"})
    assert filed.status_code == 201, filed.text
    body = filed.json()
    assert re.fullmatch(r"TS-\d{4}-\d{6}", body["reference"])
    assert body["tracking_url"].endswith(f"/complaints/track/{body['tracking_token']}")
    seen = client.get(f"{API}/registry/complaints/{body['tracking_token']}")
    assert seen.status_code == 200
    assert seen.json()["state"] == "received"
    assert "description" not in seen.json()
    assert "contact_email" not in seen.json()
    assert client.get(f"{API}/registry/complaints/{'x' * 32}").status_code == 404
    assert client.get(f"{API}/complaints").status_code == 401
    assert client.post(f"{API}/registry/complaints", json={"code": "X", "description": "a\x00b"}
                       ).status_code == 422
    assert client.post(f"{API}/registry/complaints", json={"code": "X" * 61, "description": "a"}
                       ).status_code == 422
    nobody = client.post(f"{API}/registry/complaints", json={"code": "GARBAGE", "description": "x"})
    assert nobody.status_code == 409
    assert nobody.json()["rule"] == "complaint_no_body"


def test_the_body_handles_a_complaint_by_people_not_involved(world: World) -> None:
    client, body = world.client, world.a.certified.body
    filed = client.post(f"{API}/registry/complaints", json={
        "code": world.a.certified.number, "description": "x"}).json()
    admin = auth(world, body.admin)
    (item,) = [c for c in client.get(f"{API}/complaints", headers=admin).json()
               if c["reference"] == filed["reference"]]
    url = f"{API}/complaints/{item['id']}"
    assert client.get(url, headers=auth(world, world.a.tenant.admin)).status_code == 404
    assert client.post(f"{url}/acknowledge", json={},
                       headers=auth(world, body.auditors[0])).status_code == 403
    refused = client.post(f"{url}/close", json={}, headers=admin)
    assert refused.status_code == 409
    assert refused.json()["rule"] == "complaint_transition_not_allowed"
    detail = client.post(f"{url}/acknowledge", json={}, headers=admin).json()
    involved = {c["id"] for c in detail["candidates"] if c["involved"]}
    assert {a.id for a in body.auditors} | {body.decider.id} <= involved
    team = client.post(f"{url}/assign", json={"investigator_id": body.auditors[0].id},
                       headers=admin)
    assert team.status_code == 409
    assert team.json()["rule"] == "investigator_involved"
    other = outsider(world)
    client.post(f"{url}/assign", json={"investigator_id": other.id}, headers=admin)
    mine = auth(world, other)
    client.post(f"{url}/findings", json={"findings": "核实"}, headers=mine)
    granted = client.post(f"{url}/decide", json={"outcome": "dismissed", "decision": "x"},
                          headers=auth(world, body.decider))
    assert granted.status_code == 409
    assert granted.json()["rule"] == "decider_involved"
    done = client.post(f"{url}/decide", json={"outcome": "dismissed", "decision": "不成立"},
                       headers=mine)
    assert done.status_code == 200
    assert done.json()["state"] == "decided"
    client.post(f"{url}/close", json={}, headers=admin)
    seen = client.get(f"{API}/registry/complaints/{filed['tracking_token']}").json()
    assert (seen["state"], seen["outcome"], seen["decision"]) == ("closed", "dismissed",
                                                                  "不成立")


def test_an_appeal_upheld_against_a_suspension_restores_the_certificate(world: World) -> None:
    client, certified = world.client, world.a.certified
    body = certified.body
    admin = auth(world, body.admin)
    suspended = client.post(f"{API}/certificates/{certified.certificate_id}/status",
                            json={"action": "suspend", "reason": "监督不合格"}, headers=admin)
    assert suspended.status_code == 200, suspended.text
    holder = auth(world, world.a.tenant.admin)
    lodged = client.post(f"{API}/appeals", json={
        "against": "suspension", "certificate_id": certified.certificate_id, "grounds": "有误"},
        headers=holder)
    assert lodged.status_code == 201, lodged.text
    url = f"{API}/complaints/{lodged.json()['id']}"
    assert lodged.json()["candidates"] == []  # the appellant sees no staff
    client.post(f"{url}/acknowledge", json={}, headers=admin)
    other = outsider(world)
    client.post(f"{url}/assign", json={"investigator_id": other.id}, headers=admin)
    mine = auth(world, other)
    client.post(f"{url}/findings", json={"findings": "暂停依据不足"}, headers=mine)
    suspender = client.post(f"{url}/decide", json={"outcome": "upheld", "decision": "x"},
                            headers=admin)
    assert suspender.status_code == 409
    assert suspender.json()["rule"] == "decider_involved"
    upheld = client.post(f"{url}/decide", json={"outcome": "upheld", "decision": "申诉成立"},
                         headers=mine)
    assert upheld.status_code == 200, upheld.text
    seen = client.get(f"{API}/certificates/{certified.certificate_id}", headers=holder).json()
    assert seen["status"] == "valid"
    appeal = client.get(url, headers=holder).json()
    assert appeal["outcome"] == "upheld"
    assert appeal["findings"] is None


def test_the_verification_page_links_to_a_complaint_form_that_files_it(world: World) -> None:
    client = world.client
    verdict = client.get("/verify", params={"code": "CFP-2026-007-999999-00"})
    link = re.search(r'href="(/complaints/new[^"]*)" id="report-link"', verdict.text)
    assert link is not None, "the verdict page has no channel to report the label"
    form = client.get(link.group(1).replace("&amp;", "&"))
    assert form.status_code == 200
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert csrf is not None
    fields = {"code": world.a.certified.number, "description": "假冒标识", "email": ""}
    forged = client.post("/complaints", data={**fields, "csrf_token": "wrong"})
    assert forged.status_code == 403
    sent = client.post("/complaints", data={**fields, "csrf_token": csrf.group(1)})
    assert sent.status_code == 201
    tracking = re.search(r'id="tracking-link">[^<]*(/complaints/track/[^<]+)<', sent.text)
    assert tracking is not None
    page = client.get(tracking.group(1))
    assert 'data-state="received"' in page.text
    assert page.headers["Referrer-Policy"] == "no-referrer"
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    withdrawn = client.post(f"{tracking.group(1)}/withdraw",
                            data={"csrf_token": csrf.group(1)}, follow_redirects=True)
    assert 'data-state="withdrawn"' in withdrawn.text
    assert 'id="withdraw-form"' not in withdrawn.text
