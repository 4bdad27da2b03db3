"""Fixtures of the page and browser tests: the real server (uvicorn on a free port, SQLite in a
temporary folder, jobs on threads) and Debian's chromium driven by Playwright.

Playwright never downloads a browser here: it drives /usr/bin/chromium, which the project's
test setup installs (``./dev test`` and ``.ci/run`` run ``apt-get install chromium`` when it is
missing). Each test gets a fresh profile folder; each xdist worker its own server and port.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Playwright, sync_playwright

from tests.browser.support import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    BrowserFactory,
    LiveServer,
    chromium_or_skip,
    make_app,
    register_product,
    serving,
)
from tests.support.platform import seed_tenant


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    app = make_app(tmp_path_factory.mktemp("web-data"))
    tenant = seed_tenant(app.state.uow, "浏览器测试电池公司 Browser Test Battery Co.")
    product_id = register_product(app.state.uow, tenant, "储能电池包（测试）",
                                  "Storage battery pack (test)")
    with serving(app) as url:
        yield LiveServer(url, tenant, product_id, app.state.uow)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    chromium_or_skip()
    with sync_playwright() as driver:
        yield driver


@pytest.fixture
def open_browser(playwright: Playwright, tmp_path: Path) -> Iterator[BrowserFactory]:
    """Start Debian's chromium with a fresh profile: ``open_browser(locale="zh-CN")``."""
    opened: list[BrowserContext] = []

    def start(locale: str = "zh-CN", width: int = 1280, height: int = 900) -> BrowserContext:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / f"profile-{len(opened)}"), executable_path=str(chromium_or_skip()),
            headless=True, args=CHROMIUM_ARGS, locale=locale,
            viewport={"width": width, "height": height})
        context.set_default_timeout(15_000)
        opened.append(context)
        return context

    yield start
    for context in opened:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where the screenshots go (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
