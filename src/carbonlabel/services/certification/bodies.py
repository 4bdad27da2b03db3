"""Certification bodies' approval, accreditation scope and auditors' qualifications.

The platform operator (平台运营方) records each body's CNCA approval, CNAS accreditation
(number, validity, scope as catalogue codes), body code and status; a body no longer
accredits itself. The body's admin qualifies its own auditors, for catalogue entries within
the body's scope. The public register lists approved bodies and their qualified auditors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification import catalogue
from carbonlabel.domain.certification.bodies import (
    BodyApproval,
    BodyStatus,
    check_body_may_take,
    check_scope_codes,
    check_within_scope,
)
from carbonlabel.domain.tenancy import Organisation, OrgKind, Role, User
from carbonlabel.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError


def _operator_admin(uow: UnitOfWork, actor: User, body_id: str) -> None:
    """The operator's admin passes; the body's own staff and the operator's other roles are
    refused (403); any other organisation finds no such body (404, as for an unknown id)."""
    org = uow.organisations.get(actor.organisation_id)
    is_operator = org is not None and org.kind is OrgKind.OPERATOR
    if is_operator and actor.role is Role.ADMIN:
        return
    if not is_operator and actor.organisation_id != body_id:
        _body(uow, "")  # not found
    raise PermissionDeniedError(
        field="organisation",
        message_en="only an admin of the platform operator records a body's accreditation",
        message_zh="仅平台运营方管理员可登记认证机构的批准与认可")


def _body(uow: UnitOfWork, body_id: str) -> Organisation:
    org = uow.organisations.get(body_id) if body_id else None
    if org is None or org.kind is not OrgKind.CERTIFICATION_BODY:
        raise NotFoundError(field="body_id", message_en="no such certification body",
                            message_zh="没有该认证机构")
    return org


def codes_of(texts: list[str] | tuple[str, ...]) -> list[str]:
    """Catalogue codes from what a form or call gives: codes, or an entry's own name."""
    out: list[str] = []
    for text in texts:
        codes = catalogue.codes_for_text(text)
        out.extend(str(c) for c in codes) if codes else out.append(text.strip())
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class ApprovalData:
    body_code: int
    approval_number: str  # CNCA 批准书编号
    accreditation_number: str  # CNAS 认可证书编号
    accredited_from: date
    accredited_to: date
    scope: tuple[str, ...]  # catalogue codes
    status: BodyStatus = BodyStatus.APPROVED


def record_approval(uow: UnitOfWork, actor: User, body_id: str,
                    data: ApprovalData) -> BodyApproval:
    """The operator records (or changes) a body's approval, accreditation and scope."""
    _operator_admin(uow, actor, body_id)
    _body(uow, body_id)
    if not 0 < data.body_code < 1000:
        raise InputError(field="body_code", message_en="body code must be 1-999",
                         message_zh="机构代码须为 1–999")
    for field, value in (("approval_number", data.approval_number),
                         ("accreditation_number", data.accreditation_number)):
        if not value.strip():
            raise InputError(field=field, message_en="this number is required",
                             message_zh="请填写该编号")
    if data.accredited_to < data.accredited_from:
        raise InputError(field="accredited_to", message_en="validity ends before it starts",
                         message_zh="有效期截止日早于起始日")
    scope = codes_of(data.scope)
    check_scope_codes(scope)
    holder = uow.approvals.holder_of_code(data.body_code)
    if holder is not None and holder != body_id:
        raise ConflictError(field="body_code",
                            message_en=f"body code {data.body_code} is held by another body",
                            message_zh=f"机构代码 {data.body_code} 已被其他认证机构使用")
    approval = BodyApproval(body_id, data.body_code, data.approval_number.strip()[:60],
                            data.accreditation_number.strip()[:60], data.accredited_from,
                            data.accredited_to, data.status, frozenset(scope))
    before = uow.approvals.get(body_id)
    uow.approvals.record(approval)
    uow.bodies.set_scope(body_id, approval.scope)
    uow.audit.append(actor_id=actor.id, organisation_id=body_id, action="body.approval_recorded",
                     entity="organisation", entity_id=body_id,
                     before=_audit_view(before) if before else None,
                     after=_audit_view(approval))
    uow.commit()
    return approval


