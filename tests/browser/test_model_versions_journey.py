"""In Debian's chromium: an analyst opens a saved model version from the product page
("查看 / View"), then compares two versions with the product page's form ("对比 / Compare")
and reads the inputs and results side by side, in Chinese on a desktop and in English on a
phone. Screenshots: tests/browser/artifacts/versions-*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from carbonlabel.services.quantify import catalog, footprint_jobs
from tests.browser.support import (
    BrowserFactory,
    demo_model_path,
    make_app,
    register_product,
    serving,
)
from tests.support.platform import PASSWORD, Tenant, seed_tenant


@dataclass(frozen=True)
class Served:
    url: str
    tenant: Tenant
    product_id: str
    totals: tuple[float, float]  # v1's and v2's footprints (kg CO2e per kWh)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    data_dir = tmp_path_factory.mktemp("versions-web")
    app = make_app(data_dir)
    tenant = seed_tenant(app.state.uow, "版本测试公司 Versions Test Co.")
    product_id = register_product(app.state.uow, tenant, "储能电池包", "Storage pack")
    first = demo_model_path().read_text(encoding="utf-8")
    second = first.replace("        amount: 480\n", "        amount: 470\n", 1)
    totals = []
    for text in (first, second):
        with app.state.uow(write=True) as uow:
            version = catalog.save_model_version(uow, tenant.admin, product_id, text, "yaml",
                                                 data_dir, data_dir / "databases")
            job = footprint_jobs.start_footprint_job(uow, tenant.admin, version.id)
        footprint_jobs.run_footprint_job(app.state.uow, job.id, data_dir,
                                         data_dir / "databases")
        with app.state.uow() as uow:
            record = uow.footprints.of_version(tenant.organisation.id, version.id, 1)[0]
        totals.append(record.total_co2e_kg)
    with serving(app) as url:
        yield Served(url, tenant, product_id, (totals[0], totals[1]))


def signed_in(page: Page, served: Served, path: str) -> None:
    page.goto(f"{served.url}{path}")
    page.fill("#email", served.tenant.analyst.email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def test_an_analyst_views_a_version_and_compares_two_on_a_desktop_in_chinese(
        served: Served, open_browser: BrowserFactory, artifacts: Path) -> None:
    page = open_browser(locale="zh-CN").new_page()
    signed_in(page, served, f"/products/{served.product_id}")
    page.locator("tr[data-version='1'] a.view-version").click()
    expect(page.locator("h1")).to_have_text("模型版本 1")
    expect(page.locator("#L148")).to_contain_text("amount: 480")
    expect(page.locator("#factors")).to_contain_text("cn-electricity-cfp-2023")
    page.screenshot(path=artifacts / "versions-view-desktop.png", full_page=True)

    page.go_back()
    page.select_option("#compare-a", "1")
    page.select_option("#compare-b", "2")
    page.click("#compare-versions button[type=submit]")
    expect(page).to_have_url(re.compile(r"/compare\?a=1&b=2$"))
    expect(page.locator("#inputs li[data-key='process:cells_delivered']")).to_contain_text(
        "480 kg")
    a_kg, b_kg = served.totals
    expect(page.locator("#total-row td").nth(3)).to_have_text(
        f"{(b_kg - a_kg) / a_kg * 100:+.1f}%")
    expect(page.locator(".diff-line.add")).to_contain_text("amount: 470")
    page.screenshot(path=artifacts / "versions-compare-desktop.png", full_page=True)


def test_the_comparison_reads_on_a_phone_in_english(
        served: Served, open_browser: BrowserFactory, artifacts: Path) -> None:
    page = open_browser(locale="en", width=390, height=844).new_page()
    signed_in(page, served, f"/products/{served.product_id}/compare")
    expect(page.locator("h1")).to_have_text("Compare model versions")
    expect(page.locator("#results")).to_contain_text("Relative change")
    # nothing but the line-numbered text may scroll sideways on a phone
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    page.screenshot(path=artifacts / "versions-compare-phone.png", full_page=True)
    page.locator("#compared a").first.click()
    expect(page.locator("h1")).to_have_text("Model version 1")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    page.screenshot(path=artifacts / "versions-view-phone.png")
