"""Green-finance evidence pages (signed in; Chinese first, English switchable): a bank's
grants and evidence, a holder's grants and their access logs. The words are in the
"evidence" catalogue; the API is ``web/evidence/api.py``."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from carbonlabel.web.evidence import pages
from carbonlabel.web.evidence.api import router as api_router


def install(app: FastAPI) -> None:
    app.include_router(api_router)
    router = APIRouter(include_in_schema=False)
    router.include_router(pages.router)
    app.include_router(router)
