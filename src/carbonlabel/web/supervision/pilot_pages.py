"""Pages of pilots (试点): the regulator's list of pilots with the form of a new one, a pilot's
status (conditions met or not with each figure computed or declared, the supply chain, the
participants, the declared figures and their evidence, the work plan with overdue tasks in
red and its progress) with the forms of each step; the responsible unit's tasks with the form
of a progress report."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import File, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from carbonlabel.domain.certification import catalogue
from carbonlabel.domain.supervision import pilots as rules
from carbonlabel.domain.supervision.pilots import (
    FIGURE_NAMES,
    SEGMENT_NAMES,
    SOURCE_NAMES,
    Figure,
    Segment,
)
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.supervision import pilots
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, both, render
from carbonlabel.web.supervision.pilots_api import evidence as evidence_download

router = page_router()
HOME = "/supervision/pilots"
MINE = "/supervision/pilot-tasks"
WORDS: dict[str, Any] = {
    "segment_names": SEGMENT_NAMES, "source_names": SOURCE_NAMES,
    "figure_names": FIGURE_NAMES, "segments": list(Segment), "figures": list(Figure),
    "categories": [(str(e.code), e.name_zh, e.name_en) for e in catalogue.ENTRIES],
    "category_name": catalogue.name, "coverage_threshold": rules.COVERAGE_THRESHOLD,
    "min_enterprises": rules.MIN_ENTERPRISES,
}
DONE: dict[str, str] = {
    "created": N_("The pilot was created."), "goals": N_("The goals were saved."),
    "participant": N_("The participant was registered."),
    "declaration": N_("The figure was declared with its evidence."),
    "task": N_("The task was added to the work plan."),
    "progress": N_("The progress was reported."),
}


def today() -> date:
    return datetime.now(UTC).date()


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(field=field, **both(N_("Give the date as YYYY-MM-DD."))) from exc


def _show(request: Request, template: str, user: User, status: int = 200,
          **context: Any) -> Response:
    return render(request, f"supervision/{template}", status, user=user, done_words=DONE,
                  **WORDS, **context)


def _list(request: Request, uow: ReadUow | WriteUow, user: User, status: int = 200,
          error: str | None = None, done: str = "") -> Response:
    return _show(request, "pilots.html", user, status, pilots=pilots.pilots(uow, user),
                 may_act=user.role in pilots.ACTING_ROLES, error=error, done=done)


@router.get(HOME)
def pilot_list(request: Request, user: PageUser, uow: ReadUow) -> Response:
    return _list(request, uow, user)


@router.post(HOME, dependencies=[CsrfChecked])
def create(request: Request, user: PageUser, uow: WriteUow,
           name: Annotated[str, Form()] = "", region: Annotated[str, Form()] = "",
           category: Annotated[str, Form()] = "", starts_on: Annotated[str, Form()] = "",
           ends_on: Annotated[str, Form()] = "", goals: Annotated[str, Form()] = "") -> Response:
    with shown_again_if_refused(lambda uow, status, error: _list(request, uow, user, status,
                                                                 error)):
        pilot = pilots.create_pilot(uow, user, pilots.PilotInput(
            name[:pilots.MAX_NAME + 1], region[:40], category[:10],
            _day(starts_on, "starts_on"), _day(ends_on, "ends_on"),
            goals[:pilots.MAX_TEXT + 1]))
    return RedirectResponse(f"{HOME}/{pilot.id}?done=created", status_code=303)


def _status(request: Request, uow: ReadUow | WriteUow, user: User, pilot_id: str,
            status: int = 200, error: str | None = None, done: str = "",
            on: date | None = None) -> Response:
    st = pilots.pilot_status(uow, user, pilot_id, on or today())
    names = {u.id: u.display_name for u in (uow.users.get(i) for i in
                                            {d.declared_by for d in st.declarations}) if u}
    regulator = uow.organisations.get(st.pilot.regulator_id)
    return _show(request, "pilot.html", user, status, st=st, error=error, done=done,
                 may_act=user.role in pilots.ACTING_ROLES, declarers=names,
                 regulator_name=regulator.name if regulator else "")


@router.get(f"{HOME}/{{pilot_id}}")
def show_pilot(request: Request, pilot_id: str, user: PageUser, uow: ReadUow,
               done: str = "", on: str = "") -> Response:
    return _status(request, uow, user, pilot_id[:36], done=done[:20],
                   on=_day(on, "on") if on else None)


def _again(request: Request, user: User, pilot_id: str) -> AbstractContextManager[None]:
    return shown_again_if_refused(
        lambda uow, status, error: _status(request, uow, user, pilot_id, status, error))


def _back(pilot_id: str, done: str, anchor: str) -> Response:
    return RedirectResponse(f"{HOME}/{pilot_id}?done={done}#{anchor}", status_code=303)


@router.post(f"{HOME}/{{pilot_id}}/goals", dependencies=[CsrfChecked])
def set_goals(request: Request, pilot_id: str, user: PageUser, uow: WriteUow,
              goals: Annotated[str, Form()] = "") -> Response:
    pilot_id = pilot_id[:36]
    with _again(request, user, pilot_id):
        pilots.set_goals(uow, user, pilot_id, goals[:pilots.MAX_TEXT + 1])
    return _back(pilot_id, "goals", "plan")


def _segment(value: str) -> Segment:
    try:
        return Segment(value)
    except ValueError as exc:
        raise InputError(field="segment", **both(N_("Choose the chain segment."))) from exc


@router.post(f"{HOME}/{{pilot_id}}/participants", dependencies=[CsrfChecked])
def register(request: Request, pilot_id: str, user: PageUser, uow: WriteUow,
             segment: Annotated[str, Form()] = "", organisation_id: Annotated[str, Form()] = "",
             name: Annotated[str, Form()] = "",
             credit_code: Annotated[str, Form()] = "") -> Response:
    pilot_id = pilot_id[:36]
    with _again(request, user, pilot_id):
        pilots.register_participant(uow, user, pilot_id, _segment(segment),
                                    organisation_id[:36].strip() or None,
                                    name[:pilots.MAX_NAME + 1], credit_code[:18])
    return _back(pilot_id, "participant", "participants")


def _figure(value: str) -> Figure:
    try:
        return Figure(value)
    except ValueError as exc:
        raise InputError(field="figure", **both(N_("Choose the figure."))) from exc


def _number(value: str) -> float:
    try:
        number = float(value.strip().rstrip("%"))
    except ValueError as exc:
        raise InputError(field="value", **both(N_("Give the value as a number."))) from exc
    if number != number or number in (float("inf"), float("-inf")):
        raise InputError(field="value", **both(N_("Give the value as a number.")))
    return number


@router.post(f"{HOME}/{{pilot_id}}/declarations", dependencies=[CsrfChecked])
def declare(request: Request, pilot_id: str, user: PageUser, uow: WriteUow,
            figure: Annotated[str, Form()] = "", value: Annotated[str, Form()] = "",
            note: Annotated[str, Form()] = "",
            evidence: Annotated[list[UploadFile] | None, File()] = None) -> Response:
    pilot_id = pilot_id[:36]
    with _again(request, user, pilot_id):
        files = [pilots.EvidenceFile(f.filename or "evidence",
                                     f.content_type or "application/octet-stream",
                                     f.file.read(pilots.MAX_EVIDENCE + 1))
                 for f in (evidence or [])[:pilots.MAX_EVIDENCE_FILES + 1] if f.filename]
        pilots.declare_figure(uow, user, pilot_id, _figure(figure), _number(value[:40]),
                              note[:pilots.MAX_TEXT + 1], files)
    return _back(pilot_id, "declaration", "conditions")


@router.get(f"{HOME}/{{pilot_id}}/evidence/{{evidence_id}}")
def evidence(pilot_id: str, evidence_id: str, user: PageUser, uow: ReadUow) -> Response:
    return evidence_download(pilot_id, evidence_id, user, uow)


@router.post(f"{HOME}/{{pilot_id}}/tasks", dependencies=[CsrfChecked])
def add_task(request: Request, pilot_id: str, user: PageUser, uow: WriteUow,
             title: Annotated[str, Form()] = "", measure: Annotated[str, Form()] = "",
             starts_on: Annotated[str, Form()] = "", due_on: Annotated[str, Form()] = "",
             responsible_name: Annotated[str, Form()] = "",
             responsible_organisation_id: Annotated[str, Form()] = "") -> Response:
    pilot_id = pilot_id[:36]
    with _again(request, user, pilot_id):
        pilots.add_task(uow, user, pilot_id, pilots.TaskInput(
            title[:301], measure[:pilots.MAX_TEXT + 1], _day(starts_on, "starts_on"),
            _day(due_on, "due_on"), responsible_name[:pilots.MAX_NAME + 1],
            responsible_organisation_id[:36].strip() or None))
    return _back(pilot_id, "task", "plan")


def _mine(request: Request, uow: ReadUow | WriteUow, user: User, status: int = 200,
          error: str | None = None, done: str = "") -> Response:
    return _show(request, "pilot_tasks.html", user, status,
                 tasks=pilots.my_tasks(uow, user, today()), error=error, done=done)


@router.get(MINE)
def my_tasks(request: Request, user: PageUser, uow: ReadUow, done: str = "") -> Response:
    return _mine(request, uow, user, done=done[:20])


def _progress(value: str) -> int:
    try:
        return int(value.strip().rstrip("%"))
    except ValueError as exc:
        raise InputError(field="progress", **both(N_("Give the progress in percent."))) from exc


@router.post(f"{MINE}/{{task_id}}/progress", dependencies=[CsrfChecked])
def report(request: Request, task_id: str, user: PageUser, uow: WriteUow,
           progress: Annotated[str, Form()] = "", done: Annotated[str, Form()] = "",
           note: Annotated[str, Form()] = "", pilot_id: Annotated[str, Form()] = "") -> Response:
    """From the unit's own page, or (``pilot_id``) from the pilot's page by a regulator for a
    unit not on the platform."""
    back = pilot_id[:36]
    again = (_again(request, user, back) if back else shown_again_if_refused(
        lambda uow, status, error: _mine(request, uow, user, status, error)))
    with again:
        pilots.report_progress(uow, user, task_id[:36], _progress(progress[:10]), bool(done),
                               note[:pilots.MAX_TEXT + 1], today())
    if back:
        return _back(back, "progress", "plan")
    return RedirectResponse(f"{MINE}?done=progress", status_code=303)
