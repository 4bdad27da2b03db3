"""The penalty pages over HTTP: a regulator records a penalty through the form (a wrong credit
code is shown again with the reason, 422), a colleague reviews it with a redaction, the
recorder confirms and publishes it; the public 公示 page (no sign-in) shows its summary, not
before publication, and the CSV export from the list page has the template's headers. Pages
of another province's record are "not found", a non-regulator is refused."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.domain.supervision.penalty_template import HEADERS
from carbonlabel.domain.tenancy import Role, User
from tests.browser.support import make_app
from tests.browser.test_certification_pages_http import CSRF
from tests.support.platform import PASSWORD, seed_tenant
from tests.support.supervision import PASSWORD as REGULATOR_PASSWORD
from tests.support.supervision import colleague
from tests.support.supervision_penalties import PARTY_CODE, bureau, seed_published_penalty


@dataclass(frozen=True)
class World:
    app: FastAPI
    recorder: User
    reviewer: User
    other_province: User
    enterprise: User


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    app = make_app(tmp_path)
    make_uow = app.state.uow
    recorder = bureau(make_uow, "CN-GD-440300", "sz@reg.example")
    with TestClient(app):
        yield World(app, recorder,
                    colleague(make_uow, recorder, "sz-review@reg.example", Role.AUDITOR),
                    bureau(make_uow, "CN-JS", "js@reg.example"),
                    seed_tenant(make_uow, "企业 Enterprise").admin)


def signed_in(world: World, user: User, lang: str = "zh-CN") -> tuple[TestClient, str]:
    client = TestClient(world.app, headers={"Accept-Language": lang}, follow_redirects=False)
    token = CSRF.search(client.get("/signin").text).group(1)  # type: ignore[union-attr]
    assert client.post("/signin", data={"email": user.email, "password": REGULATOR_PASSWORD,
                                        "csrf_token": token}).status_code == 303
    page = client.get("/supervision/penalties/new")
    assert page.status_code == 200, page.text
    return client, CSRF.search(page.text).group(1)  # type: ignore[union-attr]


def form(csrf: str, **overrides: str) -> dict[str, str | list[str]]:
    return {"csrf_token": csrf, "party_name": "深圳市示例电池有限公司",
            "party_kind": "organisation", "party_region": "CN-GD-440300",
            "credit_code": PARTY_CODE, "decision_number": "深市监罚〔2026〕301号",
            "violation": "invalid_certificate", "facts": "证书暂停后仍使用碳足迹标识（客户名单略）",
            "legal_basis": "《认证证书和认证标志管理办法》", "classes": ["fine", "confiscation"],
            "content": "罚款 2 万元，没收违法所得", "fine": "2", "confiscated": "0.35",
            "decided_on": "2026-11-20", "valid_until": "2026-12-20", **overrides}


def test_a_penalty_is_recorded_reviewed_and_published_through_the_pages(world: World) -> None:
    public = TestClient(world.app, headers={"Accept-Language": "zh-CN"})
    client, csrf = signed_in(world, world.recorder)
    wrong = client.post("/supervision/penalties", data=form(csrf, credit_code=PARTY_CODE[:17]
                                                            + "I"))
    assert wrong.status_code == 422
    assert "统一社会信用代码" in wrong.text
    assert "深市监罚〔2026〕301号" in wrong.text  # the form is drawn again with what was typed
    made = client.post("/supervision/penalties", data=form(csrf))
    assert made.status_code == 303, made.text
    record_url = made.headers["location"].split("?")[0]
    page = client.get(record_url)
    assert "罚款；没收违法所得、没收非法财物" in page.text
    assert "0.35 万元 (3500 元)" in page.text
    assert "深市监罚〔2026〕301号" not in public.get("/public/penalties").text

    reviewer, reviewer_csrf = signed_in(world, world.reviewer)
    reviewed = reviewer.post(f"{record_url}/review", data={
        "csrf_token": reviewer_csrf, "confidentiality_checked": "on",
        "redact_CF_SY": "证书暂停后仍使用碳足迹标识", "reason_CF_SY": "商业秘密（客户名单）"})
    assert reviewed.status_code == 303, reviewed.text
    assert "商业秘密（客户名单）" in reviewer.get(record_url).text

    confirm = client.get(f"{record_url}/publish")
    assert confirm.status_code == 200
    assert re.search(r"id=\"publish-period\"", confirm.text)
    unconfirmed = client.post(f"{record_url}/publish", data={"csrf_token": csrf})
    assert unconfirmed.status_code == 422
    published = client.post(f"{record_url}/publish", data={"csrf_token": csrf,
                                                           "confirmed": "yes"})
    assert published.status_code == 303
    shown = public.get("/public/penalties")
    assert shown.status_code == 200
    assert "深市监罚〔2026〕301号" in shown.text
    assert "认证证书失效后继续使用认证标志" in shown.text
    assert "客户名单" not in shown.text  # the redacted facts are not on the summary at all
    listed = client.get("/supervision/penalties")
    assert 'id="export-csv"' in listed.text
    exported = client.get("/api/v1/supervision/penalties/export?format=csv")
    lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert lines[0][:28] == list(HEADERS)
    assert lines[1][11] == "深市监罚〔2026〕301号"
    assert public.get("/public/penalties?lang=en").status_code == 200


def test_the_recorder_cannot_review_its_own_draft_on_the_page(world: World) -> None:
    client, csrf = signed_in(world, world.recorder, "en")
    made = client.post("/supervision/penalties", data=form(csrf))
    record_url = made.headers["location"].split("?")[0]
    refused = client.post(f"{record_url}/review", data={"csrf_token": csrf,
                                                        "confidentiality_checked": "on"})
    assert refused.status_code == 409
    assert "another person" in refused.text


def test_pages_of_another_province_are_not_found_and_non_regulators_refused(
        world: World) -> None:
    ids = seed_published_penalty(world.app.state.uow, world.recorder)
    other, _ = signed_in(world, world.other_province)
    for path in ("", "/edit", "/publish"):
        assert other.get(f"/supervision/penalties/{ids['penalty_id']}{path}").status_code == 404
    enterprise = TestClient(world.app, follow_redirects=False)
    token = CSRF.search(enterprise.get("/signin").text).group(1)  # type: ignore[union-attr]
    enterprise.post("/signin", data={"email": world.enterprise.email, "password": PASSWORD,
                                     "csrf_token": token})
    assert enterprise.get("/supervision/penalties").status_code == 403
    assert enterprise.get("/supervision/penalties/new").status_code == 403
    nobody = TestClient(world.app, follow_redirects=False)
    assert nobody.get("/supervision/penalties").status_code == 303
