"""The regulator's page of the scan log (``/supervision/scans``): the scans of its
jurisdiction, newest first, with the number claimed, the verdict and why it failed, the
coarse region and where it came from, and a short client reference (never who)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response

from carbonlabel.domain.certification.label import Verdict
from carbonlabel.services.supervision import scan_analysis
from carbonlabel.web.deps import ReadUow
from carbonlabel.web.pages.common import PageUser, page_router
from carbonlabel.web.pages.rendering import N_, render

router = page_router()
PER_PAGE = 50

VERDICTS: dict[str, str] = {
    Verdict.VALID: N_("valid"), Verdict.SUSPENDED: N_("suspended"),
    Verdict.WITHDRAWN: N_("withdrawn"), Verdict.CANCELLED: N_("cancelled"),
    Verdict.EXPIRED: N_("expired"), Verdict.NOT_GENUINE: N_("not genuine"),
}
FAILURES: dict[str, str] = {
    "signature": N_("bad signature"), "unknown": N_("unknown certificate"),
    "mismatch": N_("facts differ from the registry"), "check_digits": N_("wrong check digits"),
    "malformed": N_("not a code"), "length": N_("too long"),
}
SOURCES: dict[str, str] = {"address": N_("from the address table"),
                           "shared": N_("shared by the person")}


@router.get("/supervision/scans")
def scans(request: Request, user: PageUser, uow: ReadUow,
          page: Annotated[int, Query(ge=1, le=20_000)] = 1, verdict: str = "") -> Response:
    chosen = verdict if verdict in VERDICTS else ""
    found = scan_analysis.scans_page(uow, user, (page - 1) * PER_PAGE, PER_PAGE,
                                     chosen or None)
    last = max(1, -(-found.total // PER_PAGE))
    return render(request, "supervision/scans.html", user=user, found=found, page=page,
                  last=last, verdict=chosen, verdicts=VERDICTS, failures=FAILURES,
                  sources=SOURCES)
