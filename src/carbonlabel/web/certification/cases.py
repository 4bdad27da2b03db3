"""Pages of certification cases: the landing page (an applicant's cases, a body's queue), the
application form, and a case's page with its timeline, documents, verification,
nonconformities and the forms of the steps the reader may take now.

A refused step shows the case again with the reason at the top and the status the API would
give (409 for a rule or the state table, 403 for a role, 422 for missing input).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date
from typing import Annotated

from fastapi import Depends, File, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from carbonlabel.domain.certification.progress import MOVER_NAMES
from carbonlabel.domain.certification.records import CertificationCase, DocumentKind
from carbonlabel.domain.certification.states import CaseAction
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.certification import cases, impartiality, overview, system, workspace
from carbonlabel.services.certification.cases import MAX_DOCUMENT_BYTES, StepDetails, Upload
from carbonlabel.web.certification.application_form import ApplicationForm, application_form
from carbonlabel.web.certification.claims_section import claim_context
from carbonlabel.web.certification.confirm import check_confirmed
from carbonlabel.web.certification.view import HOME, show, today
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, both

router = page_router()


def page_case(case_id: str, user: PageUser, uow: ReadUow) -> CertificationCase:
    """The case of the path, if the reader's organisation is a party to it (else 404)."""
    return cases.get_case(uow, user, case_id)


PageCase = Annotated[CertificationCase, Depends(page_case)]


def _upload(kind: DocumentKind, file: UploadFile | None) -> Upload | None:
    if file is None or not file.filename:
        return None
    return Upload(kind, file.filename, file.content_type or "application/octet-stream",
                  file.file.read(MAX_DOCUMENT_BYTES + 1))


@router.get(HOME)
def landing(request: Request, user: PageUser, uow: ReadUow) -> Response:
    work = workspace.body_home(uow, user, today()) if workspace.is_body(uow, user) else None
    return show(request, "home.html", user, view=overview.home(uow, user), work=work,
                mover_names=MOVER_NAMES)


# -- applying -------------------------------------------------------------------------------

def _apply_page(request: Request, uow: ReadUow | WriteUow, user: User, status: int = 200,
                error: str | None = None, chosen: dict[str, str] | None = None) -> Response:
    bodies = overview.list_bodies(uow, user)
    return show(request, "apply.html", user, status,
                footprints=overview.applicable_footprints(uow, user), bodies=bodies,
                error=error, chosen=chosen or {}, **application_form(
                    uow, user, {b.organisation.id: b.categories for b in bodies}))


@router.get(f"{HOME}/apply")
def apply_form(request: Request, user: PageUser, uow: ReadUow,
               footprint_id: str = "") -> Response:
    return _apply_page(request, uow, user, chosen={"footprint_id": footprint_id})


@router.post(f"{HOME}/apply", dependencies=[CsrfChecked])
def apply(request: Request, user: PageUser, uow: WriteUow,
          named: Annotated[ApplicationForm, Depends(ApplicationForm.of)],
          footprint_id: Annotated[str, Form()] = "", body_id: Annotated[str, Form()] = "",
          study_report: Annotated[UploadFile | None, File()] = None,
          process_flow_diagram: Annotated[UploadFile | None, File()] = None,
          data_inventory: Annotated[UploadFile | None, File()] = None,
          reduction_plan: Annotated[UploadFile | None, File()] = None,
          business_licence: Annotated[UploadFile | None, File()] = None) -> Response:
    files = {DocumentKind.STUDY_REPORT: study_report,
             DocumentKind.PROCESS_FLOW_DIAGRAM: process_flow_diagram,
             DocumentKind.DATA_INVENTORY: data_inventory,
             DocumentKind.REDUCTION_PLAN: reduction_plan,
             DocumentKind.BUSINESS_LICENCE: business_licence}
    uploads = [u for u in (_upload(k, f) for k, f in files.items()) if u is not None]
    chosen = {"footprint_id": footprint_id, "body_id": body_id, **named.chosen()}
    with shown_again_if_refused(  # "not found" is a 404 page
            lambda again, status, error: _apply_page(request, again, user, status, error,
                                                     chosen)), uow.atomic():
        case = (system.apply(uow, user, footprint_id.strip(), body_id.strip(), uploads,
                             named.details(), named.product_rule) if named.mode == "system"
                else cases.apply_for_certification(uow, user, footprint_id.strip(),
                                                   body_id.strip(), uploads, named.details()))
        named.accept_agreement(uow, user)
    return RedirectResponse(f"{HOME}/cases/{case.id}?done=apply", status_code=303)


# -- one case -------------------------------------------------------------------------------

def _case_page(request: Request, uow: ReadUow | WriteUow, user: User, case_id: str,
               status: int = 200, error: str | None = None, done: str = "") -> Response:
    view = overview.case_view(uow, user, case_id)
    return show(request, "case.html", user, status, view=view, error=error, done=done,
                today=today().isoformat(), application=uow.applications.get(view.summary.case.id),
                guide=workspace.case_guide(uow, user, view, today()), mover_names=MOVER_NAMES,
                system_case=uow.systems.application(case_id) is not None,
                **claim_context(uow, user, view.summary.case))


