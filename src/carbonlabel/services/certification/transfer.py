"""Transfer of a valid certificate to another certification body (IAF MD 2 practice).

The holder's admin asks for it naming the accepting body; the accepting body's admin or
decision maker records the pre-transfer review (a checklist read from the records: validity,
status, open nonconformities, open complaints and appeals, the last surveillance, its own
approval and scope) and accepts or declines with a reason; the holder may cancel while it is
open. The issuing body sees the request and its outcome (it is informed).

On acceptance the certificate keeps its number and history; its ``body_id`` becomes the
accepting body, so from then on only the accepting body suspends, restores, withdraws it or
runs its surveillance (the schedule continues); labels issued before stay genuine (they are
signed with the platform's label key over facts that do not change). Each command checks,
writes with its audit record and commits as its last step.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification.certificate import (
    SurveillanceState,
    effective_status,
    surveillance_state,
)
from carbonlabel.domain.certification.records import Certificate, StatusChange
from carbonlabel.domain.certification.transfer import (
    BODY_ACTIONS,
    CertificateTransfer,
    TransferAction,
    TransferFacts,
    TransferState,
    apply,
    check_reason,
    check_transfer,
    review_checklist,
)
from carbonlabel.domain.tenancy import OrgKind, Role, User
from carbonlabel.errors import NotFoundError, PermissionDeniedError, WorkflowError
from carbonlabel.services.accounts.users import new_id
from carbonlabel.services.certification.cases import SCHEME

BODY_ROLES = (Role.ADMIN, Role.DECISION_MAKER)


def _today(today: date | None) -> date:
    return today or datetime.now(UTC).date()


def _not_found() -> NotFoundError:
    return NotFoundError(field="transfer_id", message_en="no such transfer",
                         message_zh="没有该转移申请")


def facts(uow: UnitOfWork, certificate: Certificate, to_body_id: str,
          day: date) -> TransferFacts:
    """What the rules and the review read, on ``day``."""
    case = uow.cases.get(certificate.case_id)
    checks = uow.certificates.surveillance(certificate.id)
    done = [c.done_on for c in checks if c.done_on is not None]
    overdue = any(surveillance_state(c.due_on, c.done_on is not None, day, SCHEME)
                  is SurveillanceState.OVERDUE for c in checks)
    return TransferFacts(
        from_body_id=certificate.body_id, to_body_id=to_body_id,
        status=effective_status(certificate.status, certificate.expires_on, day),
        reevaluation_required=certificate.reevaluation_required,
        open_nonconformities=sum(1 for nc in uow.oversight.nonconformities(certificate.id)
                                 if nc.open),
        open_complaints=uow.transfers.open_complaints(certificate.id),
        last_surveillance=max(done) if done else None, surveillance_overdue=overdue,
        approval=uow.approvals.get(to_body_id), category=case.category if case else "",
        day=day)


def request_transfer(uow: UnitOfWork, actor: User, certificate_id: str, to_body_id: str,
                     note: str = "", today: date | None = None) -> CertificateTransfer:
    """The holder's admin asks for its certificate to move to ``to_body_id``."""
    certificate = uow.certificates.get(certificate_id)
    if certificate is None or actor.organisation_id != certificate.holder_id:
        raise NotFoundError(field="certificate_id", message_en="no such certificate",
                            message_zh="没有该证书")
    if actor.role is not Role.ADMIN:
        raise PermissionDeniedError(field="role",
                                    message_en="only the holder's admin requests a transfer",
                                    message_zh="仅证书持有方管理员可申请证书转移")
    body = uow.organisations.get(to_body_id)
    if body is None or body.kind is not OrgKind.CERTIFICATION_BODY:
        raise NotFoundError(field="body_id", message_en="no such certification body",
                            message_zh="没有该认证机构")
    if uow.transfers.open_for(certificate.id) is not None:
        raise WorkflowError(field="certificate_id", rule="transfer_already_open",
                            message_en="a transfer of this certificate is already open",
                            message_zh="该证书已有未办结的转移申请")
    check_transfer(facts(uow, certificate, to_body_id, _today(today)))
    transfer = CertificateTransfer(
        new_id(), certificate.id, certificate.number, certificate.holder_id,
        certificate.body_id, to_body_id, TransferState.REQUESTED, actor.id,
        datetime.now(UTC), note.strip()[:2000], (), None, None, "", None, None, "")
    uow.transfers.add(transfer)
    uow.audit.append(actor_id=actor.id, organisation_id=certificate.holder_id,
                     action="certificate.transfer_requested", entity="certificate",
                     entity_id=certificate.id,
                     after={"transfer": transfer.id, "from_body": certificate.body_id,
                            "to_body": to_body_id, "note": transfer.note})
    uow.commit()
    return transfer


