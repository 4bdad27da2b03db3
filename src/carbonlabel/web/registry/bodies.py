"""The public register of certification bodies (no sign-in): each body recorded by the
platform operator with its CNCA approval number, CNAS accreditation number and validity,
scope (catalogue codes and names) and status, and its qualified auditors by name and
category (no contact details). A page (``/registry/bodies``) and ``/api/v1/registry/bodies``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from carbonlabel.domain.certification.bodies import BODY_STATUS_NAMES
from carbonlabel.services.certification import bodies
from carbonlabel.web.api.responses import PUBLIC
from carbonlabel.web.deps import ReadUow
from carbonlabel.web.pages.common import page_router
from carbonlabel.web.pages.rendering import language
from carbonlabel.web.registry.view import show

api = APIRouter(prefix="/api/v1/registry", tags=["registry"], responses=PUBLIC)
router = page_router()


def body_dict(b: bodies.RegisteredBody) -> dict[str, Any]:
    a = b.approval
    zh, en = BODY_STATUS_NAMES[a.status]
    return {"id": b.organisation.id, "name": b.organisation.name,
            "region": b.organisation.region, "body_code": a.body_code,
            "approval_number": a.approval_number,
            "accreditation_number": a.accreditation_number,
            "accredited_from": a.accredited_from.isoformat() if a.accredited_from else None,
            "accredited_to": a.accredited_to.isoformat() if a.accredited_to else None,
            "status": a.status.value, "status_zh": zh, "status_en": en,
            "scope": [{"code": int(code), "name_zh": nzh, "name_en": nen}
                      for code, nzh, nen in b.scope if code.isdigit()],
            "auditors": [{"name": name, "categories": [int(c) for c in codes if c.isdigit()]}
                         for name, codes in b.auditors]}


@api.get("/bodies")
def register_api(uow: ReadUow) -> list[dict[str, Any]]:
    """Certification bodies recorded by the platform operator, with their approval,
    accreditation (number, validity, scope as catalogue entries), status and qualified
    auditors (name and catalogue codes; no e-mail)."""
    return [body_dict(b) for b in bodies.register(uow)]


@router.get("/registry/bodies")
def register_page(request: Request, uow: ReadUow) -> Response:
    return show(request, "registry/bodies.html", found=bodies.register(uow),
                zh=language(request).startswith("zh"), statuses=BODY_STATUS_NAMES)