def _audit_view(a: BodyApproval) -> dict[str, object]:
    return {"body_code": a.body_code, "approval_number": a.approval_number,
            "accreditation_number": a.accreditation_number,
            "accredited_from": a.accredited_from.isoformat() if a.accredited_from else None,
            "accredited_to": a.accredited_to.isoformat() if a.accredited_to else None,
            "status": a.status.value, "scope": sorted(a.scope)}


def accredit(uow: UnitOfWork, actor: User, body_id: str, category: str) -> None:
    """The operator adds one catalogue entry to a body's recorded scope."""
    _operator_admin(uow, actor, body_id)
    _body(uow, body_id)
    codes = codes_of([category])
    check_scope_codes(codes)
    if uow.approvals.get(body_id) is None:
        raise ConflictError(field="body_id", message_en="record the body's approval first",
                            message_zh="请先登记该机构的批准与认可信息")
    for code in codes:
        uow.bodies.accredit(body_id, code)
    uow.audit.append(actor_id=actor.id, organisation_id=body_id, action="body.accredited",
                     entity="organisation", entity_id=body_id, after={"categories": codes})
    uow.commit()


def qualify(uow: UnitOfWork, actor: User, auditor_id: str, category: str) -> None:
    """The body's admin qualifies one of its auditors for catalogue entries of its scope."""
    org = uow.organisations.get(actor.organisation_id)
    if org is None or org.kind is not OrgKind.CERTIFICATION_BODY or actor.role is not Role.ADMIN:
        raise PermissionDeniedError(field="role",
                                    message_en="only the body's admin qualifies its auditors",
                                    message_zh="仅认证机构管理员可确认审核员资格")
    auditor = uow.users.in_org(actor.organisation_id, auditor_id)
    if auditor is None:
        raise NotFoundError(field="auditor_id", message_en="no such auditor in this body",
                            message_zh="本机构没有该审核员")
    codes = codes_of([category])
    check_scope_codes(codes)
    check_within_scope(uow.approvals.get(actor.organisation_id), codes)
    held = uow.bodies.qualifications([auditor.id]).get(auditor.id)
    new = [c for c in codes if not held or c not in held.categories]
    if not new:
        raise ConflictError(field="category", message_en="already qualified",
                            message_zh="已具备该资格")
    for code in new:
        uow.bodies.qualify(auditor.id, code)
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="auditor.qualified", entity="user", entity_id=auditor.id,
                     after={"categories": new})
    uow.commit()


def check_may_take(uow: UnitOfWork, body_id: str, category: str, day: date) -> None:
    """A case in ``category`` may go to the body on ``day`` (called by the case workflow)."""
    check_body_may_take(uow.approvals.get(body_id), category, day)


# -- the public register ---------------------------------------------------------------------

@dataclass(frozen=True)
class RegisteredBody:
    organisation: Organisation
    approval: BodyApproval
    scope: tuple[tuple[str, str, str], ...]  # (code, zh, en), in catalogue order
    auditors: tuple[tuple[str, tuple[str, ...]], ...]  # (name, codes within the scope)


def register(uow: UnitOfWork) -> list[RegisteredBody]:
    """Bodies recorded by the operator (all statuses; the status is shown), by name; their
    qualified auditors by name and categories, no contact details."""
    out = []
    for approval in uow.approvals.all():
        org = uow.organisations.get(approval.body_id)
        if org is None or not approval.approval_number:
            continue  # not yet recorded by the operator (a body of an earlier release)
        scope = tuple(sorted(((c, *catalogue.name(c)) for c in approval.scope),
                             key=lambda t: int(t[0]) if t[0].isdigit() else 10_000))
        auditors = tuple((name, tuple(c for c in codes if c in approval.scope))
                         for name, codes in uow.approvals.qualified_auditors(org.id))
        out.append(RegisteredBody(org, approval, scope, tuple(a for a in auditors if a[1])))
    return sorted(out, key=lambda b: b.organisation.name)
