"""Appeals (ISO/IEC 17065 §7.13): the holder or applicant appeals against a refusal of
certification, or the suspension or withdrawal of its certificate, within the scheme's period
(:data:`~carbonlabel.domain.certification.complaints.PERIODS`); the body handles it as a
complaint (:mod:`.complaints`) and decides it (:mod:`.complaint_decisions`).

What an upheld appeal does (:func:`apply_upheld`, the one place that acts on it):

* against a **suspension**: the certificate is restored, through
  ``labels.change_certificate_status`` (action ``restore``), with the appeal's decision as the
  reason; if it is no longer suspended (withdrawn meanwhile, expired), nothing changes and the
  event says so;
* against a **withdrawal**: the certificate status table has no way back from withdrawn, so the
  outcome is recorded and the certificate stays withdrawn: the body must take a new
  certification decision (the holder applies again, citing the appeal's reference);
* against a **refusal**: the refused case stays closed (the case workflow has no reopening);
  the outcome is recorded and the applicant may apply again for a new decision, citing it.
"""

from __future__ import annotations

from datetime import date

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification import complaints as rules
from carbonlabel.domain.certification.certificate import CertificateAction, CertificateStatus
from carbonlabel.domain.certification.complaint_records import Complaint
from carbonlabel.domain.certification.complaints import PERIODS, AppealAgainst, Kind
from carbonlabel.domain.certification.states import CaseAction, CaseState
from carbonlabel.domain.tenancy import Role, User
from carbonlabel.errors import InputError, NotFoundError, PermissionDeniedError, WorkflowError
from carbonlabel.services.certification import complaints
from carbonlabel.services.certification.labels import change_certificate_status

APPELLANT_ROLES = (Role.ADMIN, Role.ANALYST)
_STATUS_OF = {AppealAgainst.SUSPENSION: CertificateStatus.SUSPENDED,
              AppealAgainst.WITHDRAWAL: CertificateStatus.WITHDRAWN}


def _not_found(field: str) -> NotFoundError:
    return NotFoundError(field=field, message_en="nothing of yours to appeal against here",
                         message_zh="没有可申诉的对象")


def _subject(uow: UnitOfWork, actor: User, against: AppealAgainst, subject_id: str
             ) -> tuple[str, str | None, str | None, str, date]:
    """(body, certificate, case, subject text, day of the decision) of what is appealed."""
    if against is AppealAgainst.REFUSAL:
        case = uow.cases.get(subject_id)
        if case is None or case.applicant_id != actor.organisation_id:
            raise _not_found("case_id")
        if case.state is not CaseState.REFUSED:
            raise WorkflowError(field="against", rule="appeal_subject",
                                message_en="only a refused case can be appealed",
                                message_zh="仅可对不予认证的决定提出申诉")
        refusals = [e for e in uow.cases.events(case.id) if e.action == CaseAction.REFUSE.value]
        decided = complaints.day_of(refusals[-1].at) if refusals else complaints.day_of(
            case.updated_at)
        return case.body_id, None, case.id, case.id[:8], decided
    certificate = uow.certificates.get(subject_id)
    if certificate is None or certificate.holder_id != actor.organisation_id:
        raise _not_found("certificate_id")
    status = _STATUS_OF[against]
    if certificate.status is not status:
        raise WorkflowError(field="against", rule="appeal_subject",
                            message_en=f"the certificate is not {status.value}",
                            message_zh="证书当前状态与申诉对象不符")
    changes = [c for c in uow.certificates.status_changes(certificate.id)
               if c.to_status == status.value]
    decided = complaints.day_of(changes[-1].at) if changes else certificate.issued_on
    return certificate.body_id, certificate.id, None, certificate.number, decided


def lodge_appeal(uow: UnitOfWork, actor: User, against: AppealAgainst, subject_id: str,
                 grounds: str, today: date | None = None) -> Complaint:
    """The holder (suspension, withdrawal: ``subject_id`` is the certificate) or the applicant
    (refusal: the case) appeals, within the period, once at a time per decision."""
    if actor.role not in APPELLANT_ROLES:
        raise PermissionDeniedError(field="role",
                                    message_en="only an admin or analyst lodges an appeal",
                                    message_zh="仅管理员或核算人员可提出申诉")
    text = complaints._text(grounds, "grounds")
    body_id, certificate_id, case_id, subject, decided = _subject(uow, actor, against,
                                                                  subject_id)
    rules.check_appeal_in_time(decided, today or complaints.now().date(), PERIODS)
    for other in uow.complaints.of_org(actor.organisation_id, Kind.APPEAL):
        if (other.against is against and (other.certificate_id, other.case_id) == (
                certificate_id, case_id) and not rules.is_final(other.state)
                and other.state is not rules.ComplaintState.DECIDED):
            raise WorkflowError(field="against", rule="appeal_open",
                                message_en=f"appeal {other.reference} on this decision is "
                                           "still open",
                                message_zh=f"针对该决定的申诉 {other.reference} 尚未办结")
    appeal = complaints.new_complaint(
        uow, Kind.APPEAL, body_id, subject, text, complaints.now(),
        certificate_id=certificate_id, case_id=case_id, against=against,
        appellant_id=actor.organisation_id, lodged_by=actor.id)
    complaints.record_lodged(uow, appeal, actor.id, None)
    uow.commit()
    return appeal


def withdraw(uow: UnitOfWork, actor: User, appeal_id: str) -> Complaint:
    """The appellant withdraws its appeal before it is decided."""
    appeal = complaints.get(uow, actor, appeal_id)
    if appeal.appellant_id != actor.organisation_id or actor.role not in APPELLANT_ROLES:
        raise PermissionDeniedError(field="role",
                                    message_en="only the appellant withdraws its appeal",
                                    message_zh="仅申诉方可撤回其申诉")
    done = complaints.step(uow, actor.id, appeal, rules.ComplaintAction.WITHDRAW, "",
                           closed_at=complaints.now())
    uow.commit()
    return done


def apply_upheld(uow: UnitOfWork, actor: User, appeal: Complaint, decision: str) -> str:
    """Act on an upheld appeal (the module's docstring says what for each subject); returns
    the note for the appeal's event. Runs inside the decision's atomic block."""
    if appeal.against is AppealAgainst.SUSPENSION and appeal.certificate_id is not None:
        certificate = uow.certificates.get(appeal.certificate_id)
        if certificate is not None and certificate.status is CertificateStatus.SUSPENDED:
            reason = (f"申诉 {appeal.reference} 成立 / appeal {appeal.reference} upheld: "
                      f"{decision}")
            evidence = (f"申诉 {appeal.reference} 的调查结论 / findings of appeal "
                        f"{appeal.reference}: {appeal.findings}")
            change_certificate_status(uow, actor, certificate.id, CertificateAction.RESTORE,
                                      reason[:2000], evidence=evidence[:2000])
            return "certificate restored"
        return "certificate no longer suspended: unchanged"
    if appeal.against is AppealAgainst.WITHDRAWAL:
        return "certificate stays withdrawn: a new certification decision is needed"
    if appeal.against is AppealAgainst.REFUSAL:
        return "refusal set aside: the applicant may apply again for a new decision"
    raise InputError(field="against", message_en="not an appeal", message_zh="不是申诉")
