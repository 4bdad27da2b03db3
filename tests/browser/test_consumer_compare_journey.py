"""A consumer compares products on a phone (390 px wide), in Chinese and in English: scans a
label, reads what the value means and where it stands in its category, opens the compare page,
picks three more products from the registry search (one of another declared unit, marked not
comparable with the reason), and is refused a fifth with a clear message.

Screenshots go to tests/browser/artifacts/ (compare-<lang>-*.png).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.services.certification import labels
from tests.browser.support import BrowserFactory, make_app, serving
from tests.support.benchmarks import hand_made_set
from tests.support.certification import labelled_certificate
from tests.support.platform import PASSWORD

PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Scene:
    url: str
    qr_url: str  # the label of hand-made product B (20 kg CO2e per kWh, median 25)
    number: str
    holder_email: str
    heavy_product: str  # hand-made product F: its raw material stage is a weak link


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scene]:
    data_dir = tmp_path_factory.mktemp("compare-journey")
    app = make_app(data_dir)
    make_uow = app.state.uow
    keys = app.state.settings.label_keys_dir
    made = labelled_certificate(make_uow, data_dir, keys)
    hand = hand_made_set(make_uow, made.holder.admin, made.certificate.id,
                         made.certificate.footprint_id)
    with make_uow(write=True) as uow:
        certificate = uow.certificates.by_number(hand.numbers["B"])
        assert certificate is not None
        label = labels.issue_label(uow, made.holder.admin, certificate.id, LabelKeys(keys))
    with serving(app) as url:
        yield Scene(url, f"{url}/v/{label.token}", hand.numbers["B"], made.holder.admin.email,
                    hand.products["F"])


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _add(page: Page, name: str) -> None:
    page.fill("#q", name)
    page.click("#pick button[type=submit]")
    page.locator("#search-results a[data-add]").first.click()


@pytest.mark.parametrize(("locale", "lang", "means", "refused", "why_apart"), [
    ("zh-CN", "zh", "这个数值的含义", "最多可同时比较 4 个产品", "声明单位不同"),
    ("en-GB", "en", "What this number means", "At most 4 products", "another declared unit"),
])
def test_a_consumer_compares_four_products_on_a_phone_and_is_refused_a_fifth(
        scene: Scene, open_browser: BrowserFactory, artifacts: Path, locale: str, lang: str,
        means: str, refused: str, why_apart: str) -> None:
    phone = open_browser(locale=locale, **PHONE).new_page()
    phone.goto(scene.qr_url)
    expect(phone.locator("#verdict")).to_have_attribute("data-verdict", "valid")
    expect(phone.locator("#plain-words")).to_contain_text(means)
    _fits(phone)
    phone.screenshot(path=artifacts / f"compare-{lang}-1-verdict.png", full_page=True)

    phone.click("#category-link a[href*='#category']")
    expect(phone.locator("#position-band")).to_have_attribute("data-band", "best_quartile")
    _fits(phone)
    phone.locator("#category").screenshot(path=artifacts / f"compare-{lang}-2-category.png")

    phone.click("#category a[href^='/compare']")
    expect(phone.locator(".reg-compare-item")).to_have_count(1)
    for name in ("对标产品 A", "对标产品 F", "对标产品 K"):
        _add(phone, name)
    items = phone.locator(".reg-compare-item")
    expect(items).to_have_count(4)
    expect(phone.locator(".reg-compare-item[data-comparable=false]")).to_have_count(1)
    expect(phone.locator(".reg-compare-item[data-comparable=false]")).to_contain_text(
        why_apart)
    _fits(phone)
    phone.screenshot(path=artifacts / f"compare-{lang}-3-four.png", full_page=True)

    _add(phone, "对标产品 C")
    expect(phone.locator("#compare-refused")).to_contain_text(refused)
    expect(items).to_have_count(4)
    _fits(phone)
    phone.screenshot(path=artifacts / f"compare-{lang}-4-fifth-refused.png", full_page=True)


def test_the_maker_sees_its_position_and_weak_link_on_a_phone(
        scene: Scene, open_browser: BrowserFactory, artifacts: Path) -> None:
    phone = open_browser(locale="zh-CN", **PHONE).new_page()
    where = f"/products/{scene.heavy_product}/benchmark"
    phone.goto(f"{scene.url}/signin?next={where}")
    phone.fill("#email", scene.holder_email)
    phone.fill("#password", PASSWORD)
    phone.click("form.stack button[type=submit]")
    expect(phone.locator("#position-band")).to_have_attribute("data-band", "worst_quartile")
    weak = phone.locator("#weak-links tr[data-weak=true]")
    expect(weak).to_have_count(1)
    expect(weak).to_have_attribute("data-stage", "raw_material_acquisition")
    expect(phone.locator("#weak-links")).to_contain_text("薄弱环节")
    _fits(phone)
    phone.screenshot(path=artifacts / "compare-zh-5-weak-links.png", full_page=True)
    phone.click("#position a[href^='/registry/']")
    phone.click("#category a[href^='/benchmarks']")
    expect(phone.locator("#benchmark-median")).to_have_text("25")
    expect(phone.locator("#excluded li[data-reason=other_unit]")).to_have_count(1)
    _fits(phone)
    phone.screenshot(path=artifacts / "compare-zh-6-benchmark.png", full_page=True)
