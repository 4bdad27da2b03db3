"""What a certification body keeps of a complaint or an appeal, and of each step taken on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from carbonlabel.domain.certification.complaints import (
    AppealAgainst,
    ComplaintState,
    Kind,
    Outcome,
)


@dataclass(frozen=True)
class Complaint:
    id: str
    reference: str  # TS-2026-000001 / SS-2026-000001
    kind: Kind
    body_id: str  # the certification body that handles it
    certificate_id: str | None
    case_id: str | None  # an appeal against a refusal
    subject: str  # what was reported: the label code or certificate number as typed
    against: AppealAgainst | None  # appeals only
    description: str  # what was observed / the grounds of the appeal
    contact_email: str | None  # complaints: optional
    appellant_id: str | None  # appeals: the holder or applicant organisation
    lodged_by: str | None  # appeals: the user; None for the public
    state: ComplaintState
    investigator_id: str | None
    findings: str | None
    decider_id: str | None
    outcome: Outcome | None
    decision: str | None  # the decision as told to the one who lodged it
    received_at: datetime
    acknowledge_by: date
    decide_by: date
    decided_at: datetime | None
    closed_at: datetime | None
    updated_at: datetime


@dataclass(frozen=True)
class ComplaintEvent:
    complaint_id: str
    seq: int
    action: str  # "lodge" then the ComplaintAction values
    from_state: str
    to_state: str
    actor_id: str | None  # None: a member of the public
    at: datetime
    note: str
