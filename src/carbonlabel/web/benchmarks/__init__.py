"""Category benchmarks (对标): the public API and pages (benchmarks, compare) and the
enterprise's position and weak links (signed in)."""

from __future__ import annotations

from fastapi import FastAPI

from carbonlabel.web.benchmarks import api, pages


def install(app: FastAPI) -> None:
    app.include_router(api.router)
    app.include_router(api.own)
    app.include_router(pages.router)
