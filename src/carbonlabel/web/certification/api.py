"""REST API v1 of the certification workflow: bodies and their set-up, cases with documents,
steps, verification and nonconformities, certificates with status, surveillance and labels.

Routes parse, call one service, shape the output; scoping and permissions live in the services
(and, for a body's own set-up, in the :func:`own_body` dependency). A refused step is 409 with
``rule`` naming the rule (``transition_not_allowed``, ``independent_decision``, ...); a role
that may not act is 403; another organisation's record is 404.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile

from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.domain.certification.certificate import SurveillanceState
from carbonlabel.domain.certification.certificate_content import CertificationMode, numbered
from carbonlabel.domain.certification.records import (
    CaseDocument,
    DocumentKind,
    Label,
    VerificationRecord,
)
from carbonlabel.domain.certification.states import CaseAction, CaseState
from carbonlabel.errors import InputError, NotFoundError
from carbonlabel.services.certification import bodies as body_setup
from carbonlabel.services.certification import cases as certification
from carbonlabel.services.certification import (
    impartiality,
    labels,
    overview,
    surveillance,
    system,
)
from carbonlabel.services.certification.application import ApplicationDetails
from carbonlabel.services.certification.cases import MAX_DOCUMENT_BYTES, StepDetails, Upload
from carbonlabel.web.api.responses import SIGNED_IN, WITH_BODY, errors
from carbonlabel.web.api.schemas import PagePublic
from carbonlabel.web.certification import schemas as c
from carbonlabel.web.deps import CurrentUser, PageParams, ReadUow, WriteUow, refuse_nul
from carbonlabel.web.hosts import public_base

#: media types a browser may show inline; anything else is sent as a download
SAFE_INLINE = {"application/pdf", "image/png", "image/jpeg", "text/plain", "text/csv"}
ID = Form(min_length=1, max_length=36)


async def refuse_nul_in_form(request: Request) -> None:
    """PostgreSQL text cannot hold NUL: refuse it in form fields and file names, by name."""
    if not request.headers.get("content-type", "").startswith(("multipart/form-data",
                                                               "application/x-www-form")):
        return
    for name, value in (await request.form()).multi_items():
        text = value if isinstance(value, str) else (value.filename or "")
        if "\x00" in text:
            raise InputError(field=name, message_en="must not contain the NUL character",
                             message_zh="不能包含 NUL 字符")


router = APIRouter(prefix="/api/v1", tags=["certification"], responses=SIGNED_IN,
                   dependencies=[Depends(refuse_nul), Depends(refuse_nul_in_form)])


def own_body(body_id: str, user: CurrentUser) -> str:
    """A body's set-up is its own business: any other organisation gets "not found"."""
    if body_id != user.organisation_id:
        raise NotFoundError(field="body_id", message_en="no such certification body",
                            message_zh="没有该认证机构")
    return body_id


OwnBody = Annotated[str, Depends(own_body)]


def _today() -> date:
    return datetime.now(UTC).date()


def _read(kind: DocumentKind, upload: UploadFile) -> Upload:
    content = upload.file.read(MAX_DOCUMENT_BYTES + 1)
    return Upload(kind, upload.filename or kind.value,
                  upload.content_type or "application/octet-stream", content)


# -- shapes ---------------------------------------------------------------------------------

def _body(b: overview.BodySummary) -> dict[str, Any]:
    o = b.organisation
    return {"id": o.id, "name": o.name, "region": o.region, "body_code": b.body_code,
            "categories": list(b.categories)}


def _case(s: overview.CaseSummary) -> dict[str, Any]:
    out = asdict(s.case)
    out.update(party=s.party, applicant_name=s.applicant.name, body_name=s.body.name,
               product_name_zh=s.product.name_zh, product_name_en=s.product.name_en)
    return out


