"""In Debian's chromium at a phone's size (390 × 844 CSS px): the footprint page's charts (by
stage, by gas, top hotspots, the supply chain's Sankey) draw every label at 12 px or more as
seen on the screen (a font size times the scale of any SVG viewBox around it: text in a scaled
viewBox shrinks, as the issue saw at 8 px), and no chart is wider than the screen.
Screenshots: tests/browser/artifacts/charts-phone-<lang>.png and charts-desktop-en.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, expect

from carbonlabel.services.quantify import catalog, footprint_jobs
from tests.browser.support import BrowserFactory, make_app, register_product, serving
from tests.support.chart_model import chart_model
from tests.support.platform import PASSWORD, Tenant, seed_tenant

PHONE = {"width": 390, "height": 844}
CHARTS = ("#stage-chart", "#gas-chart", "#hotspot-chart", "#supply-chart")

#: every piece of text in a chart, with the size it is drawn at on the screen
SHOWN_SIZES = """(selector) => {
  const figure = document.querySelector(selector);
  const texts = [...figure.querySelectorAll('*')].filter(el =>
    [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()));
  return texts.map(el => {
    let scale = 1;
    const svg = el instanceof SVGGraphicsElement ? el : el.closest('foreignObject');
    if (svg) { const m = svg.getScreenCTM(); scale = Math.hypot(m.a, m.b); }
    const size = parseFloat(getComputedStyle(el).fontSize) * scale;
    return [el.textContent.trim().slice(0, 40), size];
  });
}"""

#: the chart's box, and the widest box inside it, in CSS px of the viewport
BOXES = """(selector) => {
  const figure = document.querySelector(selector);
  const box = figure.getBoundingClientRect();
  const right = Math.max(...[...figure.querySelectorAll('*')].map(
    el => el.getBoundingClientRect().right));
  return {left: box.left, right: box.right, inner_right: right};
}"""


@dataclass(frozen=True)
class Served:
    url: str
    tenant: Tenant
    footprint_id: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    data_dir = tmp_path_factory.mktemp("charts-web")
    app = make_app(data_dir)
    tenant = seed_tenant(app.state.uow, "图表测试公司 Chart Test Co.")
    product_id = register_product(app.state.uow, tenant, "木托盘", "Timber pallet")
    with app.state.uow(write=True) as uow:
        version = catalog.save_model_version(
            uow, tenant.admin, product_id, yaml.safe_dump(chart_model(), allow_unicode=True),
            "yaml", data_dir, data_dir / "databases")
        job = footprint_jobs.start_footprint_job(uow, tenant.admin, version.id)
    footprint_jobs.run_footprint_job(app.state.uow, job.id, data_dir, data_dir / "databases")
    with app.state.uow() as uow:
        footprint_id = str(uow.jobs.get(job.id).result_id)  # type: ignore[union-attr]
    with serving(app) as url:
        yield Served(url, tenant, footprint_id)


def open_report(page: Page, served: Served) -> None:
    page.goto(f"{served.url}/footprints/{served.footprint_id}")
    page.fill("#email", served.tenant.analyst.email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/footprints/{served.footprint_id}$"))
    expect(page.locator(".total-value")).to_have_text("14.03")


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_on_a_phone_chart_labels_are_12_px_or_more_and_no_chart_overflows(
        served: Served, open_browser: BrowserFactory, artifacts: Path, locale: str) -> None:
    page = open_browser(locale=locale, width=PHONE["width"], height=PHONE["height"]).new_page()
    open_report(page, served)
    sizes: list[Any] = []
    for chart in CHARTS:
        expect(page.locator(chart)).to_be_visible()
        shown = page.evaluate(SHOWN_SIZES, chart)
        assert len(shown) >= 4, chart  # the chart has labels to measure
        small = [(text, round(size, 1)) for text, size in shown if size < 12.0]
        assert not small, (chart, small)
        box = page.evaluate(BOXES, chart)
        assert box["left"] >= 0, (chart, box)
        assert box["right"] <= PHONE["width"], (chart, box)
        assert box["inner_right"] <= PHONE["width"] + 0.5, (chart, box)
        sizes += shown
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # a bar's label has room to be read: at least a third of its chart's width (a style
    # clash with another class once squeezed them into a 16 px column, a letter per line)
    widths = page.evaluate("""() => [...document.querySelectorAll('.bar-label')].map(el =>
        el.getBoundingClientRect().width / el.closest('figure').getBoundingClientRect().width)""")
    assert widths
    assert min(widths) >= 1 / 3, widths
    # the Sankey's labels sit beside their nodes: the process names and the stages
    labels = page.locator("#supply-chart .sankey-label")
    expect(labels).to_have_count(10)
    page.locator("#supply-chain").scroll_into_view_if_needed()
    lang = locale[:2]
    page.screenshot(path=artifacts / f"charts-phone-{lang}.png", full_page=True)
    page.locator("#supply-chain").screenshot(path=artifacts / f"charts-phone-{lang}-supply.png")


def test_a_scaled_svg_label_would_be_measured_small(served: Served, open_browser: BrowserFactory
                                                    ) -> None:
    """The measure sees what a viewBox does to text: the uncertainty page's older style (a
    480-unit viewBox at 100 % width) draws its 14 px labels below 12 px on a phone."""
    page = open_browser(locale="en", width=PHONE["width"], height=PHONE["height"]).new_page()
    open_report(page, served)
    page.evaluate("""() => {
      const f = document.createElement('figure'); f.id = 'scaled-probe';
      f.innerHTML = '<svg viewBox="0 0 480 40" width="100%"><text x="0" y="20" ' +
                    'font-size="14">probe</text></svg>';
      document.querySelector('main').appendChild(f);
    }""")
    ((_, size),) = page.evaluate(SHOWN_SIZES, "#scaled-probe")
    assert size < 12.0


def test_on_a_desktop_the_charts_are_drawn_beside_their_tables(
        served: Served, open_browser: BrowserFactory, artifacts: Path) -> None:
    page = open_browser(locale="en").new_page()
    open_report(page, served)
    for chart in CHARTS:
        expect(page.locator(chart)).to_be_visible()
    expect(page.locator("#stage-chart .bar-row")).to_have_count(4)
    expect(page.locator("#supply-chart path.band-removal")).to_have_count(2)
    page.screenshot(path=artifacts / "charts-desktop-en.png", full_page=True)
