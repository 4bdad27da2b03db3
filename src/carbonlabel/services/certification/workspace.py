"""The certification body's workspace: its home (the queue with the cases waiting on the
reader first, the surveillance calendar, what is overdue), the guide of a case (the stepper,
who acts next, why nobody may be planned onto the team yet), and the applicant's submitted
model and study report, opened from the case.

Scoped like :mod:`carbonlabel.services.certification.overview`: a case is seen by its two
parties only; another organisation gets "not found". The body in a case reads the applicant's
model version and footprint *of that case* — never the applicant's other footprints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification import progress
from carbonlabel.domain.certification.progress import Mover, Obstacle, Step
from carbonlabel.domain.certification.records import (
    Certificate,
    CertificateNonconformity,
    CertificationCase,
)
from carbonlabel.domain.certification.states import CaseAction, CaseState
from carbonlabel.domain.records import FootprintRecord, ModelVersion, RegisteredProduct
from carbonlabel.domain.tenancy import Action, OrgKind, User
from carbonlabel.services.accounts.users import require
from carbonlabel.services.certification import complaint_views, documents
from carbonlabel.services.certification.cases import SCHEME, get_case
from carbonlabel.services.certification.overview import (
    MAX_ROWS,
    STAFF_ROLES,
    CaseSummary,
    CaseView,
    list_cases,
)
from carbonlabel.services.certification.surveillance import Calendar, open_calendar
from carbonlabel.services.quantify.dashboard import FootprintOverview


def is_body(uow: UnitOfWork, actor: User) -> bool:
    """Whether the reader works for a certification body (its home is the workspace)."""
    org = uow.organisations.get(actor.organisation_id)
    return org is not None and org.kind is OrgKind.CERTIFICATION_BODY


def _unanswered(uow: UnitOfWork, case: CertificationCase) -> int:
    if case.state is not CaseState.CORRECTIVE_ACTIONS:
        return 0
    return sum(nc.open and not nc.corrective_action for nc in uow.cases.nonconformities(case.id))


@dataclass(frozen=True)
class QueueEntry:
    summary: CaseSummary
    mover: Mover


@dataclass(frozen=True)
class Finding:
    """A surveillance nonconformity past its deadline, with its certificate."""

    finding: CertificateNonconformity
    certificate: Certificate


@dataclass(frozen=True)
class BodyHome:
    waiting_on_me: tuple[QueueEntry, ...]  # the reader takes the next step
    waiting_on_others: tuple[QueueEntry, ...]  # open cases somebody else moves
    calendar: Calendar | None  # staff only
    overdue_complaints: tuple[complaint_views.QueueItem, ...]
    overdue_findings: tuple[Finding, ...]

    @property
    def overdue_count(self) -> int:
        surveillance = len(self.calendar.overdue) if self.calendar else 0
        return surveillance + len(self.overdue_complaints) + len(self.overdue_findings)


def body_home(uow: UnitOfWork, actor: User, today: date) -> BodyHome:
    """The reader's body's open cases split by whose move it is, its surveillance calendar
    (read only: the calendar page runs the sweep), complaints, appeals and surveillance
    nonconformities past their deadlines."""
    require(actor, Action.READ)
    mine: list[QueueEntry] = []
    others: list[QueueEntry] = []
    for summary in list_cases(uow, actor, 0, MAX_ROWS).items:
        case = summary.case
        if case.body_id != actor.organisation_id or not progress.next_actions(case.state):
            continue
        unanswered = _unanswered(uow, case)
        entry = QueueEntry(summary, progress.mover(case.state, unanswered))
        waiting = progress.waiting_on(actor.id, actor.role, case.state, case.team, unanswered)
        (mine if waiting else others).append(entry)
    staff = actor.role in STAFF_ROLES
    calendar = open_calendar(uow, actor, today, sweep_first=False) if staff else None
    complaints = tuple(i for i in complaint_views.queue(uow, actor, today)
                       if i.overdue and i.complaint.body_id == actor.organisation_id)
    findings = []
    for nc in uow.oversight.overdue_nonconformities(today):
        certificate = uow.certificates.get(nc.certificate_id)
        if certificate is not None and certificate.body_id == actor.organisation_id:
            findings.append(Finding(nc, certificate))
    return BodyHome(tuple(mine), tuple(others), calendar, complaints, tuple(findings))


# -- one case --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hint:
    """A member of the staff who may not join the audit team yet, and why."""

    user: User
    obstacles: tuple[Obstacle, ...]


@dataclass(frozen=True)
class CaseGuide:
    steps: tuple[Step, ...]
    mover: Mover
    next_actions: tuple[CaseAction, ...]  # what the state table allows next (any party)
    waiting_on_you: bool
    hints: tuple[Hint, ...]  # when planning: every staff member who may not join, and why
    nobody_eligible: bool


def case_guide(uow: UnitOfWork, actor: User, view: CaseView, today: date) -> CaseGuide:
    """The stepper and the planning hints of a case already read by
    :func:`~carbonlabel.services.certification.overview.case_view`."""
    case = view.case
    visited = {CaseState(e.to_state) for e in view.events} | {case.state}
    unanswered = sum(nc.open and not nc.corrective_action for nc in view.nonconformities)
    hints: list[Hint] = []
    if view.candidates:  # the body's managers, planning
        declarations = uow.declarations.for_case(case.id)
        for candidate in view.candidates:
            found = progress.obstacles(candidate.user.id, candidate.user.organisation_id,
                                       case.applicant_id, candidate.qualified,
                                       declarations.get(candidate.user.id), today,
                                       SCHEME.consultancy_years)
            if found:
                hints.append(Hint(candidate.user, found))
    body_side = actor.organisation_id == case.body_id
    mover = progress.mover(case.state, unanswered)
    if body_side:
        yours = progress.waiting_on(actor.id, actor.role, case.state, case.team, unanswered)
    else:  # the applicant answers the nonconformities
        yours = mover is Mover.APPLICANT and view.you.applicant
    return CaseGuide(progress.steps(case.state, visited), mover,
                     progress.next_actions(case.state), yours, tuple(hints),
                     bool(view.candidates) and len(hints) == len(view.candidates))


@dataclass(frozen=True)
class Submitted:
    """What the applicant submitted with a case: the model version and its footprint."""

    case: CertificationCase
    product: RegisteredProduct
    model: ModelVersion
    footprint: FootprintRecord


def submitted(uow: UnitOfWork, actor: User, case_id: str) -> Submitted:
    """The model version and footprint of a case, for both of its parties (another
    organisation: not found)."""
    require(actor, Action.READ)
    case = get_case(uow, actor, case_id)
    product = uow.products.in_org(case.applicant_id, case.product_id)
    model = uow.model_versions.in_org(case.applicant_id, case.model_version_id)
    footprint = uow.footprints.in_org(case.applicant_id, case.footprint_id)
    assert product is not None  # foreign keys
    assert model is not None
    assert footprint is not None
    return Submitted(case, product, model, footprint)


def footprint_report(uow: UnitOfWork, actor: User, case_id: str) -> FootprintOverview:
    """The footprint a case was applied with, as its report page shows it."""
    found = submitted(uow, actor, case_id)
    return FootprintOverview(found.footprint, found.model, found.product)


def study_report(uow: UnitOfWork, actor: User, case_id: str, lang: str) -> documents.Document:
    """The CFP study report of the footprint a case was applied with."""
    found = submitted(uow, actor, case_id)
    return documents.record_study_report(uow, found.footprint, lang)
