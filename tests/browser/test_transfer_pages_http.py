"""The transfer pages over HTTP: the holder asks from its certificate's transfer page (a
refused request is shown again with the reason, 409), the accepting body records its review
(the checklist in the page) and accepts, the issuing body sees it is informed, and the
public registry page names the body it came from (zh: 转自)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.domain.tenancy import User
from tests.browser.support import make_app
from tests.browser.test_certification_pages_http import CSRF
from tests.support.certification import (
    Body,
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.platform import PASSWORD, Tenant


@dataclass(frozen=True)
class World:
    app: FastAPI
    issuing: Body
    accepting: Body
    holder: Tenant
    certificate_id: str


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    data_dir: Path = tmp_path_factory.mktemp("transfer-pages")
    app = make_app(data_dir)
    make_uow = app.state.uow
    issuing, accepting = seed_body(make_uow, code=31), seed_body(make_uow, code=32)
    holder, footprint = enterprise_with_footprint(make_uow, data_dir)
    qualify_and_declare(make_uow, issuing, holder.organisation.id)
    certificate_id = certify(make_uow, data_dir, issuing, holder, footprint)
    with TestClient(app):
        yield World(app, issuing, accepting, holder, certificate_id)


def signed_in(world: World, user: User, lang: str = "en") -> tuple[TestClient, str]:
    client = TestClient(world.app, headers={"Accept-Language": lang}, follow_redirects=False)
    token = CSRF.search(client.get("/signin").text).group(1)  # type: ignore[union-attr]
    assert client.post("/signin", data={"email": user.email, "password": PASSWORD,
                                        "csrf_token": token}).status_code == 303
    page = client.get("/certification")
    return client, CSRF.search(page.text).group(1)  # type: ignore[union-attr]


def test_a_transfer_through_the_pages_and_the_registry_names_where_it_came_from(
        world: World) -> None:
    holder, token = signed_in(world, world.holder.admin)
    url = f"/certification/certificates/{world.certificate_id}/transfer"
    assert url in holder.get(f"/certification/certificates/{world.certificate_id}").text
    form = holder.get(url)
    assert form.status_code == 200
    assert world.accepting.organisation_id in form.text
    same = holder.post(url, data={"csrf_token": token,
                                  "to_body_id": world.issuing.organisation_id})
    assert same.status_code == 409  # shown again with the reason
    assert "already with this body" in same.text
    asked = holder.post(url, data={"csrf_token": token, "note": "迁址",
                                   "to_body_id": world.accepting.organisation_id})
    assert asked.status_code == 303
    body, body_token = signed_in(world, world.accepting.admin)
    queue = body.get("/certification/transfers")
    assert "review-form" in queue.text
    transfer_id = queue.text.split('data-transfer="')[1].split('"')[0]
    assert body.post(f"/certification/transfers/{transfer_id}/decline",
                     data={"csrf_token": body_token, "note": ""}).status_code == 409
    reviewed = body.post(f"/certification/transfers/{transfer_id}/review",
                         data={"csrf_token": body_token, "note": "ok"})
    assert reviewed.status_code == 303
    page = body.get("/certification/transfers").text
    assert page.count('data-passed="yes"') == 5
    assert body.post(f"/certification/transfers/{transfer_id}/accept",
                     data={"csrf_token": body_token}).status_code == 303
    issuer, _ = signed_in(world, world.issuing.admin)
    assert "issuing-informed" in issuer.get("/certification/transfers").text
    number = page.split('/certification/certificates/')[1].split('">')[1].split("<")[0]
    registry = TestClient(world.app, headers={"Accept-Language": "zh-CN"})
    shown = registry.get(f"/registry/{number}")
    assert shown.status_code == 200
    assert 'id="transferred-from"' in shown.text
    assert "转自" in shown.text