def _case_detail(view: overview.CaseView) -> dict[str, Any]:
    out = _case(view.summary)
    out.update(
        footprint_total_co2e_kg=view.footprint.total_co2e_kg,
        footprint_unit=view.footprint.unit,
        events=[{**asdict(e), "actor_name": view.people.get(e.actor_id, "")}
                for e in view.events],
        documents=[asdict(d) for d in view.documents],
        verifications=[asdict(v) for v in view.verifications],
        nonconformities=[{**asdict(n), "open": n.open} for n in view.nonconformities],
        your_actions=list(view.your_actions))
    return out


def _certificate(s: overview.CertificateSummary) -> dict[str, Any]:
    out = asdict(s.certificate)
    out.update(status=s.status, stored_status=s.certificate.status, party=s.party,
               holder_name=s.holder.name, body_name=s.body.name,
               product_name_zh=s.product.name_zh, product_name_en=s.product.name_en,
               printed_number=numbered(s.certificate.number, s.certificate.revision))
    return out


def label_url(request: Request, token: str) -> str:
    """What a label's QR code carries: the registry's scan page of this server."""
    return f"{public_base(request)}/v/{token}"


def _label(label: Label, request: Request) -> dict[str, Any]:
    return {**asdict(label), "url": label_url(request, label.token)}


def _certificate_detail(view: overview.CertificateView, request: Request) -> dict[str, Any]:
    out = _certificate(view.summary)
    out.update(status_changes=[asdict(ch) for ch in view.status_changes],
               surveillance=[{**asdict(cv.check), "state": cv.state} for cv in view.checks],
               labels=[_label(lb, request) for lb in view.labels],
               status_actions=list(view.status_actions),
               notices=[asdict(n) for n in view.notices],
               findings=[{**asdict(f), "open": f.open} for f in view.findings])
    return out


def _calendar_item(entry: surveillance.CalendarEntry) -> dict[str, Any]:
    item = entry.item
    return {"check_id": item.check.id, "due_on": item.check.due_on,
            "grace_ends": item.grace_ends, "state": item.state,
            "certificate_id": item.certificate.id, "number": item.certificate.number,
            "status": item.certificate.status, "holder_name": entry.holder.name,
            "product_name_zh": entry.product.name_zh, "product_name_en": entry.product.name_en}


def _page(page: Any, shape: Any) -> dict[str, Any]:
    return {"items": [shape(i) for i in page.items], "total": page.total,
            "offset": page.offset, "limit": page.limit}


# -- certification bodies -------------------------------------------------------------------

@router.get("/certification-bodies", response_model=list[c.BodyPublic])
def bodies(user: CurrentUser, uow: ReadUow) -> list[dict[str, Any]]:
    """Certification bodies with their accredited product categories (to apply to)."""
    return [_body(b) for b in overview.list_bodies(uow, user)]


