"""Read models of the certification pages and API: what one page or answer shows, gathered in
one call and scoped like the use cases beside it.

A case is seen by its applicant and by its certification body; a certificate by its holder and
its body; a body's staff and set-up by that body only. Anything else is "not found", so these
views never tell another organisation's record from one that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from carbonlabel.adapters.db.repositories import Page
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification.certificate import (
    STATUS_TRANSITIONS,
    CertificateAction,
    CertificateStatus,
    SurveillanceState,
    effective_status,
    surveillance_state,
)
from carbonlabel.domain.certification.records import (
    CaseDocument,
    CaseEvent,
    Certificate,
    CertificateNonconformity,
    CertificateNotice,
    CertificationCase,
    Label,
    Nonconformity,
    StatusChange,
    SurveillanceCheck,
    VerificationRecord,
)
from carbonlabel.domain.certification.rules import Declaration
from carbonlabel.domain.certification.states import TRANSITIONS, CaseAction, CaseState
from carbonlabel.domain.records import FootprintRecord, RegisteredProduct
from carbonlabel.domain.tenancy import Action, Organisation, OrgKind, Role, User
from carbonlabel.errors import NotFoundError, PermissionDeniedError
from carbonlabel.services.accounts.users import require
from carbonlabel.services.certification import labels
from carbonlabel.services.certification.cases import (
    BODY_ACTIONS,
    DECISIONS,
    SCHEME,
    TEAM_ACTIONS,
    get_case,
)

MAX_ROWS = 200
APPLICANT, BODY = "applicant", "body"
#: roles of a body's staff who may take part in a case (audit, decide, manage)
STAFF_ROLES = (Role.ADMIN, Role.AUDITOR, Role.DECISION_MAKER)
MANAGERS = (Role.ADMIN, Role.DECISION_MAKER)
APPLICANT_ROLES = (Role.ADMIN, Role.ANALYST)


# -- certification bodies --------------------------------------------------------------------

@dataclass(frozen=True)
class BodySummary:
    organisation: Organisation
    body_code: int | None
    categories: tuple[str, ...]  # the accreditation scope


def list_bodies(uow: UnitOfWork, actor: User) -> list[BodySummary]:
    """Every certification body with its accreditation scope (applicants choose from it)."""
    require(actor, Action.READ)
    scopes = uow.bodies.scopes()
    out = []
    for org in uow.organisations.list_all():
        if org.kind is OrgKind.CERTIFICATION_BODY:
            code, categories = scopes.get(org.id, (None, frozenset()))
            out.append(BodySummary(org, code, tuple(sorted(categories))))
    return out


@dataclass(frozen=True)
class StaffMember:
    user: User
    categories: tuple[str, ...]  # qualified for
    declared_for: tuple[str, ...]  # applicant organisations with an impartiality declaration


@dataclass(frozen=True)
class BodySetup:
    body: BodySummary
    staff: tuple[StaffMember, ...]
    applicants: tuple[Organisation, ...]  # organisations that applied to this body
    names: Mapping[str, str]  # organisation id -> name


def _body_of(uow: UnitOfWork, actor: User) -> Organisation:
    org = uow.organisations.get(actor.organisation_id)
    if org is None or org.kind is not OrgKind.CERTIFICATION_BODY:
        raise PermissionDeniedError(field="organisation",
                                    message_en="only a certification body may do this",
                                    message_zh="仅认证机构可执行此操作")
    return org


def body_setup(uow: UnitOfWork, actor: User) -> BodySetup:
    """The caller's body: scope, staff with qualifications and declarations, its applicants."""
    org = _body_of(uow, actor)
    scope = uow.bodies.scopes().get(org.id)
    users = [u for u in uow.users.page(org.id, 0, MAX_ROWS).items if u.role in STAFF_ROLES]
    ids = [u.id for u in users]
    qualifications = uow.bodies.qualifications(ids)
    declared: dict[str, list[str]] = {}
    for user_id, applicant_id, _statement, _at in uow.bodies.declarations(ids):
        declared.setdefault(user_id, []).append(applicant_id)
    staff = tuple(StaffMember(u, tuple(sorted(qualifications[u.id].categories))
                              if u.id in qualifications else (),
                              tuple(declared.get(u.id, ()))) for u in users)
    applicant_ids = {c.applicant_id for c in uow.cases.page(org.id, 0, MAX_ROWS).items
                     if c.body_id == org.id}
    applicant_ids |= {a for s in staff for a in s.declared_for}
    applicants = tuple(sorted((o for o in map(uow.organisations.get, applicant_ids) if o),
                              key=lambda o: o.name))
    body = BodySummary(org, scope[0] if scope else None,
                       tuple(sorted(scope[1])) if scope else ())
    return BodySetup(body, staff, applicants, {o.id: o.name for o in applicants})


