"""The dashboard's product list as CSV or XLSX (``/dashboard/products.csv``, ``.xlsx``): the
rows the dashboard shows (the same board and certification read), in the page's language,
with the latest footprint unrounded and each product's certificate and its status today."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import Request, Response

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.formats.table_export import (
    CSV_MEDIA_TYPE,
    XLSX_MEDIA_TYPE,
    Cell,
    Column,
    ColumnKind,
    Table,
    to_csv,
    to_xlsx,
)
from carbonlabel.domain.tenancy import User
from carbonlabel.services.certification.product_status import (
    NONE,
    ProductCertification,
    products_certification,
)
from carbonlabel.services.quantify.dashboard import ProductSummary, dashboard
from carbonlabel.web.deps import ReadUow
from carbonlabel.web.pages import text
from carbonlabel.web.pages.common import PageUser, page_router
from carbonlabel.web.pages.downloads import both_languages, send
from carbonlabel.web.pages.rendering import N_, language

router = page_router()

COLUMNS = (Column(both_languages(N_("Product"))), Column(both_languages(N_("Category"))),
           Column(both_languages(N_("Code"))),
           Column(both_languages(N_("Latest footprint")) + " (kg CO2e)", ColumnKind.NUMBER),
           Column(both_languages(N_("Unit"))), Column(both_languages(N_("Calculated"))),
           Column(both_languages(N_("Certificate"))),
           Column(both_languages(N_("Certificate status"))))


def _row(item: ProductSummary, pc: ProductCertification, lang: str) -> tuple[Cell, ...]:
    latest = item.latest
    return (text.product_name(item.product, lang), text.category_name(item.product.category, lang),
            item.product.own_code or item.product.gtin or "",
            latest.total_co2e_kg if latest else None, latest.unit if latest else "",
            text.when(latest.created_at) if latest else "",
            pc.certificate.number if pc.certificate else "",
            text.pick(pc.status_name, lang) if pc.status_name else "")


def product_table(rows: list[tuple[Cell, ...]]) -> Table:
    return Table("products", "产品", COLUMNS, tuple(rows))


def _table(request: Request, user: User, uow: UnitOfWork) -> Table:
    lang = language(request)
    certification = products_certification(uow, user, datetime.now(UTC).date())
    return product_table([_row(item, certification.get(item.product.id, NONE), lang)
                          for item in dashboard(uow, user).products])


@router.get("/dashboard/products.csv")
def products_csv(request: Request, user: PageUser, uow: ReadUow) -> Response:
    return send(to_csv(_table(request, user, uow)), CSV_MEDIA_TYPE, "products.csv")


@router.get("/dashboard/products.xlsx")
def products_xlsx(request: Request, user: PageUser, uow: ReadUow) -> Response:
    return send(to_xlsx([_table(request, user, uow)]), XLSX_MEDIA_TYPE, "products.xlsx")
