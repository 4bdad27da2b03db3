"""The verification engagement's page over HTTP (no browser): the team fills in the terms,
the plan, approves it, draws the sample and records evidence; an opinion before the
independent review is refused and the page shown again with the reason (409); the reviewer
outside the team reviews, the leader issues the opinion; the page reads in both languages and
the case page links to it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.domain.tenancy import User
from carbonlabel.services.certification import cases
from tests.browser.support import make_app
from tests.support.engagement import World, case_at_verification
from tests.support.platform import PASSWORD

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, World, Path]]:
    data_dir = tmp_path_factory.mktemp("engagement-pages")
    app = make_app(data_dir)
    world = case_at_verification(app.state.uow, data_dir)
    with TestClient(app):
        yield app, world, data_dir


def signed_in(app: FastAPI, user: User, lang: str = "zh-CN") -> tuple[TestClient, str]:
    client = TestClient(app, headers={"Accept-Language": lang}, follow_redirects=False)
    token = CSRF.search(client.get("/signin").text).group(1)  # type: ignore[union-attr]
    answer = client.post("/signin", data={"email": user.email, "password": PASSWORD,
                                          "csrf_token": token, "next": "/certification"})
    assert answer.status_code == 303
    page = client.get("/certification")
    return client, CSRF.search(page.text).group(1)  # type: ignore[union-attr]


def test_the_team_and_the_reviewer_take_the_engagement_to_an_opinion_on_the_page(
        setting: tuple[FastAPI, World, Path]) -> None:
    app, world, data_dir = setting
    page = f"/certification/cases/{world.case_id}/verification"
    lead, token = signed_in(app, world.leader)
    assert f'href="{page}"' in lead.get(f"/certification/cases/{world.case_id}").text

    def post(client: TestClient, csrf: str, path: str, **form: object) -> int:
        return client.post(f"{page}/{path}", data={"csrf_token": csrf, **form}).status_code

    assert post(lead, token, "terms", level="limited", materiality="5",
                objectives="核查声明", criteria="GB/T 24067-2024", scope="从摇篮到大门",
                intended_users="买方") == 303
    assert post(lead, token, "plan", area=["production", ""], inherent=["high", "low"],
                control=["high", "low"], note=["电耗", ""], activities="抽样、复算",
                sample_size="4") == 303
    assert post(lead, token, "approval") == 303
    assert post(lead, token, "sample", seed="7") == 303
    with app.state.uow(write=True) as uow:
        cases.record_verification(uow, world.leader, world.case_id, "", data_dir,
                                  data_dir / "databases")
        lines = uow.engagements.lines(world.case_id)
    for line in lines:
        assert post(lead, token, "evidence", seq=line.seq, source="电表读数", model_value="10",
                    found_value="10", unit="kWh") == 303
    refused = lead.post(f"{page}/opinion", data={"csrf_token": token, "kind": "unmodified"})
    assert refused.status_code == 409
    assert "出具核查意见前须完成独立复核" in refused.text
    reviewer, review_token = signed_in(app, world.body.decider, "en")
    assert 'id="review-form"' in reviewer.get(page).text
    assert post(reviewer, review_token, "review", agreed="yes", comment="ok") == 303
    assert post(lead, token, "opinion", kind="unmodified", statement="") == 303
    assert post(reviewer, review_token, "later-facts", description="供应商更正了数据",
                affects_opinion="yes") == 303
    zh = lead.get(page).text
    assert "供应商更正了数据" in zh
    assert "无保留意见" in zh
    assert "有限保证" in zh
    assert "verification-report.pdf?lang=en" in zh
    en = reviewer.get(page).text
    assert "unmodified opinion" in en
    assert "Verification engagement" in en
