"""REST API v1 of the pilot's effect evaluation, for staff of a market regulator that sees
the pilot (its responsible regulator changes, regulators above read).

``GET /supervision/pilots/{pilot_id}/evaluation?period=YYYY`` (every indicator with formula,
inputs, source, vintage, missing flags; the four sub-scores; the aggregate only with dimension
weights); ``GET .../evaluation/report.pdf?period=&lang=``; declared inputs: ``GET/POST
.../evaluation/inputs`` (multipart: period, kind, value, evidence, subject, note and an
optional document), ``PUT .../evaluation/inputs/{input_id}`` (a correction: a new version),
``POST .../evaluation/inputs/{input_id}/withdrawal``, ``GET .../inputs/{input_id}/document``;
``PUT .../evaluation/weights``.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Response, UploadFile

from carbonlabel.domain.supervision.evaluation import (
    BENEFITS,
    DeclaredInput,
    InputKind,
    ahp_weights,
    current_inputs,
    shown,
)
from carbonlabel.errors import InputError
from carbonlabel.services.supervision import evaluation, pilots
from carbonlabel.web.api.responses import SIGNED_IN, WITH_BODY
from carbonlabel.web.certification.api import content_disposition
from carbonlabel.web.deps import CurrentUser, ReadUow, WriteUow, refuse_nul
from carbonlabel.web.supervision import evaluation_schemas as s

router = APIRouter(prefix="/api/v1/supervision/pilots/{pilot_id}/evaluation",
                   tags=["supervision: pilot evaluation"],
                   dependencies=[Depends(refuse_nul)], responses=SIGNED_IN)
Period = Annotated[int, Query(ge=2000, le=2100, description="the pilot year")]


def today() -> date:
    return datetime.now(UTC).date()


def input_public(d: DeclaredInput, current: set[str]) -> dict[str, Any]:
    return {**asdict(d), "current": d.id in current}


def evaluation_public(found: evaluation.Evaluation) -> dict[str, Any]:
    current = {d.id for d in found.inputs}
    w = found.weights
    return {
        "pilot_id": found.pilot.id, "period": found.period.year, "as_of": found.as_of,
        "indicators": [{
            "key": i.key, "dimension": i.dimension, "name_zh": i.name[0], "name_en": i.name[1],
            "formula": i.formula, "unit": i.unit, "value": i.value,
            "shown": shown(i.value, i.unit), "inputs": list(i.inputs), "source": i.source,
            "vintage": i.vintage, "missing": list(i.missing),
            "scored": i.direction.value != "none", "score": i.score,
            "weight": w.of(i.key)} for i in found.indicators],
        "sub_scores": [asdict(x) for x in found.sub_scores],
        "aggregate": found.aggregate,
        "weights": {"method": w.method, "indicators": dict(w.indicators),
                    "dimensions": dict(w.dimensions), "note": w.note, "set_by": w.set_by,
                    "set_at": w.set_at},
        "products": [{
            "product_id": c.pair.product_id, "product_name": c.pair.product_name,
            "baseline_certificate": c.pair.baseline_certificate,
            "current_certificate": c.pair.current_certificate,
            "baseline_original_total": c.restated.baseline_original_total if c.restated
            else None,
            "baseline_restated_total": c.restated.baseline_restated_total if c.restated
            else None,
            "current_total": c.restated.current_total if c.restated else None,
            "reduction_share": c.reduction_share, "volume": c.volume,
            "absolute_reduction_kg": c.absolute_kg, "flags": list(c.flags)}
            for c in found.ecology.changes],
        "inputs": [input_public(d, current) for d in found.history],
    }


@router.get("", response_model=s.EvaluationPublic)
def get_evaluation(pilot_id: str, period: Period, user: CurrentUser, uow: ReadUow,
                   on: date | None = None) -> dict[str, Any]:
    """The indicators of the pilot year ``period`` from the platform's records as of ``on``
    (default today) and the declared inputs."""
    return evaluation_public(evaluation.evaluate(uow, user, pilot_id[:36], period,
                                                 on or today()))


@router.get("/report.pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}},
                             "description": "the evaluation report"}})
def report_pdf(pilot_id: str, period: Period, user: CurrentUser, uow: ReadUow,
               lang: Annotated[str, Query(pattern="^(zh|en)$")] = "zh") -> Response:
    _, pdf = evaluation.report(uow, user, pilot_id[:36], period, today(), lang)
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": content_disposition(f"pilot-evaluation-{period}-{lang}.pdf"),
        "Cache-Control": "private, no-store"})


@router.get("/inputs", response_model=list[s.InputPublic])
def history(pilot_id: str, user: CurrentUser, uow: ReadUow,
            period: Annotated[int | None, Query(ge=2000, le=2100)] = None
            ) -> list[dict[str, Any]]:
    """Every version of the declared inputs (corrections and withdrawals included)."""
    versions = evaluation.input_history(uow, user, pilot_id[:36], period)
    current = {d.id for d in current_inputs(versions)}
    return [input_public(d, current) for d in versions]


def _data(period: int, kind: InputKind, value: float, evidence: str, subject: str, note: str,
          document: UploadFile | None) -> evaluation.InputData:
    doc = None
    if document is not None and document.filename:
        doc = pilots.EvidenceFile(document.filename, document.content_type
                                  or "application/octet-stream",
                                  document.file.read(evaluation.MAX_DOCUMENT + 1))
    return evaluation.InputData(period, kind, value, evidence, subject or None, note, doc)


Kind = Annotated[InputKind, Form()]
Value = Annotated[float, Form(ge=0, allow_inf_nan=False)]
Evidence = Annotated[str, Form(min_length=1, max_length=1000,
                               description="the document or reference the value rests on")]
FormPeriod = Annotated[int, Form(ge=2000, le=2100)]
Subject = Annotated[str, Form(max_length=64, description="a certificate number "
                                                         "(production volume)")]
Note = Annotated[str, Form(max_length=4000)]
Document = Annotated[UploadFile | None, File(description="an evidence file")]


@router.post("/inputs", response_model=s.InputPublic, status_code=201, responses=WITH_BODY)
def declare(pilot_id: str, period: FormPeriod, kind: Kind, value: Value, evidence: Evidence,
            user: CurrentUser, uow: WriteUow, subject: Subject = "", note: Note = "",
            document: Document = None) -> dict[str, Any]:
    """An input of a period declared with its evidence."""
    made = evaluation.declare_input(uow, user, pilot_id[:36], _data(
        period, kind, value, evidence, subject, note, document))
    return input_public(made, {made.id})


@router.put("/inputs/{input_id}", response_model=s.InputPublic, responses=WITH_BODY)
def correct(pilot_id: str, input_id: str, period: FormPeriod, kind: Kind, value: Value,
            evidence: Evidence, user: CurrentUser, uow: WriteUow, subject: Subject = "",
            note: Note = "", document: Document = None) -> dict[str, Any]:
    """A correction: a new version superseding the input (the old one stays)."""
    made = evaluation.correct_input(uow, user, pilot_id[:36], input_id[:36], _data(
        period, kind, value, evidence, subject, note, document))
    return input_public(made, {made.id})


@router.post("/inputs/{input_id}/withdrawal", response_model=s.InputPublic,
             responses=WITH_BODY)
def withdraw(pilot_id: str, input_id: str, body: s.WithdrawalCreate, user: CurrentUser,
             uow: WriteUow) -> dict[str, Any]:
    """The input no longer stands (its versions stay in the history)."""
    return input_public(evaluation.withdraw_input(uow, user, pilot_id[:36], input_id[:36],
                                                  body.reason), set())


@router.get("/inputs/{input_id}/document", response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}},
                             "description": "the evidence file as uploaded"}})
def document(pilot_id: str, input_id: str, user: CurrentUser, uow: ReadUow) -> Response:
    name, _, content = evaluation.input_document(uow, user, pilot_id[:36], input_id[:36])
    return Response(content, media_type="application/octet-stream", headers={
        "Content-Disposition": content_disposition(name), "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox", "Cache-Control": "private, no-store"})


@router.put("/weights", response_model=s.WeightsPublic, responses=WITH_BODY)
def weights(pilot_id: str, body: s.WeightsUpdate, user: CurrentUser,
            uow: WriteUow) -> dict[str, Any]:
    """Weights of indicators and, optionally, of the four dimensions (or an AHP matrix)."""
    dimensions = dict(body.dimensions)
    if body.dimension_matrix is not None:
        try:
            priorities = ahp_weights(body.dimension_matrix)
        except ValueError as exc:
            raise InputError(field="dimension_matrix",
                             message_en="a positive 4 × 4 pairwise comparison matrix",
                             message_zh="须为 4×4 正值两两比较矩阵") from exc
        if len(priorities) != len(BENEFITS):
            raise InputError(field="dimension_matrix",
                             message_en="a positive 4 × 4 pairwise comparison matrix",
                             message_zh="须为 4×4 正值两两比较矩阵")
        dimensions = dict(zip(BENEFITS, priorities, strict=True))
    w = evaluation.set_weights(uow, user, pilot_id[:36], body.method, body.indicators,
                               dimensions, body.note)
    return {"method": w.method, "indicators": dict(w.indicators),
            "dimensions": dict(w.dimensions), "note": w.note, "set_by": w.set_by,
            "set_at": w.set_at}
