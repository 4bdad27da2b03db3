"""In Debian's chromium: an analyst opens the product's improvement plans from the product
page, records a plan against the certified baseline and reads it tracked (10 % restated,
reached; the 20 % the stored totals show beside it); then, on a phone, the public certificate
page shows the granted "reducing" claim. Screenshots: tests/browser/artifacts/improvement-*.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from carbonlabel.domain.improvement.claims import ClaimKind
from carbonlabel.services.improvement import claims
from carbonlabel.services.improvement.claims import ClaimRequest
from tests.browser.support import BrowserFactory, make_app, serving
from tests.support.certification import (
    PRODUCT_CATEGORY,
    certify,
    qualify_and_declare,
    seed_body,
)
from tests.support.improvement import (
    BASELINE,
    IMPROVED,
    certify_with_claims,
    footprint_of,
    model_text,
    new_product,
)
from tests.support.platform import PASSWORD, Tenant, seed_tenant


@dataclass(frozen=True)
class Served:
    url: str
    tenant: Tenant
    product_id: str
    number: str  # the certificate of the improved footprint, with its reducing claim


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    data = tmp_path_factory.mktemp("improvement-web")
    app = make_app(data)
    make_uow = app.state.uow
    body = seed_body(make_uow)
    tenant = seed_tenant(make_uow, "改进测试公司 Improvement Test Co.")
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    product = new_product(make_uow, tenant, PRODUCT_CATEGORY)
    baseline = footprint_of(make_uow, data, tenant, product, model_text(*BASELINE))
    certify(make_uow, data, body, tenant, baseline)
    improved = footprint_of(make_uow, data, tenant, product, model_text(*IMPROVED))
    today = date.today()
    certificate_id, (claim_id,) = certify_with_claims(
        make_uow, data, body, tenant, improved,
        (ClaimRequest(ClaimKind.REDUCING, baseline.id, 0.10, today + timedelta(days=700)),),
        today)
    with make_uow(write=True) as uow:
        claims.decide_claim(uow, body.decider, claim_id, True, "减排经核查 / verified", today)
    with make_uow() as uow:
        certificate = uow.certificates.get(certificate_id)
    assert certificate is not None
    with serving(app) as url:
        yield Served(url, tenant, product, certificate.number)


def signed_in(page: Page, served: Served, path: str) -> None:
    page.goto(f"{served.url}{path}")
    page.fill("#email", served.tenant.analyst.email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def test_an_analyst_records_a_plan_and_reads_it_tracked_on_one_factor_set(
        served: Served, open_browser: BrowserFactory, artifacts: Path) -> None:
    page = open_browser(locale="zh-CN").new_page()
    signed_in(page, served, f"/products/{served.product_id}")
    page.click("#improvement-link")
    expect(page.locator("h1")).to_have_text("改进计划")
    page.fill("#title", "电耗与钢材各减 10 %")
    page.select_option("#baseline", index=1)  # newest first: the baseline is the older one
    page.fill("#target", "10")
    page.fill("#starts", "2026-01-01")
    page.fill("#target-on", "2027-12-31")
    page.fill("#measures", "production | 5 | 余热发电\nraw_material_acquisition | 5 | 钢材减重")
    page.screenshot(path=artifacts / "improvement-form-desktop.png", full_page=True)
    page.click("#create-plan")
    expect(page).to_have_url(re.compile(r"/improvement-plans/[0-9a-f-]+$"))
    row = page.locator("#tracked tbody tr").first
    expect(row.locator(".reduction")).to_have_text("10.0%")
    expect(row).to_contain_text("20.0%")
    expect(row).to_contain_text("grid")
    expect(page.locator("#plan-progress [data-progress]")).to_have_text("已达成目标")
    expect(page.locator("#measures")).to_contain_text("钢材减重")
    page.screenshot(path=artifacts / "improvement-plan-desktop.png", full_page=True)


def test_the_public_certificate_page_shows_the_reducing_claim_on_a_phone(
        served: Served, open_browser: BrowserFactory, artifacts: Path) -> None:
    page = open_browser(locale="zh-CN", width=390, height=844).new_page()
    page.goto(f"{served.url}/registry/{served.number}")
    claim = page.locator("#claims [data-claim='reducing']")
    expect(claim).to_contain_text("减碳中")
    expect(claim).to_contain_text("10.0%")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    page.locator("#claims").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "improvement-registry-phone.png", full_page=True)