@router.get(f"{HOME}/cases/{{case_id}}")
def show_case(request: Request, case: PageCase, user: PageUser, uow: ReadUow,
              done: str = "") -> Response:
    return _case_page(request, uow, user, case.id, done=done[:40])


def _shown_again_if_refused(request: Request, user: User,
                            case_id: str) -> AbstractContextManager[None]:
    """The case's page again with the reason if the step is refused (a rule or the state
    table, a role, missing input); "not found" is a 404 page."""
    return shown_again_if_refused(
        lambda uow, status, error: _case_page(request, uow, user, case_id, status, error))


def _action(value: str) -> CaseAction:
    try:
        return CaseAction(value)
    except ValueError as exc:
        raise InputError(field="action", **both(N_("Choose a step to take."))) from exc


def _dates(values: list[str]) -> tuple[date, ...]:
    try:
        return tuple(date.fromisoformat(v) for v in values if v.strip())
    except ValueError as exc:
        raise InputError(field="audit_dates",
                         **both(N_("Give the audit dates as calendar dates."))) from exc


@router.post(f"{HOME}/cases/{{case_id}}/actions", dependencies=[CsrfChecked])
def act(request: Request, case: PageCase, user: PageUser, uow: WriteUow,
        action: Annotated[str, Form()] = "", reason: Annotated[str, Form()] = "",
        team: Annotated[list[str] | None, Form()] = None,
        audit_dates: Annotated[list[str] | None, Form()] = None,
        nonconformities: Annotated[str, Form()] = "",
        attachments: Annotated[list[UploadFile] | None, File()] = None,
        confirm: Annotated[str, Form()] = "") -> Response:
    with _shown_again_if_refused(request, user, case.id):
        step = _action(action)
        check_confirmed(step, confirm)
        details = StepDetails(
            reason=reason.strip()[:4000], team=tuple(team or ()),
            audit_dates=_dates(audit_dates or []),
            nonconformities=tuple(line.strip() for line in nonconformities.splitlines()
                                  if line.strip()),
            uploads=tuple(u for u in (_upload(DocumentKind.EVIDENCE, f)
                                      for f in attachments or ()) if u is not None))
        cases.act(uow, user, case.id, step, details)
    return RedirectResponse(f"{HOME}/cases/{case.id}?done={step.value}#timeline",
                            status_code=303)


def _materiality(value: str) -> float:
    try:
        return float(value.replace("%", "").strip() or "5") / 100
    except ValueError as exc:
        raise InputError(field="materiality",
                         **both(N_("Give the materiality threshold in per cent."))) from exc


@router.post(f"{HOME}/cases/{{case_id}}/verification", dependencies=[CsrfChecked])
def verify(request: Request, case: PageCase, user: PageUser, uow: WriteUow,
           notes: Annotated[str, Form()] = "",
           materiality: Annotated[str, Form()] = "5") -> Response:
    settings = request.app.state.settings
    with _shown_again_if_refused(request, user, case.id):
        cases.record_verification(uow, user, case.id, notes[:4000], settings.data_dir,
                                  settings.databases_dir, _materiality(materiality))
    return RedirectResponse(f"{HOME}/cases/{case.id}?done=verification#verification",
                            status_code=303)


@router.post(f"{HOME}/cases/{{case_id}}/nonconformities/{{nonconformity_id}}/answer",
             dependencies=[CsrfChecked])
def answer(request: Request, case: PageCase, nonconformity_id: str, user: PageUser,
           uow: WriteUow, corrective_action: Annotated[str, Form()] = "") -> Response:
    with _shown_again_if_refused(request, user, case.id):
        cases.answer_nonconformity(uow, user, case.id, nonconformity_id,
                                   corrective_action[:4000])
    return RedirectResponse(f"{HOME}/cases/{case.id}?done=answer#nonconformities",
                            status_code=303)


@router.post(f"{HOME}/cases/{{case_id}}/nonconformities/{{nonconformity_id}}/close",
             dependencies=[CsrfChecked])
def close(request: Request, case: PageCase, nonconformity_id: str, user: PageUser,
          uow: WriteUow) -> Response:
    with _shown_again_if_refused(request, user, case.id):
        cases.close_nonconformity(uow, user, case.id, nonconformity_id)
    return RedirectResponse(f"{HOME}/cases/{case.id}?done=close#nonconformities",
                            status_code=303)


def _optional_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value.strip() else None
    except ValueError as exc:
        raise InputError(field="last_consultancy_on",
                         **both(N_("Give the date of the consultancy as a calendar date."))
                         ) from exc


@router.post(f"{HOME}/cases/{{case_id}}/declarations", dependencies=[CsrfChecked])
def declare(request: Request, case: PageCase, user: PageUser, uow: WriteUow,
            statement: Annotated[str, Form()] = "",
            last_consultancy_on: Annotated[str, Form()] = "") -> Response:
    """The reader declares impartiality for this case (ISO/IEC 17065 4.2)."""
    with _shown_again_if_refused(request, user, case.id):
        impartiality.declare_for_case(uow, user, case.id, statement[:4000],
                               _optional_day(last_consultancy_on))
    return RedirectResponse(f"{HOME}/cases/{case.id}?done=declaration#impartiality",
                            status_code=303)
