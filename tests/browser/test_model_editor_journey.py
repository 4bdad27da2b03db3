"""The enterprise workbench in Debian's chromium, on a desktop and on a phone (390×844), the
acceptance journey of issue 17: an analyst registers a cement product, opens the editor (a
template of the cement rule, filled with the product's name and category), picks an
electricity factor while typing (the JSON API behind the picker), adds a received supplier
footprint with its button, saves with three mistakes and sees all three at once, fixes them,
saves and calculates the footprint (its charts drawn); makes a second version in the form
view (the supplier's coil doubled), calculates it and compares it with the first; downloads
the results workbook and the study report PDF and opens both; and applies for certification
from the footprint page. Screenshots go to tests/browser/artifacts/ (editor-*.png)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import FilePayload, Page, expect

from carbonlabel.domain.certification.records import REQUIRED_DOCUMENTS
from carbonlabel.services.exchange import supplier_requests
from tests.browser.support import BrowserFactory, make_app, serving
from tests.exchange.world import AT, pact_file, pact_footprint
from tests.support.certification import Body, seed_body
from tests.support.documents import pdf_text, squeezed
from tests.support.platform import PASSWORD, Tenant, seed_tenant

PF_ID = "5b0c2d7e-8f1a-4c3b-9d2e-7a6f5e4d3c2b"


@dataclass(frozen=True)
class Scene:
    url: str
    tenant: Tenant
    body: Body  # a body approved for cement (catalogue code 16), to apply to


@pytest.fixture
def scene(tmp_path: Path) -> Iterator[Scene]:
    app = make_app(tmp_path)
    tenant = seed_tenant(app.state.uow, "水泥企业 Cement Co.")
    with app.state.uow(write=True) as uow:  # a supplier's coil: 3 kg CO2e per kg
        supplier_requests.import_footprints(uow, tenant.analyst,
                                            pact_file(pact_footprint(PF_ID)), AT)
        uow.commit()
    body = seed_body(app.state.uow, categories=("16",))
    with serving(app) as url:
        yield Scene(url, tenant, body)


def _sign_in(page: Page, scene: Scene) -> None:
    page.goto(f"{scene.url}/signin?next=/dashboard")
    page.fill("#email", scene.tenant.analyst.email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(re.compile(r"/dashboard$"))


@pytest.mark.parametrize(("size", "width", "height"),
                         [("desktop", 1280, 900), ("phone", 390, 844)])
def test_an_analyst_writes_a_model_in_the_editor_and_calculates_it(
        scene: Scene, open_browser: BrowserFactory, artifacts: Path, size: str, width: int,
        height: int) -> None:
    page = open_browser(locale="zh-CN", width=width, height=height).new_page()
    _sign_in(page, scene)
    page.click("#register summary")
    page.fill("#name_zh", "普通硅酸盐水泥（编辑器）")
    page.fill("#name_en", "Portland cement (editor)")
    page.fill("#category", "cement")
    page.click("#register button[type=submit]")
    expect(page.locator("h1")).to_have_text("普通硅酸盐水泥（编辑器）")

    page.click("#open-editor")
    expect(page.locator("h1")).to_contain_text("编辑模型")
    text = page.locator("#content").input_value()
    assert "普通硅酸盐水泥（编辑器）" in text
    assert "cn-pilot-16-cement" in text
    expect(page.locator("#form-view fieldset.process")).not_to_have_count(0)
    page.screenshot(path=artifacts / f"editor-1-template-{size}.png", full_page=True)
    page.locator("#form-view fieldset.process").first.screenshot(
        path=artifacts / f"editor-1-process-{size}.png")

    page.fill("#q", "electricity footprint")  # results while typing (model_editor.js)
    first = page.locator("#picker-hits li button.pick").first
    expect(first).to_be_visible()
    chosen = first.get_attribute("value") or ""
    assert chosen.startswith("factor:cn.electricity.footprint.")
    expect(page.locator("#picker-hits li").first).to_contain_text("来源")
    page.locator("#factor-picker").screenshot(path=artifacts / f"editor-2-picker-{size}.png")
    first.click()
    expect(page.locator("#content")).to_contain_text(chosen.removeprefix("factor:"))

    page.locator(f"button.use-supplier[value='supplier:{PF_ID}']").click()
    expect(page.locator("#content")).to_contain_text(f"supplier: {PF_ID}")
    expect(page.locator(f"#form-view input[value='{PF_ID}']")).to_have_count(1)
    good = page.locator("#content").input_value()

    bad = (good.replace("  total: 0.05", "  total: 5")
           .replace("geography: CN\n", "geography: CN\ncolour: red\n")
           .replace("factor: " + chosen.removeprefix("factor:"),
                    "factor: " + chosen.removeprefix("factor:") + "x"))
    page.fill("#content", bad)
    expect(page.locator("#form-view input").first).to_be_disabled()  # the YAML now leads
    page.click("#save-model")
    errors = page.locator("#model-errors li")
    expect(errors).to_have_count(3)
    expect(page.locator("#model-errors")).to_contain_text("cut_off.total")
    expect(page.locator("#model-errors")).to_contain_text("colour")
    expect(page.locator("#model-errors")).to_contain_text("行")
    assert page.locator("#content").input_value() == bad  # kept as typed
    page.screenshot(path=artifacts / f"editor-3-errors-{size}.png", full_page=True)

    page.fill("#content", good)
    page.click("#save-model")
    expect(page.locator("#saved-notice")).to_be_visible()
    page.locator("tr[data-version='1'] button.calculate").click()
    page.wait_for_url(re.compile(r"/footprints/[0-9a-f-]{36}$"), timeout=30_000)
    expect(page.locator(".total-value")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= max(width, 1280)
    page.screenshot(path=artifacts / f"editor-4-footprint-{size}.png", full_page=True)

    v1_url = page.url
    v1_total = _number(page.locator(".total-value").inner_text())
    for chart in ("#stages", "#gases", "#hotspots", "#supply-chain"):
        expect(page.locator(f"{chart} [role=img]").first).to_be_visible()
    page.locator("#supply-chain").screenshot(path=artifacts / f"editor-5-sankey-{size}.png")

    # a second version in the form view: the supplier's coil doubled
    page.click(".crumbs a[href^='/products/']")
    product_url = page.url.split("#")[0]
    page.click("#open-editor")
    amount = page.locator(f"#form-view tr:has(input[value='{PF_ID}']) input[name$='.amount']")
    coil = float(amount.input_value())
    amount.fill(f"{2 * coil:g}")
    page.click("#save-model")
    expect(page.locator("#saved-notice")).to_be_visible()
    page.locator("tr[data-version='2'] button.calculate").click()
    page.wait_for_url(re.compile(r"/footprints/[0-9a-f-]{36}$"), timeout=30_000)
    assert page.url != v1_url
    v2_url = page.url
    v2_total = _number(page.locator(".total-value").inner_text())
    # by hand: the production process makes one declared unit, so the added kilograms of the
    # supplier's coil, at its 3 kg CO2e per kg, add 3 kg CO2e each (to the pages' rounding)
    assert v2_total - v1_total == pytest.approx(3.0 * coil, abs=0.01)

    # the comparison of the two versions: its difference is the two pages' difference
    page.goto(product_url)
    page.select_option("#compare-a", "1")
    page.select_option("#compare-b", "2")
    page.click("#compare-submit")
    cells = [c.inner_text() for c in page.locator("#total-row td").all()]
    assert _number(cells[0]) == v1_total
    assert _number(cells[1]) == v2_total
    assert _number(cells[2]) == pytest.approx(v2_total - v1_total, rel=1e-3, abs=1e-2)
    expect(page.locator("#inputs [data-change='changed']").first).to_be_visible()
    page.screenshot(path=artifacts / f"editor-6-compare-{size}.png", full_page=True)

    # the results workbook and the study report, opened
    page.goto(v2_url)
    with page.expect_download() as got:
        page.click("#download-xlsx")
    book = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()))
    stages = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert sum(float(r[1]) for r in stages) == pytest.approx(v2_total, abs=0.05)
    with page.expect_download() as got:
        page.click("#download-pdf")
    pdf = Path(got.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert squeezed(page.locator(".total-value").inner_text()) in squeezed(pdf_text(pdf))

    # certification, applied for from the footprint page
    page.click("#apply-certification")
    expect(page.locator("#footprint_id")).to_have_value(v2_url.rsplit("/", 1)[1])
    page.select_option("#body_id", scene.body.organisation_id)
    for kind in REQUIRED_DOCUMENTS:
        page.set_input_files(f"#{kind.value}", [_pdf(kind.value)])
    page.click("#submit-application")
    expect(page.locator("h1 .state")).to_have_text("已申请")
    page.screenshot(path=artifacts / f"editor-7-applied-{size}.png", full_page=True)


def _number(shown: str) -> float:
    """A number as a page shows it (thousands separators, a sign, a unit after it)."""
    found = re.search(r"[-+−]?[\d,]*\.?\d+", shown.replace("\u2212", "-"))
    assert found is not None, shown
    return float(found.group(0).replace(",", ""))


def _pdf(name: str) -> FilePayload:
    return {"name": f"{name}.pdf", "mimeType": "application/pdf",
            "buffer": f"%PDF-1.4 {name}".encode()}
