"""REST API v1 of pilots (试点), for staff of a market regulator within its jurisdiction and
for the units responsible for tasks of a pilot's work plan.

``GET/POST /supervision/pilots``; ``GET /supervision/pilots/{pilot_id}`` (its status as of
``on``, default today: conditions computed or declared, chain, participants, work plan with
overdue tasks); ``PUT .../goals``; ``POST .../participants``; ``POST .../declarations``
(multipart: figure, value, note and one or more evidence files); ``GET
.../evidence/{evidence_id}``; ``POST .../tasks``. The responsible unit: ``GET
/supervision/pilot-tasks`` (its tasks) and ``POST /supervision/pilot-tasks/{task_id}/progress``.
A pilot of another jurisdiction is 404, anyone not of a regulator 403.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Response, UploadFile

from carbonlabel.domain.certification import catalogue
from carbonlabel.domain.supervision import pilots as rules
from carbonlabel.domain.supervision.pilots import Declaration, Figure, Pilot, Task
from carbonlabel.services.supervision import pilots
from carbonlabel.web.api.responses import SIGNED_IN, WITH_BODY
from carbonlabel.web.certification.api import content_disposition
from carbonlabel.web.deps import CurrentUser, ReadUow, WriteUow, refuse_nul
from carbonlabel.web.supervision import pilot_schemas as s

router = APIRouter(prefix="/api/v1/supervision", tags=["supervision: pilots"],
                   dependencies=[Depends(refuse_nul)], responses=SIGNED_IN)


def today() -> date:
    return datetime.now(UTC).date()


def pilot_public(p: Pilot) -> dict[str, Any]:
    zh, en = catalogue.name(p.category)
    return {**asdict(p), "category_name_zh": zh, "category_name_en": en}


def task_public(t: Task, on: date) -> dict[str, Any]:
    return {**asdict(t), "overdue": rules.overdue(t, on)}


def declaration_public(d: Declaration) -> dict[str, Any]:
    return {**asdict(d), "evidence": [asdict(e) for e in d.evidence]}


def _measured(m: rules.Measured) -> dict[str, Any]:
    return {"value": m.value, "source": m.source, "computed": m.computed,
            "declaration_id": m.declaration.id if m.declaration else None}


def status_public(st: pilots.PilotStatus) -> dict[str, Any]:
    c = st.conditions
    return {
        "pilot": pilot_public(st.pilot), "as_of": st.on,
        "conditions": {"chain_coverage": _measured(c.coverage),
                       "coverage_threshold": rules.COVERAGE_THRESHOLD,
                       "enterprises": {k: _measured(v) for k, v in c.segments.items()},
                       "total_enterprises": c.total_enterprises,
                       "min_enterprises": rules.MIN_ENTERPRISES,
                       "coverage_met": c.coverage_met, "enterprises_met": c.enterprises_met,
                       "met": c.met},
        "links": st.links, "participating_links": st.participating_links,
        "chain": [{"organisation_id": u.organisation.id, "name": u.organisation.name,
                   "region": u.organisation.region, "holder": u.holder, "segment": u.segment,
                   "counted": u.counted} for u in st.chain],
        "participants": [asdict(p) for p in st.participants],
        "declarations": [declaration_public(d) for d in st.declarations],
        "tasks": [task_public(t, st.on) for t in st.tasks],
        "plan_progress": {"due": st.progress.due, "done_on_time": st.progress.done_on_time,
                          "overdue": st.progress.overdue, "share": st.progress.share},
    }


@router.get("/pilots", response_model=list[s.PilotPublic])
def list_pilots(user: CurrentUser, uow: ReadUow) -> list[dict[str, Any]]:
    """The pilots of the caller's jurisdiction."""
    return [pilot_public(p) for p in pilots.pilots(uow, user)]


