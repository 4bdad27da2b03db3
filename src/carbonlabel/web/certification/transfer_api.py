"""REST API v1 of certificate transfers between certification bodies.

``POST /certificates/{id}/transfers`` (the holder's admin; 201) asks for a transfer to
``to_body_id``; ``GET /transfers`` lists the caller's: its certificates' requests, its queue as
accepting body, and those away from it as issuing body; ``GET /transfers/{id}``; the steps
``review`` (records the pre-transfer checklist), ``accept``, ``decline`` (with ``reason``) by
the accepting body's admin or decision maker, and ``cancel`` by the holder's admin. Refusals:
409 with ``rule`` (``transfer_certificate_not_valid``, ``transfer_reevaluation_required``,
``transfer_nonconformity_open``, ``transfer_complaint_open``, ``transfer_surveillance_overdue``,
``transfer_same_body``, ``transfer_already_open``, ``body_not_approved``,
``accreditation_expired``, ``accreditation_scope``, ``transfer_reason_required``,
``transfer_transition_not_allowed``); 403 a role or party that may not; 404 another
organisation's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from carbonlabel.domain.certification.transfer import CertificateTransfer, TransferState
from carbonlabel.services.certification import transfer
from carbonlabel.web.api.responses import SIGNED_IN, WITH_BODY
from carbonlabel.web.api.schemas import _In
from carbonlabel.web.deps import CurrentUser, ReadUow, WriteUow, refuse_nul

router = APIRouter(prefix="/api/v1", tags=["certificate transfers"],
                   dependencies=[Depends(refuse_nul)])
STEP = {**SIGNED_IN, **WITH_BODY}


class TransferCreate(_In):
    to_body_id: str = Field(min_length=1, max_length=36, description="the accepting body")
    note: str = Field(default="", max_length=2000, description="why the holder asks")


class TransferNote(_In):
    note: str = Field(default="", max_length=2000)


class TransferReason(_In):
    reason: str = Field(default="", max_length=2000)


class CheckItemPublic(BaseModel):
    code: str
    passed: bool
    detail_zh: str
    detail_en: str


class TransferPublic(BaseModel):
    id: str
    certificate_id: str
    number: str
    holder_id: str
    from_body_id: str
    to_body_id: str
    state: TransferState
    requested_at: datetime
    note: str
    checklist: list[CheckItemPublic] = Field(description="the pre-transfer review")
    reviewed_at: datetime | None
    review_note: str
    decided_at: datetime | None
    reason: str


def _public(t: CertificateTransfer) -> dict[str, Any]:
    out = {k: getattr(t, k) for k in TransferPublic.model_fields if k != "checklist"}
    out["checklist"] = [{"code": i.code, "passed": i.passed, "detail_zh": i.detail_zh,
                         "detail_en": i.detail_en} for i in t.checklist]
    return out


@router.post("/certificates/{certificate_id}/transfers", response_model=TransferPublic,
             status_code=201, responses=STEP)
def request_transfer(certificate_id: str, body: TransferCreate, user: CurrentUser,
                     uow: WriteUow) -> dict[str, Any]:
    """The holder's admin asks for its certificate to move to another body."""
    return _public(transfer.request_transfer(uow, user, certificate_id[:36], body.to_body_id,
                                             body.note))


@router.get("/transfers", response_model=list[TransferPublic], responses=SIGNED_IN)
def transfers(user: CurrentUser, uow: ReadUow) -> list[dict[str, Any]]:
    return [_public(t) for t in transfer.of_organisation(uow, user)]


@router.get("/transfers/{transfer_id}", response_model=TransferPublic, responses=SIGNED_IN)
def show(transfer_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return _public(transfer.get(uow, user, transfer_id[:36]))


@router.post("/transfers/{transfer_id}/review", response_model=TransferPublic, responses=STEP)
def review(transfer_id: str, body: TransferNote, user: CurrentUser,
           uow: WriteUow) -> dict[str, Any]:
    """The accepting body records its pre-transfer review (the checklist as read today)."""
    return _public(transfer.review(uow, user, transfer_id[:36], body.note))


@router.post("/transfers/{transfer_id}/accept", response_model=TransferPublic, responses=STEP)
def accept(transfer_id: str, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """The accepting body accepts: the certificate moves to it (same number)."""
    return _public(transfer.accept(uow, user, transfer_id[:36]))


@router.post("/transfers/{transfer_id}/decline", response_model=TransferPublic, responses=STEP)
def decline(transfer_id: str, body: TransferReason, user: CurrentUser,
            uow: WriteUow) -> dict[str, Any]:
    return _public(transfer.decline(uow, user, transfer_id[:36], body.reason))


@router.post("/transfers/{transfer_id}/cancel", response_model=TransferPublic, responses=STEP)
def cancel(transfer_id: str, body: TransferReason, user: CurrentUser,
           uow: WriteUow) -> dict[str, Any]:
    """The holder's admin cancels its open request."""
    return _public(transfer.cancel(uow, user, transfer_id[:36], body.reason))
