"""Spot checks through the REST API (SQLite): a provincial regulator creates a campaign, draws
its sample, assigns and records a serious result; the certification body sees the required
action and suspends; the public verification of the certificate's number says suspended.
And the jurisdiction walk of every route: a regulator of another province 404, a
non-regulator 403, nobody 401."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from carbonlabel.domain.tenancy import Role
from tests.api.conftest import API, World, bearer, token_for
from tests.support.supervision import regulator
from tests.support.supervision_spot_checks import seed_spot_check

BASE = f"{API}/supervision/spot-checks"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'api.db'}"


def auth(world: World, user: Any) -> dict[str, str]:
    return bearer(token_for(world.app.state.uow, user))


CAMPAIGN = {"year": 2026, "round": 2, "title": "电池产品碳足迹标识抽查",
            "legal_basis": "《认证认可条例》", "categories": [], "body_ids": [],
            "selection": {"size": 5, "seed": 42, "random_share": 0.2, "alert_weight": 2}}


def test_a_serious_result_reaches_the_body_which_suspends_and_the_registry_says_so(
        world: World) -> None:
    client, certified = world.client, world.a.certified
    make_uow = world.app.state.uow
    lead = auth(world, regulator(make_uow, "CN-GD", "lead@gd.example", Role.DECISION_MAKER))
    created = client.post(BASE, json=CAMPAIGN, headers=lead)
    assert created.status_code == 201, created.text
    campaign_id = created.json()["id"]
    assert created.json()["state"] == "planned"
    drawn = client.post(f"{BASE}/{campaign_id}/draw", headers=lead)
    assert drawn.status_code == 200, drawn.text
    # A's two certificates (the product and the calculation system) lie in Guangdong; only
    # product certificates are drawn
    (item,) = [i for i in drawn.json()["items"] if i["certificate_id"] ==
               certified.certificate_id]
    assert item["drawn_by"] in ("risk", "random")
    again = client.post(f"{BASE}/{campaign_id}/draw", headers=lead)
    assert (again.status_code, again.json()["rule"]) == (409, "spot_check_campaign_state")
    url = f"{BASE}/{campaign_id}/items/{item['id']}"
    with make_uow() as uow:
        me = uow.users.by_email("lead@gd.example")
    assert me is not None
    assert client.post(f"{url}/assign", json={"inspector_id": me[0].id},
                       headers=lead).status_code == 200
    recorded = client.post(f"{url}/result", headers=lead, json={
        "outcome": "serious", "place": "circulation", "sampled_on": "2026-11-02",
        "findings": "标识值与证书不符 / label value differs", "label_conforms": False})
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["state"] == "awaiting_disposal"
    body = bearer(certified.body_token)
    (waiting,) = client.get(f"{BASE}/required-actions", headers=body).json()
    assert waiting["id"] == item["id"]
    assert client.get(f"{BASE}/required-actions", headers=lead).status_code == 403
    correct = client.post(f"{BASE}/required-actions/{item['id']}/disposal", headers=body,
                          json={"disposal": "correct", "note": "整改"})
    assert (correct.status_code, correct.json()["rule"]) == (409, "spot_check_disposal")
    done = client.post(f"{BASE}/required-actions/{item['id']}/disposal", headers=body,
                       json={"disposal": "suspend", "note": "暂停 / suspended"})
    assert done.status_code == 200, done.text
    assert done.json()["disposal"] == "suspend"
    scanned = client.get(f"{API}/registry/verify/{certified.label_token}")
    assert scanned.status_code == 200, scanned.text
    assert scanned.json()["verdict"] == "suspended"
    m = client.get(f"{BASE}/{campaign_id}/metrics", headers=lead).json()
    assert (m["nonconforming"], m["suspended"], m["recorded"]) == (1, 1, 1)
    assert m["nonconformity_rate"] == 1.0


def test_every_route_is_walked_by_jurisdiction(world: World) -> None:
    client = world.client
    make_uow = world.app.state.uow
    lead = regulator(make_uow, "CN-GD", "lead@gd.example", Role.ADMIN)
    ids = seed_spot_check(make_uow, lead, world.a.certified.certificate_id)
    jiangsu = auth(world, regulator(make_uow, "CN-JS", "js@js.example", Role.ADMIN))
    enterprise = auth(world, world.a.tenant.admin)
    campaign = f"{BASE}/{ids['campaign_id']}"
    item = f"{campaign}/items/{ids['item_id']}"
    routes: list[tuple[str, str, dict[str, Any] | None]] = [
        ("GET", campaign, None), ("POST", f"{campaign}/draw", None),
        ("POST", f"{campaign}/close", None), ("GET", f"{campaign}/metrics", None),
        ("POST", f"{campaign}/items", {"certificate_number": world.a.certified.number}),
        ("POST", f"{item}/assign", {"inspector_id": lead.id}),
        ("POST", f"{item}/reverification", None),
        ("POST", f"{item}/result", {"outcome": "conforming", "place": "online",
                                    "sampled_on": "2026-11-02"}),
        ("POST", f"{item}/referral", {"note": "移送"})]
    for method, url, body in routes:
        assert client.request(method, url, json=body).status_code == 401, url
        assert client.request(method, url, json=body, headers=enterprise).status_code == 403, url
        assert client.request(method, url, json=body, headers=jiangsu).status_code == 404, url
    for method, url in (("GET", BASE), ("POST", BASE)):
        body = CAMPAIGN if method == "POST" else None
        assert client.request(method, url, json=body).status_code == 401
        assert client.request(method, url, json=body, headers=enterprise).status_code == 403
    assert client.get(BASE, headers=jiangsu).json()["total"] == 0
    own = client.get(campaign, headers=auth(world, lead))
    assert own.status_code == 200
    assert own.json()["items"][0]["id"] == ids["item_id"]
    for url in (f"{BASE}/required-actions",
                f"{BASE}/required-actions/{ids['item_id']}/disposal"):
        method = "GET" if url.endswith("actions") else "POST"
        body = None if method == "GET" else {"disposal": "suspend", "note": "x"}
        assert client.request(method, url, json=body).status_code == 401
        assert client.request(method, url, json=body, headers=jiangsu).status_code == 403
