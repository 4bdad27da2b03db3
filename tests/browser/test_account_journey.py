"""The account page in Debian's chromium: a viewer makes an API token (shown once), the API
takes it, the viewer revokes it on the page and the API refuses it; and a copy of the
browser's session cookie stops working once the browser signs out. Screenshots go to
tests/browser/artifacts/ (account-*.png)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx2 as httpx
from playwright.sync_api import Page, expect

from carbonlabel.web.app import SESSION_COOKIE
from tests.browser.support import BrowserFactory, LiveServer
from tests.support.platform import PASSWORD


def _sign_in(page: Page, server: LiveServer) -> None:
    page.goto(f"{server.url}/signin?next=/dashboard")
    page.fill("#email", server.tenant.viewer.email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(re.compile(r"/dashboard$"))


def _me(server: LiveServer, secret: str) -> int:
    return httpx.get(f"{server.url}/api/v1/me",
                     headers={"Authorization": f"Bearer {secret}"}).status_code


def test_a_viewer_makes_an_api_token_and_revokes_it_on_the_account_page(
        live_server: LiveServer, open_browser: BrowserFactory, artifacts: Path) -> None:
    page = open_browser(locale="zh-CN").new_page()
    _sign_in(page, live_server)
    page.locator("header a.nav-account").click()
    expect(page.locator("h1")).to_have_text("账户")
    expect(page.locator("#tokens")).to_contain_text("尚无 API 令牌。")

    page.fill("#token-name", "夜间导出 nightly export")
    page.fill("#token-days", "30")
    page.click("#new-token-form button[type=submit]")
    secret = page.locator("#new-token-secret").inner_text().strip()
    assert secret.startswith("clt_")
    row = page.locator("#tokens tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("夜间导出 nightly export")
    expect(row).to_have_attribute("data-state", "active")
    page.screenshot(path=artifacts / "account-1-token-made.png", full_page=True)
    assert _me(live_server, secret) == 200

    row.locator("button[type=submit]").click()
    expect(page.locator("#done-notice")).to_have_text("API 令牌已撤销。")
    expect(page.locator("#tokens tbody tr")).to_have_attribute("data-state", "revoked")
    expect(page.locator("#new-token-secret")).to_have_count(0)  # shown once only
    page.screenshot(path=artifacts / "account-2-token-revoked.png", full_page=True)
    assert _me(live_server, secret) == 401


def test_a_copied_session_cookie_stops_working_when_the_browser_signs_out(
        live_server: LiveServer, open_browser: BrowserFactory) -> None:
    context = open_browser(locale="zh-CN")
    page = context.new_page()
    _sign_in(page, live_server)
    (cookie,) = [c["value"] for c in context.cookies() if c["name"] == SESSION_COOKIE]
    with httpx.Client(base_url=live_server.url, cookies={SESSION_COOKIE: cookie}) as copied:
        assert copied.get("/api/v1/me").status_code == 200

        page.locator("header form[action='/signout'] button").click()
        expect(page).to_have_url(re.compile(r"/signin$"))

        assert copied.get("/api/v1/me").status_code == 401
        assert copied.get("/dashboard").status_code == 303
