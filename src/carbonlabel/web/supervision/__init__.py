"""The regulator's pages and API (signed in as staff of a market regulator; Chinese first,
English switchable): home, alerts, supervision cases, spot checks, penalty records, pilots, and
the public pages of false-label reports and published penalties. Each module owns one part;
the words are in the "supervision" catalogue.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType

from fastapi import APIRouter, FastAPI

from carbonlabel.web.pages.rendering import N_
from carbonlabel.web.supervision import (
    alerts_api,
    case_pages,
    cases_api,
    evaluation_api,
    evaluation_pages,
    penalties_api,
    penalty_pages,
    pilot_pages,
    pilots_api,
    public_penalties,
    report_pages,
    scan_pages,
    scans_api,
    spot_check_pages,
    spot_checks_api,
    workspace_api,
    workspace_pages,
)

#: the section's name in the navigation of regulators' pages
SECTION = N_("Market supervision")

#: the modules of pages (not in the API schema) and of the API; each has a ``router``
PAGE_MODULES: tuple[ModuleType, ...] = (workspace_pages, scan_pages, case_pages, report_pages,
                                         spot_check_pages, penalty_pages, public_penalties,
                                         pilot_pages, evaluation_pages)
API_MODULES: tuple[ModuleType, ...] = (workspace_api, scans_api, alerts_api, cases_api,
                                        spot_checks_api, penalties_api, pilots_api,
                                        evaluation_api)


@cache
def _pages() -> APIRouter:
    """The pages' router, built once: FastAPI works out its routes' dependencies when an
    app first includes it and keeps them on it, so every later app reuses them."""
    pages = APIRouter(include_in_schema=False)
    for module in PAGE_MODULES:
        pages.include_router(module.router)
    return pages


def install(app: FastAPI) -> None:
    app.include_router(_pages())
    for module in API_MODULES:
        app.include_router(module.router)
