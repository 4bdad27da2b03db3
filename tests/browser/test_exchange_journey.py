"""The supply-chain exchange and data sharing in Debian's chromium, as the people would.

First journey (Chinese): a buyer's analyst asks a supplier organisation on the platform for the
footprint of a cold-rolled coil; the supplier's analyst finds the request in the inbox and
answers it with the coil's calculated footprint; the buyer sees the request fulfilled and the
footprint among the received ones; the buyer's part model takes it (``supplier: <PfId>``) and
the part's footprint report shows the primary-data share and the supplier-specific input.

Second journey: the supplier's admin classifies the coil's footprint as export-restricted
(出境受限) and approves its release to a partner in Germany for a stated purpose and recipient;
then reads the same page in English.

The numbers, worked by hand (tests/exchange/world.py has the models):
  coil, per kg:  2.4 kWh × 0.5 (primary) + 6 MJ × 0.3 = 1.2 + 1.8 = 3.0 kg CO2e;
                 primary-data share 1.2 / 3.0 = 40.0 %
  part, per kg:  2 kg coil × 3.0 + 2 kWh × 0.5 = 6.0 + 1.0 = 7.0 kg CO2e;
                 primary-data share (6.0 × 0.40) / 7.0 = 2.4 / 7 = 0.3429 → 34.3 %

The coil's footprint is calculated through the services beforehand, and so is the part's (its
model is saved and calculated by the helpers: tests/browser/test_browser_journeys.py drives
those pages). Screenshots go to tests/browser/artifacts/ (exchange-*.png, sharing-*.png).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.domain.tenancy import User
from tests.browser.support import BrowserFactory, make_app, serving
from tests.exchange.world import (
    World,
    add_partner,
    calculate,
    part_model,
    save_product,
    seed_world,
    supplier_footprint,
)
from tests.support.platform import PASSWORD

REQUEST_URL = re.compile(r"/exchange/requests/[0-9a-f-]{36}\?done=(\w+)$")
COIL = "冷轧钢卷 DC04 1.0 mm"


@dataclass(frozen=True)
class Scene:
    url: str
    world: World
    coil: FootprintRecord  # the supplier's calculated footprint of 1 kg of coil
    make_uow: UowFactory


@pytest.fixture
def scene(tmp_path: Path) -> Iterator[Scene]:
    """A fresh platform per journey: the sharing journey's classification must not reach the
    request journey's answer, whatever order the tests run in."""
    data_dir = tmp_path / "exchange-journey"
    data_dir.mkdir()
    app = make_app(data_dir)
    world = seed_world(app.state.uow, data_dir)
    coil = supplier_footprint(app.state.uow, world)
    with serving(app) as url:
        yield Scene(url, world, coil, app.state.uow)


def sign_in(page: Page, scene: Scene, user: User, where: str = "/dashboard") -> None:
    page.goto(f"{scene.url}/signin?next={where}")
    expect(page.locator("h1")).to_have_text("登录")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(where) + "$"))
    expect(page.locator("header .who")).to_contain_text(user.display_name)


def sign_out(page: Page) -> None:
    page.locator("header form[action='/signout'] button").click()
    expect(page).to_have_url(re.compile(r"/signin$"))
    expect(page.locator("header .who")).to_have_count(0)


def ask_for_the_coil(page: Page, scene: Scene, shots: Path) -> str:
    """The buyer's analyst asks the supplier organisation; returns the request's address."""
    sign_in(page, scene, scene.world.buyer.analyst)
    page.locator("header a.nav-exchange").click()
    expect(page.locator("h1")).to_have_text("供应商请求")
    expect(page.locator("#outbox")).to_contain_text("我们尚未向任何供应商发出请求")
    page.select_option("#supplier", label=scene.world.supplier.organisation.name)
    page.fill("#product_name", COIL)
    page.fill("#product_ids", "urn:gtin:06901234567892")
    page.fill("#comment", "请提供 2025 年度产品碳足迹，用于冲压件的碳足迹核算。")
    page.screenshot(path=shots / "exchange-1-ask.png", full_page=True)
    page.click("#send-request")
    expect(page).to_have_url(REQUEST_URL)
    expect(page.locator("#done-notice")).to_have_text("请求已发送。")
    expect(page.locator("h1")).to_contain_text(COIL)
    expect(page.locator("h1 .state")).to_have_text("待答复")
    expect(page.locator("#summary")).to_contain_text(scene.world.supplier.organisation.name)
    expect(page.locator("#summary")).to_contain_text("urn:gtin:06901234567892")
    expect(page.locator("#answer-forms")).to_have_count(0)  # the buyer does not answer
    request_url = page.url.split("?")[0]
    sign_out(page)
    return request_url


