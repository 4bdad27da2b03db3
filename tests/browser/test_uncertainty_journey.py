"""In Debian's chromium: from the footprint report of a model with two uncertain amounts
(tests/support/sensitivity_model.py), an analyst starts a seeded Monte Carlo run, watches the
job finish and reads the new footprint's histogram and 95 % interval, then opens the
sensitivity page. Screenshots: tests/browser/artifacts/uncertainty-footprint.png and
uncertainty-sensitivity.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from carbonlabel.services.quantify import catalog, footprint_jobs
from tests.browser.support import BrowserFactory, make_app, register_product, serving
from tests.support.platform import PASSWORD, Tenant, seed_tenant
from tests.support.sensitivity_model import uncertain_allocation_model


@dataclass(frozen=True)
class Served:
    url: str
    tenant: Tenant
    footprint_id: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    data_dir = tmp_path_factory.mktemp("mc-web")
    app = make_app(data_dir)
    tenant = seed_tenant(app.state.uow, "蒙特卡洛测试公司 MC Test Co.")
    product_id = register_product(app.state.uow, tenant, "包装合金", "Packed alloy")
    with app.state.uow(write=True) as uow:
        version = catalog.save_model_version(
            uow, tenant.admin, product_id,
            yaml.safe_dump(uncertain_allocation_model(), allow_unicode=True), "yaml", data_dir,
            data_dir / "databases")
        job = footprint_jobs.start_footprint_job(uow, tenant.admin, version.id)
    footprint_jobs.run_footprint_job(app.state.uow, job.id, data_dir, data_dir / "databases")
    with app.state.uow() as uow:
        footprint_id = str(uow.jobs.get(job.id).result_id)  # type: ignore[union-attr]
    with serving(app) as url:
        yield Served(url, tenant, footprint_id)


def test_an_analyst_runs_a_monte_carlo_simulation_from_the_footprint_page(
        served: Served, open_browser: BrowserFactory, artifacts: Path) -> None:
    page = open_browser(locale="en").new_page()
    page.goto(f"{served.url}/footprints/{served.footprint_id}")
    page.fill("#email", served.tenant.analyst.email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/footprints/{served.footprint_id}$"))
    expect(page.locator("#uncertainty")).to_contain_text("No Monte Carlo run yet")
    page.fill("#montecarlo-form input[name=iterations]", "200")
    page.fill("#montecarlo-form input[name=seed]", "7")
    page.click("#montecarlo-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]{36}$"))
    page.wait_for_url(re.compile(r"/footprints/[0-9a-f-]{36}$"), timeout=30_000)
    card = page.locator("#uncertainty")
    expect(card).to_contain_text("Monte Carlo simulation: 200 iterations, seed 7.")
    expect(page.locator("#mc-histogram svg rect.mc-bin")).not_to_have_count(0)
    expect(page.locator("#mc-histogram line.mc-p2_5")).to_have_count(1)
    expect(page.locator("#mc-interval")).to_contain_text(re.compile(r"[\d.,]+ – [\d.,]+ kg"))
    card.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "uncertainty-footprint.png", full_page=True)
    page.click("#sensitivity-link")
    expect(page.locator("h1")).to_have_text("Sensitivity analysis")
    expect(page.locator("#methods")).to_contain_text("1,461.6")
    expect(page.locator("#tornado g.tornado-row")).not_to_have_count(0)
    page.screenshot(path=artifacts / "uncertainty-sensitivity.png", full_page=True)