@router.post("/pilots", response_model=s.PilotPublic, status_code=201, responses=WITH_BODY)
def create(body: s.PilotCreate, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """A pilot of a region within the caller's jurisdiction and a catalogue category."""
    pilot = pilots.create_pilot(uow, user, pilots.PilotInput(
        body.name, body.region, body.category, body.starts_on, body.ends_on, body.goals))
    return pilot_public(pilot)


@router.get("/pilots/{pilot_id}", response_model=s.PilotStatusPublic)
def status(pilot_id: str, user: CurrentUser, uow: ReadUow,
           on: date | None = None) -> dict[str, Any]:
    """The pilot's status as of ``on`` (default: today, UTC)."""
    return status_public(pilots.pilot_status(uow, user, pilot_id[:36], on or today()))


@router.put("/pilots/{pilot_id}/goals", response_model=s.PilotPublic, responses=WITH_BODY)
def goals(pilot_id: str, body: s.GoalsUpdate, user: CurrentUser,
          uow: WriteUow) -> dict[str, Any]:
    return pilot_public(pilots.set_goals(uow, user, pilot_id[:36], body.goals))


@router.post("/pilots/{pilot_id}/participants", response_model=s.ParticipantPublic,
             status_code=201, responses=WITH_BODY)
def participant(pilot_id: str, body: s.ParticipantCreate, user: CurrentUser,
                uow: WriteUow) -> dict[str, Any]:
    """An enterprise on the platform (``organisation_id``) or a named unit with its credit
    code takes part in ``segment``."""
    return asdict(pilots.register_participant(uow, user, pilot_id[:36], body.segment,
                                              body.organisation_id, body.name,
                                              body.credit_code))


@router.post("/pilots/{pilot_id}/declarations", response_model=s.DeclarationPublic,
             status_code=201, responses=WITH_BODY)
def declare(pilot_id: str, figure: Annotated[Figure, Form()],
            value: Annotated[float, Form(ge=0, allow_inf_nan=False)],
            evidence: Annotated[list[UploadFile], File(description="one or more documents")],
            user: CurrentUser, uow: WriteUow,
            note: Annotated[str, Form(max_length=4000)] = "") -> dict[str, Any]:
    """A figure declared with its evidence; it takes the place of the computed one."""
    files = [pilots.EvidenceFile(f.filename or "evidence",
                                 f.content_type or "application/octet-stream",
                                 f.file.read(pilots.MAX_EVIDENCE + 1))
             for f in evidence[:pilots.MAX_EVIDENCE_FILES + 1]]
    return declaration_public(pilots.declare_figure(uow, user, pilot_id[:36], figure, value,
                                                    note, files))


@router.get("/pilots/{pilot_id}/evidence/{evidence_id}", response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}},
                             "description": "the evidence document as uploaded"}})
def evidence(pilot_id: str, evidence_id: str, user: CurrentUser, uow: ReadUow) -> Response:
    doc, content = pilots.evidence(uow, user, pilot_id[:36], evidence_id[:36])
    return Response(content, media_type="application/octet-stream", headers={
        "Content-Disposition": content_disposition(doc.file_name),
        "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox",
        "Cache-Control": "private, no-store"})


@router.post("/pilots/{pilot_id}/tasks", response_model=s.TaskPublic, status_code=201,
             responses=WITH_BODY)
def add_task(pilot_id: str, body: s.TaskCreate, user: CurrentUser,
             uow: WriteUow) -> dict[str, Any]:
    """A task of the work plan and its responsible unit."""
    task = pilots.add_task(uow, user, pilot_id[:36], pilots.TaskInput(
        body.title, body.measure, body.starts_on, body.due_on, body.responsible_name,
        body.responsible_organisation_id))
    return task_public(task, today())


@router.get("/pilot-tasks", response_model=list[s.MyTaskPublic])
def my_tasks(user: CurrentUser, uow: ReadUow) -> list[dict[str, Any]]:
    """The tasks the caller's organisation is responsible for."""
    on = today()
    return [{"task": task_public(m.task, on), "pilot_name": m.pilot.name}
            for m in pilots.my_tasks(uow, user, on)]


@router.post("/pilot-tasks/{task_id}/progress", response_model=s.TaskPublic,
             responses=WITH_BODY)
def report(task_id: str, body: s.ProgressCreate, user: CurrentUser,
           uow: WriteUow) -> dict[str, Any]:
    """The responsible unit reports progress on its task (done: today is the day done)."""
    on = today()
    task = pilots.report_progress(uow, user, task_id[:36], body.progress, body.done,
                                  body.note, on)
    return task_public(task, on)
