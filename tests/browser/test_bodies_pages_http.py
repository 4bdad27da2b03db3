"""The operator's page records a body's approval (a taken body code is refused, naming the
field); the organisation page keeps the credit code, sites and the agreement; the public
register shows approved bodies and qualified auditors (no e-mail), as a page and JSON."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.domain.tenancy import User
from tests.api.conftest import bearer, token_for
from tests.browser.support import make_app
from tests.browser.test_certification_pages_http import CSRF
from tests.support.certification import Body, qualify_and_declare, seed_body, seed_operator
from tests.support.platform import PASSWORD, Tenant, seed_tenant


@dataclass(frozen=True)
class World:
    app: FastAPI
    operator: User
    body: Body
    other: Body
    holder: Tenant


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    data_dir: Path = tmp_path_factory.mktemp("bodies-pages")
    app = make_app(data_dir)
    make_uow = app.state.uow
    body = seed_body(make_uow, code=21)
    other = seed_body(make_uow, code=None)
    holder = seed_tenant(make_uow, "申请企业 applicant")
    qualify_and_declare(make_uow, body, holder.organisation.id)
    with TestClient(app):
        yield World(app, seed_operator(make_uow), body, other, holder)


def signed_in(world: World, user: User, lang: str = "en") -> tuple[TestClient, str]:
    client = TestClient(world.app, headers={"Accept-Language": lang}, follow_redirects=False)
    token = CSRF.search(client.get("/signin").text).group(1)  # type: ignore[union-attr]
    assert client.post("/signin", data={"email": user.email, "password": PASSWORD,
                                        "csrf_token": token}).status_code == 303
    page = client.get("/certification")
    return client, CSRF.search(page.text).group(1)  # type: ignore[union-attr]


def _form(token: str, code: str) -> dict[str, object]:
    today = date.today()
    return {"csrf_token": token, "body_code": code, "approval_number": "CNCA-R-2025-099",
            "accreditation_number": "CNAS C0099-P",
            "accredited_from": (today - timedelta(days=10)).isoformat(),
            "accredited_to": (today + timedelta(days=700)).isoformat(),
            "scope": ["16", "17"], "status": "approved"}


def test_the_operator_records_a_body_and_a_taken_code_is_refused_naming_it(
        world: World) -> None:
    client, token = signed_in(world, world.operator)
    page = client.get("/certification/operator")
    assert page.status_code == 200
    assert "CNCA approval number" in page.text
    taken = client.post(f"/certification/operator/bodies/{world.other.organisation_id}",
                        data=_form(token, "21"))
    assert taken.status_code == 409
    assert 'id="refused"' in taken.text
    assert "body code 21 is held by another body" in taken.text
    done = client.post(f"/certification/operator/bodies/{world.other.organisation_id}",
                       data=_form(token, "22"))
    assert done.status_code == 303
    with world.app.state.uow() as uow:
        approval = uow.approvals.get(world.other.organisation_id)
    assert approval is not None
    assert (approval.body_code, approval.scope) == (22, frozenset({"16", "17"}))
    body_admin, _ = signed_in(world, world.body.admin)
    assert body_admin.get("/certification/operator").status_code == 404


def test_the_api_records_approval_for_the_operator_only_and_409_names_the_code(
        world: World) -> None:
    client = TestClient(world.app)
    url = f"/api/v1/certification-bodies/{world.other.organisation_id}/approval"
    today = date.today()
    body = {"body_code": 21, "approval_number": "CNCA-R-2025-098",
            "accreditation_number": "CNAS C0098-P",
            "accredited_from": today.isoformat(),
            "accredited_to": (today + timedelta(days=30)).isoformat(), "scope": ["16"]}
    operator = bearer(token_for(world.app.state.uow, world.operator))
    own_admin = bearer(token_for(world.app.state.uow, world.other.admin))
    assert client.put(url, json=body, headers=own_admin).status_code == 403
    taken = client.put(url, json=body, headers=operator)
    assert taken.status_code == 409
    assert taken.json()["field"] == "body_code"
    ok = client.put(url, json={**body, "body_code": 23}, headers=operator)
    assert ok.status_code == 200, ok.text
    assert ok.json()["scope"] == ["16"]


def test_the_public_register_lists_bodies_and_auditors_without_e_mail(world: World) -> None:
    client = TestClient(world.app)
    listed = {b["id"]: b for b in client.get("/api/v1/registry/bodies").json()}
    entry = listed[world.body.organisation_id]
    assert entry["status"] == "approved"
    assert entry["approval_number"] == "CNCA-R-2025-021"
    assert entry["scope"] == [{"code": 4, "name_zh": "储能锂离子电池",
                               "name_en": "energy-storage lithium-ion batteries"}]
    assert sorted(a["name"] for a in entry["auditors"]) == ["auditor1", "auditor2"]
    assert all(a["categories"] == [4] for a in entry["auditors"])
    assert "@" not in str(entry)
    page = client.get("/registry/bodies", headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 200
    assert "CNCA-R-2025-021" in page.text
    assert "储能锂离子电池" in page.text
    assert "auditor1" in page.text
    assert world.body.auditors[0].email not in page.text


def test_the_org_admin_keeps_credit_code_and_sites_and_accepts_the_agreement(
        world: World) -> None:
    client, token = signed_in(world, world.holder.admin)
    bad = client.post("/certification/organisation/identity", data={
        "csrf_token": token, "credit_code": "91350100M000100Y44", "registered_address": "x"})
    assert bad.status_code == 422
    assert "check character" in bad.text
    good = client.post("/certification/organisation/identity", data={
        "csrf_token": token, "credit_code": "91350100M000100Y43",
        "registered_address": "福建省福州市"})
    assert good.status_code == 303
    added = client.post("/certification/organisation/sites", data={
        "csrf_token": token, "name": "二号工厂", "address": "福州市工业路 2 号",
        "region": "350100"})
    assert added.status_code == 303
    page = client.get("/certification/organisation").text
    assert "91350100M000100Y43" in page
    assert "二号工厂" in page
    api = TestClient(world.app)
    analyst = bearer(token_for(world.app.state.uow, world.holder.analyst))
    shown = api.get("/api/v1/certification/agreement", headers=analyst).json()
    assert (shown["version"], shown["accepted"]) == (1, True)  # qualify_and_declare did
    again = api.post("/api/v1/certification/agreement/acceptances", json={"version": 1},
                     headers=analyst)
    assert again.status_code == 201  # accepting again: the first acceptance stands
    assert again.json()["accepted_by"] == world.holder.admin.id
    assert "已于" in client.get("/certification/organisation",
                               headers={"Accept-Language": "zh-CN"}).text
    identity = api.get("/api/v1/organisation/identity", headers=analyst).json()
    assert identity["agreement_accepted"] is True
    assert identity["credit_code"] == "91350100M000100Y43"
    assert api.put("/api/v1/organisation/identity", headers=analyst, json={
        "credit_code": "91350100M000100Y43"}).status_code == 403  # the admin's
