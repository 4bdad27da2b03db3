"""API shapes of complaints and appeals (``XCreate`` in, ``XPublic`` out)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from carbonlabel.domain.certification.complaints import (
    AppealAgainst,
    ComplaintState,
    Kind,
    Outcome,
)
from carbonlabel.web.api.schemas import _In

NOTE = Field(default="", max_length=4000)


class ComplaintCreate(_In):
    code: str = Field(min_length=1, max_length=60,
                      description="the label code or certificate number complained about")
    description: str = Field(min_length=1, max_length=4000, description="what was observed")
    contact_email: str = Field(default="", max_length=254, description="optional")


class ComplaintFiled(BaseModel):
    reference: str
    state: ComplaintState
    acknowledge_by: date
    decide_by: date
    tracking_token: str = Field(description="shown once; only its digest is kept")
    tracking_url: str = Field(description="the private page of its status and outcome")


class TrackingStep(BaseModel):
    action: str
    on: date


class ComplaintTracking(BaseModel):
    reference: str
    subject: str
    state: ComplaintState
    received_at: datetime
    decide_by: date
    outcome: Outcome | None
    decision: str | None
    steps: list[TrackingStep]


class AppealCreate(_In):
    against: AppealAgainst
    certificate_id: str | None = Field(default=None, min_length=1, max_length=36,
                                       description="the certificate (suspension, withdrawal)")
    case_id: str | None = Field(default=None, min_length=1, max_length=36,
                                description="the refused case (refusal)")
    grounds: str = Field(min_length=1, max_length=4000)


class ComplaintPublic(BaseModel):
    id: str
    reference: str
    kind: Kind
    state: ComplaintState
    body_id: str
    certificate_id: str | None
    case_id: str | None
    subject: str
    against: AppealAgainst | None
    description: str
    contact_email: str | None = Field(description="the body's only; null for the appellant")
    appellant_id: str | None
    investigator_id: str | None
    findings: str | None = Field(description="the body's only; null for the appellant")
    decider_id: str | None
    outcome: Outcome | None
    decision: str | None
    received_at: datetime
    acknowledge_by: date
    decide_by: date
    decided_at: datetime | None
    closed_at: datetime | None
    acknowledgement_overdue: bool
    decision_overdue: bool


class Candidate(BaseModel):
    id: str
    display_name: str
    may_investigate: bool
    may_decide: bool
    involved: bool = Field(description="took part in the subject: may neither investigate "
                                        "nor decide")


class ComplaintDetail(ComplaintPublic):
    candidates: list[Candidate]


class StepNote(_In):
    note: str = NOTE


class Assignment(_In):
    investigator_id: str = Field(min_length=1, max_length=36)


class Findings(_In):
    findings: str = Field(min_length=1, max_length=4000)


class Decision(_In):
    outcome: Outcome
    decision: str = Field(min_length=1, max_length=4000)