def _as_party(uow: UnitOfWork, actor: User, transfer_id: str,
              action: TransferAction) -> tuple[CertificateTransfer, Certificate]:
    """The transfer, if the actor may take ``action`` on it: the accepting body's admin or
    decision maker for review/accept/decline, the holder's admin to cancel. A party that
    may see it but not act gets 403; anyone else 404."""
    transfer = uow.transfers.get(transfer_id)
    if transfer is None or actor.organisation_id not in (
            transfer.holder_id, transfer.to_body_id, transfer.from_body_id):
        raise _not_found()
    party = transfer.to_body_id if action in BODY_ACTIONS else transfer.holder_id
    roles = BODY_ROLES if action in BODY_ACTIONS else (Role.ADMIN,)
    if actor.organisation_id != party or actor.role not in roles:
        who_en = ("the accepting body's admin or decision maker" if action in BODY_ACTIONS
                  else "the holder's admin")
        who_zh = "接收机构的管理员或决定人员" if action in BODY_ACTIONS else "证书持有方管理员"
        raise PermissionDeniedError(field="role", message_en=f"only {who_en} may do this",
                                    message_zh=f"仅{who_zh}可执行此操作")
    certificate = uow.certificates.get(transfer.certificate_id)
    assert certificate is not None
    return transfer, certificate


def _record(uow: UnitOfWork, actor: User, transfer: CertificateTransfer, action: TransferAction,
            after: dict[str, object]) -> None:
    uow.audit.append(actor_id=actor.id, organisation_id=transfer.holder_id,
                     action=f"certificate.transfer_{action.value}", entity="certificate",
                     entity_id=transfer.certificate_id, before={"state": transfer.state.value},
                     after={"transfer": transfer.id, **after})


def review(uow: UnitOfWork, actor: User, transfer_id: str, note: str = "",
           today: date | None = None) -> CertificateTransfer:
    """The accepting body records its pre-transfer review: the checklist as read today."""
    transfer, certificate = _as_party(uow, actor, transfer_id, TransferAction.REVIEW)
    target = apply(transfer.state, TransferAction.REVIEW)
    checklist = review_checklist(facts(uow, certificate, transfer.to_body_id, _today(today)))
    uow.transfers.update(transfer.id, state=target, checklist=checklist, reviewed_by=actor.id,
                         reviewed_at=datetime.now(UTC), review_note=note.strip()[:2000])
    _record(uow, actor, transfer, TransferAction.REVIEW,
            {"state": target.value, "checklist": {i.code: i.passed for i in checklist},
             "note": note.strip()})
    updated = uow.transfers.get(transfer.id)
    assert updated is not None
    uow.commit()
    return updated


