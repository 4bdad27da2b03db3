"""A regulator signs in (Debian's chromium, in Chinese) and lands on the regulator's home, not
on the enterprise dashboard: its section in the navigation, the figures, and the charts by
product category and by certification body drawn as inline SVG; then it follows a category
into the certificates. Screenshots go to tests/browser/artifacts/ (supervision-*.png)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from carbonlabel.domain.tenancy import User
from tests.browser.support import BrowserFactory, make_app, serving
from tests.support.supervision import PASSWORD, regulator
from tests.support.supervision_workspace import Seeded, seed_two_provinces


@dataclass(frozen=True)
class Scene:
    url: str
    seeded: Seeded
    inspector: User  # of Guangdong


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scene]:
    app = make_app(tmp_path_factory.mktemp("supervision-journey"))
    seeded = seed_two_provinces(app.state.uow)
    inspector = regulator(app.state.uow, "CN-GD", "inspector@gd-amr.example.cn")
    with serving(app) as url:
        yield Scene(url, seeded, inspector)


def test_a_regulator_lands_on_its_home_and_sees_the_charts(
        scene: Scene, open_browser: BrowserFactory, artifacts: Path) -> None:
    page = open_browser(locale="zh-CN").new_page()
    page.goto(f"{scene.url}/signin")
    page.fill("#email", scene.inspector.email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(re.compile(r"/supervision$"))
    expect(page.locator("h1")).to_have_text("市场监管")
    expect(page.locator("nav.nav a.nav-supervision")).to_have_attribute("aria-current", "page")
    expect(page.locator("nav.nav a[href='/dashboard']")).to_have_count(0)
    expect(page.locator("#jurisdiction")).to_contain_text("CN-GD")
    # categories in force in Guangdong: 4 (batteries) and 16 (cement: c3 only, c5 suspended)
    bars = page.locator("#chart-category svg g.count-bar")
    expect(bars).to_have_count(2)
    cement = page.locator("#chart-category g.count-bar[data-key='16']")
    expect(cement).to_have_attribute("data-products", "1")
    expect(cement).to_have_attribute("data-enterprises", "1")
    expect(page.locator("#chart-body svg g.count-bar")).to_have_count(2)
    expect(page.locator("#chart-category svg rect.bar").first).to_be_visible()
    assert "苏州电池丙" not in page.content()  # Jiangsu's enterprise
    page.screenshot(path=artifacts / "supervision-1-home.png", full_page=True)

    page.locator("#by-category tr[data-category='16'] a").click()
    expect(page).to_have_url(re.compile(r"/supervision/certificates\?category=16"))
    rows = page.locator("table.certificates tbody tr")
    expect(rows).to_have_count(1)  # c3, valid (c5 is suspended)
    expect(rows.first).to_have_attribute("data-certificate", scene.seeded.certificates["c3"])
    page.screenshot(path=artifacts / "supervision-2-certificates.png", full_page=True)
