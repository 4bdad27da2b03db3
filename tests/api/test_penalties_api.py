"""Penalty records through the REST API (SQLite): a regulator records a draft, a colleague
reviews it (not the recorder: 409 four_eyes), it is published (a warning alone: 409
warning_only) and its summary appears in the public API and feed, nowhere before publication
or after its period; the exports carry the template's headers. Every route of the part is
walked: nobody 401, a non-regulator 403, a regulator of another province 404."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.supervision.penalty_template import HEADERS
from carbonlabel.domain.tenancy import Role, User
from tests.api.conftest import API, bearer, build_app, token_for
from tests.support.platform import seed_tenant
from tests.support.supervision import colleague
from tests.support.supervision_penalties import PARTY_CODE, bureau, seed_published_penalty

BASE = f"{API}/supervision/penalties"


@dataclass(frozen=True)
class Site:
    client: TestClient
    make_uow: UowFactory
    recorder: User
    reviewer: User
    other_province: User
    enterprise: User

    def auth(self, user: User) -> dict[str, str]:
        return bearer(token_for(self.make_uow, user))


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    app = build_app(f"sqlite:///{tmp_path / 'api.db'}", tmp_path)
    with TestClient(app) as client:
        make_uow = app.state.uow
        recorder = bureau(make_uow, "CN-GD-440300", "sz@reg.example")
        yield Site(client, make_uow, recorder,
                   colleague(make_uow, recorder, "sz-review@reg.example", Role.DECISION_MAKER),
                   bureau(make_uow, "CN-JS", "js@reg.example"),
                   seed_tenant(make_uow, "企业 Enterprise").admin)


def body(**overrides: Any) -> dict[str, Any]:
    return {"party_name": "深圳市示例电池有限公司", "party_kind": "organisation",
            "party_region": "CN-GD-440300", "credit_code": PARTY_CODE,
            "decision_number": "深市监罚〔2026〕201号", "violation": "false_claim",
            "facts": "包装标示值与证书值不符", "legal_basis": "《认证证书和认证标志管理办法》",
            "classes": ["fine"], "content": "罚款人民币叁万元整", "fine": "3.5",
            "decided_on": "2026-11-02", "valid_until": "2026-12-02", **overrides}


def test_a_regulator_records_reviews_and_publishes_a_penalty(site: Site) -> None:
    c, mine, theirs = site.client, site.auth(site.recorder), site.auth(site.reviewer)
    made = c.post(BASE, json=body(), headers=mine)
    assert made.status_code == 201, made.text
    record = made.json()
    assert record["state"] == "draft"
    assert record["template"]["CF_NR_FK"] == "3.5"
    assert record["template"]["CF_XDR_LB"] == "法人及非法人组织"
    pid = record["id"]
    assert c.get(f"{API}/public/penalties").json()["total"] == 0
    self_review = c.post(f"{BASE}/{pid}/review", json={"confidentiality_checked": True},
                         headers=mine)
    assert (self_review.status_code, self_review.json()["rule"]) == (409, "four_eyes")
    reviewed = c.post(f"{BASE}/{pid}/review", headers=theirs, json={
        "confidentiality_checked": True,
        "redactions": [{"code": "CF_SY", "text": "包装标示值与证书值不符（略）",
                        "reason": "商业秘密"}]})
    assert reviewed.status_code == 200, reviewed.text
    assert [r["code"] for r in reviewed.json()["redactions"]] == ["CF_SY"]
    published = c.post(f"{BASE}/{pid}/publish", json={}, headers=mine)
    assert published.status_code == 200, published.text
    today = datetime.now(UTC).date()
    assert published.json()["publicity_start"] == today.isoformat()
    shown = c.get(f"{API}/public/penalties").json()
    assert shown["total"] == 1
    assert shown["items"][0]["CF_WSH"] == "深市监罚〔2026〕201号"
    assert set(shown["items"][0]) == {"CF_WSH", "CF_XDR_MC", "CF_XDR_SHXYM", "CF_WFXW",
                                      "CF_NR", "CF_CFJG", "CF_JDRQ", "CF_GSJZQ"}
    feed = c.get(f"{API}/public/penalties/feed").json()
    assert feed["records"][0]["CF_SY"] == "包装标示值与证书值不符（略）"
    exported = c.get(f"{BASE}/export", params={"format": "csv"}, headers=mine)
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert lines[0] == [*HEADERS, "当前状态"]
    assert lines[1][17] == "3.5"
    xlsx = c.get(f"{BASE}/export", params={"format": "xlsx"}, headers=mine)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]] == [*HEADERS, "当前状态"]


def test_a_warning_alone_is_refused_for_publication_unless_flagged(site: Site) -> None:
    c, mine, theirs = site.client, site.auth(site.recorder), site.auth(site.reviewer)
    ids = []
    for number, flagged in (("警-1", False), ("警-2", True)):
        made = c.post(BASE, headers=mine, json=body(
            decision_number=number, classes=["warning"], fine=None, content="警告",
            law_requires_publicity=flagged))
        assert made.status_code == 201, made.text
        ids.append(made.json()["id"])
        assert c.post(f"{BASE}/{ids[-1]}/review", json={"confidentiality_checked": True},
                      headers=theirs).status_code == 200
    refused = c.post(f"{BASE}/{ids[0]}/publish", json={}, headers=mine)
    assert (refused.status_code, refused.json()["rule"]) == (409, "warning_only")
    assert c.post(f"{BASE}/{ids[1]}/publish", json={}, headers=mine).status_code == 200


def test_bad_input_names_the_field(site: Site) -> None:
    c, mine = site.client, site.auth(site.recorder)
    wrong = PARTY_CODE[:17] + ("0" if PARTY_CODE[17] != "0" else "1")
    for overrides, field in (({"credit_code": wrong}, "credit_code"),
                             ({"fine": "0.1234567"}, "fine"),
                             ({"fine": None}, "fine"),
                             ({"party_region": "CN-JS"}, "party_region")):
        answer = c.post(BASE, json=body(**overrides), headers=mine)
        assert answer.status_code == 422, (overrides, answer.text)
        assert answer.json()["field"] == field


def test_the_public_api_shows_nothing_after_the_publicity_period(site: Site) -> None:
    long_ago = datetime.now(UTC).date() - timedelta(days=3 * 366 + 1)
    seed_published_penalty(site.make_uow, site.recorder, on=long_ago, decided_on=long_ago,
                           valid_until=long_ago + timedelta(days=30))
    assert site.client.get(f"{API}/public/penalties").json()["total"] == 0
    assert site.client.get(f"{API}/public/penalties/feed").json()["records"] == []


def test_every_route_refuses_nobody_non_regulators_and_other_provinces(site: Site) -> None:
    ids = seed_published_penalty(site.make_uow, site.recorder)
    one = f"{BASE}/{ids['penalty_id']}"
    routes: list[tuple[str, str, dict[str, Any] | None, bool]] = [
        ("GET", BASE, None, False), ("POST", BASE, body(decision_number="x-1"), False),
        ("GET", f"{BASE}/export", None, False), ("GET", one, None, True),
        ("PUT", one, body(decision_number="x-2"), True),
        ("POST", f"{one}/review", {"confidentiality_checked": True}, True),
        ("POST", f"{one}/publish", {}, True), ("POST", f"{one}/withdraw", {"reason": "r"}, True),
        ("POST", f"{one}/repair", {"reason": "r"}, True)]
    other, enterprise = site.auth(site.other_province), site.auth(site.enterprise)
    for method, path, payload, by_id in routes:
        nobody = site.client.request(method, path, json=payload)
        assert nobody.status_code == 401, (method, path)
        refused = site.client.request(method, path, json=payload, headers=enterprise)
        assert refused.status_code == 403, (method, path, refused.text)
        if by_id:
            hidden = site.client.request(method, path, json=payload, headers=other)
            assert hidden.status_code == 404, (method, path, hidden.text)
    assert site.client.get(BASE, headers=other).json()["total"] == 0
    assert site.client.get(f"{API}/public/penalties").status_code == 200