def accept(uow: UnitOfWork, actor: User, transfer_id: str,
           today: date | None = None) -> CertificateTransfer:
    """The accepting body accepts after its review: every rule is checked again today; the
    certificate moves to the accepting body (same number, same history)."""
    transfer, certificate = _as_party(uow, actor, transfer_id, TransferAction.ACCEPT)
    target = apply(transfer.state, TransferAction.ACCEPT)
    if transfer.from_body_id != certificate.body_id:  # moved since the request
        raise WorkflowError(field="transfer_id", rule="transfer_stale",
                            message_en="the certificate's body changed since the request",
                            message_zh="提出申请后证书的认证机构已变更")
    check_transfer(facts(uow, certificate, transfer.to_body_id, _today(today)))
    now = datetime.now(UTC)
    names = [(o.name if o else i) for i, o in (
        (i, uow.organisations.get(i)) for i in (transfer.from_body_id, transfer.to_body_id))]
    uow.certificates.update(certificate.id, body_id=transfer.to_body_id)
    uow.certificates.add_status_change(StatusChange(  # in the certificate's history
        certificate.id, "transfer", certificate.status.value, certificate.status.value,
        actor.id, now, f"证书转移：由「{names[0]}」转至「{names[1]}」 / transferred from "
                       f"{names[0]} to {names[1]}"))
    uow.transfers.update(transfer.id, state=target, decided_by=actor.id, decided_at=now)
    _record(uow, actor, transfer, TransferAction.ACCEPT,
            {"state": target.value, "from_body": transfer.from_body_id,
             "to_body": transfer.to_body_id})
    uow.audit.append(actor_id=actor.id, organisation_id=transfer.from_body_id,  # informed
                     action="certificate.transferred_away", entity="certificate",
                     entity_id=certificate.id, before={"body": transfer.from_body_id},
                     after={"body": transfer.to_body_id, "transfer": transfer.id})
    updated = uow.transfers.get(transfer.id)
    assert updated is not None
    uow.commit()
    return updated


def decline(uow: UnitOfWork, actor: User, transfer_id: str,
            reason: str) -> CertificateTransfer:
    """The accepting body declines, with its reason; the certificate stays where it is."""
    transfer, _ = _as_party(uow, actor, transfer_id, TransferAction.DECLINE)
    target = apply(transfer.state, TransferAction.DECLINE)
    check_reason(reason)
    return _close(uow, actor, transfer, TransferAction.DECLINE, target, reason)


def cancel(uow: UnitOfWork, actor: User, transfer_id: str,
           reason: str = "") -> CertificateTransfer:
    """The holder's admin cancels its open request."""
    transfer, _ = _as_party(uow, actor, transfer_id, TransferAction.CANCEL)
    target = apply(transfer.state, TransferAction.CANCEL)
    return _close(uow, actor, transfer, TransferAction.CANCEL, target, reason)


def _close(uow: UnitOfWork, actor: User, transfer: CertificateTransfer,
           action: TransferAction, target: TransferState,
           reason: str) -> CertificateTransfer:
    reason = reason.strip()[:2000]
    uow.transfers.update(transfer.id, state=target, decided_by=actor.id,
                         decided_at=datetime.now(UTC), reason=reason)
    _record(uow, actor, transfer, action, {"state": target.value, "reason": reason})
    updated = uow.transfers.get(transfer.id)
    assert updated is not None
    uow.commit()
    return updated


# -- reads -----------------------------------------------------------------------------------

def get(uow: UnitOfWork, actor: User, transfer_id: str) -> CertificateTransfer:
    transfer = uow.transfers.get(transfer_id)
    if transfer is None or actor.organisation_id not in (
            transfer.holder_id, transfer.to_body_id, transfer.from_body_id):
        raise _not_found()
    return transfer


def of_organisation(uow: UnitOfWork, actor: User) -> list[CertificateTransfer]:
    """The holder's requests, the accepting body's queue and the issuing body's notices."""
    return uow.transfers.of_org(actor.organisation_id)


def of_certificate(uow: UnitOfWork, actor: User,
                   certificate_id: str) -> list[CertificateTransfer]:
    """The transfers of a certificate, for its holder and the bodies involved."""
    return [t for t in uow.transfers.of_certificate(certificate_id)
            if actor.organisation_id in (t.holder_id, t.to_body_id, t.from_body_id)]
