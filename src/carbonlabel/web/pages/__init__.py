"""Server-rendered pages (Jinja2, Chinese first, English switchable): sign-in, the enterprise
dashboard, products and their model versions, job progress and footprint reports.

Routers are thin: parse the form, call one service, render. Errors become pages
(``common.PageRoute``); every visible word goes through the Babel catalogues in ``web/i18n``.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from carbonlabel.web.pages import account, auth, dashboard, products, results
from carbonlabel.web.pages.rendering import STATIC


def install(app: FastAPI) -> None:
    """Add the pages and their static files (CSS, JS) to the app."""
    router = APIRouter(include_in_schema=False)
    for module in (auth, dashboard, products, results, account):
        router.include_router(module.router)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
