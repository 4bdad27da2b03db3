"""The procurement API and pages over HTTP: the ranking as JSON, CSV and XLSX (read back with
openpyxl against the hand-made expectation), criteria published, public and withdrawn, the
pages in both languages, and who is refused what."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from carbonlabel.domain.tenancy import OrgKind
from tests.api.conftest import API, bearer, build_app, sign_in, token_for
from tests.support.platform import Tenant, seed_tenant
from tests.support.procurement import (
    BOUNDARY,
    CEMENT,
    EXPECTED_EXCLUDED,
    EXPECTED_RANKS,
    ON,
    RULE,
    UNIT,
    seed_category,
)

P = f"{API}/procurement"
QUERY = {"category": CEMENT, "unit": UNIT}
KEY_TEXT = f"{RULE} · {UNIT} · {BOUNDARY}"


@dataclass(frozen=True)
class Walk:
    client: TestClient
    agency: Tenant
    token: str  # the agency analyst's
    other_token: str  # another agency's admin
    company_token: str  # an enterprise admin's


@pytest.fixture
def walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Walk]:
    for module in ("api", "pages"):
        monkeypatch.setattr(f"carbonlabel.web.procurement.{module}.today", lambda: ON)
    app = build_app(f"sqlite:///{tmp_path / 'api.db'}", tmp_path / "data")
    with TestClient(app) as client:
        make_uow = app.state.uow
        seed_category(make_uow)
        agency = seed_tenant(make_uow, "省政府采购中心", OrgKind.PROCUREMENT_AGENCY)
        other = seed_tenant(make_uow, "市采购中心", OrgKind.PROCUREMENT_AGENCY)
        company = seed_tenant(make_uow, "水泥企业")
        yield Walk(client, agency, token_for(make_uow, agency.analyst),
                   token_for(make_uow, other.admin), token_for(make_uow, company.admin))


def publish(walk: Walk, token: str, **change: object) -> dict[str, object]:
    body = {"title": "同类前 25 %", "product_rule": RULE, "declared_unit": UNIT,
            "boundary": BOUNDARY, "kind": "best_quartile", "effective_on": "2026-03-01",
            **change}
    response = walk.client.post(f"{P}/criteria", json=body, headers=bearer(token))
    assert response.status_code == 201, response.text
    made: dict[str, object] = response.json()
    return made


def test_the_ranking_answers_ranks_exclusions_and_the_benchmark(walk: Walk) -> None:
    response = walk.client.get(f"{P}/ranking", params=QUERY, headers=bearer(walk.token))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["key"]["text"] == KEY_TEXT
    assert [(i["certificate"], i["rank"]) for i in body["items"]] == EXPECTED_RANKS
    assert body["items"][0]["registry_url"] == "/registry/CFP-B"
    assert {e["certificate"]: e["reason"] for e in body["excluded"]} == EXPECTED_EXCLUDED
    assert (body["benchmark"]["count"], body["benchmark"]["q1"]) == (6, 387.5)
    assert body["units"] == ["1 kg", "1 t"]


def test_a_published_criterion_is_public_marks_the_ranking_and_can_be_withdrawn(
        walk: Walk) -> None:
    made = publish(walk, walk.token)
    public = TestClient(walk.client.app)  # nobody signed in
    listed = public.get(f"{API}/public/procurement-criteria").json()
    assert [(c["id"], c["state"], c["agency"]) for c in listed] == [
        (made["id"], "in_force", "省政府采购中心")]
    assert public.get(f"{API}/public/procurement-criteria/{made['id']}").json()["published_by"] == (
        walk.agency.analyst.id)
    ranked = walk.client.get(f"{P}/ranking", params=QUERY, headers=bearer(walk.token)).json()
    assert {i["certificate"]: i["meets"][made["id"]] for i in ranked["items"]} == {
        "CFP-B": True, "CFP-C": True, "CFP-A": False, "CFP-D": False, "CFP-E": False,
        "CFP-F": False}
    other = walk.client.post(f"{P}/criteria/{made['id']}/withdraw", json={"reason": "x"},
                             headers=bearer(walk.other_token))
    assert other.status_code == 404
    gone = walk.client.post(f"{P}/criteria/{made['id']}/withdraw",
                            json={"reason": "改用限值"}, headers=bearer(walk.token))
    assert gone.status_code == 200, gone.text
    assert (gone.json()["state"], gone.json()["withdrawal_reason"]) == ("withdrawn", "改用限值")
    again = walk.client.post(f"{P}/criteria/{made['id']}/withdraw", json={"reason": "x"},
                             headers=bearer(walk.token))
    assert again.status_code == 409
    kept = public.get(f"{API}/public/procurement-criteria").json()
    assert kept[0]["state"] == "withdrawn"


def test_the_workbook_holds_the_ranking_the_excluded_and_what_it_is_of(walk: Walk) -> None:
    made = publish(walk, walk.token, kind="threshold", threshold=455.0, title="不高于 455")
    response = walk.client.get(f"{P}/ranking.xlsx", params={**QUERY, "lang": "en"},
                               headers=bearer(walk.token))
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == (
        'attachment; filename="procurement-ranking-2026-06-01.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["排名 ranking", "未参与排名 excluded", "说明 about"]
    rows = list(book["排名 ranking"].iter_rows(values_only=True))
    header = rows[0]
    assert header[-2] == ("准则 / Criterion: 不高于 455: at or below a stated value 455 kg CO2e "
                          "(from 2026-03-01)")
    ranked = [(r[3], r[2], r[6], r[-2]) for r in rows[1:] if r[2] is not None]
    # values as certified; at or below 455 by hand: B, C, A, D
    assert ranked == [("CFP-B", 1, 380.0, "meets"), ("CFP-C", 1, 380.0, "meets"),
                      ("CFP-A", 3, 410.0, "meets"), ("CFP-D", 4, 455.0, "meets"),
                      ("CFP-E", 5, 520.0, "does not meet"), ("CFP-F", 6, 600.0,
                                                             "does not meet")]
    assert {r[0] for r in rows[1:]} == {KEY_TEXT}
    excluded = list(book["未参与排名 excluded"].iter_rows(values_only=True))[1:]
    assert {r[0]: r[-1] for r in excluded} == {
        "CFP-G": "the certificate is not valid today",
        "CFP-H": "the certificate is not valid today",
        "CFP-I": "another release of the product rule", "CFP-J": "another declared unit",
        "CFP-K": "another system boundary", "CFP-L": "certified without a product rule",
        "CFP-M": "another product rule"}
    about = {r[0]: r[1] for r in book["说明 about"].iter_rows(values_only=True)}
    assert about["比较口径 / Comparable key"] == KEY_TEXT
    assert str(about["排名日期 / Ranking date"])[:10] == "2026-06-01"
    assert about["准则 / Criterion"] == "不高于 455: at or below a stated value 455 kg CO2e " \
                                      "(from 2026-03-01)"
    assert about["中位数 / Median"] == 432.5
    assert made["id"]


def test_the_csv_is_the_ranking_then_the_excluded_in_chinese(walk: Walk) -> None:
    response = walk.client.get(f"{P}/ranking.csv", params=QUERY, headers=bearer(walk.token))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r[3], r[2]) for r in rows[1:] if r[2]] == [(n, str(k)) for n, k in EXPECTED_RANKS]
    assert {r[3]: r[-1] for r in rows[1:] if not r[2]}["CFP-I"] == "产品种类规则版本不同"
    assert rows[1][8] == "同类最优 5 %"  # B's band


def test_non_procurement_users_are_refused_and_bad_input_is_a_4xx_naming_the_field(
        walk: Walk) -> None:
    for path in ("/ranking", "/ranking.csv", "/ranking.xlsx"):
        refused = walk.client.get(f"{P}{path}", params=QUERY,
                                  headers=bearer(walk.company_token))
        assert refused.status_code == 403, path
        assert refused.json()["field"] == "organisation"
    assert walk.client.get(f"{P}/ranking", params=QUERY).status_code == 401
    bad = walk.client.post(f"{P}/criteria", headers=bearer(walk.token), json={
        "title": "x", "product_rule": RULE, "declared_unit": UNIT, "boundary": BOUNDARY,
        "kind": "best_quartile", "threshold": 10, "effective_on": "2026-03-01"})
    assert (bad.status_code, bad.json()["field"]) == (422, "threshold")
    no_unit = walk.client.get(f"{P}/ranking.csv", params={"category": CEMENT},
                              headers=bearer(walk.token))
    assert (no_unit.status_code, no_unit.json()["field"]) == (422, "unit")
    assert walk.client.get(f"{API}/public/procurement-criteria/nope").status_code == 404


@pytest.mark.parametrize(("lang", "words"), [
    ("zh", ["低碳采购", "排名", "不可比", "产品种类规则版本不同"]),
    ("en", ["Low-carbon procurement", "Not comparable", "another release of the product rule"])])
def test_the_ranking_page_shows_the_ranking_in_the_language_asked(
        walk: Walk, lang: str, words: list[str]) -> None:
    sign_in(walk.client, walk.agency.analyst)
    page = walk.client.get("/procurement", params={**QUERY, "lang": lang})
    assert page.status_code == 200
    for word in words:
        assert word in page.text
    assert 'data-number="CFP-B" data-rank="1"' in page.text
    assert walk.client.get("/", follow_redirects=False).headers["location"] == "/procurement"
    public = TestClient(walk.client.app).get("/public/procurement-criteria", params={"lang": lang})
    assert public.status_code == 200
