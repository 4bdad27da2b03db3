"""The regulator workspace's API: paged lists across bodies with filters, a certificate with
its history and checks, a case with its documents' titles only; another province's record is
404, a non-regulator 403 (tests/api/test_jurisdiction_isolation.py walks every route)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import API, bearer, build_app, token_for
from tests.support.platform import seed_tenant
from tests.support.supervision import regulator
from tests.support.supervision_workspace import Seeded, seed_two_provinces

BASE = f"{API}/supervision"


@dataclass(frozen=True)
class Site:
    client: TestClient
    seeded: Seeded
    guangdong: dict[str, str]
    jiangsu: dict[str, str]
    enterprise: dict[str, str]


@pytest.fixture
def site(database_url: str, tmp_path: Path) -> Iterator[Site]:
    app = build_app(database_url, tmp_path / "data")
    make_uow = app.state.uow
    seeded = seed_two_provinces(make_uow)
    gd = token_for(make_uow, regulator(make_uow, "CN-GD", "gd@reg.example"))
    js = token_for(make_uow, regulator(make_uow, "CN-JS", "js@reg.example"))
    firm = token_for(make_uow, seed_tenant(make_uow, "某企业").admin)
    with TestClient(app) as client:
        yield Site(client, seeded, bearer(gd), bearer(js), bearer(firm))


def test_certificates_are_paged_and_filtered_by_body_and_category(site: Site) -> None:
    c, b = site.seeded.certificates, site.seeded.bodies
    first = site.client.get(f"{BASE}/certificates", params={"limit": 3},
                            headers=site.guangdong).json()
    rest = site.client.get(f"{BASE}/certificates", params={"limit": 3, "offset": 3},
                           headers=site.guangdong).json()
    assert (first["total"], len(first["items"]), len(rest["items"])) == (7, 3, 3)
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in rest["items"]}
    at_b1 = site.client.get(f"{BASE}/certificates", params={"body_id": b["B1"]},
                            headers=site.guangdong).json()
    assert {i["id"] for i in at_b1["items"]} == {c["c1"], c["c2"], c["c5"], c["c6"]}
    cement = site.client.get(f"{BASE}/certificates", params={"category": "16"},
                             headers=site.guangdong).json()
    assert {i["id"] for i in cement["items"]} == {c["c3"], c["c5"]}
    assert {i["holder_region"] for i in cement["items"]} == {"CN-GD-440300", "CN-GD"}
    withdrawn = site.client.get(f"{BASE}/certificates", params={"status": "withdrawn"},
                                headers=site.guangdong).json()
    assert [i["id"] for i in withdrawn["items"]] == [c["c6"]]
    js = site.client.get(f"{BASE}/certificates", headers=site.jiangsu).json()
    assert [i["id"] for i in js["items"]] == [c["c8"]]


def test_a_certificate_and_a_case_are_read_only_within_the_jurisdiction(site: Site) -> None:
    c, k = site.seeded.certificates, site.seeded.cases
    detail = site.client.get(f"{BASE}/certificates/{c['c6']}", headers=site.guangdong)
    assert detail.status_code == 200
    body = detail.json()
    assert [(h["from_status"], h["to_status"]) for h in body["history"]] == [
        ("valid", "suspended"), ("suspended", "withdrawn")]
    assert [s["id"] for s in body["surveillance"]] == [site.seeded.checks["k6"]]
    case = site.client.get(f"{BASE}/certification-cases/{k['o1']}", headers=site.guangdong).json()
    assert (case["case"]["state"], case["case"]["certificate_id"]) == ("document_review", None)
    assert case["documents"] == []
    assert site.client.get(f"{BASE}/certificates/{c['c6']}",
                           headers=site.jiangsu).status_code == 404
    assert site.client.get(f"{BASE}/certification-cases/{k['o1']}",
                           headers=site.jiangsu).status_code == 404
    refused = site.client.get(f"{BASE}/overview", headers=site.enterprise)
    assert (refused.status_code, refused.json()["field"]) == (403, "organisation")


def test_the_overview_names_categories_and_bodies_in_both_languages(site: Site) -> None:
    o = site.client.get(f"{BASE}/overview", headers=site.guangdong).json()
    assert o["jurisdiction"] == "CN-GD"
    names = {t["key"]: (t["name_zh"], t["name_en"]) for t in o["by_category"]}
    assert names.get("16", ("水泥", "cement")) == ("水泥", "cement")
    assert {t["name_zh"] for t in o["by_body"]} <= {"认证机构一 Body One", "认证机构二 Body Two"}


def test_surveillance_can_be_narrowed_to_the_overdue(site: Site) -> None:
    every = site.client.get(f"{BASE}/surveillance", headers=site.guangdong).json()
    overdue = site.client.get(f"{BASE}/surveillance", params={"overdue": "true"},
                              headers=site.guangdong).json()
    assert every["total"] == 6
    assert {s["id"] for s in overdue["items"]} == {s["id"] for s in every["items"]
                                                   if s["overdue"]}
    assert all(s["done_on"] is None for s in overdue["items"])
