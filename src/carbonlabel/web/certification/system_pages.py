"""Pages of system certification (体系认证): the system certificates (held or issued), one
system certificate with its registered products (the holder registers one of its footprints
there), the body's seeded samples with a form per sampled product's finding, and its status
actions; and the checklist of a case in system mode, assessed by the audit team. A refused
form shows the page again with the reason."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Annotated

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.domain.certification.certificate import CertificateAction
from carbonlabel.domain.certification.certificate_content import MODE_NAMES
from carbonlabel.domain.certification.system import SYSTEM_ITEM_NAMES, SampleResult, SystemItem
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.certification import overview, system
from carbonlabel.web.certification.cases import PageCase
from carbonlabel.web.certification.view import HOME, show, today
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, both

router = page_router()
SYSTEMS = f"{HOME}/systems"
RESULT_NAMES = {SampleResult.CONFORMING: N_("conforming"),
                SampleResult.NONCONFORMING: N_("nonconforming")}


@router.get(SYSTEMS)
def list_systems(request: Request, user: PageUser, uow: ReadUow) -> Response:
    return show(request, "systems.html", user, systems=system.systems_of(uow, user),
                live=system.live, day=today(), mode_names=MODE_NAMES)


def _page(request: Request, uow: ReadUow | WriteUow, user: User, system_id: str,
          status: int = 200, error: str | None = None, done: str = "") -> Response:
    view = system.view(uow, user, system_id, today())
    numbers = {p.id: p.number for p in view.products}
    holder = user.organisation_id == view.system.holder_id
    return show(request, "system.html", user, status, view=view, error=error, done=done,
                holder=holder, numbers=numbers, mode_names=MODE_NAMES,
                result_names=RESULT_NAMES,
                footprints=overview.applicable_footprints(uow, user) if holder else [])


@router.get(f"{SYSTEMS}/{{system_id}}")
def show_system(request: Request, system_id: str, user: PageUser, uow: ReadUow,
                done: str = "") -> Response:
    return _page(request, uow, user, system_id, done=done[:40])


def _again(request: Request, user: User, system_id: str) -> AbstractContextManager[None]:
    return shown_again_if_refused(
        lambda uow, status, error: _page(request, uow, user, system_id, status, error))


def _back(system_id: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"{SYSTEMS}/{system_id}?done={done}", status_code=303)


@router.post(f"{SYSTEMS}/{{system_id}}/products", dependencies=[CsrfChecked])
def register(request: Request, system_id: str, user: PageUser, uow: WriteUow,
             footprint_id: Annotated[str, Form(max_length=36)] = "") -> Response:
    with _again(request, user, system_id):
        system.register(uow, user, system_id, footprint_id.strip())
    return _back(system_id, "register")


@router.post(f"{SYSTEMS}/{{system_id}}/samples", dependencies=[CsrfChecked])
def draw_sample(request: Request, system_id: str, user: PageUser, uow: WriteUow,
                seed: Annotated[str, Form(max_length=12)] = "") -> Response:
    with _again(request, user, system_id):
        if seed.strip() and not seed.strip().isdigit():
            raise InputError(field="seed", **both(N_("The seed is a whole number.")))
        system.draw_sample(uow, user, system_id, int(seed) if seed.strip() else None)
    return _back(system_id, "sample")


@router.post(f"{SYSTEMS}/{{system_id}}/samples/{{sample_id}}/findings",
             dependencies=[CsrfChecked])
def record_finding(request: Request, system_id: str, sample_id: str, user: PageUser,
                   uow: WriteUow, certificate_id: Annotated[str, Form(max_length=36)] = "",
                   result: Annotated[str, Form(max_length=20)] = "",
                   notes: Annotated[str, Form(max_length=2000)] = "") -> Response:
    with _again(request, user, system_id):
        if result not in set(SampleResult):
            raise InputError(field="result", **both(N_("Choose the result of the check.")))
        system.record_finding(uow, user, sample_id, certificate_id, SampleResult(result),
                              notes, system_id)
    return _back(system_id, "finding")


@router.post(f"{SYSTEMS}/{{system_id}}/status", dependencies=[CsrfChecked])
def change_status(request: Request, system_id: str, user: PageUser, uow: WriteUow,
                  action: Annotated[str, Form(max_length=20)] = "",
                  reason: Annotated[str, Form(max_length=2000)] = "",
                  evidence: Annotated[str, Form(max_length=2000)] = "") -> Response:
    with _again(request, user, system_id):
        if action not in set(CertificateAction):
            raise InputError(field="action", **both(N_("Choose a status action.")))
        system.change_status(uow, user, system_id, CertificateAction(action), reason,
                             evidence)
    return _back(system_id, "status")


# -- the checklist of a case in system mode -------------------------------------------------

def _checklist(request: Request, uow: ReadUow | WriteUow, user: User, case_id: str,
               status: int = 200, error: str | None = None, done: str = "") -> Response:
    case = overview.case_view(uow, user, case_id).summary.case
    application = uow.systems.application(case.id)
    latest = {a.item: a for a in application.assessments} if application else {}
    return show(request, "system_checklist.html", user, status, case=case, error=error,
                done=done, application=application, latest=latest, items=list(SystemItem),
                item_names=SYSTEM_ITEM_NAMES, on_team=user.id in case.team)


@router.get(f"{HOME}/cases/{{case_id}}/system")
def checklist(request: Request, case: PageCase, user: PageUser, uow: ReadUow,
              done: str = "") -> Response:
    return _checklist(request, uow, user, case.id, done=done[:40])


@router.post(f"{HOME}/cases/{{case_id}}/system", dependencies=[CsrfChecked])
def assess(request: Request, case: PageCase, user: PageUser, uow: WriteUow,
           item: Annotated[str, Form(max_length=20)] = "",
           conforming: Annotated[str, Form(max_length=5)] = "",
           note: Annotated[str, Form(max_length=2000)] = "") -> Response:
    with shown_again_if_refused(lambda again, status, error: _checklist(
            request, again, user, case.id, status, error)):
        if item not in set(SystemItem) or conforming not in ("yes", "no"):
            raise InputError(field="item", **both(N_("Choose the item and the finding.")))
        system.assess(uow, user, case.id, SystemItem(item), conforming == "yes", note)
    return RedirectResponse(f"{HOME}/cases/{case.id}/system?done=assess", status_code=303)
