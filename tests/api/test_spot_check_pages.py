"""Spot-check pages (SQLite): a provincial regulator creates a campaign through the form (a
refused form is shown again with the reason), draws the sample and sees why each certificate
was drawn, assigns the item and records a serious result; the body's decision maker sees it
among the results to act on and suspends; the campaign's metrics count the suspension. And
the walk of the pages: another province's regulator 404, a non-regulator 403, nobody to the
sign-in page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from carbonlabel.domain.tenancy import OrgKind, Role, User
from tests.api.conftest import API, World, sign_in
from tests.support.supervision import PASSWORD as REGULATOR_PASSWORD
from tests.support.supervision import regulator
from tests.support.supervision_spot_checks import seed_spot_check

HOME = "/supervision/spot-checks"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'api.db'}"


def _as(world: World, user: User) -> tuple[TestClient, str]:
    """A browser signed in as ``user`` (regulators' staff have their own test password)."""
    client = TestClient(world.app)
    with world.app.state.uow() as uow:
        kind = uow.organisations.get(user.organisation_id).kind  # type: ignore[union-attr]
    if kind is not OrgKind.REGULATOR:
        return client, sign_in(client, user)
    signed = client.post(f"{API}/auth/session",
                         json={"email": user.email, "password": REGULATOR_PASSWORD})
    assert signed.status_code == 200, signed.text
    return client, str(signed.json()["csrf_token"])


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_a_regulator_runs_a_campaign_in_pages_and_the_body_suspends(world: World) -> None:
    make_uow = world.app.state.uow
    lead = regulator(make_uow, "CN-GD", "lead@gd.example", Role.ADMIN)
    client, csrf = _as(world, lead)
    form = client.get(f"{HOME}/new")
    assert form.status_code == 200
    fields = {"csrf_token": csrf, "year": "2026", "round": "1", "title": "电池抽查",
              "legal_basis": "《认证认可条例》", "size": "abc", "seed": "5",
              "random_share": "0", "alert_weight": "2"}
    refused = client.post(HOME, data=fields)
    assert refused.status_code == 422
    assert 'id="refused"' in refused.text
    assert "电池抽查" in refused.text  # what was typed is kept
    made = client.post(HOME, data={**fields, "size": "5"}, follow_redirects=False)
    assert made.status_code == 303
    campaign_url = made.headers["location"]
    drawn = client.post(f"{campaign_url}/draw", data={"csrf_token": csrf},
                        follow_redirects=True)
    assert drawn.status_code == 200
    number = world.a.certified.number
    assert number in drawn.text
    assert "按风险抽取" in drawn.text  # why it was drawn (random share 0: by risk)
    again = client.post(f"{campaign_url}/items",
                        data={"csrf_token": csrf, "certificate_number": number})
    assert again.status_code == 409  # already drawn: shown again with the reason
    assert 'id="refused"' in again.text
    item_url = re.search(rf'href="({campaign_url}/items/[^"]+)"><code>{number}',
                         drawn.text)
    assert item_url is not None
    page = client.post(f"{item_url.group(1)}/assign",
                       data={"csrf_token": csrf, "inspector_id": lead.id}, follow_redirects=True)
    assert 'id="result-form"' in page.text
    silent = client.post(f"{item_url.group(1)}/result", data={
        "csrf_token": csrf, "outcome": "serious", "place": "online", "sampled_on": "2026-11-02"})
    assert silent.status_code == 422  # a nonconforming result names its findings
    recorded = client.post(f"{item_url.group(1)}/result", follow_redirects=True, data={
        "csrf_token": csrf, "outcome": "serious", "place": "online", "sampled_on": "2026-11-02",
        "findings": "数据不实", "label_conforms": "no"})
    assert recorded.status_code == 200
    assert 'data-state="awaiting_disposal"' in recorded.text
    body, body_csrf = _as(world, world.a.certified.body.decider)
    waiting = body.get(f"{HOME}/required-actions")
    assert number in waiting.text
    item_id = item_url.group(1).rsplit("/", 1)[1]
    done = body.post(f"{HOME}/required-actions/{item_id}/disposal", follow_redirects=True,
                     data={"csrf_token": body_csrf, "disposal": "suspend", "note": "暂停"})
    assert done.status_code == 200
    assert number not in done.text
    metrics = client.get(campaign_url)
    assert re.search(r'id="suspended">1<', metrics.text)
    assert re.search(r'id="nonconforming">1 \(100.0%\)<', metrics.text)


def test_the_pages_are_walked_by_jurisdiction(world: World) -> None:
    make_uow = world.app.state.uow
    lead = regulator(make_uow, "CN-GD", "lead@gd.example", Role.ADMIN)
    ids = seed_spot_check(make_uow, lead, world.a.certified.certificate_id)
    pages = [f"{HOME}/{ids['campaign_id']}",
             f"{HOME}/{ids['campaign_id']}/items/{ids['item_id']}"]
    nobody = TestClient(world.app)
    jiangsu, _ = _as(world, regulator(make_uow, "CN-JS", "js@js.example", Role.ADMIN))
    enterprise, _ = _as(world, world.a.tenant.admin)
    own, _ = _as(world, lead)
    for url in pages:
        assert nobody.get(url, follow_redirects=False).status_code == 303
        assert jiangsu.get(url).status_code == 404
        assert enterprise.get(url).status_code == 403
        assert own.get(url).status_code == 200
    for url in (HOME, f"{HOME}/new"):
        assert nobody.get(url, follow_redirects=False).status_code == 303
        assert enterprise.get(url).status_code == 403
        assert own.get(url).status_code == 200
    assert jiangsu.get(HOME).status_code == 200
    assert ids["campaign_id"] not in jiangsu.get(HOME).text
    assert enterprise.get(f"{HOME}/required-actions").status_code == 403
