"""Improvement plans, restatements and claims beyond the value: API and pages (the plan
pages' words are in the "messages" catalogue, the case's claims section in "certification",
the registry's claims in "registry")."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from carbonlabel.web.improvement import api, claim_pages, plan_pages


def install(app: FastAPI) -> None:
    pages = APIRouter(include_in_schema=False)
    pages.include_router(plan_pages.router)
    pages.include_router(claim_pages.router)
    app.include_router(pages)
    app.include_router(api.router)
