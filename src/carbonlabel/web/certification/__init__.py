"""The certification pages (signed in; Chinese first, English switchable): for enterprises,
applying, following a case, answering nonconformities, certificates and labels; for the
certification body, the queue, each step of a case (plan, reviews, verification re-run,
nonconformities, evaluation, decision), certificates with status actions, the surveillance
calendar and the body's set-up. The words are in the "certification" catalogue.
"""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter, FastAPI

from carbonlabel.web.certification import (
    body,
    cases,
    certificate_list_export,
    certificates,
    change_pages,
    changes_api,
    complaints,
    complaints_api,
    engagement_api,
    engagement_pages,
    operator,
    organisation,
    submitted,
    system_api,
    system_pages,
    transfer_api,
    transfer_pages,
)


@cache
def _pages() -> APIRouter:
    """The pages' router, built once: FastAPI works out its routes' dependencies when an
    app first includes it and keeps them on it, so every later app reuses them."""
    router = APIRouter(include_in_schema=False)
    for module in (cases, certificate_list_export, certificates, change_pages, body,
                   complaints, engagement_pages, operator, organisation, submitted,
                   system_pages, transfer_pages):
        router.include_router(module.router)
    return router


def install(app: FastAPI) -> None:
    app.include_router(_pages())
    app.include_router(complaints_api.router)
    app.include_router(engagement_api.router)
    app.include_router(transfer_api.router)
    app.include_router(changes_api.router)
    app.include_router(system_api.router)