# -- cases -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseSummary:
    case: CertificationCase
    product: RegisteredProduct
    applicant: Organisation
    body: Organisation
    party: str  # the caller's side: "applicant" or "body"


def _org(uow: UnitOfWork, org_id: str) -> Organisation:
    org = uow.organisations.get(org_id)
    assert org is not None  # foreign keys
    return org


def _summary(uow: UnitOfWork, actor: User, case: CertificationCase) -> CaseSummary:
    product = uow.products.in_org(case.applicant_id, case.product_id)
    assert product is not None
    party = APPLICANT if actor.organisation_id == case.applicant_id else BODY
    return CaseSummary(case, product, _org(uow, case.applicant_id), _org(uow, case.body_id),
                       party)


def list_cases(uow: UnitOfWork, actor: User, offset: int, limit: int,
               state: CaseState | None = None) -> Page[CaseSummary]:
    """The caller's organisation's cases, as applicant or as certification body."""
    require(actor, Action.READ)
    page = uow.cases.page(actor.organisation_id, offset, limit, state)
    return Page([_summary(uow, actor, c) for c in page.items], page.total, page.offset,
                page.limit)


@dataclass(frozen=True)
class CasePermissions:
    """What the caller may do in a case (the services check it again when it is done)."""

    applicant: bool  # applicant's admin or analyst: withdraw, answer nonconformities
    manager: bool  # body's admin or decision maker: accept, reject, plan
    on_team: bool  # member of the audit team: the audit steps, verification, closing
    decider: bool  # body's decision maker who is not on the team: grant or refuse


@dataclass(frozen=True)
class Candidate:
    """A body member who might join the audit team, and what the rules say about them."""

    user: User
    qualified: bool  # for the case's product category
    declared: bool  # a live impartiality declaration for this case

    @property
    def eligible(self) -> bool:
        return self.qualified and self.declared


@dataclass(frozen=True)
class CaseView:
    summary: CaseSummary
    footprint: FootprintRecord
    model_version: int
    events: tuple[CaseEvent, ...]
    documents: tuple[CaseDocument, ...]
    verifications: tuple[VerificationRecord, ...]
    nonconformities: tuple[Nonconformity, ...]
    people: Mapping[str, str]  # user id -> display name (actors, team, decider)
    you: CasePermissions
    your_actions: tuple[CaseAction, ...]  # allowed by the table in this state, and to you
    candidates: tuple[Candidate, ...]  # for planning (the body's managers only)
    #: impartiality declarations for this case (the body's side only), and whether the
    #: caller may declare (body staff)
    declarations: tuple[Declaration, ...] = ()
    may_declare: bool = False

    @property
    def case(self) -> CertificationCase:
        return self.summary.case

    @property
    def open_nonconformities(self) -> int:
        return sum(nc.open for nc in self.nonconformities)

    def document(self, document_id: str) -> CaseDocument | None:
        return next((d for d in self.documents if d.id == document_id), None)


def _permissions(actor: User, case: CertificationCase) -> CasePermissions:
    body_side = actor.organisation_id == case.body_id
    return CasePermissions(
        applicant=actor.organisation_id == case.applicant_id and actor.role in APPLICANT_ROLES,
        manager=body_side and actor.role in MANAGERS,
        on_team=body_side and actor.id in case.team,
        decider=body_side and actor.role is Role.DECISION_MAKER and actor.id not in case.team)


