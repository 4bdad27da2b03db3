"""Quantification on the web: the REST API of products, model versions, footprint jobs and
footprints (``api``), and the enterprise dashboard, product, job progress and footprint
report pages (Chinese first, English switchable; the words are in the "messages"
catalogue)."""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter, FastAPI

from carbonlabel.web.quantify import (
    dashboard,
    editor,
    exports,
    factors_api,
    help_pages,
    product_list_export,
    product_rule_pages,
    products,
    results,
    uncertainty_pages,
    versions,
)


@cache
def _pages() -> APIRouter:
    """The pages' router, built once: FastAPI works out its routes' dependencies when an
    app first includes it and keeps them on it, so every later app reuses them."""
    router = APIRouter(include_in_schema=False)
    for module in (dashboard, product_list_export, products, editor, help_pages, results,
                   exports, uncertainty_pages, product_rule_pages, versions):
        router.include_router(module.router)
    return router


def install(app: FastAPI) -> None:
    """Add the dashboard, product, job and footprint pages to the app."""
    app.include_router(_pages())
    app.include_router(factors_api.router)  # the editor's factor picker
