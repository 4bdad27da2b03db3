"""The decision on a complaint or an appeal (ISO/IEC 17065 §7.13.7-8): by an admin or decision
maker of the body who was not involved in the subject, after the investigation's findings,
with an outcome (upheld / dismissed) and the decision as told to the one who lodged it. An
upheld appeal acts in the same transaction (:func:`.appeals.apply_upheld`)."""

from __future__ import annotations

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification import complaints as rules
from carbonlabel.domain.certification.complaint_records import Complaint
from carbonlabel.domain.certification.complaints import ComplaintAction, Kind, Outcome
from carbonlabel.domain.tenancy import User
from carbonlabel.services.certification import appeals, complaints


def decide(uow: UnitOfWork, actor: User, complaint_id: str, outcome: Outcome,
           decision: str) -> Complaint:
    complaint = complaints.get(uow, actor, complaint_id)
    complaints.body_staff(uow, actor, complaint, complaints.DECIDER_ROLES)
    rules.apply(complaint.state, ComplaintAction.DECIDE)  # the state first: a clear refusal
    rules.check_findings(complaint.findings)
    rules.check_decider(actor.id, complaints.involved(uow, complaint))
    text = complaints._text(decision, "decision")
    with uow.atomic():  # the decision and what an upheld appeal changes: together or neither
        note = ""
        if complaint.kind is Kind.APPEAL and outcome is Outcome.UPHELD:
            note = appeals.apply_upheld(uow, actor, complaint, text)
        done = complaints.step(uow, actor.id, complaint, ComplaintAction.DECIDE,
                               note or outcome.value, decider_id=actor.id, outcome=outcome,
                               decision=text, decided_at=complaints.now())
        uow.commit()
    return done