@router.get("/certification-bodies/{body_id}/staff", response_model=c.BodySetupPublic)
def body_staff(body_id: OwnBody, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    """The caller's body: scope, and staff with qualifications and declarations."""
    setup = overview.body_setup(uow, user)
    return {**_body(setup.body), "staff": [
        {"id": m.user.id, "display_name": m.user.display_name, "role": m.user.role,
         "categories": list(m.categories), "declared_for": list(m.declared_for)}
        for m in setup.staff]}


@router.post("/certification-bodies/{body_id}/qualifications", responses=WITH_BODY,
             response_model=c.Recorded,
             status_code=201)
def qualify(body_id: OwnBody, body: c.QualificationCreate, user: CurrentUser,
            uow: WriteUow) -> dict[str, Any]:
    """Qualify one of the body's auditors for a catalogue entry of its scope (body admin)."""
    body_setup.qualify(uow, user, body.auditor_id, body.category)
    return {"ok": True}


@router.post("/certification-bodies/{body_id}/declarations", responses=WITH_BODY,
             response_model=c.Recorded,
             status_code=201)
def declare(body_id: OwnBody, body: c.DeclarationCreate, user: CurrentUser,
            uow: WriteUow) -> dict[str, Any]:
    """The caller declares impartiality towards an applicant (body staff)."""
    certification.declare_impartiality(uow, user, body.applicant_id, body.statement)
    return {"ok": True}


@router.get("/certification-bodies/{body_id}/surveillance", response_model=c.CalendarPublic)
def calendar(body_id: OwnBody, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    """The body's surveillance calendar: overdue, due (in the grace period) and upcoming."""
    view = surveillance.open_calendar(uow, user, _today(), sweep_first=False)
    return {"today": view.today, "overdue": [_calendar_item(e) for e in view.overdue],
            "due": [_calendar_item(e) for e in view.due],
            "upcoming": [_calendar_item(e) for e in view.upcoming]}


@router.post("/certification-bodies/{body_id}/surveillance/sweep",
             response_model=c.SweepPublic)
def sweep(body_id: OwnBody, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """Run the body's sweep now: alerts for due checks, suspension when overdue."""
    swept = surveillance.open_calendar(uow, user, _today()).swept
    return {"alerts": [i.check.id for i in swept.alerts],
            "suspended": [i.certificate.id for i in swept.suspended],
            "overdue": [i.check.id for i in swept.overdue]}


# -- cases ----------------------------------------------------------------------------------

@router.post("/cases", responses=WITH_BODY, response_model=c.CaseDetail, status_code=201)
def apply(footprint_id: Annotated[str, ID], body_id: Annotated[str, ID],
          study_report: Annotated[UploadFile, File(description="CFP study report")],
          process_flow_diagram: Annotated[UploadFile, File()],
          data_inventory: Annotated[UploadFile, File()],
          reduction_plan: Annotated[UploadFile, File()],
          user: CurrentUser, uow: WriteUow,
          business_licence: Annotated[UploadFile | None, File()] = None,
          category: Annotated[str, Form(max_length=3)] = "",
          producer: Annotated[str, Form(max_length=200)] = "",
          site_ids: Annotated[list[str] | None, Form()] = None,
          product_types: Annotated[list[str] | None, Form()] = None,
          specifications: Annotated[list[str] | None, Form()] = None,
          mode: Annotated[CertificationMode, Form()] = CertificationMode.PRODUCT,
          product_rule: Annotated[str, Form(max_length=200)] = "") -> dict[str, Any]:
    """Apply for certification of a footprint to a body, with the four required documents
    (multipart form), optionally the business licence; the catalogue code (default: the
    one the product's category names), producer (default: the applicant), manufacturing
    sites (default: every site of the applicant), product types and specifications. In
    ``mode`` system the body certifies the calculation system (under ``product_rule``) and
    the footprint is its reference calculation."""
    uploads = [_read(DocumentKind.STUDY_REPORT, study_report),
               _read(DocumentKind.PROCESS_FLOW_DIAGRAM, process_flow_diagram),
               _read(DocumentKind.DATA_INVENTORY, data_inventory),
               _read(DocumentKind.REDUCTION_PLAN, reduction_plan)]
    if business_licence is not None and business_licence.filename:
        uploads.append(_read(DocumentKind.BUSINESS_LICENCE, business_licence))
    details = ApplicationDetails(category or None, producer,
                                 tuple(s[:36] for s in site_ids or ()),
                                 tuple(t[:200] for t in product_types or ()),
                                 tuple(t[:200] for t in specifications or ()))
    case = (system.apply(uow, user, footprint_id, body_id, uploads, details, product_rule)
            if mode is CertificationMode.SYSTEM else
            certification.apply_for_certification(uow, user, footprint_id, body_id, uploads,
                                                  details))
    return _case_detail(overview.case_view(uow, user, case.id))


@router.get("/cases", response_model=PagePublic[c.CasePublic])
def cases(user: CurrentUser, uow: ReadUow, paging: PageParams,
          state: CaseState | None = None) -> dict[str, Any]:
    """The caller's organisation's cases, as applicant or as certification body."""
    return _page(overview.list_cases(uow, user, paging.offset, paging.limit, state), _case)


@router.get("/cases/{case_id}", response_model=c.CaseDetail)
def get_case(case_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    """A case with its events, documents (metadata), verifications and nonconformities."""
    return _case_detail(overview.case_view(uow, user, case_id))


def content_disposition(filename: str) -> str:
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


@router.get("/cases/{case_id}/documents/{document_id}", response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}},
                             "description": "the document as uploaded"}})
