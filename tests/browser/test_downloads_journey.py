"""In the browser, on the footprint page: download the XLSX workbook and the study report PDF
(both opened: the workbook's stage sheet says what the page's stage table says, the PDF states
the total), then apply for certification and land on the application form with the footprint
chosen; at desktop and phone sizes (screenshots in the artifacts folder)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from carbonlabel.domain.records import FootprintRecord
from carbonlabel.web.pages import text
from tests.browser.support import BrowserFactory, make_app, serving
from tests.support.certification import product_footprint
from tests.support.documents import pdf_text, squeezed
from tests.support.platform import PASSWORD, Tenant, seed_tenant


@pytest.fixture(scope="module")
def footprint_site(tmp_path_factory: pytest.TempPathFactory,
                   ) -> Iterator[tuple[str, Tenant, FootprintRecord]]:
    data_dir = tmp_path_factory.mktemp("downloads-data")
    app = make_app(data_dir)
    tenant = seed_tenant(app.state.uow, "下载测试电池公司 Downloads Battery Co.")
    footprint = product_footprint(app.state.uow, app.state.settings.data_dir, tenant)
    with serving(app) as url:
        yield url, tenant, footprint


def _sign_in(page: Page, url: str, tenant: Tenant, footprint: FootprintRecord) -> None:
    page.goto(f"{url}/footprints/{footprint.id}")
    page.fill("#email", tenant.analyst.email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/footprints/{footprint.id}$"))


def test_an_analyst_downloads_the_workbook_and_the_pdf_then_applies(
        footprint_site: tuple[str, Tenant, FootprintRecord], open_browser: BrowserFactory,
        artifacts: Path) -> None:
    url, tenant, footprint = footprint_site
    page = open_browser(locale="zh-CN").new_page()
    _sign_in(page, url, tenant, footprint)
    expect(page.locator("#downloads h2")).to_have_text("下载")
    page.locator("#downloads").screenshot(path=artifacts / "zh-downloads-card.png")
    page.screenshot(path=artifacts / "zh-footprint-downloads.png", full_page=True)

    with page.expect_download() as got:
        page.click("#download-xlsx")
    book = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()))
    stages = [list(r) for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    shown = [[cell.inner_text() for cell in row.locator("td").all()]
             for row in page.locator("#stages tbody tr").all()]
    assert [[r[0], text.kg(r[1]), text.pct(r[2]), text.kg(r[3])] for r in stages] == shown
    assert sum(r[1] for r in stages) == pytest.approx(footprint.total_co2e_kg, rel=1e-12)

    with page.expect_download() as got:
        page.click("#download-pdf")
    pdf = Path(got.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert squeezed(text.kg(footprint.total_co2e_kg)) in squeezed(pdf_text(pdf))

    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#downloads").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "zh-footprint-downloads-phone.png")

    page.click("#apply-certification")
    expect(page).to_have_url(re.compile(rf"/certification/apply\?footprint_id={footprint.id}$"))
    expect(page.locator("#footprint_id")).to_have_value(footprint.id)
    page.screenshot(path=artifacts / "zh-apply-from-footprint-phone.png", full_page=True)