def answer_with_the_coil(page: Page, scene: Scene, shots: Path) -> None:
    """The supplier's analyst finds the request in the inbox and sends the coil's footprint."""
    sign_in(page, scene, scene.world.supplier.analyst, "/exchange/requests")
    inbox = page.locator("#inbox tbody tr")
    expect(inbox).to_have_count(1)
    expect(inbox).to_contain_text(COIL)
    expect(inbox).to_contain_text(scene.world.buyer.organisation.name)
    expect(inbox.locator(".state")).to_have_text("待答复")
    expect(page.locator("#inbox .count")).to_have_text("1")
    page.screenshot(path=shots / "exchange-2-inbox.png", full_page=True)
    inbox.locator("a").click()
    expect(page.locator("#summary")).to_contain_text("用于冲压件的碳足迹核算")
    offered = page.locator(f"#footprint_id option[value='{scene.coil.id}']")
    expect(offered).to_contain_text("冷轧钢卷")  # the supplier's product, 3 kg CO2e per kg
    expect(offered).to_contain_text("3 kg CO2e 每 1 kg")
    page.select_option("#footprint_id", scene.coil.id)
    page.click("#send-footprint")
    expect(page).to_have_url(REQUEST_URL)
    expect(page.locator("#done-notice")).to_have_text("碳足迹已发送给客户。")
    expect(page.locator("h1 .state")).to_have_text("已提供")
    expect(page.locator("#answer-forms")).to_have_count(0)
    sign_out(page)


def read_the_answer(page: Page, scene: Scene, request_url: str, shots: Path) -> None:
    """The buyer sees the request fulfilled and the coil among the received footprints."""
    sign_in(page, scene, scene.world.buyer.analyst, request_url.removeprefix(scene.url))
    expect(page.locator("h1 .state")).to_have_text("已提供")
    expect(page.locator("#answer h2")).to_have_text("已收到的碳足迹")
    expect(page.locator(f"#answer a[href='/exchange/received/{scene.coil.id}']")).to_contain_text(
        scene.world.supplier.organisation.name)
    expect(page.locator("#withdraw")).to_have_count(0)  # nothing left to withdraw
    page.locator("header a.nav-exchange").click()
    outbox = page.locator("#outbox tbody tr")
    expect(outbox).to_have_count(1)
    expect(outbox.locator(".state")).to_have_text("已提供")
    expect(outbox.locator(f"a[href='/exchange/received/{scene.coil.id}']")).to_have_text(
        scene.coil.id[:8])
    page.screenshot(path=shots / "exchange-3-outbox.png", full_page=True)

    page.locator("header a.nav-received").click()
    expect(page.locator("h1")).to_have_text("供应商碳足迹")
    received = page.locator("#received tbody tr")
    expect(received).to_have_count(1)
    expect(received).to_contain_text(scene.world.supplier.organisation.name)
    cells = received.locator("td.num")
    expect(cells.nth(0)).to_have_text("3 kg CO2e / kg")  # 3.0 kg CO2e per declared kg
    expect(cells.nth(1)).to_have_text("40.0%")           # 1.2 / 3.0
    received.locator("a").click()
    expect(page).to_have_url(re.compile(rf"/exchange/received/{scene.coil.id}$"))
    expect(page.locator("#pcf .total-value")).to_have_text("3")
    expect(page.locator("#pcf .total-unit")).to_have_text(re.compile(r"kg CO2e\s+每 kg"))
    expect(page.locator("#pds")).to_have_text("40.0%")
    expect(page.locator("#pf-id")).to_have_text(scene.coil.id)
    expect(page.locator("#uses")).to_contain_text("尚无模型输入引用此碳足迹")


