"""The public 公示 page of administrative penalties (no sign-in, Chinese first): the summary
of each record published and within its publicity period, nothing else."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response

from carbonlabel.domain.supervision.penalty_rows import summary
from carbonlabel.services.supervision import penalties
from carbonlabel.web.deps import ReadUow
from carbonlabel.web.pages.common import page_router
from carbonlabel.web.supervision.penalty_pages import show, today

router = page_router()
PER_PAGE = 20


@router.get("/public/penalties")
def public_penalties(request: Request, uow: ReadUow,
                     page: Annotated[int, Query(ge=1, le=50_000)] = 1) -> Response:
    found = penalties.public_page(uow, today(), (page - 1) * PER_PAGE, PER_PAGE)
    return show(request, "public_penalties.html", None, items=[summary(p) for p in found.items],
                total=found.total, page=page, last=max(1, -(-found.total // PER_PAGE)))
