"""REST API v1 of changes affecting certification (ISO/IEC 17065 §7.10): a certificate's
change-evaluations and revisions; request (holder or body), start the evaluation, record it
(the re-run of a new footprint), decide. A refused step is 409 with ``rule``
(docs/certification.md)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from carbonlabel.domain.certification.changes import (
    CertificateChange,
    ChangeAction,
    ChangeKind,
)
from carbonlabel.services.certification import changes
from carbonlabel.web.api.responses import SIGNED_IN, WITH_BODY
from carbonlabel.web.api.schemas import _In
from carbonlabel.web.deps import CurrentUser, ReadUow, WriteUow, refuse_nul

router = APIRouter(prefix="/api/v1", tags=["certification"], responses=SIGNED_IN,
                   dependencies=[Depends(refuse_nul)])


class ChangeCreate(_In):
    kind: ChangeKind = Field(description="reissue (a new footprint), extension or reduction")
    description: str = Field(min_length=1, max_length=2000)
    footprint_id: str | None = Field(default=None, max_length=36,
                                     description="a re-issue: the new model's footprint")
    scope: str | None = Field(default=None, max_length=2000,
                              description="an extension / reduction: the scope after it")


class EvaluationCreate(_In):
    notes: str = Field(min_length=1, max_length=2000)
    materiality: float = Field(default=0.05, gt=0, lt=1)


class DecisionCreate(_In):
    action: Literal["approve", "reject"]
    reason: str = Field(min_length=1, max_length=2000)


class EvaluationPublic(BaseModel):
    evaluator_id: str
    notes: str
    at: datetime
    submitted_total: float | None
    recomputed_total: float | None
    relative_difference: float | None
    materiality: float | None
    material: bool


class ChangePublic(BaseModel):
    id: str
    certificate_id: str
    kind: str
    state: str
    description: str
    opened_by: str
    opened_by_body: bool
    opened_at: datetime
    model_version_id: str | None
    footprint_id: str | None
    scope: str | None
    evaluators: list[str]
    evaluation: EvaluationPublic | None
    decider_id: str | None
    decided_at: datetime | None
    reason: str


def _out(change: CertificateChange) -> dict[str, Any]:
    out = asdict(change)
    out["evaluators"] = list(change.evaluators)
    if change.evaluation is not None:
        out["evaluation"]["material"] = change.evaluation.material
    return out


@router.get("/certificates/{certificate_id}/changes", response_model=list[ChangePublic])
def list_changes(certificate_id: str, user: CurrentUser, uow: ReadUow) -> list[dict[str, Any]]:
    """The certificate's change-evaluations, the oldest first."""
    return [_out(c) for c in changes.list_changes(uow, user, certificate_id)]


@router.post("/certificates/{certificate_id}/changes", status_code=201, responses=WITH_BODY,
             response_model=ChangePublic)
def request_change(certificate_id: str, body: ChangeCreate, user: CurrentUser,
                   uow: WriteUow) -> dict[str, Any]:
    """The holder (admin, analyst) or the body opens a change-evaluation."""
    return _out(changes.request_change(uow, user, certificate_id, changes.ChangeRequest(
        body.kind, body.description, body.footprint_id, body.scope)))


@router.get("/certificate-changes/{change_id}", response_model=ChangePublic)
def get_change(change_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return _out(changes.get_change(uow, user, change_id))


@router.post("/certificate-changes/{change_id}/evaluation/start", response_model=ChangePublic)
def start_evaluation(change_id: str, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """A body auditor (or decision maker) becomes the change's evaluator."""
    return _out(changes.start_evaluation(uow, user, change_id))


@router.post("/certificate-changes/{change_id}/evaluation", responses=WITH_BODY,
             response_model=ChangePublic)
def record_evaluation(change_id: str, body: EvaluationCreate, request: Request,
                      user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """The evaluator's review; a re-issue's model is run again and compared."""
    settings = request.app.state.settings
    return _out(changes.record_evaluation(uow, user, change_id, body.notes, settings.data_dir,
                                          settings.databases_dir, body.materiality))


@router.post("/certificate-changes/{change_id}/decision", responses=WITH_BODY,
             response_model=ChangePublic)
def decide(change_id: str, body: DecisionCreate, user: CurrentUser,
           uow: WriteUow) -> dict[str, Any]:
    """An independent decision maker approves (re-issue: revision +1) or rejects, with a
    reason; either clears the certificate's re-evaluation flag."""
    return _out(changes.decide(uow, user, change_id, ChangeAction(body.action), body.reason))