def document(case_id: str, document_id: str, user: CurrentUser, uow: ReadUow) -> Response:
    """Download a document of a case."""
    doc, content = overview.case_document(uow, user, case_id, document_id)
    return document_response(doc, content)


def document_response(doc: CaseDocument, content: bytes) -> Response:
    """An uploaded file, never run by the browser: a download, sniffing off, sandboxed."""
    media = doc.media_type if doc.media_type in SAFE_INLINE else "application/octet-stream"
    return Response(content, media_type=media, headers={
        "Content-Disposition": content_disposition(doc.filename),
        "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox",
        "Cache-Control": "private, no-store"})


@router.post("/cases/{case_id}/actions", responses=WITH_BODY, response_model=c.CaseDetail)
def act(case_id: str, action: Annotated[CaseAction, Form()], user: CurrentUser, uow: WriteUow,
        reason: Annotated[str, Form(max_length=4000)] = "",
        team: Annotated[list[str] | None, Form(description="auditor user ids (plan)")] = None,
        audit_dates: Annotated[list[date] | None, Form(description="(plan)")] = None,
        nonconformities: Annotated[list[str] | None,
                                   Form(description="one per finding "
                                                    "(raise_nonconformities)")] = None,
        attachments: Annotated[list[UploadFile] | None, File()] = None) -> dict[str, Any]:
    """Take one step of the workflow (multipart form: the action, a reason, and per step the
    team and audit dates, nonconformities, attachments)."""
    details = StepDetails(
        reason=reason.strip(), team=tuple(t.strip() for t in team or () if t.strip()),
        audit_dates=tuple(audit_dates or ()),
        nonconformities=tuple(n.strip() for n in nonconformities or () if n.strip()),
        uploads=tuple(_read(DocumentKind.EVIDENCE, f) for f in attachments or ()
                      if f.filename))
    case = certification.act(uow, user, case_id, action, details)
    return _case_detail(overview.case_view(uow, user, case.id))


@router.post("/cases/{case_id}/verification", responses=WITH_BODY,
             response_model=c.PcfVerificationPublic,
             status_code=201)
def verify(case_id: str, body: c.VerificationCreate, request: Request, user: CurrentUser,
           uow: WriteUow) -> dict[str, Any]:
    """Run the submitted model again and record the difference and its materiality."""
    settings = request.app.state.settings
    record: VerificationRecord = certification.record_verification(
        uow, user, case_id, body.notes, settings.data_dir, settings.databases_dir,
        body.materiality)
    return asdict(record)


@router.post("/cases/{case_id}/nonconformities/{nonconformity_id}/answer", responses=WITH_BODY,
             response_model=c.NonconformityPublic)
