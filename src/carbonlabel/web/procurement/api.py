"""REST API v1 of low-carbon procurement (低碳采购).

Signed in as staff of a procurement agency: ``GET /procurement/ranking`` (a category or a
product rule, a declared unit; optional rule release, boundary, criterion), its files
``GET /procurement/ranking.csv`` and ``.xlsx``, ``POST /procurement/criteria`` (publish) and
``POST /procurement/criteria/{criterion_id}/withdraw``. Public (no sign-in):
``GET /public/procurement-criteria`` and ``GET /public/procurement-criteria/{criterion_id}``.
Anyone signed in who is not of a procurement agency is refused (403); another agency's
criterion cannot be withdrawn (404).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.formats.table_export import (
    CSV_MEDIA_TYPE,
    XLSX_MEDIA_TYPE,
    to_csv,
    to_xlsx,
)
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.procurement import criteria, ranking
from carbonlabel.services.procurement.ranking_table import ranked_table, workbook_tables
from carbonlabel.web.api.responses import PUBLIC, SIGNED_IN, WITH_BODY, Responses, errors
from carbonlabel.web.deps import CurrentUser, ReadUow, WriteUow, refuse_nul
from carbonlabel.web.pages.downloads import send
from carbonlabel.web.procurement import schemas as s
from carbonlabel.web.procurement import shapes

router = APIRouter(prefix="/api/v1/procurement", tags=["procurement"],
                   dependencies=[Depends(refuse_nul)])
public = APIRouter(prefix="/api/v1/public", tags=["procurement"],
                   dependencies=[Depends(refuse_nul)])
CSV: Responses = {200: {"content": {"text/csv": {}},
                        "description": "the ranking, then the excluded, UTF-8 with BOM"}}
XLSX: Responses = {200: {"content": {XLSX_MEDIA_TYPE: {}},
                         "description": "sheets: ranking, excluded, about"}}
Lang = Annotated[Literal["zh", "en"], Query(description="the language of text cells")]


def today() -> date:
    return datetime.now(UTC).date()


def query_of(category: str | None, rule: str | None, unit: str | None, boundary: str | None,
             criterion: str | None) -> ranking.RankingQuery:
    return ranking.RankingQuery(category, rule, unit, boundary, criterion)


Category = Annotated[str | None, Query(max_length=10, description="catalogue code 1-17")]
Rule = Annotated[str | None, Query(max_length=150, description="product rule code or "
                                                               "code@version")]
Unit = Annotated[str | None, Query(max_length=200, description="declared unit")]
Boundary = Annotated[str | None, Query(max_length=40)]
CriterionId = Annotated[str | None, Query(max_length=36, description="a criterion to mark")]


def agency_names(uow: UnitOfWork, view: ranking.RankingView) -> dict[str, str]:
    if view.ranking is None:
        return {}
    names = {}
    for c in view.ranking.criteria:
        org = uow.organisations.get(c.agency_id)
        names[c.agency_id] = org.name if org else ""
    return names


def ranked_view(uow: UnitOfWork, user: User, q: ranking.RankingQuery) -> ranking.RankingView:
    """A ranking that files can be made of: a declared unit and a comparable key found."""
    view = ranking.ranking(uow, user, q, today())
    if view.ranking is None:
        raise InputError(field="unit", message_en="name a declared unit that has valid "
                                                  "certified results",
                         message_zh="请选择有有效认证结果的声明单位")
    return view


def file_stem(view: ranking.RankingView) -> str:
    assert view.ranking is not None
    return f"procurement-ranking-{view.ranking.on.isoformat()}"


@router.get("/ranking", response_model=s.RankingPublic, responses=SIGNED_IN)
def get_ranking(user: CurrentUser, uow: ReadUow, category: Category = None, rule: Rule = None,
                unit: Unit = None, boundary: Boundary = None,
                criterion: CriterionId = None) -> dict[str, Any]:
    """Certified products of a category (or product rule) and declared unit ranked by certified
    value, lowest first, among comparable results; the others apart with the reason. Without
    ``unit``: the units to choose from (``units``), no ranking."""
    view = ranking.ranking(uow, user, query_of(category, rule, unit, boundary, criterion),
                           today())
    return shapes.ranking_dict(view, today(), agency_names(uow, view))


@router.get("/ranking.csv", response_class=Response, responses={**SIGNED_IN, **CSV})
def ranking_csv(user: CurrentUser, uow: ReadUow, category: Category = None, rule: Rule = None,
                unit: Unit = None, boundary: Boundary = None, criterion: CriterionId = None,
                lang: Lang = "zh") -> Response:
    view = ranked_view(uow, user, query_of(category, rule, unit, boundary, criterion))
    return send(to_csv(ranked_table(view, lang)), CSV_MEDIA_TYPE, f"{file_stem(view)}.csv")


@router.get("/ranking.xlsx", response_class=Response, responses={**SIGNED_IN, **XLSX})
def ranking_xlsx(user: CurrentUser, uow: ReadUow, category: Category = None, rule: Rule = None,
                 unit: Unit = None, boundary: Boundary = None, criterion: CriterionId = None,
                 lang: Lang = "zh") -> Response:
    view = ranked_view(uow, user, query_of(category, rule, unit, boundary, criterion))
    return send(to_xlsx(workbook_tables(view, lang)), XLSX_MEDIA_TYPE,
                f"{file_stem(view)}.xlsx")


@public.get("/procurement-criteria", response_model=list[s.CriterionPublic], responses=PUBLIC)
def list_criteria(uow: ReadUow) -> list[dict[str, Any]]:
    """Every published criterion, withdrawn ones too (public: no sign-in)."""
    on = today()
    return [shapes.published_dict(p, on) for p in criteria.published(uow)]


@public.get("/procurement-criteria/{criterion_id}", response_model=s.CriterionPublic,
            responses=PUBLIC)
def get_criterion(criterion_id: str, uow: ReadUow) -> dict[str, Any]:
    return shapes.published_dict(criteria.published_one(uow, criterion_id[:36]), today())


@router.post("/criteria", response_model=s.CriterionPublic, status_code=201,
             responses={**SIGNED_IN, **WITH_BODY})
def publish(body: s.CriterionCreate, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """Publish a criterion of your agency for one comparable key (audited)."""
    made = criteria.publish(uow, user, criteria.CriterionInput(
        body.title, body.product_rule, body.declared_unit, body.boundary, body.kind,
        body.threshold, body.effective_on))
    return shapes.published_dict(criteria.published_one(uow, made.id), today())


@router.post("/criteria/{criterion_id}/withdraw", response_model=s.CriterionPublic,
             responses={**SIGNED_IN, **WITH_BODY, **errors(409)})
def withdraw(criterion_id: str, body: s.WithdrawalCreate, user: CurrentUser,
             uow: WriteUow) -> dict[str, Any]:
    """Withdraw a criterion of your agency; it stays in the history (audited)."""
    criteria.withdraw(uow, user, criterion_id[:36], body.reason)
    return shapes.published_dict(criteria.published_one(uow, criterion_id[:36]), today())