def _allowed(you: CasePermissions, action: CaseAction) -> bool:
    if action is CaseAction.WITHDRAW:
        return you.applicant
    if action in BODY_ACTIONS:
        return you.manager
    if action in TEAM_ACTIONS:
        return you.on_team
    return action in DECISIONS and you.decider


def _names(uow: UnitOfWork, user_ids: Iterable[str | None]) -> dict[str, str]:
    out = {}
    for user_id in {u for u in user_ids if u}:
        user = uow.users.get(user_id)
        if user is not None:
            out[user_id] = user.display_name
    return out


def case_view(uow: UnitOfWork, actor: User, case_id: str) -> CaseView:
    """One case with its timeline, documents, verification, nonconformities and next steps."""
    require(actor, Action.READ)
    case = get_case(uow, actor, case_id)
    footprint = uow.footprints.in_org(case.applicant_id, case.footprint_id)
    version = uow.model_versions.in_org(case.applicant_id, case.model_version_id)
    assert footprint is not None
    assert version is not None
    events = tuple(uow.cases.events(case.id))
    verifications = tuple(uow.cases.verifications(case.id))
    ncs = tuple(uow.cases.nonconformities(case.id))
    you = _permissions(actor, case)
    candidates: tuple[Candidate, ...] = ()
    if you.manager and case.state is CaseState.ACCEPTED:
        users = [u for u in uow.users.page(case.body_id, 0, MAX_ROWS).items
                 if u.role in STAFF_ROLES]
        ids = [u.id for u in users]
        qualified = uow.bodies.qualifications(ids)
        declared = {u for u, d in uow.declarations.for_case(case.id).items()
                    if d.expires_on >= date.today()}
        candidates = tuple(Candidate(u, u.id in qualified and case.category in
                                     qualified[u.id].categories, u.id in declared)
                           for u in users)
    documents = tuple(uow.cases.documents(case.id))
    people = _names(uow, [*(e.actor_id for e in events), *case.team, case.decider_id,
                          *(v.verifier_id for v in verifications),
                          *(n.raised_by for n in ncs), *(n.closed_by for n in ncs),
                          *(d.uploaded_by for d in documents)])
    actions = tuple(a for a in TRANSITIONS[case.state] if _allowed(you, a))
    body_staff = actor.organisation_id == case.body_id and actor.role in STAFF_ROLES
    declarations = (tuple(uow.declarations.for_case(case.id).values()) if body_staff
                    else ())
    people = {**people, **_names(uow, [d.user_id for d in declarations])}
    return CaseView(_summary(uow, actor, case), footprint, version.version, events,
                    documents, verifications, ncs, people, you, actions, candidates,
                    declarations, body_staff)


def case_document(uow: UnitOfWork, actor: User, case_id: str,
                  document_id: str) -> tuple[CaseDocument, bytes]:
    """A document of a case and its bytes (for the applicant and the body)."""
    require(actor, Action.READ)
    case = get_case(uow, actor, case_id)
    found = uow.cases.document_content(case.id, document_id)
    if found is None:
        raise NotFoundError(field="document_id", message_en="no such document",
                            message_zh="没有该文件")
    return found


def applicable_footprints(uow: UnitOfWork, actor: User) -> list[tuple[FootprintRecord,
                                                                       RegisteredProduct]]:
    """The caller's footprints with their products, newest first (to apply with)."""
    require(actor, Action.READ)
    out = []
    for record in uow.footprints.page(actor.organisation_id, 0, MAX_ROWS).items:
        product = uow.products.in_org(actor.organisation_id, record.product_id)
        if product is not None:
            out.append((record, product))
    return out


# -- certificates ----------------------------------------------------------------------------

@dataclass(frozen=True)
class CertificateSummary:
    certificate: Certificate
    status: CertificateStatus  # as the public sees it today (expired past the validity)
    product: RegisteredProduct
    holder: Organisation
    body: Organisation
    party: str  # "applicant" (the holder) or "body"


