"""Read models of complaints and appeals: a body's queue (deadlines, overdue), one complaint
with its steps and the staff eligible to investigate or decide it, and the public tracking
view (state, dates, outcome; never the findings or the people)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification import complaints as rules
from carbonlabel.domain.certification.complaint_records import Complaint, ComplaintEvent
from carbonlabel.domain.tenancy import User
from carbonlabel.services.certification import complaints

MAX_STAFF = 500


@dataclass(frozen=True)
class QueueItem:
    complaint: Complaint
    acknowledgement_overdue: bool
    decision_overdue: bool

    @property
    def overdue(self) -> bool:
        return self.acknowledgement_overdue or self.decision_overdue


def item(complaint: Complaint, today: date) -> QueueItem:
    late_ack, late_decision = rules.overdue(complaint.state, complaint.acknowledge_by,
                                            complaint.decide_by, today)
    return QueueItem(complaint, late_ack, late_decision)


def queue(uow: UnitOfWork, actor: User, today: date) -> list[QueueItem]:
    """The complaints and appeals the actor's body handles, and the appeals its organisation
    lodged; open ones first, the most urgent deadline first."""
    found = uow.complaints.of_org(actor.organisation_id)
    return sorted((item(c, today) for c in found),
                  key=lambda i: (rules.is_final(i.complaint.state), i.complaint.decide_by,
                                 i.complaint.reference))


@dataclass(frozen=True)
class Candidate:
    user: User
    may_investigate: bool
    may_decide: bool
    involved: bool


@dataclass(frozen=True)
class ComplaintView:
    item: QueueItem
    events: tuple[ComplaintEvent, ...]
    people: dict[str, str]  # user id -> name
    candidates: tuple[Candidate, ...]  # the body's staff (empty for the appellant)
    handles: bool  # the actor's body handles it
    certificate_number: str | None

    @property
    def complaint(self) -> Complaint:
        return self.item.complaint


def view(uow: UnitOfWork, actor: User, complaint_id: str, today: date) -> ComplaintView:
    complaint = complaints.get(uow, actor, complaint_id)
    handles = actor.organisation_id == complaint.body_id
    candidates: list[Candidate] = []
    if handles:
        involved = complaints.involved(uow, complaint)
        for user in uow.users.page(complaint.body_id, 0, MAX_STAFF).items:
            if not user.active:
                continue
            candidates.append(Candidate(
                user, user.role in complaints.INVESTIGATOR_ROLES and user.id not in involved,
                user.role in complaints.DECIDER_ROLES and user.id not in involved,
                user.id in involved))
    events = tuple(uow.complaints.events(complaint.id))
    ids = {e.actor_id for e in events} | {complaint.investigator_id, complaint.decider_id}
    people = {u.id: u.display_name for u in map(uow.users.get, (i for i in ids if i)) if u}
    certificate = (uow.certificates.get(complaint.certificate_id)
                   if complaint.certificate_id else None)
    return ComplaintView(item(complaint, today), events, people,
                         tuple(c for c in candidates if c.may_investigate or c.involved),
                         handles, certificate.number if certificate else None)


@dataclass(frozen=True)
class Tracking:
    """What the public tracking link shows."""

    complaint: Complaint
    steps: tuple[tuple[str, str], ...]  # (action, ISO date)


def tracking(uow: UnitOfWork, token: str) -> Tracking:
    complaint, events = complaints.track(uow, token)
    steps = tuple((e.action, complaints.day_of(e.at).isoformat()) for e in events
                  if e.action != rules.ComplaintAction.RECORD_FINDINGS.value)
    return Tracking(complaint, steps)
