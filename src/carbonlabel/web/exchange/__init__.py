"""The exchange pages (signed in; Chinese first, English switchable): PACT partners and their
credentials, supplier requests (inbox and outbox, answering, refusing, withdrawing) and the
supplier footprints received. The words are in the "exchange" catalogue.
"""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter, FastAPI

from carbonlabel.web.exchange import partners, received, requests


@cache
def _pages() -> APIRouter:
    """The pages' router, built once: FastAPI works out its routes' dependencies when an
    app first includes it and keeps them on it, so every later app reuses them."""
    router = APIRouter(include_in_schema=False)
    for module in (partners, requests, received):
        router.include_router(module.router)
    return router


def install(app: FastAPI) -> None:
    app.include_router(_pages())
