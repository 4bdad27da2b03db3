"""The data-sharing page (signed in; Chinese first, English switchable): the classification of
an enterprise's footprints and inventories, export approvals and inventory grants. The words
are in the "sharing" catalogue.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from carbonlabel.web.sharing import pages


def install(app: FastAPI) -> None:
    router = APIRouter(include_in_schema=False)
    router.include_router(pages.router)
    app.include_router(router)
