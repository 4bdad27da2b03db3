"""Shared pieces of the page and browser tests: the live server and Debian's chromium."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from playwright.sync_api import BrowserContext

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.config import Settings
from carbonlabel.services.quantify import catalog
from carbonlabel.web.app import create_app
from tests.support.ci import unavailable
from tests.support.platform import Tenant

CHROMIUM = Path(os.environ.get("CARBONLABEL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DEMO_MODEL = "lfp_battery_pack.yaml"
BrowserFactory = Callable[..., BrowserContext]


def demo_model_path() -> Path:
    return Path(str(resources.files("carbonlabel").joinpath("demo", DEMO_MODEL)))


@dataclass(frozen=True)
class LiveServer:
    url: str
    tenant: Tenant
    product_id: str  # a registered product of the tenant, without model versions
    make_uow: UowFactory


def register_product(make_uow: UowFactory, tenant: Tenant, name_zh: str,
                     name_en: str) -> str:
    with make_uow(write=True) as uow:
        product = catalog.register_product(
            uow, tenant.admin, catalog.ProductData(name_zh, name_en, "lithium battery",
                                                   own_code="LFP-TEST"))
        uow.commit()
    return product.id


def make_app(data_dir: Path) -> FastAPI:
    """The app as ``carbonlabel serve`` builds it, on SQLite, with jobs on threads."""
    return create_app(Settings(data_dir=data_dir,
                               database_url=f"sqlite:///{data_dir / 'web.db'}",
                               secret_key="page-test-secret-" + "x" * 32,
                               job_processes=False))


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Run the app with uvicorn in a thread on a free port; yield its address."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", ws="none",
                                           lifespan="on", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    try:
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        sock.close()


def chromium_or_skip() -> Path:
    """Debian's chromium; missing, the test fails in CI and is skipped elsewhere."""
    if CHROMIUM.is_file():
        return CHROMIUM
    message = (f"{CHROMIUM} is missing: run ./dev test (it installs Debian's chromium) or "
               "apt-get install chromium")
    unavailable(message)
