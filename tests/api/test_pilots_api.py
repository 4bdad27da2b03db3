"""Pilots through the REST API and the pages (SQLite): every route walked for a regulator of
another province (404), staff of an enterprise (403) and nobody (401, or the sign-in page);
a pilot made, a figure declared with its evidence as a file, a task's progress reported by its
responsible unit through the API, and the pilot page in Chinese with the overdue task flagged."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.domain.tenancy import OrgKind, Role, User
from carbonlabel.services.accounts import users
from tests.api.conftest import API, bearer, build_app, token_for
from tests.support.platform import credit_code
from tests.support.supervision import PASSWORD, regulator
from tests.support.supervision_pilots import seed_pilot

SUP = f"{API}/supervision"


@dataclass(frozen=True)
class Walk:
    app: FastAPI
    client: TestClient
    guangdong: User
    jiangsu: User
    company: User  # analyst of the enterprise responsible for the seeded task
    ids: dict[str, str]


@pytest.fixture
def walk(tmp_path: Path) -> Iterator[Walk]:
    app = build_app(f"sqlite:///{tmp_path / 'api.db'}", tmp_path / "data")
    with TestClient(app) as client:
        make_uow = app.state.uow
        guangdong = regulator(make_uow, "CN-GD", "gd@reg.example")
        jiangsu = regulator(make_uow, "CN-JS", "js@reg.example")
        with make_uow(write=True) as uow, uow.atomic():
            org = users.create_organisation(uow, "深圳建材协会", OrgKind.ENTERPRISE,
                                            "CN-GD-440300", credit_code=credit_code())
            company = users.add_user(uow, org.id, "unit@example.cn", "协会联络人", Role.ANALYST,
                                     PASSWORD, None)
        ids = seed_pilot(make_uow, guangdong, responsible=org)
        yield Walk(app, client, guangdong, jiangsu, company, ids)


def _routes(ids: dict[str, str]) -> list[tuple[str, str, dict[str, object] | None]]:
    pilot = f"{SUP}/pilots/{ids['pilot_id']}"
    return [
        ("GET", f"{SUP}/pilots", None),
        ("POST", f"{SUP}/pilots", {"name": "试点", "region": "CN-GD", "category": "16",
                                   "starts_on": "2026-01-01", "ends_on": "2026-12-31"}),
        ("GET", pilot, None),
        ("PUT", f"{pilot}/goals", {"goals": "目标"}),
        ("POST", f"{pilot}/participants", {"segment": "transport", "name": "物流公司",
                                           "credit_code": credit_code()}),
        ("GET", f"{pilot}/evidence/{ids['evidence_id']}", None),
        ("POST", f"{pilot}/tasks", {"title": "任务", "starts_on": "2026-02-01",
                                    "due_on": "2026-03-01", "responsible_name": "单位"}),
    ]


def _call(client: TestClient, method: str, url: str, body: dict[str, object] | None,
          headers: dict[str, str]) -> int:
    return client.request(method, url, json=body, headers=headers).status_code


def test_every_pilot_route_refuses_nobody_outsiders_and_other_jurisdictions(walk: Walk) -> None:
    make_uow = walk.app.state.uow
    js, company = bearer(token_for(make_uow, walk.jiangsu)), bearer(token_for(make_uow,
                                                                              walk.company))
    gd = bearer(token_for(make_uow, walk.guangdong))
    declare_url = f"{SUP}/pilots/{walk.ids['pilot_id']}/declarations"
    form = {"figure": "enterprises_transport", "value": "3"}
    files = {"evidence": ("list.pdf", b"%PDF evidence", "application/pdf")}
    for method, url, body in _routes(walk.ids):
        assert _call(walk.client, method, url, body, {}) == 401, url
        assert _call(walk.client, method, url, body, company) == 403, url
        expected = 200 if method == "GET" and url != f"{SUP}/pilots" else None
        if expected is not None:  # a record of Guangdong: Jiangsu does not see it
            assert _call(walk.client, method, url, body, js) == 404, url
        elif url.endswith("/pilots") and method == "POST":
            assert _call(walk.client, method, url, body, js) == 422, url  # CN-GD: not its own
        elif url != f"{SUP}/pilots":
            assert _call(walk.client, method, url, body, js) == 404, url
        assert _call(walk.client, method, url, body, gd) in (200, 201), url
    assert walk.client.post(declare_url, data=form, files=files).status_code == 401
    assert walk.client.post(declare_url, data=form, files=files,
                            headers=company).status_code == 403
    assert walk.client.post(declare_url, data=form, files=files, headers=js).status_code == 404
    assert walk.client.post(declare_url, data=form, files=files, headers=gd).status_code == 201
    progress = f"{SUP}/pilot-tasks/{walk.ids['task_id']}/progress"
    report = {"progress": 40, "note": "进行中"}
    assert walk.client.post(progress, json=report).status_code == 401
    assert walk.client.post(progress, json=report, headers=js).status_code == 404
    assert walk.client.post(progress, json=report, headers=gd).status_code == 403  # the unit's
    assert walk.client.get(f"{SUP}/pilot-tasks").status_code == 401
    assert walk.client.post(progress, json=report, headers=company).status_code == 200


def test_a_figure_declared_with_a_file_and_progress_reported_by_the_unit(walk: Walk) -> None:
    make_uow = walk.app.state.uow
    gd = bearer(token_for(make_uow, walk.guangdong))
    unit = bearer(token_for(make_uow, walk.company))
    pilot = f"{SUP}/pilots/{walk.ids['pilot_id']}"
    declared = walk.client.post(f"{pilot}/declarations", headers=gd,
                                data={"figure": "enterprises_recycling", "value": "4",
                                      "note": "回收协会名录"},
                                files=[("evidence", ("名录.xlsx", b"rows", "application/x")),
                                       ("evidence", ("letter.pdf", b"%PDF", "application/pdf"))])
    assert declared.status_code == 201, declared.text
    assert sorted(e["file_name"] for e in declared.json()["evidence"]) == ["letter.pdf",
                                                                           "名录.xlsx"]
    no_file = walk.client.post(f"{pilot}/declarations", headers=gd,
                               data={"figure": "chain_coverage", "value": "2"},
                               files=[("evidence", ("a.pdf", b"x", "application/pdf"))])
    assert no_file.status_code == 422  # a share above 1
    document = walk.client.get(f"{pilot}/evidence/{walk.ids['evidence_id']}", headers=gd)
    assert document.content == b"%PDF-1.4 evidence"
    assert document.headers["content-security-policy"] == "sandbox"
    mine = walk.client.get(f"{SUP}/pilot-tasks", headers=unit).json()
    assert [m["task"]["id"] for m in mine] == [walk.ids["task_id"]]
    done = walk.client.post(f"{SUP}/pilot-tasks/{walk.ids['task_id']}/progress", headers=unit,
                            json={"progress": 60, "done": True, "note": "完成摸底"})
    assert done.status_code == 200
    assert done.json()["progress"] == 100
    assert done.json()["done_on"] == datetime.now(UTC).date().isoformat()
    status = walk.client.get(pilot, headers=gd, params={"on": "2026-06-01"}).json()
    recycling = status["conditions"]["enterprises"]["recycling"]
    assert (recycling["source"], recycling["value"], recycling["computed"]) == ("declared", 4, 0)
    assert status["conditions"]["chain_coverage"]["source"] == "declared"
    assert status["conditions"]["met"] is False  # 4 enterprises, far below 70
    (task,) = status["tasks"]
    assert task["done_on"] is not None


def _page_client(app: FastAPI, user: User) -> TestClient:
    client = TestClient(app)
    signed = client.post(f"{API}/auth/session", json={"email": user.email,
                                                      "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    return client


def test_the_pilot_page_shows_conditions_and_flags_the_overdue_task(walk: Walk) -> None:
    page = f"/supervision/pilots/{walk.ids['pilot_id']}"
    assert walk.client.get(page, follow_redirects=False).status_code == 303  # sign in first
    gd = _page_client(walk.app, walk.guangdong)
    shown = gd.get(page, params={"on": "2026-04-01", "lang": "zh-CN"})
    assert shown.status_code == 200
    assert "试点条件" in shown.text
    assert 'data-met="0"' in shown.text
    assert f'data-task="{walk.ids["task_id"]}" class="overdue error"' in shown.text
    assert "申报（附证明材料）" in shown.text  # the coverage says it is declared
    on_time = gd.get(page, params={"on": "2026-03-31", "lang": "en"})
    assert "overdue error" not in on_time.text
    assert "Pilot conditions" in on_time.text
    assert gd.get("/supervision/pilots").status_code == 200
    assert _page_client(walk.app, walk.jiangsu).get(page).status_code == 404
    assert _page_client(walk.app, walk.company).get(page).status_code == 403
    unit = _page_client(walk.app, walk.company)
    tasks = unit.get("/supervision/pilot-tasks", params={"lang": "zh-CN"})
    assert tasks.status_code == 200
    assert "完成产业链摸底" in tasks.text


def test_a_page_form_refused_is_drawn_again_with_the_reason(walk: Walk) -> None:
    gd = _page_client(walk.app, walk.guangdong)
    form = gd.get("/supervision/pilots")
    token = form.text.split('name="csrf_token" value="')[1].split('"')[0]
    refused = gd.post("/supervision/pilots", data={
        "csrf_token": token, "name": "江苏试点", "region": "CN-JS", "category": "16",
        "starts_on": "2026-01-01", "ends_on": "2026-12-31"}, params={"lang": "en"})
    assert refused.status_code == 422
    assert "not within your jurisdiction" in refused.text
    made = gd.post("/supervision/pilots", data={
        "csrf_token": token, "name": "广州试点", "region": "CN-GD-440100", "category": "16",
        "starts_on": "2026-01-01", "ends_on": "2026-12-31"}, follow_redirects=False)
    assert made.status_code == 303
    assert made.headers["location"].endswith("?done=created")
    assert gd.get(made.headers["location"]).status_code == 200


def _csrf(client: TestClient) -> str:
    page = client.get("/account")
    return page.text.split('name="csrf_token" value="')[1].split('"')[0]


def test_every_pilot_page_refuses_nobody_outsiders_and_other_jurisdictions(
        walk: Walk) -> None:
    pilot = f"/supervision/pilots/{walk.ids['pilot_id']}"
    gets = ["/supervision/pilots", pilot, f"{pilot}/evidence/{walk.ids['evidence_id']}"]
    posts: list[tuple[str, dict[str, str]]] = [
        ("/supervision/pilots", {"name": "试点", "region": "CN-GD", "category": "16",
                                 "starts_on": "2026-01-01", "ends_on": "2026-12-31"}),
        (f"{pilot}/goals", {"goals": "目标"}),
        (f"{pilot}/participants", {"segment": "transport", "name": "物流",
                                   "credit_code": credit_code()}),
        (f"{pilot}/declarations", {"figure": "enterprises_transport", "value": "2"}),
        (f"{pilot}/tasks", {"title": "任务", "starts_on": "2026-02-01", "due_on": "2026-03-01",
                            "responsible_name": "单位"}),
        (f"/supervision/pilot-tasks/{walk.ids['task_id']}/progress",
         {"progress": "10", "pilot_id": walk.ids["pilot_id"]}),
    ]
    files = {"evidence": ("a.pdf", b"%PDF", "application/pdf")}
    nobody = TestClient(walk.app)
    for url in [*gets, "/supervision/pilot-tasks"]:
        assert nobody.get(url, follow_redirects=False).status_code == 303, url
    for url, data in posts:
        assert nobody.post(url, data=data, follow_redirects=False).status_code in (303, 403)
    company, js = _page_client(walk.app, walk.company), _page_client(walk.app, walk.jiangsu)
    gd = _page_client(walk.app, walk.guangdong)
    for url in gets:
        assert company.get(url).status_code == 403, url
        assert js.get(url).status_code == (200 if url == "/supervision/pilots" else 404), url
        assert gd.get(url).status_code == 200, url
    for client, expected in ((company, 403), (js, 404), (gd, 303)):
        token = _csrf(client)
        for url, data in posts:
            sent = client.post(url, data={**data, "csrf_token": token},
                               files=files if url.endswith("/declarations") else None,
                               follow_redirects=False)
            want = expected
            if url == "/supervision/pilots" and client is js:
                want = 422  # CN-GD is not Jiangsu's: the form is shown again
            if url.endswith("/progress") and client is gd:
                want = 403  # the responsible unit is on the platform: it reports itself
            if url.endswith("/progress") and client is company:
                want = 303  # the responsible unit itself
            assert sent.status_code == want, (url, expected, sent.text[:300])
