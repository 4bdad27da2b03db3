"""The product rule pages and the footprint's conformance card, over HTTP (no browser): the
catalogue of the 17 bundled rules, one rule with its versions and parts, and the card that
checks a footprint's model version against the release the footprint recorded, never a later
one. The page walks of tests/browser/test_pages_http.py cover the routes for signed-out
visitors and other organisations (the rules are reference data: every organisation reads
them)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.adapters.product_rules import bundled_rules
from carbonlabel.domain.product_rules.content import rule_hash
from carbonlabel.domain.product_rules.records import CutOffLimit
from carbonlabel.domain.tenancy import User
from carbonlabel.services.quantify import catalog, footprint_jobs
from carbonlabel.services.quantify.product_rules import recorded_conformance
from tests.browser.support import demo_model_path, make_app, register_product
from tests.support.documents import pdf_text, squeezed
from tests.support.platform import PASSWORD, Tenant, seed_tenant
from tests.support.supervision import PASSWORD as REGULATOR_PASSWORD
from tests.support.supervision import regulator

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
BATTERY = "cn-pilot-04-li-ion-energy-storage"
#: the demo names the rule without a version (the latest release at calculation: 1.0) and
#: leaves out up to 8 % in total, looser than 1.0's 5 %
LOOSE = (demo_model_path().read_text(encoding="utf-8")
         .replace(f'product_rule: {{code: {BATTERY}, version: "1.0"}}',
                  f"product_rule: {{code: {BATTERY}}}")
         .replace("cut_off: {per_input: 0.01, total: 0.05}",
                  "cut_off: {per_input: 0.01, total: 0.08}"))


@dataclass(frozen=True)
class Site:
    app: FastAPI
    tenant: Tenant
    other: Tenant
    conforming: str  # the demo's footprint (it conforms to 1.0)
    loose: str  # the loose model's footprint, calculated under 1.0
    no_rule: str  # the demo without a product rule: no release recorded


def _footprint(app: FastAPI, tenant: Tenant, product_id: str, content: str) -> str:
    data_dir = app.state.settings.data_dir
    with app.state.uow(write=True) as uow:
        version = catalog.save_model_version(uow, tenant.admin, product_id, content, "yaml",
                                             data_dir, data_dir / "databases")
        job = footprint_jobs.start_footprint_job(uow, tenant.admin, version.id)
        uow.commit()
    footprint_jobs.run_footprint_job(app.state.uow, job.id, data_dir, data_dir / "databases")
    with app.state.uow() as uow:
        return str(uow.jobs.get(job.id).result_id)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    app = make_app(tmp_path_factory.mktemp("product-rule-pages"))
    tenant = seed_tenant(app.state.uow, "甲企业 Owner Co.")
    other = seed_tenant(app.state.uow, "乙企业 Other Co.")
    product_id = register_product(app.state.uow, tenant, "储能电池", "storage battery")
    conforming = _footprint(app, tenant, product_id,
                            demo_model_path().read_text(encoding="utf-8"))
    loose = _footprint(app, tenant, product_id, LOOSE)
    no_rule = _footprint(app, tenant, product_id, "\n".join(
        line for line in demo_model_path().read_text(encoding="utf-8").splitlines()
        if "product_rule:" not in line))
    # then a release 1.1 allowing 10 % in total: the loose model would conform to it
    first = next(r for r in bundled_rules() if r.code == BATTERY)
    with app.state.uow(write=True) as uow:
        uow.product_rules.add(replace(first, version="1.1", released_on=date(2026, 1, 1),
                                      cut_off=CutOffLimit(per_input=0.01, total=0.10)))
        uow.commit()
    with TestClient(app):
        yield Site(app, tenant, other, conforming, loose, no_rule)


def sign_in(site: Site, user: User, lang: str = "zh-CN", password: str = PASSWORD) -> TestClient:
    client = TestClient(site.app, headers={"Accept-Language": lang}, follow_redirects=False)
    token = CSRF.search(client.get("/signin").text).group(1)  # type: ignore[union-attr]
    answer = client.post("/signin", data={"email": user.email, "password": password,
                                          "csrf_token": token, "next": "/dashboard"})
    assert answer.status_code == 303
    return client


def _section(page: str, id_: str) -> str:
    return page.split(f'id="{id_}"')[1].split("</section>")[0]


def test_the_catalogue_lists_each_rule_once_with_its_latest_version(site: Site) -> None:
    client = sign_in(site, site.other.viewer, "en")  # reference data: any organisation
    page = client.get("/product-rules")
    assert page.status_code == 200
    rows = re.findall(r'<tr data-code="([^"]+)">', page.text)
    assert len(rows) == len(set(rows)) == 17
    battery = page.text.split(f'<tr data-code="{BATTERY}">')[1].split("</tr>")[0]
    assert "1.1" in battery
    assert "(2 versions)" in battery
    assert "official text not available" in battery  # no bundled rule has its official text
    assert page.text.count('class="flag no-official-text"') == 17
    assert 'class="nav-product-rules" aria-current="page"' in page.text


def test_the_catalogue_is_in_chinese_first(site: Site) -> None:
    page = sign_in(site, site.tenant.viewer).get("/product-rules").text
    assert "产品碳足迹核算规则（PCR）" in page
    assert "官方文本未公开" in page
    assert "储能" in page  # the title of the battery rule, zh
    rule = sign_in(site, site.tenant.viewer).get(f"/product-rules/{BATTERY}").text
    assert "量纲：能量" in rule
    assert "原材料获取、生产" in rule  # the mandatory stages
    assert "单项输入不超过 1.0%，合计不超过 10.0%" in rule


def test_a_rule_page_shows_every_version_and_the_chosen_versions_parts(site: Site) -> None:
    client = sign_in(site, site.tenant.analyst, "en")
    latest = client.get(f"/product-rules/{BATTERY}").text
    versions = _section(latest, "versions")
    assert re.findall(r'data-version="([^"]+)"', versions) == ["1.1", "1.0"]
    assert "at most 1.0% per input, 10.0% in total" in latest  # 1.1 is the default
    first = client.get(f"/product-rules/{BATTERY}", params={"version": "1.0"}).text
    rule = next(r for r in bundled_rules() if r.code == BATTERY)
    parts = _section(first, "parts")
    assert "at most 1.0% per input, 5.0% in total" in parts
    assert f"{rule.unit.unit} · {rule.unit.description.en}" in parts
    assert "dimension: energy" in parts
    for factor in rule.default_factors:
        assert f"<code>{factor.key}</code>" in parts
    assert parts.count("<li>") >= len(rule.report_sections) + len(rule.primary_data)
    assert "DQR at most 3" in parts
    assert "DQR at most 4" in parts
    sources = _section(first, "sources")
    linked = [c for c in rule.citations if c.url.startswith("http")]
    assert sources.count('rel="noopener noreferrer external"') == len(linked) > 0
    assert rule_hash(rule)[:12] in versions or rule_hash(rule)[:12] in first
    assert 'id="no-official-text"' in first


def test_an_unknown_rule_or_version_is_not_found(site: Site) -> None:
    client = sign_in(site, site.tenant.analyst, "en")
    assert client.get("/product-rules/no-such-rule").status_code == 404
    missing = client.get(f"/product-rules/{BATTERY}", params={"version": "9.9"})
    assert missing.status_code == 404
    assert "This rule has no such version." in missing.text


def test_the_footprint_card_says_a_conforming_model_conforms(site: Site) -> None:
    client = sign_in(site, site.tenant.analyst, "en")
    card = _section(client.get(f"/footprints/{site.conforming}").text, "conformance")
    assert f"{BATTERY}@1.0#" in card
    assert 'id="conformance-ok"' in card
    assert "conformance-gaps" not in card


def test_the_footprint_card_lists_the_gap_against_the_recorded_release_not_the_latest(
        site: Site) -> None:
    client = sign_in(site, site.tenant.analyst, "en")
    card = _section(client.get(f"/footprints/{site.loose}").text, "conformance")
    assert f'href="/product-rules/{BATTERY}?version=1.0"' in card  # not 1.1, released since
    gaps = re.findall(r'<li data-code="([^"]+)"><code>([^<]+)</code>: ([^<]+)</li>', card)
    assert gaps == [("cut_off_total", "cut_off.total",
                     "the cut-off (total) 8 % is looser than the rule&#39;s 5 %")]
    zh = _section(sign_in(site, site.tenant.analyst).get(f"/footprints/{site.loose}").text,
                  "conformance")
    assert "取舍准则（合计）8 % 宽于规则的 5 %" in zh
    assert "与该规则版本有 1 项不符合" in zh


def test_a_footprint_without_a_recorded_release_says_so(site: Site) -> None:
    client = sign_in(site, site.tenant.analyst, "en")
    card = _section(client.get(f"/footprints/{site.no_rule}").text, "conformance")
    assert 'id="conformance-none"' in card
    assert "No product rule release was recorded with this footprint" in card


def test_a_release_that_is_not_stored_or_a_model_that_cannot_be_read_gives_no_verdict(
        site: Site) -> None:
    with site.app.state.uow() as uow:
        record = uow.footprints.in_org(site.tenant.organisation.id, site.conforming)
        assert record is not None
        unread = recorded_conformance(uow, record.product_rule_release, None)
        other_hash = recorded_conformance(uow, f"{BATTERY}@1.0#{'0' * 64}", None)
        unknown = recorded_conformance(uow, f"{BATTERY}@7.0#{'0' * 64}", None)
        assert recorded_conformance(uow, None, None) is None
    assert unread is not None
    assert unread.rule is not None
    assert unread.conformance is None
    assert unread.rule.version == "1.0"
    for found in (other_hash, unknown):
        assert found is not None
        assert found.rule is None
        assert found.conformance is None


def test_a_regulator_reads_the_rules_from_its_own_navigation(site: Site) -> None:
    inspector = regulator(site.app.state.uow, "CN-GD", "rules-inspector@example.cn")
    client = sign_in(site, inspector, "en", REGULATOR_PASSWORD)
    page = client.get(f"/product-rules/{BATTERY}")
    assert page.status_code == 200
    assert 'class="nav-supervision"' in page.text  # the regulator's navigation
    assert 'class="nav-product-rules" aria-current="page"' in page.text


def test_the_study_report_lists_the_gap_against_the_recorded_release(site: Site) -> None:
    client = sign_in(site, site.tenant.analyst, "en")
    answer = client.get(f"/api/v1/footprints/{site.loose}/report.pdf?lang=en")
    assert answer.status_code == 200
    text = squeezed(pdf_text(answer.content))
    assert squeezed("3.5 Conformance to the product rule (PCR)") in text
    assert squeezed(f"Rule release applied {BATTERY}@1.0#") in text
    assert squeezed("cut-off cut_off.total the cut-off (total) 8 % is looser than the "
                    "rule's 5 %") in text
