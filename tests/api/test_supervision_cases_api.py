"""Alerts, public reports and supervision cases through the REST API and the pages (SQLite):
anyone reports a package's value without signing in; a value beyond the printed rounding
becomes a value_mismatch alert the holder's regulator sees and takes up in a case, which runs
to its closure and closes the alert. Every new route is walked: a regulator of another province
gets 404 with these ids, a non-regulator 403, nobody 401 (pages: the sign-in page)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from carbonlabel.domain.tenancy import Role, User
from tests.api.conftest import API, World, bearer, token_for
from tests.support.platform import PASSWORD as PLATFORM_PASSWORD
from tests.support.supervision import PASSWORD, colleague, regulator
from tests.support.supervision_cases import seed_reports_and_case

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'api.db'}"


def auth(world: World, user: User) -> dict[str, str]:
    return bearer(token_for(world.app.state.uow, user))


def certified_value(world: World) -> str:
    with world.app.state.uow() as uow:
        certificate = uow.certificates.by_number(world.a.certified.number)
    assert certificate is not None
    return certificate.certified_value


def test_a_reported_value_beyond_the_rounding_becomes_a_case_that_closes_its_alert(
        world: World) -> None:
    client = world.client
    lead = regulator(world.app.state.uow, "CN-GD", "lead@reg.example", Role.ADMIN)
    inspector = colleague(world.app.state.uow, lead, "insp@reg.example", Role.ANALYST)
    ten_times = str(Decimal(certified_value(world)) * 10)
    filed = client.post(f"{API}/registry/reports", json={
        "number": world.a.certified.number, "description": "包装数值偏低",
        "value": ten_times, "unit": "kg CO2e", "region": "CN-JS"})
    assert filed.status_code == 201, filed.text
    assert re.fullmatch(r"JB-\d{4}-\d{6}", filed.json()["reference"])
    same = client.post(f"{API}/registry/reports", json={
        "number": world.a.certified.number, "description": "看不清",
        "value": certified_value(world), "unit": "kg CO2e"})
    assert same.status_code == 201
    bot = client.post(f"{API}/registry/reports", json={
        "number": "X", "description": "x", "website": "http://spam.example"})
    assert bot.status_code == 422
    assert bot.json()["field"] == "website"
    h = auth(world, lead)
    listed = client.get(f"{API}/supervision/alerts", headers=h).json()
    rules = sorted(a["rule"] for a in listed["items"])
    assert rules == ["public_report", "value_mismatch"]
    mismatch = next(a for a in listed["items"] if a["rule"] == "value_mismatch")
    assert mismatch["rule_name_zh"] == "包装标示值与证书不符"
    assert mismatch["holder_region"] == "CN-GD"
    assert mismatch["seen_region"] == "CN-JS"
    assert client.get(f"{API}/supervision/alerts", params={"rule": "value_mismatch"},
                      headers=h).json()["total"] == 1
    other = next(a for a in listed["items"] if a["rule"] == "public_report")
    dismissed = client.post(f"{API}/supervision/alerts/{other['id']}/dismissal",
                            json={"reason": "同一消费者 / same buyer"}, headers=h)
    assert dismissed.json()["state"] == "dismissed"
    opened = client.post(f"{API}/supervision/cases", json={"alert_id": mismatch["id"]},
                         headers=h)
    assert opened.status_code == 201, opened.text
    case = opened.json()
    assert case["state"] == "opened"
    assert case["report_id"] is not None
    url = f"{API}/supervision/cases/{case['id']}"
    refused = client.post(f"{url}/closure", json={"conclusion": "confirmed", "note": "x"},
                          headers=auth(world, inspector))
    assert refused.status_code == 200  # opened → closed is allowed (e.g. a duplicate) ...
    again = client.post(f"{url}/assignment", json={"assignee_id": inspector.id}, headers=h)
    assert again.status_code == 409  # ... and then nothing more
    assert again.json()["rule"] == "case_transition_not_allowed"
    alert = client.get(f"{API}/supervision/alerts/{mismatch['id']}", headers=h).json()
    assert alert["state"] == "closed"


def test_a_case_is_assigned_investigated_and_its_evidence_kept(world: World) -> None:
    client = world.client
    lead = regulator(world.app.state.uow, "CN-GD", "lead@reg.example", Role.ADMIN)
    inspector = colleague(world.app.state.uow, lead, "insp@reg.example", Role.ANALYST)
    ids = seed_reports_and_case(world.app.state.uow, lead, world.a.certified.number)
    h, hi = auth(world, lead), auth(world, inspector)
    opened = client.post(f"{API}/supervision/cases", json={"alert_id": ids["alert_id"]},
                         headers=h).json()
    url = f"{API}/supervision/cases/{opened['id']}"
    assert client.post(f"{url}/assignment", json={"assignee_id": inspector.id},
                       headers=h).json()["assignee_id"] == inspector.id
    mine = client.get(f"{API}/supervision/cases", params={"mine": "true"}, headers=hi).json()
    assert [c["id"] for c in mine["items"]] == [opened["id"]]
    assert client.post(f"{url}/investigation", json={"note": "到店"}, headers=hi).json()[
        "state"] == "investigating"
    found = client.post(f"{url}/findings", data={"text": "货架照片"}, headers=hi,
                        files=[("evidence", ("shelf.png", PNG, "image/png"))])
    assert found.status_code == 200, found.text
    evidence = found.json()["evidence"]
    assert [(e["filename"], e["size"]) for e in evidence] == [("shelf.png", len(PNG))]
    got = client.get(f"{url}/evidence/{evidence[0]['id']}", headers=h)
    assert got.content == PNG
    done = client.post(f"{url}/escalation", json={"to": "penalty", "reference": "粤罚12号"},
                       headers=hi).json()
    assert (done["state"], done["escalated_to"], done["escalation_reference"]) == (
        "escalated", "penalty", "粤罚12号")
    assert [s["action"] for s in done["steps"]] == [
        "open", "assign", "investigate", "record_findings", "escalate"]


def _api_routes(ids: dict[str, str]) -> list[tuple[str, str, dict[str, Any]]]:
    case = f"{API}/supervision/cases/{ids['supervision_case_id']}"
    return [
        ("GET", f"{API}/supervision/alerts/{ids['alert_id']}", {}),
        ("POST", f"{API}/supervision/alerts/{ids['alert_id']}/dismissal",
         {"json": {"reason": "x"}}),
        ("GET", f"{API}/supervision/reports/{ids['report_id']}", {}),
        ("POST", f"{API}/supervision/cases", {"json": {"alert_id": ids["alert_id"]}}),
        ("POST", f"{API}/supervision/cases", {"json": {"report_id": ids["report_id"]}}),
        ("GET", case, {}),
        ("POST", f"{case}/assignment", {"json": {"assignee_id": "x"}}),
        ("POST", f"{case}/investigation", {"json": {}}),
        ("POST", f"{case}/findings", {"data": {"text": "x"}}),
        ("POST", f"{case}/closure", {"json": {"conclusion": "confirmed", "note": "x"}}),
        ("POST", f"{case}/escalation", {"json": {"to": "penalty", "reference": "x"}}),
        ("GET", f"{case}/evidence/{ids['file_id']}", {}),
    ]


PAGES = ["/supervision/alerts/{alert_id}", "/supervision/reports/{report_id}",
         "/supervision/reports/{report_id}/photo", "/supervision/cases/{supervision_case_id}",
         "/supervision/cases/{supervision_case_id}/evidence/{file_id}"]


def _browser(world: World, user: User, password: str = PASSWORD) -> TestClient:
    client = TestClient(world.app)
    signed = client.post(f"{API}/auth/session", json={"email": user.email,
                                                      "password": password})
    assert signed.status_code == 200, signed.text
    return client


def test_every_new_route_hides_a_provinces_records_and_refuses_others(world: World) -> None:
    uow = world.app.state.uow
    lead = regulator(uow, "CN-GD", "lead@reg.example", Role.ADMIN)
    ids = seed_reports_and_case(uow, lead, world.a.certified.number)
    jiangsu = regulator(uow, "CN-JS", "js@reg.example", Role.ADMIN)
    client = world.client
    routes = _api_routes(ids)
    for method, path, body in routes:
        assert client.request(method, path, **body).status_code == 401, path
        other = client.request(method, path, headers=auth(world, jiangsu), **body)
        assert other.status_code == 404, (path, other.text)
        holder = client.request(method, path, headers=auth(world, world.a.tenant.admin), **body)
        assert holder.status_code == 403, (path, holder.text)
    for method, path in (("GET", f"{API}/supervision/alerts"),
                         ("GET", f"{API}/supervision/cases")):
        assert client.request(method, path).status_code == 401
        assert client.request(method, path, headers=auth(world, world.a.tenant.admin)
                              ).status_code == 403
        assert client.request(method, path, headers=auth(world, jiangsu)).json()["total"] == 0
    js_pages = _browser(world, jiangsu)
    holder_pages = _browser(world, world.a.tenant.admin, PLATFORM_PASSWORD)
    for template in PAGES:
        page = template.format(**ids)
        assert js_pages.get(page).status_code == 404, page
        assert holder_pages.get(page).status_code == 403, page
        assert "/signin" in TestClient(world.app).get(page, follow_redirects=False).headers.get(
            "location", ""), page
    for page in ("/supervision/alerts", "/supervision/cases"):
        assert holder_pages.get(page).status_code == 403
    lead_pages = _browser(world, lead)
    for template in PAGES:
        assert lead_pages.get(template.format(**ids)).status_code == 200, template


def test_the_verification_page_carries_the_value_to_a_report_form_that_files_it(
        world: World) -> None:
    client = world.client
    verdict = client.get("/verify", params={"code": world.a.certified.number})
    assert 'id="report-prompt-form"' in verdict.text
    certificate_page = client.get(f"/registry/{world.a.certified.number}")
    assert 'id="report-prompt-form"' in certificate_page.text
    form = client.get("/reports/new", params={"code": world.a.certified.number,
                                              "value": "1", "unit": "t CO2e"})
    assert form.status_code == 200
    assert 'value="1"' in form.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert csrf is not None
    fields = {"number": world.a.certified.number, "value": "1", "unit": "t CO2e",
              "region": "CN-GD", "description": "包装标 1 吨", "contact": "", "website": ""}
    assert client.post("/reports", data={**fields, "csrf_token": "wrong"}).status_code == 403
    bad = client.post("/reports", data={**fields, "csrf_token": csrf.group(1)},
                      files={"photo": ("a.gif", b"GIF89a", "image/gif")})
    assert bad.status_code == 422
    assert 'id="refused"' in bad.text
    sent = client.post("/reports", data={**fields, "csrf_token": csrf.group(1)},
                       files={"photo": ("pack.png", PNG, "image/png")})
    assert sent.status_code == 201, sent.text
    assert re.search(r'id="report-reference">JB-\d{4}-\d{6}<', sent.text)


def test_the_case_page_takes_each_step_through_its_forms(world: World) -> None:
    uow = world.app.state.uow
    lead = regulator(uow, "CN-GD", "lead@reg.example", Role.ADMIN)
    viewer = colleague(uow, lead, "viewer@reg.example", Role.VIEWER)
    ids = seed_reports_and_case(uow, lead, world.a.certified.number)
    desk = _browser(world, lead)
    alert_page = desk.get(f"/supervision/alerts/{ids['alert_id']}")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', alert_page.text)
    assert csrf is not None
    token = csrf.group(1)
    unconfirmed = desk.post("/supervision/cases", data={"csrf_token": token,
                                                        "alert_id": ids["alert_id"]})
    assert unconfirmed.status_code == 422
    opened = desk.post("/supervision/cases", data={"csrf_token": token, "confirm": "yes",
                                                   "alert_id": ids["alert_id"]},
                       follow_redirects=False)
    assert opened.status_code == 303
    case_url = opened.headers["location"]
    steps = f"{case_url}/steps"
    for fields in ({"action": "assign", "assignee_id": lead.id},
                   {"action": "investigate", "note": "到店"}):
        assert desk.post(steps, data={"csrf_token": token, **fields},
                         follow_redirects=False).status_code == 303
    found = desk.post(steps, data={"csrf_token": token, "action": "record_findings",
                                   "note": "货架照片"},
                      files={"evidence": ("shelf.png", PNG, "image/png")},
                      follow_redirects=False)
    assert found.status_code == 303
    watcher = TestClient(world.app)
    viewer_token = watcher.post(f"{API}/auth/session", json={
        "email": viewer.email, "password": PASSWORD}).json()["csrf_token"]
    seen = watcher.get(case_url)
    assert seen.status_code == 200
    assert 'id="case-steps"' not in seen.text  # a viewer reads, no forms
    refused = watcher.post(steps, data={"csrf_token": viewer_token, "action": "record_findings",
                                        "note": "x"})
    assert refused.status_code == 403
    closed = desk.post(steps, data={"csrf_token": token, "action": "close", "confirm": "yes",
                                    "conclusion": "not_confirmed", "note": "标识正常"})
    assert closed.status_code == 200
    assert 'data-state="closed"' in closed.text
    assert "shelf.png" in closed.text
    assert 'id="case-steps"' not in closed.text
