"""Changes affecting certification over HTTP (no browser): after a new model version the
registry page, its JSON and a verification show "under re-evaluation" beside a valid status;
the holder requests a re-issue from the certificate page (a refused form shows the page again
with the reason and keeps nothing); the body's auditor evaluates, an independent decision
maker approves: the page prints the number with "-R1" and the registry's note is gone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.domain.records import FootprintRecord
from carbonlabel.domain.tenancy import User
from tests.browser.support import make_app
from tests.support.changes import Certified, certified, new_model_version
from tests.support.platform import PASSWORD

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Setting:
    app: FastAPI
    made: Certified
    footprint: FootprintRecord


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setting]:
    data_dir: Path = tmp_path_factory.mktemp("change-pages")
    app = make_app(data_dir)
    made = certified(app.state.uow, data_dir)
    footprint = new_model_version(app.state.uow, data_dir, made)
    with TestClient(app):
        yield Setting(app, made, footprint)


def signed_in(setting: Setting, user: User, lang: str = "zh-CN") -> tuple[TestClient, str]:
    client = TestClient(setting.app, headers={"Accept-Language": lang}, follow_redirects=False)
    token = CSRF.search(client.get("/signin").text).group(1)  # type: ignore[union-attr]
    answer = client.post("/signin", data={"email": user.email, "password": PASSWORD,
                                          "csrf_token": token, "next": "/certification"})
    assert answer.status_code == 303
    page = client.get("/certification")
    return client, CSRF.search(page.text).group(1)  # type: ignore[union-attr]


def test_a_change_from_request_to_reissue_over_the_pages(setting: Setting) -> None:
    made = setting.made
    number, cid = made.certificate.number, made.certificate.id
    public = TestClient(setting.app, headers={"Accept-Language": "zh-CN"})
    assert "重新评价中" in public.get(f"/registry/{number}").text
    entry = public.get(f"/api/v1/registry/certificates/{number}").json()
    assert (entry["status"], entry["under_reevaluation"]) == ("valid", True)
    verdict = public.get(f"/api/v1/registry/verify/code/{number}").json()
    assert (verdict["verdict"], verdict["under_reevaluation"]) == ("valid", True)
    assert "under re-evaluation" in TestClient(setting.app, headers={
        "Accept-Language": "en"}).get(f"/verify?code={number}").text

    holder, token = signed_in(setting, made.holder.analyst, "en")
    page = holder.get(f"/certification/certificates/{cid}").text
    assert 'id="change-request"' in page
    assert setting.footprint.id in page
    base = f"/certification/certificates/{cid}/changes"
    refused = holder.post(base, data={"csrf_token": token, "kind": "reissue",
                                      "footprint_id": setting.footprint.id, "description": ""})
    assert refused.status_code == 409
    assert 'id="refused"' in refused.text
    with setting.app.state.uow() as uow:
        assert uow.changes.of_certificate(cid) == []
    asked = holder.post(base, data={"csrf_token": token, "kind": "reissue",
                                    "footprint_id": setting.footprint.id,
                                    "description": "电芯减重 / lighter cells"})
    assert asked.status_code == 303
    with setting.app.state.uow() as uow:
        (change,) = uow.changes.of_certificate(cid)

    auditor, token = signed_in(setting, made.body.auditors[0])
    assert 'id="change-start"' in auditor.get(f"/certification/certificates/{cid}").text
    assert auditor.post(f"{base}/{change.id}/start",
                        data={"csrf_token": token}).status_code == 303
    assert auditor.post(f"{base}/{change.id}/evaluation", data={
        "csrf_token": token, "notes": "重新计算一致 / re-run agrees"}).status_code == 303

    decider, token = signed_in(setting, made.body.decider)
    page = decider.get(f"/certification/certificates/{cid}").text
    assert 'id="change-approve"' in page
    assert "影响认证的变更" in page
    no_action = decider.post(f"{base}/{change.id}/decision",
                             data={"csrf_token": token, "reason": "符合"})
    assert no_action.status_code == 422
    assert decider.post(f"{base}/{change.id}/decision", data={
        "csrf_token": token, "action": "approve", "reason": "符合要求 / conforms"},
    ).status_code == 303
    page = decider.get(f"/certification/certificates/{cid}").text
    assert f"{number}-R1" in page
    assert 'class="revision"' in page
    entry = public.get(f"/api/v1/registry/certificates/{number}").json()
    assert entry["under_reevaluation"] is False
    assert "重新评价中" not in public.get(f"/registry/{number}").text
