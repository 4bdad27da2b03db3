"""The uncertainty card of the footprint page and the sensitivity page, over HTTP (no
browser): a Monte Carlo run started from the page's form, its summary and histogram, the
allocation example side by side with its tornado, and who may do what. The page walks of
tests/browser/test_pages_http.py cover the new routes for other organisations and signed-out
visitors (their paths use model_version_id)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.domain.records import JobState
from carbonlabel.domain.tenancy import User
from carbonlabel.services.quantify import catalog, footprint_jobs, montecarlo_jobs
from tests.browser.support import demo_model_path, make_app, register_product
from tests.support.documents import pdf_text, squeezed
from tests.support.platform import PASSWORD, Tenant, seed_tenant
from tests.support.sensitivity_model import uncertain_allocation_model

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Site:
    app: FastAPI
    tenant: Tenant
    data_dir: Path
    version_id: str  # the demo battery model
    footprint_id: str  # its footprint without a Monte Carlo run
    allocation_version_id: str  # the allocation example with two uncertain amounts
    # (tests/support/sensitivity_model.py)


def _version(app: FastAPI, tenant: Tenant, data_dir: Path, product_id: str,
             content: str) -> str:
    with app.state.uow(write=True) as uow:
        version = catalog.save_model_version(uow, tenant.admin, product_id, content, "yaml",
                                             data_dir, data_dir / "databases")
    return version.id


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data_dir = tmp_path_factory.mktemp("uncertainty-pages")
    app = make_app(data_dir)
    tenant = seed_tenant(app.state.uow, "甲企业 Owner Co.")
    product_id = register_product(app.state.uow, tenant, "测试产品", "test product")
    demo = demo_model_path().read_text(encoding="utf-8")
    version = _version(app, tenant, data_dir, product_id, demo)
    with app.state.uow(write=True) as uow:
        job = footprint_jobs.start_footprint_job(uow, tenant.admin, version)
    footprint_jobs.run_footprint_job(app.state.uow, job.id, data_dir, data_dir / "databases")
    with app.state.uow() as uow:
        footprint = str(uow.jobs.get(job.id).result_id)  # type: ignore[union-attr]
    allocation = _version(app, tenant, data_dir, product_id,
                          yaml.safe_dump(uncertain_allocation_model(), allow_unicode=True))
    with TestClient(app):
        yield Site(app, tenant, data_dir, version, footprint, allocation)


def sign_in(site: Site, user: User, lang: str = "zh-CN") -> tuple[TestClient, str]:
    client = TestClient(site.app, headers={"Accept-Language": lang}, follow_redirects=False)
    token = CSRF.search(client.get("/signin").text).group(1)  # type: ignore[union-attr]
    answer = client.post("/signin", data={"email": user.email, "password": PASSWORD,
                                          "csrf_token": token, "next": "/dashboard"})
    assert answer.status_code == 303
    return client, CSRF.search(client.get("/dashboard").text).group(1)  # type: ignore[union-attr]


def test_a_footprint_without_a_run_offers_the_form_and_the_sensitivity_link(site: Site) -> None:
    client, _ = sign_in(site, site.tenant.analyst)
    page = client.get(f"/footprints/{site.footprint_id}").text
    card = page.split('id="uncertainty"')[1].split("</section>")[0]
    assert "尚未进行蒙特卡洛模拟" in card
    assert f'action="/models/{site.version_id}/montecarlo"' in card
    assert 'name="csrf_token"' in card
    assert f'href="/models/{site.version_id}/sensitivity"' in card
    assert "mc-histogram" not in card


def test_the_form_starts_a_run_whose_summary_and_histogram_the_footprint_shows(
        site: Site) -> None:
    client, token = sign_in(site, site.tenant.analyst, "en")
    answer = client.post(f"/models/{site.allocation_version_id}/montecarlo",
                         data={"csrf_token": token, "iterations": "200", "seed": "17"})
    assert answer.status_code == 303
    job_id = answer.headers["location"].removeprefix("/jobs/")
    job_page = client.get(answer.headers["location"])
    assert job_page.status_code == 200
    assert "<h1>Monte Carlo simulation of the footprint</h1>" in job_page.text
    # the runner thread runs it too; the job function is idempotent, so run it here as well
    montecarlo_jobs.run_job(site.app.state.uow, job_id, site.data_dir,
                            site.data_dir / "databases")
    with site.app.state.uow() as uow:
        job = uow.jobs.get(job_id)
        assert job is not None
        assert job.kind == "montecarlo/200/17"
        assert job.state is JobState.SUCCEEDED
        record = uow.footprints.in_org(site.tenant.organisation.id, str(job.result_id))
    with site.app.state.uow() as uow:
        mc = montecarlo_jobs.get_uncertainty(uow, site.tenant.analyst, str(job.result_id))
    assert record is not None
    assert mc is not None
    page = client.get(f"/footprints/{record.id}").text
    card = page.split('id="uncertainty"')[1].split("</section>")[0]
    assert "Monte Carlo simulation: 200 iterations, seed 17." in card
    t = mc.total
    # the pages print four significant digits below 1,000 kg and one decimal above
    interval = f"{t.p2_5:,.1f} – {t.p97_5:,.1f} kg CO2e"
    assert t.p2_5 > 1000
    assert interval in card
    assert card.count('class="bar mc-bin"') == len(t.histogram.counts)
    # the 2.5 % mark: x = 8 + (p2.5 − e₀) · 464 / (e_n − e₀)
    e0, en = t.histogram.edges[0], t.histogram.edges[-1]
    low_x = round(8 + (t.p2_5 - e0) * 464 / (en - e0), 2)
    assert f'class="mark mc-p2_5" x1="{low_x}"' in card
    assert card.count("<tr><td>") == len(mc.by_stage) == 2  # one interval row per stage
    assert t.p2_5 < t.median < t.p97_5  # the two amounts vary
    # contribution to variance: the coke (1,058 kg CO2e after allocation, gsd 1.1: sd ≈ 101)
    # against the electricity (sd 20 kWh × 0.5 = 10): 101² / (101² + 10²) ≈ 0.99
    table = card.split('id="mc-contributions"')[1].split("</table>")[0]
    assert "Contribution to variance" in card
    first = mc.contributions[0]
    assert first.path == "processes[0].inputs[0].uncertainty"
    assert first.share > 0.95
    assert (f'<td title="{first.path}">coke (smelting)</td>'
            f'<td class="num">{first.share:.1%}</td>') in table


def test_the_contribution_table_is_in_chinese_first(site: Site) -> None:
    client, token = sign_in(site, site.tenant.analyst)
    answer = client.post(f"/models/{site.allocation_version_id}/montecarlo",
                         data={"csrf_token": token, "iterations": "100", "seed": "2"})
    job_id = answer.headers["location"].removeprefix("/jobs/")
    montecarlo_jobs.run_job(site.app.state.uow, job_id, site.data_dir,
                            site.data_dir / "databases")
    with site.app.state.uow() as uow:
        job = uow.jobs.get(job_id)
        assert job is not None
    card = client.get(f"/footprints/{job.result_id}").text.split('id="uncertainty"')[1]
    assert "<h3>方差贡献</h3>" in card
    assert "不确定参数" in card
    assert ">coke（冶炼）</td>" in card
    assert "归一化为 100 %；占比低于 1 % 的不列出" in card


def test_the_sensitivity_page_shows_mass_and_economic_allocation_side_by_side(
        site: Site) -> None:
    client, _ = sign_in(site, site.tenant.analyst, "en")
    page = client.get(f"/models/{site.allocation_version_id}/sensitivity")
    assert page.status_code == 200
    methods = page.text.split('id="methods"')[1].split("</section>")[0]
    assert "mass allocation" in methods
    assert "1,250" in methods
    assert "economic allocation" in methods
    assert "1,461.6" in methods
    assert "+16.9%" in methods  # (1,461.6 − 1,250) / 1,250 = 0.16928
    assert methods.count('class="variant-bar"') >= 3
    inputs = page.text.split('id="inputs"')[1].split("</section>")[0]
    assert inputs.count('class="tornado-row"') >= 2
    assert "× 0.9 / × 1.1" in inputs  # ± 10 %, the default range
    # the coke's own lognormal (gsd 1.1, median = the stated amount): 1.1^∓1.959964
    assert "× 0.8296 / × 1.205" in inputs
    assert "Lognormal percentiles" in inputs
    # the electricity's normal (sd 20 kWh around 312.4): 1 ∓ 1.959964 · 20 / 312.4
    assert "× 0.8745 / × 1.125" in inputs
    assert "Normal percentiles" in inputs


def test_the_sensitivity_page_is_in_chinese_first(site: Site) -> None:
    client, _ = sign_in(site, site.tenant.analyst)
    page = client.get(f"/models/{site.allocation_version_id}/sensitivity").text
    assert "敏感性分析" in page
    methods = page.split('id="methods"')[1].split("</section>")[0]
    assert "质量分配 <span class=\"muted small\">（模型原有设定）</span>" in methods
    assert "对数正态分布百分位数" in page.split('id="inputs"')[1]
    assert "经济价值分配" in methods
    assert "分配方法" in methods  # the group's name


def test_a_viewer_sees_the_run_but_cannot_start_one(site: Site) -> None:
    client, token = sign_in(site, site.tenant.viewer)
    page = client.get(f"/footprints/{site.footprint_id}").text
    assert "montecarlo-form" not in page
    answer = client.post(f"/models/{site.version_id}/montecarlo",
                         data={"csrf_token": token, "iterations": "50"})
    assert answer.status_code == 403
    assert client.get(f"/models/{site.version_id}/sensitivity").status_code == 403


def test_an_iteration_count_that_is_no_number_is_refused_at_its_field(site: Site) -> None:
    client, token = sign_in(site, site.tenant.analyst, "en")
    answer = client.post(f"/models/{site.version_id}/montecarlo",
                         data={"csrf_token": token, "iterations": "many"})
    assert answer.status_code == 422
    assert "Give a whole number." in answer.text
    answer = client.post(f"/models/{site.version_id}/montecarlo",
                         data={"csrf_token": token, "iterations": "5"})
    assert answer.status_code == 422


def test_the_study_report_carries_the_sensitivity_analysis_of_a_foreground_model(
        site: Site) -> None:
    client, _ = sign_in(site, site.tenant.analyst, "en")
    answer = client.get(f"/api/v1/footprints/{site.footprint_id}/report.pdf?lang=en")
    assert answer.status_code == 200
    text = squeezed(pdf_text(answer.content))
    assert squeezed("9.2 Sensitivity analysis") in text
    assert squeezed("IPCC AR5 GWP100") in text  # a variant of the table
