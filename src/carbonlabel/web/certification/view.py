"""What the certification pages share: the words of steps, statuses and checks (marked for the
"certification" catalogue), the names the domain keeps in both languages, and the renderer
that gives every template the same helpers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi import Request, Response

from carbonlabel.domain.certification.certificate import (
    STATUS_NAMES,
    STATUS_TRANSITIONS,
    CertificateAction,
    SurveillanceState,
)
from carbonlabel.domain.certification.records import DOCUMENT_NAMES, REQUIRED_DOCUMENTS
from carbonlabel.domain.certification.states import STATE_NAMES, CaseAction
from carbonlabel.domain.tenancy import User
from carbonlabel.services.certification.surveillance import OVERDUE_REASON, CheckResult
from carbonlabel.web.pages.rendering import N_, render
from carbonlabel.web.quantify.report import BOUNDARIES

HOME = "/certification"

#: the button of each step
ACTION_BUTTONS: dict[str, str] = {
    CaseAction.ACCEPT: N_("Accept the application"),
    CaseAction.REJECT: N_("Reject the application"),
    CaseAction.PLAN: N_("Save the audit plan"),
    CaseAction.START_DOCUMENT_REVIEW: N_("Start the document review"),
    CaseAction.COMPLETE_DOCUMENT_REVIEW: N_("Complete the document review"),
    CaseAction.COMPLETE_INSPECTION: N_("Complete the on-site inspection"),
    CaseAction.RAISE_NONCONFORMITIES: N_("Raise the nonconformities"),
    CaseAction.CLOSE_NONCONFORMITIES: N_("Close the corrective actions"),
    CaseAction.COMPLETE_VERIFICATION: N_("Complete the PCF verification"),
    CaseAction.COMPLETE_EVALUATION: N_("Complete the evaluation"),
    CaseAction.GRANT: N_("Grant the certificate"),
    CaseAction.REFUSE: N_("Refuse certification"),
    CaseAction.WITHDRAW: N_("Withdraw the application"),
}
#: what the timeline says a step did
EVENT_NAMES: dict[str, str] = {
    "apply": N_("Application submitted"),
    CaseAction.ACCEPT: N_("Application accepted"),
    CaseAction.REJECT: N_("Application rejected"),
    CaseAction.PLAN: N_("Audit planned"),
    CaseAction.START_DOCUMENT_REVIEW: N_("Document review started"),
    CaseAction.COMPLETE_DOCUMENT_REVIEW: N_("Document review completed"),
    CaseAction.COMPLETE_INSPECTION: N_("On-site inspection completed"),
    CaseAction.RAISE_NONCONFORMITIES: N_("Nonconformities raised"),
    CaseAction.CLOSE_NONCONFORMITIES: N_("Corrective actions closed"),
    CaseAction.COMPLETE_VERIFICATION: N_("PCF verification completed"),
    CaseAction.COMPLETE_EVALUATION: N_("Evaluation completed"),
    CaseAction.GRANT: N_("Certificate granted"),
    CaseAction.REFUSE: N_("Certification refused"),
    CaseAction.WITHDRAW: N_("Application withdrawn"),
}
STATUS_BUTTONS: dict[str, str] = {
    CertificateAction.SUSPEND: N_("Suspend"),
    CertificateAction.RESTORE: N_("Restore"),
    CertificateAction.WITHDRAW: N_("Withdraw (for cause)"),
    CertificateAction.CANCEL: N_("Cancel"),
}
CHECK_STATES: dict[str, str] = {
    SurveillanceState.NOT_DUE: N_("scheduled"),
    SurveillanceState.DUE: N_("due (grace period)"),
    SurveillanceState.OVERDUE: N_("overdue"),
    "done": N_("done"),
}
CHECK_RESULTS: dict[str, str] = {
    CheckResult.CONFORMING: N_("conforming"),
    CheckResult.NONCONFORMING: N_("nonconforming"),
}
#: reasons the system writes, shown in the reader's language
SYSTEM_REASONS: dict[str, str] = {OVERDUE_REASON: N_("overdue surveillance")}
PARTIES: dict[str, str] = {"applicant": N_("applicant"), "body": N_("certification body")}


def today() -> date:
    return datetime.now(UTC).date()


def show(request: Request, template: str, user: User, status: int = 200,
         **context: Any) -> Response:
    """Render a certification page with the words every one of them uses."""
    return render(request, f"certification/{template}", status, user=user,
                  state_names=STATE_NAMES, status_names=STATUS_NAMES,
                  document_names=DOCUMENT_NAMES, required_documents=REQUIRED_DOCUMENTS,
                  action_buttons=ACTION_BUTTONS, event_names=EVENT_NAMES,
                  status_buttons=STATUS_BUTTONS, check_states=CHECK_STATES,
                  check_results=CHECK_RESULTS, system_reasons=SYSTEM_REASONS,
                  parties=PARTIES, boundaries=BOUNDARIES, transitions=STATUS_TRANSITIONS,
                  **context)