def answer(case_id: str, nonconformity_id: str, body: c.NonconformityAnswerCreate,
           user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """The applicant answers a nonconformity with its corrective action."""
    nc = certification.answer_nonconformity(uow, user, case_id, nonconformity_id,
                                            body.corrective_action)
    return {**asdict(nc), "open": nc.open}


@router.post("/cases/{case_id}/nonconformities/{nonconformity_id}/close", responses=errors(409),
             response_model=c.NonconformityPublic)
def close(case_id: str, nonconformity_id: str, user: CurrentUser,
          uow: WriteUow) -> dict[str, Any]:
    """The audit team closes an answered nonconformity."""
    nc = certification.close_nonconformity(uow, user, case_id, nonconformity_id)
    return {**asdict(nc), "open": nc.open}


# -- certificates ---------------------------------------------------------------------------

@router.get("/certificates", response_model=PagePublic[c.CertificatePublic])
def certificates(user: CurrentUser, uow: ReadUow, paging: PageParams) -> dict[str, Any]:
    """The certificates the caller's organisation holds or has issued."""
    return _page(overview.list_certificates(uow, user, paging.offset, paging.limit,
                                            _today()), _certificate)


@router.get("/certificates/{certificate_id}", response_model=c.CertificateDetail)
def get_certificate(certificate_id: str, request: Request, user: CurrentUser,
                    uow: ReadUow) -> dict[str, Any]:
    """A certificate with its status changes, surveillance checks and labels."""
    return _certificate_detail(overview.certificate_view(uow, user, certificate_id, _today()),
                               request)


@router.post("/certificates/{certificate_id}/status", responses=WITH_BODY,
             response_model=c.CertificatePublic)
def change_status(certificate_id: str, body: c.StatusCreate, user: CurrentUser,
                  uow: WriteUow) -> dict[str, Any]:
    """Suspend, restore, withdraw or cancel (the body's admin or decision maker)."""
    labels.change_certificate_status(uow, user, certificate_id, body.action, body.reason,
                                     body.evidence)
    return _certificate(overview.certificate_view(uow, user, certificate_id, _today()).summary)


NO_PRINT_RUN = c.LabelCreate()


@router.post("/certificates/{certificate_id}/labels", responses={**WITH_BODY, **errors(409)},
             response_model=c.LabelPublic,
             status_code=201)
def issue_label(certificate_id: str, request: Request, user: CurrentUser,
                uow: WriteUow, body: c.LabelCreate = NO_PRINT_RUN) -> dict[str, Any]:
    """Sign a label of a valid certificate; its QR code carries ``<base>/v/<token>``. With a
    print run (optional body), the token names its serial, and the printed quantity and
    sales regions feed the scan rules."""
    keys = LabelKeys(request.app.state.settings.label_keys_dir)
    run = (labels.print_run(body.print_run, body.printed_quantity, body.sales_regions)
           if body.print_run is not None else None)
    label = labels.issue_label(uow, user, certificate_id, keys, run=run)
    return _label(label, request)


@router.post("/certificates/{certificate_id}/surveillance/{check_id}", responses=WITH_BODY,
             response_model=c.CheckPublic)
def record_check(certificate_id: str, check_id: str, body: c.CheckCreate, user: CurrentUser,
                 uow: WriteUow) -> dict[str, Any]:
    """Record the result of a scheduled surveillance check (body staff)."""
    today = _today()
    check = surveillance.record_check(uow, user, certificate_id, check_id, body.result,
                                      body.notes, body.done_on or today)
    return {**asdict(check), "state": SurveillanceState.NOT_DUE}  # recorded: nothing due


@router.post("/certificates/{certificate_id}/findings/{nonconformity_id}/close",
             responses=WITH_BODY, response_model=c.FindingPublic)
def close_finding(certificate_id: str, nonconformity_id: str, body: c.FindingClose,
                  user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """Close a surveillance nonconformity (body staff): labels may be issued again."""
    found = surveillance.close_nonconformity(uow, user, certificate_id, nonconformity_id,
                                             body.note)
    return {**asdict(found), "open": found.open}


@router.post("/cases/{case_id}/declarations", responses=WITH_BODY,
             response_model=c.CaseDeclarationPublic, status_code=201)
def declare_for_case(case_id: str, body: c.CaseDeclarationCreate, user: CurrentUser,
                     uow: WriteUow) -> dict[str, Any]:
    """The caller declares impartiality for this case (body staff who audit, review or
    decide it); it expires after the scheme's validity."""
    return asdict(impartiality.declare_for_case(uow, user, case_id, body.statement,
                                                 body.last_consultancy_on))
