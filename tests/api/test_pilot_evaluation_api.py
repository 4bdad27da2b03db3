"""The pilot's effect evaluation through the REST API and the pages (SQLite): every route
refuses nobody (401), enterprise staff (403) and another province's regulator (404); the
regulator above reads but does not change (403); inputs are declared with a file, corrected
and withdrawn with their history kept; weights set with an AHP matrix give the aggregate; the
report PDF comes in both languages; the page shows the four dimensions apart."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.domain.tenancy import OrgKind, Role, User
from carbonlabel.services.accounts import users
from tests.api.conftest import API, bearer, build_app, token_for
from tests.support.pilot_evaluation import SeededPilot, seed_evaluated_pilot
from tests.support.platform import credit_code
from tests.support.supervision import PASSWORD, regulator

SUP = f"{API}/supervision"


@dataclass(frozen=True)
class World:
    app: FastAPI
    client: TestClient
    seeded: SeededPilot
    national: User
    jiangsu: User
    company: User


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    app = build_app(f"sqlite:///{tmp_path / 'api.db'}", tmp_path / "data")
    with TestClient(app) as client:
        make_uow = app.state.uow
        shenzhen = regulator(make_uow, "CN-GD-440300", "sz@reg.example")
        national = regulator(make_uow, "CN", "cn@reg.example")
        jiangsu = regulator(make_uow, "CN-JS", "js@reg.example")
        with make_uow(write=True) as uow, uow.atomic():
            org = users.create_organisation(uow, "水泥厂", OrgKind.ENTERPRISE, "CN-GD-440300",
                                            credit_code=credit_code())
            company = users.add_user(uow, org.id, "c@example.cn", "企业", Role.ADMIN,
                                     PASSWORD, None)
        seeded = seed_evaluated_pilot(make_uow, shenzhen)
        yield World(app, client, seeded, national, jiangsu, company)


def _h(world: World, who: User) -> dict[str, str]:
    return bearer(token_for(world.app.state.uow, who))


def test_every_route_refuses_nobody_outsiders_and_other_jurisdictions(world: World) -> None:
    base = f"{SUP}/pilots/{world.seeded.pilot_id}/evaluation"
    sz = _h(world, world.seeded.regulator)
    inputs = world.client.get(f"{base}/inputs", headers=sz).json()
    some = inputs[0]["id"]
    reads = [f"{base}?period=2026", f"{base}/report.pdf?period=2026&lang=en",
             f"{base}/inputs", f"{base}/inputs/{some}/document"]
    for url in reads:
        assert world.client.get(url).status_code == 401, url
        assert world.client.get(url, headers=_h(world, world.company)).status_code == 403, url
        assert world.client.get(url, headers=_h(world, world.jiangsu)).status_code == 404, url
        assert world.client.get(url, headers=_h(world, world.national)).status_code == 200, url
        assert world.client.get(url, headers=sz).status_code == 200, url
    form = {"period": "2026", "kind": "loans", "value": "2", "evidence": "银行函"}
    assert world.client.post(f"{base}/inputs", data=form).status_code == 401
    for who, code in ((world.company, 403), (world.jiangsu, 404), (world.national, 403)):
        assert world.client.post(f"{base}/inputs", data=form,
                                 headers=_h(world, who)).status_code == code
        assert world.client.put(f"{base}/weights", json={"method": "equal"},
                                headers=_h(world, who)).status_code == code
    assert world.client.post(f"{base}/inputs", data=form, headers=sz).status_code == 201
    assert world.client.get(f"{base}?period=2040", headers=sz).status_code == 422


def test_inputs_are_declared_corrected_and_withdrawn_keeping_history(world: World) -> None:
    base = f"{SUP}/pilots/{world.seeded.pilot_id}/evaluation"
    sz = _h(world, world.seeded.regulator)
    made = world.client.post(f"{base}/inputs", headers=sz, data={
        "period": "2026", "kind": "procurement_wins", "value": "4", "evidence": "中标公告"},
        files={"document": ("公告.pdf", b"%PDF wins", "application/pdf")})
    assert made.status_code == 201, made.text
    first = made.json()
    assert first["document_name"] == "公告.pdf"
    doc = world.client.get(f"{base}/inputs/{first['id']}/document", headers=sz)
    assert doc.content == b"%PDF wins"
    fixed = world.client.put(f"{base}/inputs/{first['id']}", headers=sz, data={
        "period": "2026", "kind": "procurement_wins", "value": "5", "evidence": "更正公告"})
    assert fixed.status_code == 200
    assert fixed.json()["supersedes"] == first["id"]
    again = world.client.put(f"{base}/inputs/{first['id']}", headers=sz, data={
        "period": "2026", "kind": "procurement_wins", "value": "6", "evidence": "x"})
    assert again.status_code == 409  # only the latest version is corrected
    found = world.client.get(f"{base}?period=2026", headers=sz).json()
    wins = next(i for i in found["indicators"] if i["key"] == "procurement_wins")
    assert wins["value"] == 5
    gone = world.client.post(f"{base}/inputs/{fixed.json()['id']}/withdrawal", headers=sz,
                             json={"reason": "重复统计"})
    assert gone.status_code == 200
    history = [d for d in world.client.get(f"{base}/inputs?period=2026", headers=sz).json()
               if d["kind"] == "procurement_wins"]
    assert [(d["value"], d["withdrawn"], d["current"]) for d in history] == [
        (4, False, False), (5, False, False), (5, True, False)]
    found = world.client.get(f"{base}?period=2026", headers=sz).json()
    wins = next(i for i in found["indicators"] if i["key"] == "procurement_wins")
    assert wins["value"] is None
    assert wins["missing"] == ["not_declared"]
    bad = world.client.post(f"{base}/inputs", headers=sz, data={
        "period": "2026", "kind": "loans", "value": "1.5", "evidence": "函"})
    assert bad.status_code == 422
    assert bad.json()["field"] == "value"


def test_ahp_weights_give_the_aggregate_and_the_report_comes_in_both_languages(
        world: World) -> None:
    base = f"{SUP}/pilots/{world.seeded.pilot_id}/evaluation"
    sz = _h(world, world.seeded.regulator)
    before = world.client.get(f"{base}?period=2026", headers=sz).json()
    assert before["aggregate"] is None
    # quality twice as important as each other dimension, the others equal: row geometric
    # means 2^(3/4), (1/2)^(1/4) × 3 → weights 2^(3/4) ÷ (2^(3/4) + 3 × 2^(-1/4)) = 0.4
    matrix = [[1, 2, 2, 2], [0.5, 1, 1, 1], [0.5, 1, 1, 1], [0.5, 1, 1, 1]]
    set_ = world.client.put(f"{base}/weights", headers=sz,
                            json={"method": "ahp", "dimension_matrix": matrix})
    assert set_.status_code == 200, set_.text
    assert set_.json()["dimensions"]["quality"] == pytest.approx(0.4)
    assert set_.json()["dimensions"]["social"] == pytest.approx(0.2)
    after = world.client.get(f"{base}?period=2026", headers=sz).json()
    subs = {s["dimension"]: s["score"] for s in after["sub_scores"]}
    assert after["aggregate"] == pytest.approx(0.4 * subs["quality"] + 0.2 * (
        subs["economic"] + subs["social"] + subs["ecological"]))
    for lang in ("zh", "en"):
        pdf = world.client.get(f"{base}/report.pdf", headers=sz,
                               params={"period": 2026, "lang": lang})
        assert pdf.status_code == 200
        assert pdf.content.startswith(b"%PDF")
    refused = world.client.put(f"{base}/weights", headers=sz,
                               json={"method": "expert", "indicators": {"nope": 1}})
    assert refused.status_code == 422
    assert refused.json()["field"] == "indicators"


def sign_in(client: TestClient, user: User) -> str:
    """A browser session of a regulator's staff (their password); its CSRF token."""
    answer = client.post(f"{API}/auth/session", json={"email": user.email,
                                                      "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["csrf_token"]
    return token


def test_the_page_shows_the_dimensions_apart_and_takes_a_declared_input(world: World) -> None:
    page = f"/supervision/pilots/{world.seeded.pilot_id}/evaluation"
    client = TestClient(world.app)
    csrf = sign_in(client, world.seeded.regulator)
    shown = client.get(page, params={"period": 2026, "lang": "zh-CN"})
    assert shown.status_code == 200
    for words in ("质量效益", "经济效益", "社会效益", "生态效益", "培训人次",
                  'data-indicator="label_integrity"', 'id="no-aggregate"',
                  "基准值待按现行因子重算"):
        assert words in shown.text, words
    done = client.post(f"{page}/inputs", data={
        "csrf_token": csrf, "period": "2026", "kind": "typical_cases", "value": "2",
        "evidence": "典型案例汇编"}, follow_redirects=False)
    assert done.status_code == 303
    assert "done=declared" in done.headers["location"]
    refused = client.post(f"{page}/inputs", data={
        "csrf_token": csrf, "period": "2026", "kind": "typical_cases", "value": "-2",
        "evidence": "x"}, params={"lang": "en"})
    assert refused.status_code == 422
    assert "not negative" in refused.text
    english = client.get(page, params={"period": 2026, "lang": "en"})
    assert "Quality benefit" in english.text or "quality benefit" in english.text
    assert client.get(f"{page}/report.pdf", params={"period": 2026}).status_code == 200
    other = TestClient(world.app)
    sign_in(other, world.jiangsu)
    assert other.get(page).status_code == 404
