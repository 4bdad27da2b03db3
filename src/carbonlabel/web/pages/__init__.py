"""What every server-rendered page shares (Jinja2, Chinese first, English switchable): page
routers, sign-in and CSRF checks (``common``), rendering and the Babel catalogues
(``rendering``, ``text``), and the static files. The pages themselves live in their feature's
folder (``web/accounts``, ``web/quantify``, ``web/certification``, ...).

Routers are thin: parse the form, call one service, render. Errors become pages
(``common.PageRoute``); every visible word goes through the Babel catalogues in ``web/i18n``.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from carbonlabel.web.pages.rendering import STATIC


def install(app: FastAPI) -> None:
    """Add the pages' static files (CSS, JS) to the app."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
