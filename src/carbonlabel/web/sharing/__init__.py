"""The data-sharing page (signed in; Chinese first, English switchable): the classification of
an enterprise's footprints and inventories, export approvals and inventory grants. The words
are in the "sharing" catalogue.
"""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter, FastAPI

from carbonlabel.web.sharing import pages


@cache
def _pages() -> APIRouter:
    """The pages' router, built once: FastAPI works out its routes' dependencies when an
    app first includes it and keeps them on it, so every later app reuses them."""
    router = APIRouter(include_in_schema=False)
    router.include_router(pages.router)
    return router


def install(app: FastAPI) -> None:
    app.include_router(_pages())
