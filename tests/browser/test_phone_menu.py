"""The phone menu in Debian's chromium at 390×844: the header is one line (the platform's name
and the menu button), the button opens the menu (aria-expanded follows), every link of the
menu is then on screen and opens its page; Escape folds it again. On a desktop the menu is
open with no button; without scripts a phone's menu stays open (it wraps). Screenshots go to
tests/browser/artifacts/ (phone-menu-*.png)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.support import BrowserFactory, LiveServer
from tests.support.platform import PASSWORD

PHONE = {"width": 390, "height": 844}


def sign_in(page: Page, server: LiveServer) -> None:
    page.goto(f"{server.url}/signin")
    page.fill("#email", server.tenant.analyst.email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(re.compile(r"/dashboard$"))


def header_height(page: Page) -> float:
    box = page.locator("header.top").bounding_box()
    assert box is not None
    return box["height"]


def test_on_a_phone_the_menu_folds_behind_a_button_that_opens_it(
        live_server: LiveServer, open_browser: BrowserFactory, artifacts: Path) -> None:
    page = open_browser(locale="zh-CN", **PHONE).new_page()
    sign_in(page, live_server)
    button = page.locator("header button.menu-button")
    menu = page.locator("#main-menu")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", "main-menu")
    expect(button).to_have_text("菜单")
    expect(menu).to_be_hidden()
    brand = page.locator("header a.brand").bounding_box()
    shown = button.bounding_box()
    assert brand is not None
    assert shown is not None
    # one line: the name and the button side by side, the header no taller than the button
    assert abs((brand["y"] + brand["height"] / 2) - (shown["y"] + shown["height"] / 2)) < 4
    assert header_height(page) < 2.2 * shown["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=artifacts / "phone-menu-1-folded.png")

    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    links = menu.locator("a.nav-dashboard, a.nav-product-rules, a.nav-certification, "
                         "a.nav-exchange, a.nav-received, a.nav-partners, a.nav-sharing, "
                         "a.nav-account")
    expect(links).to_have_count(8)
    for i in range(8):
        expect(links.nth(i)).to_be_in_viewport()
    page.screenshot(path=artifacts / "phone-menu-2-open.png")

    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()

    button.click()
    menu.locator("a.nav-account").click()
    expect(page).to_have_url(re.compile(r"/account$"))
    expect(page.locator("h1")).to_have_text("账户")
    expect(page.locator("#main-menu")).to_be_hidden()  # a new page starts folded


def test_on_a_desktop_the_menu_is_open_and_there_is_no_button(
        live_server: LiveServer, open_browser: BrowserFactory) -> None:
    page = open_browser(locale="en").new_page()
    sign_in(page, live_server)
    expect(page.locator("header button.menu-button")).to_be_hidden()
    expect(page.locator("#main-menu a.nav-account")).to_be_visible()


def test_without_scripts_a_phone_shows_the_menu_open(
        live_server: LiveServer, open_browser: BrowserFactory) -> None:
    context = open_browser(locale="zh-CN", **PHONE)
    page = context.new_page()
    sign_in(page, live_server)
    page.route("**/static/menu.js*", lambda route: route.abort())
    page.reload()
    expect(page.locator("header button.menu-button")).to_be_hidden()
    expect(page.locator("#main-menu a.nav-account")).to_be_visible()
