"""API shapes of alerts, public reports and supervision cases (``XCreate`` in, ``XPublic``
out)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from carbonlabel.domain.supervision.alerts import AlertRule, AlertState, Severity
from carbonlabel.domain.supervision.cases import (
    CaseState,
    Conclusion,
    EscalatedTo,
    Source,
)
from carbonlabel.web.api.schemas import _In


class AlertPublic(BaseModel):
    id: str
    rule: AlertRule
    rule_name_zh: str
    rule_name_en: str
    severity: Severity
    claimed_number: str | None
    certificate_id: str | None
    holder_region: str | None
    seen_region: str | None
    evidence: dict[str, Any]
    state: AlertState
    raised_at: datetime
    case_id: str | None
    note: str


class Dismissal(_In):
    reason: str = Field(min_length=1, max_length=4000)


class ReportCreate(_In):
    number: str = Field(min_length=1, max_length=64,
                        description="the certificate number or label code on the package")
    description: str = Field(min_length=1, max_length=4000)
    value: str = Field(default="", max_length=20, description="the value printed, as written")
    unit: str = Field(default="kg CO2e", max_length=30, description="g, kg or t CO2e")
    region: str = Field(default="", max_length=10, description="where bought: CN-XX")
    contact: str = Field(default="", max_length=254)
    website: str = Field(default="", max_length=200, description="leave empty")


class ReportFiled(BaseModel):
    reference: str
    received_at: datetime


class ReportPublic(BaseModel):
    id: str
    reference: str
    claimed_number: str
    certificate_id: str | None
    printed_value: str | None
    printed_unit: str | None
    region: str | None
    description: str
    contact: str | None
    has_photo: bool
    alert_id: str | None
    received_at: datetime


class CaseCreate(_In):
    alert_id: str | None = Field(default=None, min_length=1, max_length=36)
    report_id: str | None = Field(default=None, min_length=1, max_length=36)
    summary: str = Field(default="", max_length=4000)


class Assignment(_In):
    assignee_id: str = Field(min_length=1, max_length=36)


class StepNote(_In):
    note: str = Field(default="", max_length=4000)


class Findings(_In):
    findings: str = Field(min_length=1, max_length=4000)


class Closing(_In):
    conclusion: Conclusion
    note: str = Field(min_length=1, max_length=4000)


class Escalation(_In):
    to: EscalatedTo
    reference: str = Field(min_length=1, max_length=100)
    note: str = Field(default="", max_length=4000)


class CasePublic(BaseModel):
    id: str
    reference: str
    source: Source
    alert_id: str | None
    report_id: str | None
    claimed_number: str | None
    certificate_id: str | None
    summary: str
    state: CaseState
    assignee_id: str | None
    findings: str
    conclusion: Conclusion | None
    escalated_to: EscalatedTo | None
    escalation_reference: str | None
    opened_by: str
    opened_at: datetime
    assign_by: date
    conclude_by: date
    closed_at: datetime | None
    overdue: bool


class StepPublic(BaseModel):
    seq: int
    action: str
    from_state: str
    to_state: str
    actor_id: str
    at: datetime
    note: str


class EvidencePublic(BaseModel):
    id: str
    filename: str
    media_type: str
    sha256: str
    size: int
    uploaded_by: str | None
    uploaded_at: datetime


class CaseDetail(CasePublic):
    steps: list[StepPublic]
    evidence: list[EvidencePublic]
