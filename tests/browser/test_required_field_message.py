"""A required field left empty is named in the page's language, not the browser's: an
English chromium on a Chinese page says 请填写此字段。 (not "Please fill out this field."),
and a Chinese chromium on an English page says it in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.support import BrowserFactory, LiveServer


@pytest.mark.parametrize(("browser_locale", "page_lang", "said"), [
    ("en-US", "zh-CN", "请填写此字段。"),
    ("zh-CN", "en", "Please fill in this field."),
])
def test_an_empty_required_field_is_named_in_the_pages_language(
        live_server: LiveServer, open_browser: BrowserFactory, browser_locale: str,
        page_lang: str, said: str) -> None:
    page = open_browser(locale=browser_locale).new_page()
    page.goto(f"{live_server.url}/signin?lang={page_lang}")
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/signin?lang={page_lang}")  # not sent
    assert page.eval_on_selector("#email", "e => e.validationMessage") == said
    page.fill("#email", "someone@example.cn")  # typing clears the page's message
    assert page.eval_on_selector("#email", "e => e.validationMessage") == ""
    page.click("form.stack button[type=submit]")
    assert page.eval_on_selector("#password", "e => e.validationMessage") == said
