"""Downloads of a footprint's tables: one XLSX workbook (a sheet per table) and one CSV per
table, for a signed-in page session (``/footprints/{id}/tables/...``, in the page's language)
and through the API (``/api/v1/footprints/{id}/tables/...``, ``lang`` zh or en). The footprint
is read as its page reads it (``footprint_overview``: another organisation's is "not found"),
and the rows come from the page's own report (web/quantify/result_tables.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.formats.table_export import (
    CSV_MEDIA_TYPE,
    XLSX_MEDIA_TYPE,
    to_csv,
    to_xlsx,
)
from carbonlabel.domain.tenancy import User
from carbonlabel.services.quantify.dashboard import footprint_overview
from carbonlabel.web.api.responses import SIGNED_IN, Responses
from carbonlabel.web.deps import CurrentUser, ReadUow, refuse_nul
from carbonlabel.web.pages.common import PageUser, page_router
from carbonlabel.web.pages.downloads import send
from carbonlabel.web.pages.rendering import language
from carbonlabel.web.quantify.report import build_report
from carbonlabel.web.quantify.result_tables import ResultTable, result_table, result_tables

router = page_router()
api = APIRouter(prefix="/api/v1", dependencies=[Depends(refuse_nul)], responses=SIGNED_IN,
                tags=["footprints"])

Lang = Annotated[Literal["zh", "en"], Query(description="文字单元格的语言；表头总是中英双语 / "
                                                         "the language of text cells; headers "
                                                         "are always bilingual")]
CSV: Responses = {200: {"content": {"text/csv": {}}, "description": "the table, UTF-8 with BOM"}}
XLSX: Responses = {200: {"content": {XLSX_MEDIA_TYPE: {}}, "description": "a sheet per table"}}


def _stem(footprint_id: str) -> str:
    return f"footprint-{footprint_id[:8]}"


def _workbook(uow: UnitOfWork, user: User, footprint_id: str, lang: str) -> Response:
    view = footprint_overview(uow, user, footprint_id)
    tables = result_tables(build_report(view.record.result_json), lang)
    return send(to_xlsx(tables), XLSX_MEDIA_TYPE, f"{_stem(view.record.id)}.xlsx")


def _csv(uow: UnitOfWork, user: User, footprint_id: str, table: ResultTable,
         lang: str) -> Response:
    view = footprint_overview(uow, user, footprint_id)
    made = result_table(build_report(view.record.result_json), table, lang)
    return send(to_csv(made), CSV_MEDIA_TYPE, f"{_stem(view.record.id)}-{table.value}.csv")


def _lang(code: str) -> str:
    return "zh_CN" if code == "zh" else "en"


# -- pages (a session; the page's language) --------------------------------------------------

@router.get("/footprints/{footprint_id}/tables/workbook.xlsx")
def page_workbook(request: Request, footprint_id: str, user: PageUser,
                  uow: ReadUow) -> Response:
    return _workbook(uow, user, footprint_id, language(request))


@router.get("/footprints/{footprint_id}/tables/{table}.csv")
def page_table(request: Request, footprint_id: str, table: ResultTable, user: PageUser,
               uow: ReadUow) -> Response:
    return _csv(uow, user, footprint_id, table, language(request))


# -- API ---------------------------------------------------------------------------------------

@api.get("/footprints/{footprint_id}/tables/workbook.xlsx", response_class=Response,
         responses=XLSX)
def footprint_workbook(footprint_id: str, user: CurrentUser, uow: ReadUow,
                       lang: Lang = "zh") -> Response:
    """Every table of the footprint report (stages, processes, gases, hotspots, supply tree,
    items reported separately), a sheet each; numbers unrounded."""
    return _workbook(uow, user, footprint_id, _lang(lang))


@api.get("/footprints/{footprint_id}/tables/{table}.csv", response_class=Response,
         responses=CSV)
def footprint_table(footprint_id: str, table: ResultTable, user: CurrentUser, uow: ReadUow,
                    lang: Lang = "zh") -> Response:
    """One table of the footprint report as CSV (UTF-8 with a byte-order mark)."""
    return _csv(uow, user, footprint_id, table, _lang(lang))