def report_of_the_part(page: Page, scene: Scene, shots: Path) -> None:
    """The buyer's part model takes the coil; its report shows 34.3 % primary data."""
    world = scene.world
    _, version_id = save_product(scene.make_uow, world.buyer.analyst,
                                 part_model(scene.coil.id), world.data_dir)
    part = calculate(scene.make_uow, world.buyer.analyst, version_id, world.data_dir)

    page.reload()  # the received footprint now names the model input that takes it
    uses = page.locator("#uses tbody tr")
    expect(uses).to_have_count(1)
    expect(uses).to_contain_text("冲压件")
    expect(uses.locator("td.num")).to_have_text("2 kg")

    page.goto(f"{scene.url}/footprints/{part.id}")
    expect(page.locator("h1")).to_have_text("产品碳足迹报告")
    expect(page.locator("#total .total-value")).to_have_text("7")  # 6.0 + 1.0
    expect(page.locator("#primary-data h2")).to_have_text("初级数据与供应商特定输入")
    expect(page.locator("#primary-data .pds-line")).to_contain_text("初级数据占比（PACT）")
    expect(page.locator("#primary-data-share")).to_have_text("34.3%")  # 2.4 / 7
    row = page.locator("#supplier-inputs tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(world.supplier.organisation.name)
    expect(row.locator(f"a[href='/exchange/received/{scene.coil.id}']")).to_have_text(
        "steel coil")
    expect(row.locator("td.num")).to_have_text(["2 kg", "6", "40.0%"])  # 2 × 3.0; the coil's
    page.screenshot(path=shots / "exchange-4-part-footprint.png", full_page=True)


def test_a_buyer_asks_a_supplier_for_a_footprint_and_its_model_takes_the_answer(
        scene: Scene, open_browser: BrowserFactory, artifacts: Path) -> None:
    page = open_browser(locale="zh-CN").new_page()
    request_url = ask_for_the_coil(page, scene, artifacts)
    answer_with_the_coil(page, scene, artifacts)
    read_the_answer(page, scene, request_url, artifacts)
    report_of_the_part(page, scene, artifacts)


def test_a_supplier_restricts_its_footprint_for_export_and_approves_one_release_abroad(
        scene: Scene, open_browser: BrowserFactory, artifacts: Path) -> None:
    supplier = scene.world.supplier
    add_partner(scene.make_uow, supplier, "DE", "Acme GmbH")  # a partner abroad
    page = open_browser(locale="zh-CN").new_page()
    sign_in(page, scene, supplier.admin)
    page.locator("header a.nav-sharing").click()
    expect(page.locator("h1")).to_have_text("数据共享")

    row = page.locator(f"#footprint-{scene.coil.id}")
    footprint_cell = row.locator("td[data-classification]").nth(0)
    inventory_cell = row.locator("td[data-classification]").nth(1)
    expect(footprint_cell).to_have_attribute("data-classification", "shared")  # the defaults
    expect(inventory_cell).to_have_attribute("data-classification", "confidential")
    footprint_cell.locator("select").select_option(label="出境受限")
    footprint_cell.locator("button[type=submit]").click()
    expect(page.locator("#done-notice")).to_have_text("分级已修改。")
    expect(footprint_cell).to_have_attribute("data-classification", "export_restricted")
    expect(footprint_cell.locator("select option:checked")).to_have_text("出境受限")
    expect(inventory_cell).to_have_attribute("data-classification", "confidential")

    approvals = page.locator("#approvals tbody tr")
    expect(approvals).to_have_count(0)
    page.select_option("#approval-partner", label="Acme GmbH (DE)")
    page.select_option("#approval-footprint", scene.coil.id)
    page.fill("#approval-purpose", "欧盟电池法规碳足迹申报 (EU battery regulation declaration)")
    page.fill("#approval-recipient", "Acme GmbH 采购部 Anna Schmidt")
    page.click("#approve")
    expect(page.locator("#done-notice")).to_have_text("数据出境已批准。")
    expect(approvals).to_have_count(1)
    approval = approvals.first
    expect(approval).to_have_attribute("data-state", "active")
    cells = approval.locator("td")
    expect(cells.nth(0)).to_have_text(re.compile(r"Acme GmbH\s+DE"))
    expect(cells.nth(1)).to_have_text(scene.coil.id[:8])
    expect(cells.nth(2)).to_have_text("欧盟电池法规碳足迹申报 (EU battery regulation declaration)")
    expect(cells.nth(3)).to_have_text("Acme GmbH 采购部 Anna Schmidt")
    expect(cells.nth(4)).to_have_text("长期有效")
    expect(cells.nth(5)).to_have_text("有效")
    expect(page.locator("#approvals h2 .count")).to_have_text("1")
    page.screenshot(path=artifacts / "sharing-1-approved-zh.png", full_page=True)

    page.click("a[hreflang=en]")  # the language switch
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Data sharing")
    expect(footprint_cell.locator("select option:checked")).to_have_text("export-restricted")
    expect(inventory_cell.locator("select option:checked")).to_have_text("confidential")
    expect(page.locator("#approvals h2")).to_contain_text("Export approvals")
    expect(approvals).to_have_count(1)
    expect(cells.nth(0)).to_have_text(re.compile(r"Acme GmbH\s+DE"))
    expect(cells.nth(4)).to_have_text("no expiry")
    expect(cells.nth(5)).to_have_text("active")
    page.screenshot(path=artifacts / "sharing-2-approved-en.png", full_page=True)
