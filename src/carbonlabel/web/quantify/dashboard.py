"""The enterprise dashboard: products with their latest footprint, recent jobs, and the form
that registers a product. A certification body's staff land on their workspace instead, a
regulator's staff on theirs (/supervision)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.certification import workspace
from carbonlabel.services.certification.product_status import products_certification
from carbonlabel.services.quantify import catalog
from carbonlabel.services.quantify.dashboard import dashboard
from carbonlabel.services.supervision import workspace as supervision_workspace
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import FormRefusedError
from carbonlabel.web.pages.rendering import render

router = page_router()
PRODUCT_FIELDS = ("name_zh", "name_en", "category", "product_rule", "gtin", "own_code")


@router.get("/dashboard")
def show_dashboard(request: Request, user: PageUser, uow: ReadUow) -> Response:
    if workspace.is_body(uow, user):  # a certification body's home is its workspace
        return RedirectResponse("/certification", status_code=303)
    if supervision_workspace.is_regulator(uow, user):  # a regulator's home is its workspace
        return RedirectResponse("/supervision", status_code=303)
    return render(request, "dashboard.html", **_board(uow, user), user=user, form={},
                  errors={})


def _board(uow: UnitOfWork, user: User) -> dict[str, Any]:
    """The dashboard's records: the board, and where each product stands in certification."""
    return {"board": dashboard(uow, user),
            "certification": products_certification(uow, user, datetime.now(UTC).date())}


@contextmanager
def _shown_again_if_refused(request: Request, user: User,
                            form: dict[str, str]) -> Iterator[None]:
    """The dashboard again (422) with the form as filled in and the reason at the refused
    field (or above the form), if the product is refused."""
    try:
        yield
    except InputError as exc:
        field = exc.field if exc.field in PRODUCT_FIELDS else "form"
        raise FormRefusedError(exc, lambda uow, _status, error: render(
            request, "dashboard.html", 422, **_board(uow, user), user=user, form=form,
            errors={field: error})) from exc


@router.post("/products", dependencies=[CsrfChecked])
def register_product(request: Request, user: PageUser, uow: WriteUow,
                     name_zh: Annotated[str, Form()] = "", name_en: Annotated[str, Form()] = "",
                     category: Annotated[str, Form()] = "",
                     product_rule: Annotated[str, Form()] = "",
                     gtin: Annotated[str, Form()] = "",
                     own_code: Annotated[str, Form()] = "") -> Response:
    form = {"name_zh": name_zh, "name_en": name_en, "category": category,
            "product_rule": product_rule, "gtin": gtin, "own_code": own_code}
    data = catalog.ProductData(name_zh, name_en, category,
                               *(v.strip() or None for v in (product_rule, gtin, own_code)))
    with _shown_again_if_refused(request, user, form):
        product = catalog.register_product(uow, user, data)
    return RedirectResponse(f"/products/{product.id}", status_code=303)
