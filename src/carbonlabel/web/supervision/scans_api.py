"""REST API v1 of the scan log for regulators: ``GET /api/v1/supervision/scans`` (paged,
newest first; ``verdict`` filters) lists the scans of the caller's jurisdiction, by their
coarse region or by the claimed certificate's holder. 403 for anyone but staff of a market
regulator."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from carbonlabel.domain.certification.label import Verdict
from carbonlabel.services.supervision import scan_analysis
from carbonlabel.web.api.responses import SIGNED_IN
from carbonlabel.web.api.schemas import PagePublic, page_of
from carbonlabel.web.deps import CurrentUser, PageParams, ReadUow, refuse_nul
from carbonlabel.web.supervision.scan_schemas import ScanPublic

router = APIRouter(prefix="/api/v1/supervision", tags=["supervision"],
                   dependencies=[Depends(refuse_nul)])


@router.get("/scans", response_model=PagePublic[ScanPublic], responses=SIGNED_IN)
def scans(user: CurrentUser, uow: ReadUow, paging: PageParams,
          verdict: Annotated[Verdict | None, Query()] = None) -> dict[str, Any]:
    """The scans of the caller's jurisdiction, newest first."""
    page = scan_analysis.scans_page(uow, user, paging.offset, paging.limit,
                                    verdict.value if verdict else None)
    return page_of(page, asdict)
