"""A procurement officer's journey in the browser, in Chinese and in English: sign in, pick
the category and then the declared unit, read the ranking (ties share a rank, the
non-comparable listed apart with their reasons), publish a criterion for the ranking's key
(the ranking then marks who meets it), download the ranking as CSV and XLSX (both read
back), look at it on a phone, withdraw the criterion (the public list keeps it, with why).
Screenshots in the artifacts folder."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from carbonlabel.domain.tenancy import OrgKind
from tests.browser.support import BrowserFactory, make_app, serving
from tests.support.platform import PASSWORD, Tenant, seed_tenant
from tests.support.procurement import (
    CEMENT,
    EXPECTED_EXCLUDED,
    EXPECTED_RANKS,
    ON,
    UNIT,
    seed_category,
)


@dataclass(frozen=True)
class Site:
    url: str
    agencies: dict[str, Tenant]  # by locale


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    app = make_app(tmp_path_factory.mktemp("procurement-web"))
    seed_category(app.state.uow)
    agencies = {locale: seed_tenant(app.state.uow, name, OrgKind.PROCUREMENT_AGENCY)
                for locale, name in (("zh-CN", "省政府采购中心"),
                                     ("en", "Provincial Procurement Centre"))}
    with pytest.MonkeyPatch.context() as patch:
        for module in ("api", "pages"):  # the ranking's day: fixed
            patch.setattr(f"carbonlabel.web.procurement.{module}.today", lambda: ON)
        with serving(app) as url:
            yield Site(url, agencies)


def shown_ranks(page: Page) -> list[tuple[str, int]]:
    return [(row.get_attribute("data-number") or "", int(row.get_attribute("data-rank") or 0))
            for row in page.locator("#ranking-table tbody tr").all()]


@pytest.mark.parametrize(("locale", "words"), [
    ("zh-CN", {"title": "水泥：同类前 25 %", "meets": "符合", "reason": "产品种类规则版本不同",
               "published": "准则已发布。", "why": "改用限值准则",
               "condition": "同类前 25 % (2026-03-01起)",
               "withdrawn": "准则已撤回，仍保留在历史记录中。"}),
    ("en", {"title": "Cement: best quartile", "meets": "meets",
            "reason": "another release of the product rule",
            "published": "The criterion was published.", "why": "replaced by a stated value",
            "condition": "best quartile of the category (from 2026-03-01)",
            "withdrawn": "The criterion was withdrawn; it stays in the history."})])
def test_an_officer_ranks_cement_publishes_a_criterion_and_exports_the_ranking(
        site: Site, open_browser: BrowserFactory, artifacts: Path, locale: str,
        words: dict[str, str]) -> None:
    lang = "zh" if locale == "zh-CN" else "en"
    officer = site.agencies[locale].analyst
    page = open_browser(locale=locale).new_page()
    page.goto(f"{site.url}/procurement")
    page.fill("#email", officer.email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(re.compile(r"/procurement$"))

    page.select_option("#category", CEMENT)
    page.click("#ranking-form button[type=submit]")
    page.select_option("#unit", UNIT)
    page.screenshot(path=artifacts / f"{lang}-procurement-pick.png", full_page=True)
    page.click("#ranking-form button[type=submit]")
    expect(page.locator("#ranking-key")).to_have_text("PCR-CEMENT@1.0 · 1 t · cradle-to-gate")
    assert shown_ranks(page) == EXPECTED_RANKS
    excluded = {row.get_attribute("data-number"): row.get_attribute("data-reason")
                for row in page.locator("#excluded-table tbody tr").all()}
    assert excluded == EXPECTED_EXCLUDED
    expect(page.locator('#excluded-table tr[data-number="CFP-I"]')).to_contain_text(
        words["reason"])
    page.screenshot(path=artifacts / f"{lang}-procurement-ranking.png", full_page=True)

    page.fill("#title", words["title"])
    page.select_option("#kind", "best_quartile")
    page.fill("#effective_on", "2026-03-01")
    page.click("#publish-form button[type=submit]")
    expect(page.locator("#done-notice")).to_have_text(words["published"])
    marks = {row.get_attribute("data-number"):
             row.locator("td.meets").get_attribute("data-meets")
             for row in page.locator("#ranking-table tbody tr").all()}
    # best quartile at or below 387.5 (by hand): the two at 380
    assert marks == {"CFP-B": "yes", "CFP-C": "yes", "CFP-A": "no", "CFP-D": "no",
                     "CFP-E": "no", "CFP-F": "no"}
    expect(page.locator('#ranking-table tr[data-number="CFP-B"] td.meets')).to_contain_text(
        words["meets"])
    expect(page.locator("#own-criteria li")).to_have_count(1)
    page.screenshot(path=artifacts / f"{lang}-procurement-criterion.png", full_page=True)

    with page.expect_download() as got:
        page.click("#download-xlsx")
    book = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][-2] == f"准则 / Criterion: {words['title']}: {words['condition']}"
    assert [(r[3], r[2]) for r in rows[1:] if r[2] is not None] == EXPECTED_RANKS
    assert {r[3] for r in rows[1:] if r[2] is None} == set(EXPECTED_EXCLUDED)
    with page.expect_download() as got:
        page.click("#download-csv")
    assert got.value.suggested_filename == f"procurement-ranking-{ON.isoformat()}.csv"
    lines = list(csv.reader(io.StringIO(
        Path(got.value.path()).read_bytes().decode("utf-8-sig"))))
    assert [(r[3], r[2]) for r in lines[1:] if r[2]] == [(n, str(k)) for n, k in EXPECTED_RANKS]

    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#ranking").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / f"{lang}-procurement-ranking-phone.png")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("#own-criteria details summary")
    page.fill("#own-criteria input[name=reason]", words["why"])
    page.click("#own-criteria .withdraw-form button[type=submit]")
    expect(page.locator("#done-notice")).to_have_text(words["withdrawn"])
    expect(page.locator("#own-criteria li [data-state]")).to_have_attribute("data-state",
                                                                              "withdrawn")

    page.goto(f"{site.url}/public/procurement-criteria")
    listed = page.locator(f"#criteria-list tr:has-text('{words['title']}')")
    expect(listed).to_contain_text(words["why"])  # kept in the history, with the reason
    page.screenshot(path=artifacts / f"{lang}-procurement-public-criteria.png", full_page=True)
