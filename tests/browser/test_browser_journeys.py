"""In Debian's chromium, as a person would: sign in, open the dashboard, save a model version
of the LFP demo pack, calculate it, watch the job finish and read the footprint report; once
in Chinese (the default) and once in English (chosen with the language switch).

The demo pack's footprint is 43.11 kg CO2e per 1 kWh (tests/e2e/test_demo_models.py checks
the number against hand arithmetic); here we check the pages show it, in each language.
Screenshots of the main pages go to tests/browser/artifacts/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.support import BrowserFactory, LiveServer, demo_model_path
from tests.support.platform import PASSWORD

TOTAL = "43.11"


@dataclass(frozen=True)
class Words:
    """What each language's pages say (from the catalogues in web/i18n)."""

    sign_in: str
    dashboard: str
    saved: str
    calculate: str
    report: str
    per_unit: str
    headings: tuple[str, ...]


ZH = Words("登录", "企业工作台", "模型第 1 版已保存。", "计算", "产品碳足迹报告", "每 1 kWh",
           ("按生命周期阶段", "主要排放热点", "温室气体", "单独报告项", "数据质量", "溯源信息"))
EN = Words("Sign in", "Enterprise dashboard", "Model version 1 saved.", "Calculate",
           "Product carbon footprint report", "per 1 kWh",
           ("By life-cycle stage", "Top hotspots", "Greenhouse gases", "Reported separately",
            "Data quality", "Provenance"))


def sign_in(page: Page, server: LiveServer, words: Words, shots: Path, lang: str) -> None:
    page.goto(f"{server.url}/dashboard")
    expect(page).to_have_url(re.compile(r"/signin\?next=/dashboard$"))
    expect(page.locator("h1")).to_have_text(words.sign_in)
    page.screenshot(path=shots / f"{lang}-1-signin.png")
    page.fill("#email", server.tenant.analyst.email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(re.compile(r"/dashboard$"))


def calculate_and_read(page: Page, words: Words, shots: Path, lang: str) -> None:
    """From the product page with a saved version: calculate, follow the job, read the report."""
    page.locator("tr[data-version='1'] button.calculate").click()
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]{36}$"))
    page.screenshot(path=shots / f"{lang}-4-job.png")
    page.wait_for_url(re.compile(r"/footprints/[0-9a-f-]{36}$"), timeout=30_000)
    expect(page.locator("h1")).to_have_text(words.report)
    expect(page.locator(".total-value")).to_have_text(TOTAL)
    expect(page.locator(".total-unit")).to_contain_text(words.per_unit)
    for heading in words.headings:
        expect(page.locator("h2", has_text=heading)).to_be_visible()
    expect(page.locator("#stage-chart .bar-row")).to_have_count(2)
    expect(page.locator("#hotspots tbody tr")).not_to_have_count(0)
    page.screenshot(path=shots / f"{lang}-5-footprint.png", full_page=True)


def test_in_chinese_an_analyst_registers_a_product_calculates_and_reads_the_footprint(
        live_server: LiveServer, open_browser: BrowserFactory, artifacts: Path) -> None:
    page = open_browser(locale="zh-CN").new_page()
    sign_in(page, live_server, ZH, artifacts, "zh")
    expect(page.locator("h1")).to_have_text(ZH.dashboard)
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    page.screenshot(path=artifacts / "zh-2-dashboard.png", full_page=True)

    page.click("#register summary")
    page.fill("#name_zh", "磷酸铁锂储能电池包（浏览器）")
    page.fill("#name_en", "LFP pack (browser)")
    page.fill("#category", "lithium battery")
    page.fill("#gtin", "12345")
    page.click("#register button[type=submit]")
    expect(page.locator("#gtin-error")).to_contain_text("GTIN")  # shown at the field
    page.fill("#gtin", "")
    page.click("#register button[type=submit]")
    expect(page.locator("h1")).to_have_text("磷酸铁锂储能电池包（浏览器）")

    page.fill("#content", demo_model_path().read_text(encoding="utf-8"))
    page.click("#save-model")
    expect(page.locator("#saved-notice")).to_have_text(ZH.saved)
    page.screenshot(path=artifacts / "zh-3-product.png", full_page=True)
    calculate_and_read(page, ZH, artifacts, "zh")

    page.set_viewport_size({"width": 390, "height": 844})  # a phone scanning a label
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=artifacts / "zh-6-footprint-phone.png")
    page.screenshot(path=artifacts / "zh-6-footprint-phone-full.png", full_page=True)
    page.goto(page.url.split("/footprints/")[0] + "/dashboard")
    expect(page.locator("#products")).to_contain_text(TOTAL)
    page.screenshot(path=artifacts / "zh-7-dashboard-phone.png")


def test_in_english_an_analyst_uploads_a_model_file_calculates_and_reads_the_footprint(
        live_server: LiveServer, open_browser: BrowserFactory, artifacts: Path) -> None:
    page = open_browser(locale="zh-CN").new_page()
    sign_in(page, live_server, ZH, artifacts, "en")
    page.click("a[hreflang=en]")  # the language switch; a cookie keeps the choice
    expect(page.locator("h1")).to_have_text(EN.dashboard)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.screenshot(path=artifacts / "en-2-dashboard.png", full_page=True)

    page.click(f"a[href='/products/{live_server.product_id}']")
    expect(page.locator("h1")).to_have_text("Storage battery pack (test)")
    page.fill("#content", "schema: carbonlabel/product-model/1\nproduct: [\n")
    page.click("#save-model")
    expect(page.locator("#model-errors")).to_contain_text("line")
    expect(page.locator("#content")).to_have_value(re.compile("^schema: carbonlabel"))

    page.fill("#content", "")
    page.set_input_files("#file", str(demo_model_path()))
    page.click("#save-model")
    expect(page.locator("#saved-notice")).to_have_text(EN.saved)
    page.screenshot(path=artifacts / "en-3-product.png", full_page=True)
    calculate_and_read(page, EN, artifacts, "en")
    expect(page.locator("#gases")).to_contain_text("N2O")
