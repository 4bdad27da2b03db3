"""The pilot's effect evaluation in Debian's chromium, in Chinese, through the pages only: the
responsible regulator opens its pilot, follows the link to the evaluation, reads the four
dimensions apart (no aggregate), declares an input with its evidence file, sets weights for
the four dimensions and sees the aggregate, downloads the report PDF; the same page on a
phone. Screenshots go to tests/browser/artifacts/ (evaluation-NN-*.png)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Page, expect

from carbonlabel.domain.tenancy import User
from tests.browser.support import BrowserFactory, make_app, serving
from tests.support.pilot_evaluation import seed_evaluated_pilot
from tests.support.supervision import PASSWORD, regulator

PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Scene:
    url: str
    pilot_id: str
    user: User


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scene]:
    app = make_app(tmp_path_factory.mktemp("evaluation-journey"))
    make_uow = app.state.uow
    seeded = seed_evaluated_pilot(make_uow, regulator(make_uow, "CN-GD-440300",
                                                      "sz@reg.example"))
    with serving(app) as url:
        yield Scene(url, seeded.pilot_id, seeded.regulator)


def sign_in(page: Page, scene: Scene) -> None:
    page.goto(f"{scene.url}/signin")
    page.fill("#email", scene.user.email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/signin$"))


def test_the_regulator_evaluates_its_pilot_and_downloads_the_report(
        scene: Scene, open_browser: BrowserFactory, artifacts: Path) -> None:
    def shot(page: Page, name: str) -> None:
        page.screenshot(path=artifacts / f"evaluation-{name}.png", full_page=True)

    desk = open_browser(locale="zh-CN").new_page()
    sign_in(desk, scene)
    desk.goto(f"{scene.url}/supervision/pilots/{scene.pilot_id}")
    desk.click("#evaluation-link")
    desk.select_option("#period", "2026")
    desk.click("#form-period button")
    expect(desk.locator("h1")).to_contain_text("效果评估")
    for dim in ("quality", "economic", "social", "ecological"):
        expect(desk.locator(f"table[data-dimension={dim}]")).to_be_visible()
    expect(desk.locator("#no-aggregate")).to_be_visible()
    row = desk.locator("tr[data-indicator=certification_effectiveness] .value")
    expect(row).to_have_text("66.67 %")
    expect(desk.locator("tr[data-indicator=metered_share] [data-flag=not_on_platform]")
           ).to_be_visible()
    shot(desk, "01-dimensions")

    desk.click("#declare summary")
    desk.select_option("#kind", "training_participants")
    desk.fill("#value", "300")
    desk.fill("#evidence", "培训签到表 2026")
    desk.set_input_files("#document", FilePayload(name="签到表.pdf", mimeType="application/pdf",
                                                  buffer=b"%PDF-1.4 sign-in sheet"))
    desk.click("#form-input button[type=submit]")
    expect(desk.locator("#done-notice")).to_be_visible()
    expect(desk.locator("tr[data-indicator=training_participants] .value")
           ).to_contain_text("300")
    shot(desk, "02-declared")

    desk.click("#weights summary")
    desk.select_option("#method", "expert")
    for name, weight in (("quality", "0.4"), ("economic", "0.2"), ("social", "0.2"),
                         ("ecological", "0.2")):
        desk.fill(f"#form-weights input[name={name}]", weight)
    desk.click("#form-weights button[type=submit]")
    expect(desk.locator("#aggregate")).to_be_visible()
    shot(desk, "03-weighted")

    with desk.expect_download() as download:
        desk.click("#report-zh")
    saved = artifacts / "evaluation-report-zh.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")

    phone = open_browser(locale="zh-CN", **PHONE).new_page()
    sign_in(phone, scene)
    phone.goto(f"{scene.url}/supervision/pilots/{scene.pilot_id}/evaluation?period=2026")
    expect(phone.locator("#score-chart")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1  # nothing wider than the phone
    shot(phone, "04-phone")
