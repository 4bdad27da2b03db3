"""A false-label report end to end in Debian's chromium, in Chinese: a consumer scans a label
on a phone, types the value the package shows (ten times the certified one), adds a photo and
sends the report without signing in; the holder's provincial regulator sees the
value_mismatch alert with the consumer's value and the certificate's, and opens a case.

Screenshots go to tests/browser/artifacts/ (report-*.png).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from carbonlabel.domain.tenancy import Role, User
from tests.browser.support import BrowserFactory, make_app, serving
from tests.support.certification import labelled_certificate
from tests.support.supervision import PASSWORD, regulator

PHONE = {"width": 390, "height": 844}
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)


@dataclass(frozen=True)
class Scene:
    url: str
    qr_url: str
    number: str
    certified_value: str
    inspector: User


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scene]:
    data_dir = tmp_path_factory.mktemp("report-journey")
    app = make_app(data_dir)
    make_uow = app.state.uow
    made = labelled_certificate(make_uow, data_dir, app.state.settings.label_keys_dir)
    label = made.label
    inspector = regulator(make_uow, "CN-GD", "inspector@amr.example.cn", Role.ANALYST)
    with serving(app) as url:
        yield Scene(url, f"{url}/v/{label.token}", label.code, made.certificate.certified_value,
                    inspector)


def sign_in(page: Page, scene: Scene, where: str) -> None:
    page.goto(f"{scene.url}/signin?next={where}")
    page.fill("#email", scene.inspector.email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(where) + "$"))


def test_a_consumer_reports_another_value_and_the_regulator_opens_a_case(
        scene: Scene, open_browser: BrowserFactory, artifacts: Path) -> None:
    printed = str(Decimal(scene.certified_value) * 10)
    phone = open_browser(locale="zh-CN", **PHONE).new_page()
    phone.goto(scene.qr_url)
    expect(phone.locator("#verdict")).to_have_attribute("data-verdict", "valid")
    phone.fill("#prompt-value", printed)
    phone.screenshot(path=artifacts / "report-1-verdict-phone.png", full_page=True)
    phone.click("#prompt-report")
    expect(phone.locator("#report-value")).to_have_value(printed)
    expect(phone.locator("#report-number")).to_have_value(scene.number)
    phone.select_option("#report-region", "CN-JS")
    phone.fill("#report-description", "包装上印的碳足迹是登记值的十倍")
    phone.set_input_files("#report-photo", files=[{"name": "pack.png", "mimeType": "image/png",
                                                   "buffer": PNG}])
    phone.screenshot(path=artifacts / "report-2-form-phone.png", full_page=True)
    phone.click("#report-submit")
    expect(phone.locator("h1")).to_contain_text("感谢")
    reference = phone.locator("#report-reference").inner_text()
    assert re.fullmatch(r"JB-\d{4}-\d{6}", reference)
    phone.screenshot(path=artifacts / "report-3-thanks-phone.png", full_page=True)

    desk = open_browser(locale="zh-CN").new_page()
    sign_in(desk, scene, "/supervision/alerts")
    row = desk.locator("#alert-list tbody tr[data-rule=value_mismatch]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("包装标示值与证书不符")
    row.locator("a.alert-link").click()
    expect(desk.locator("#evidence")).to_contain_text(f"{printed} kg CO2e")
    expect(desk.locator("#evidence")).to_contain_text(scene.certified_value)
    expect(desk.locator("#registry-entry")).to_have_attribute("href", f"/registry/{scene.number}")
    desk.screenshot(path=artifacts / "report-4-alert.png", full_page=True)
    desk.check("#open-confirm")
    desk.click("#open-case")
    expect(desk).to_have_url(re.compile(r"/supervision/cases/[0-9a-f-]{36}$"))
    expect(desk.locator("#case-state")).to_contain_text("已立案")
    expect(desk.locator("#steps li")).to_have_count(1)
    desk.screenshot(path=artifacts / "report-5-case.png", full_page=True)
