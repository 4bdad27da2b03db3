"""The exchange pages (signed in; Chinese first, English switchable): PACT partners and their
credentials, supplier requests (inbox and outbox, answering, refusing, withdrawing) and the
supplier footprints received. The words are in the "exchange" catalogue.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from carbonlabel.web.exchange import partners, received, requests


def install(app: FastAPI) -> None:
    router = APIRouter(include_in_schema=False)
    for module in (partners, requests, received):
        router.include_router(module.router)
    app.include_router(router)
