"""REST API v1 of penalty records (双公示).

Regulators (signed in as a regulator's staff): ``GET/POST /supervision/penalties`` (the records
of parties within the jurisdiction; record a draft), ``GET /supervision/penalties/export``
(the regulator's own records as CSV, XLSX or JSON, with a status column), ``GET/PUT
/supervision/penalties/{penalty_id}`` (read; edit a draft), and the steps ``review``,
``publish``, ``withdraw``, ``repair`` (409 with ``rule``: ``penalty_transition``,
``four_eyes``, ``warning_only``, ``serious_not_repairable``; 403 a non-regulator, a viewer or
another regulator's record; 404 outside the jurisdiction).

Public (no sign-in): ``GET /public/penalties`` (the summaries of what is published today) and
``GET /public/penalties/feed`` (the JSON feed, field codes as keys, no personal data).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from carbonlabel.adapters.formats.penalty_export import feed_item
from carbonlabel.domain.supervision.penalties import Penalty, PenaltyState
from carbonlabel.domain.supervision.penalty_rows import row, summary
from carbonlabel.services.supervision import penalties
from carbonlabel.services.supervision.penalties import RedactionRequest
from carbonlabel.services.supervision.penalty_exports import ExportFormat, export, public_feed
from carbonlabel.web.api.responses import PUBLIC, SIGNED_IN, WITH_BODY
from carbonlabel.web.deps import CurrentUser, ReadUow, WriteUow, refuse_nul
from carbonlabel.web.supervision import penalty_schemas as s

router = APIRouter(prefix="/api/v1", tags=["penalty records"],
                   dependencies=[Depends(refuse_nul)])
BASE = "/supervision/penalties"
STEP = {**SIGNED_IN, **WITH_BODY}
MAX_LIMIT = 200


def _today() -> date:
    return datetime.now(UTC).date()


def public(p: Penalty) -> dict[str, Any]:
    f = p.fields
    return {"id": p.id, "state": p.state, "regulator_id": p.regulator_id,
            "party_region": f.party_region, "publicity_class": p.publicity_class,
            "law_requires_publicity": f.law_requires_publicity,
            "restriction_end": f.restriction_end, "case_id": f.case_id,
            "certificate_number": f.certificate_number, "alert_id": f.alert_id,
            "recorded_by": p.recorded_by, "recorded_at": p.recorded_at,
            "reviewed_by": p.reviewed_by, "reviewed_at": p.reviewed_at,
            "published_at": p.published_at, "publicity_start": p.publicity_start,
            "publicity_end": p.publicity_end, "closing_note": p.closing_note,
            "redactions": [r.__dict__ for r in p.redactions],
            "template": feed_item(row(p, personal=True))}


@router.get(BASE, response_model=s.PenaltyPage, responses=SIGNED_IN)
def list_penalties(user: CurrentUser, uow: ReadUow, state: PenaltyState | None = None,
                   offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
                   limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50) -> dict[str, Any]:
    """Penalty records of parties within the caller's jurisdiction, newest decision first."""
    page = penalties.penalties_page(uow, user, offset, limit, state)
    return {"items": [public(p) for p in page.items], "total": page.total,
            "offset": offset, "limit": limit}


@router.post(BASE, response_model=s.PenaltyPublic, status_code=201, responses=STEP)
def record_penalty(body: s.PenaltyCreate, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """Record a draft (the deciding authority is the caller's regulator)."""
    return public(penalties.record(uow, user, body.fields()))


@router.get(f"{BASE}/export", response_class=Response, responses={
    **SIGNED_IN, 200: {"content": {"text/csv": {}, "application/json": {}, "application/"
                       "vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}},
                       "description": "the regulator's records in the 双公示 template"}})
def export_penalties(user: CurrentUser, uow: ReadUow,
                     format: ExportFormat = ExportFormat.CSV) -> Response:
    """Every record of the caller's regulator (any state, with 当前状态), in template order."""
    made = export(uow, user, format, _today())
    return Response(made.content, media_type=made.media_type, headers={
        "Content-Disposition": f'attachment; filename="{made.filename}"',
        "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})


@router.get(f"{BASE}/{{penalty_id}}", response_model=s.PenaltyPublic, responses=SIGNED_IN)
def show_penalty(penalty_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return public(penalties.get_penalty(uow, user, penalty_id[:36]))


@router.put(f"{BASE}/{{penalty_id}}", response_model=s.PenaltyPublic, responses=STEP)
def edit_penalty(penalty_id: str, body: s.PenaltyCreate, user: CurrentUser,
                 uow: WriteUow) -> dict[str, Any]:
    """Replace a draft's fields."""
    return public(penalties.edit(uow, user, penalty_id[:36], body.fields()))


@router.post(f"{BASE}/{{penalty_id}}/review", response_model=s.PenaltyPublic, responses=STEP)
def review_penalty(penalty_id: str, body: s.Review, user: CurrentUser,
                   uow: WriteUow) -> dict[str, Any]:
    """Confidentiality checked and redactions made, by another person than the recorder."""
    asked = tuple(RedactionRequest(r.code, r.text, r.reason) for r in body.redactions)
    return public(penalties.review(uow, user, penalty_id[:36], body.confidentiality_checked,
                                   asked))


@router.post(f"{BASE}/{{penalty_id}}/publish", response_model=s.PenaltyPublic, responses=STEP)
def publish_penalty(penalty_id: str, body: s.Publish, user: CurrentUser,
                    uow: WriteUow) -> dict[str, Any]:
    return public(penalties.publish(uow, user, penalty_id[:36], on=body.on))


@router.post(f"{BASE}/{{penalty_id}}/withdraw", response_model=s.PenaltyPublic,
             responses=STEP)
def withdraw_penalty(penalty_id: str, body: s.Reason, user: CurrentUser,
                     uow: WriteUow) -> dict[str, Any]:
    return public(penalties.withdraw(uow, user, penalty_id[:36], body.reason))


@router.post(f"{BASE}/{{penalty_id}}/repair", response_model=s.PenaltyPublic, responses=STEP)
def repair_penalty(penalty_id: str, body: s.Reason, user: CurrentUser,
                   uow: WriteUow) -> dict[str, Any]:
    """Credit repair (the repair decision in ``reason``); not for a serious case."""
    return public(penalties.repair(uow, user, penalty_id[:36], body.reason))


@router.get("/public/penalties", response_model=s.PenaltySummaryPage, responses=PUBLIC)
def public_penalties(uow: ReadUow, offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
                     limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50) -> dict[str, Any]:
    """The summaries of the penalty records published today (no sign-in)."""
    page = penalties.public_page(uow, _today(), offset, limit)
    return {"items": [summary(p) for p in page.items], "total": page.total,
            "offset": offset, "limit": limit}


@router.get("/public/penalties/feed", response_class=Response, responses={
    **PUBLIC, 200: {"content": {"application/json": {}},
                    "description": "{fields: [{code, header}], records: [{code: value}]}"}})
def public_penalty_feed(uow: ReadUow) -> Response:
    """The JSON feed of what is published today: field codes as keys, no personal data."""
    return Response(public_feed(uow, _today()), media_type="application/json")