def _certificate_summary(uow: UnitOfWork, actor: User, certificate: Certificate,
                         today: date) -> CertificateSummary:
    product = uow.products.in_org(certificate.holder_id, certificate.product_id)
    assert product is not None
    party = APPLICANT if actor.organisation_id == certificate.holder_id else BODY
    return CertificateSummary(certificate, effective_status(certificate.status,
                                                            certificate.expires_on, today),
                              product, _org(uow, certificate.holder_id),
                              _org(uow, certificate.body_id), party)


def list_certificates(uow: UnitOfWork, actor: User, offset: int, limit: int,
                      today: date) -> Page[CertificateSummary]:
    """The certificates the caller's organisation holds or has issued."""
    require(actor, Action.READ)
    page = uow.certificates.page_visible(actor.organisation_id, offset, limit)
    return Page([_certificate_summary(uow, actor, c, today) for c in page.items], page.total,
                page.offset, page.limit)


@dataclass(frozen=True)
class CheckView:
    check: SurveillanceCheck
    state: SurveillanceState


@dataclass(frozen=True)
class CertificateView:
    summary: CertificateSummary
    status_changes: tuple[StatusChange, ...]
    checks: tuple[CheckView, ...]
    labels: tuple[Label, ...]
    people: Mapping[str, str]
    status_actions: tuple[CertificateAction, ...]  # what the caller may do to the status
    can_issue_label: bool
    can_record_surveillance: bool
    today: date
    notices: tuple[CertificateNotice, ...] = ()  # to the holder, of each status change
    findings: tuple[CertificateNonconformity, ...] = ()  # surveillance nonconformities

    @property
    def certificate(self) -> Certificate:
        return self.summary.certificate


def certificate_view(uow: UnitOfWork, actor: User, certificate_id: str,
                     today: date) -> CertificateView:
    """One certificate with its status history, surveillance checks and labels."""
    require(actor, Action.READ)
    certificate = labels.get_certificate(uow, actor, certificate_id)
    summary = _certificate_summary(uow, actor, certificate, today)
    body_side = actor.organisation_id == certificate.body_id
    checks = tuple(CheckView(c, surveillance_state(c.due_on, c.done_on is not None, today,
                                                   SCHEME))
                   for c in uow.certificates.surveillance(certificate.id))
    changes = tuple(uow.certificates.status_changes(certificate.id))
    actions: tuple[CertificateAction, ...] = ()
    if body_side and actor.role in MANAGERS and summary.status is not CertificateStatus.EXPIRED:
        actions = tuple(STATUS_TRANSITIONS[certificate.status])
    issuer = actor.role in labels.LABEL_ROLES and (
        not body_side or actor.role in MANAGERS)
    return CertificateView(
        summary, changes, checks, tuple(uow.labels.for_certificate(certificate.id)),
        _names(uow, [*(c.actor_id for c in changes), *(c.check.auditor_id for c in checks)]),
        actions, issuer and summary.status is CertificateStatus.VALID,
        body_side and actor.role in STAFF_ROLES, today,
        tuple(uow.oversight.notices(certificate.id)),
        tuple(uow.oversight.nonconformities(certificate.id)))


# -- the landing page ------------------------------------------------------------------------

@dataclass(frozen=True)
class CertificationHome:
    organisation: Organisation
    is_body: bool
    open_cases: tuple[CaseSummary, ...]  # the body's queue, or the applicant's cases in progress
    closed_cases: tuple[CaseSummary, ...]  # granted, refused, rejected, withdrawn
    case_total: int
    certificate_total: int
    can_apply: bool


def home(uow: UnitOfWork, actor: User) -> CertificationHome:
    """The caller's cases (open ones first) and how many certificates they hold or issued."""
    require(actor, Action.READ)
    org = _org(uow, actor.organisation_id)
    page = list_cases(uow, actor, 0, MAX_ROWS)
    open_cases = tuple(s for s in page.items if TRANSITIONS[s.case.state])
    closed = tuple(s for s in page.items if not TRANSITIONS[s.case.state])
    certificates = uow.certificates.page_visible(actor.organisation_id, 0, 1).total
    is_body = org.kind is OrgKind.CERTIFICATION_BODY
    return CertificationHome(org, is_body, open_cases, closed, page.total, certificates,
                             not is_body and actor.role in APPLICANT_ROLES)
