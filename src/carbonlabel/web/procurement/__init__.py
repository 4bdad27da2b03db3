"""Low-carbon procurement (低碳采购): the procurement officer's ranking pages and API, and the
public list of published criteria. The words are in the "procurement" catalogue."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from carbonlabel.web.procurement import api, pages


def install(app: FastAPI) -> None:
    shown = APIRouter(include_in_schema=False)
    shown.include_router(pages.router)
    app.include_router(shown)
    app.include_router(api.router)
    app.include_router(api.public)
