"""Labels of valid certificates, certificate status changes, and verification of a scan.

A label signs the certificate's stored certified value and unit (fixed at the grant), never a
value rounded here. A scan is genuine when its token's Ed25519 signature verifies with a
published key AND its signed content matches the registry's certificate (number, certified
value, unit, dates); then the verdict is the certificate's live status (valid, suspended,
withdrawn, cancelled, expired). Anything else — malformed, unknown key, bad signature,
unknown certificate, content that differs from the registry — is "not genuine".

Issuing a label and changing a certificate's status are commands: each commits its unit of work.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.label_keys import LabelKeys, sign_label
from carbonlabel.domain.certification.certificate import (
    CertificateAction,
    CertificateStatus,
    effective_status,
)
from carbonlabel.domain.certification.label import LabelPayload
from carbonlabel.domain.certification.notices import required_of_holder
from carbonlabel.domain.certification.records import (
    Certificate,
    CertificateNotice,
    Label,
    StatusChange,
)
from carbonlabel.domain.certification.rules import StatusFacts, check_status_change
from carbonlabel.domain.supervision import spot_checks as sc
from carbonlabel.domain.supervision.jurisdiction import jurisdiction_problem
from carbonlabel.domain.tenancy import OrgKind, Role, User
from carbonlabel.errors import InputError, NotFoundError, PermissionDeniedError, WorkflowError
from carbonlabel.services.accounts.users import new_id
from carbonlabel.services.certification.cases import SCHEME
from carbonlabel.services.registry import verification
from carbonlabel.services.registry.verification import RegistryVerdict

#: who may issue a label: the holder's admin or analyst apply the mark of their granted
#: certificate; the body's admin or decision maker issue it (ISO/IEC 17065); no one else
LABEL_ROLES = (Role.ADMIN, Role.ANALYST, Role.DECISION_MAKER)
HOLDER_LABEL_ROLES = (Role.ADMIN, Role.ANALYST)
BODY_LABEL_ROLES = (Role.ADMIN, Role.DECISION_MAKER)


def get_certificate(uow: UnitOfWork, actor: User, certificate_id: str) -> Certificate:
    certificate = uow.certificates.get(certificate_id)
    if certificate is None or actor.organisation_id not in (certificate.holder_id,
                                                            certificate.body_id):
        raise NotFoundError(field="certificate_id", message_en="no such certificate",
                            message_zh="没有该证书")
    return certificate


_SERIAL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


@dataclass(frozen=True)
class PrintRun:
    """A print run of a label (印刷批次): its serial (signed into the token), how many were
    printed and where they are sold (region codes), for the scan rules."""

    serial: str
    quantity: int | None = None
    sales_regions: tuple[str, ...] = ()


def print_run(serial: str, quantity: int | None = None,
              sales_regions: Sequence[str] = ()) -> PrintRun:
    """A checked print run; InputError naming the field otherwise."""
    serial = serial.strip()
    if not _SERIAL.match(serial):
        raise InputError(field="print_run",
                         message_en="a print-run serial is 1 to 40 letters, digits, '.', '_' "
                                    "or '-'",
                         message_zh="印刷批次号须为 1 至 40 位字母、数字、“.”、“_”或“-”")
    if quantity is not None and not 1 <= quantity <= 1_000_000_000:
        raise InputError(field="printed_quantity",
                         message_en="the printed quantity is a whole number from 1",
                         message_zh="印制数量须为不小于 1 的整数")
    regions: list[str] = []
    for region in sales_regions:
        code = region.strip().upper()
        if not code:
            continue
        if code == "CN" or jurisdiction_problem(code) is not None:
            raise InputError(field="sales_regions",
                             message_en=f"{code}: a sales region is a province-level code "
                                        "(CN-GD) or that code with a city code (CN-GD-440300)",
                             message_zh=f"{code}：销售区域须为省级代码（如 CN-GD）或加市级代码"
                                        "（如 CN-GD-440300）")
        if code not in regions:
            regions.append(code)
    return PrintRun(serial, quantity, tuple(regions))


def issue_label(uow: UnitOfWork, actor: User, certificate_id: str, keys: LabelKeys,
                today: date | None = None, run: PrintRun | None = None) -> Label:
    """Sign a label for a valid certificate (holder or body); refused otherwise. With a print
    run, the token names its serial (each print run its own token and scan history)."""
    if actor.role not in LABEL_ROLES:  # checked before the record: a 403 tells nothing of it
        raise PermissionDeniedError(field="role",
                                    message_en=f"role '{actor.role.value}' may not issue labels",
                                    message_zh=f"角色「{actor.role.value}」无权生成标识")
    certificate = get_certificate(uow, actor, certificate_id)
    allowed = (HOLDER_LABEL_ROLES if actor.organisation_id == certificate.holder_id
               else BODY_LABEL_ROLES)
    if actor.role not in allowed:
        raise PermissionDeniedError(field="role",
                                    message_en=f"role '{actor.role.value}' may not issue labels",
                                    message_zh=f"角色「{actor.role.value}」无权生成标识")
    today = today or datetime.now(UTC).date()
    status = effective_status(certificate.status, certificate.expires_on, today)
    if status is not CertificateStatus.VALID:
        raise WorkflowError(message_en=f"the certificate is {status.value}: no label",
                            message_zh="证书当前无效，不能生成标识", field="certificate_id",
                            rule="certificate_not_valid")
    still_open = [nc for nc in uow.oversight.nonconformities(certificate.id) if nc.open]
    if still_open:
        raise WorkflowError(message_en="a surveillance nonconformity is open (due "
                                       f"{still_open[0].due_on.isoformat()}): no new label "
                                       "until the body closes it",
                            message_zh="监督发现的不符合项尚未关闭，不能生成新标识",
                            field="certificate_id", rule="surveillance_nonconformity_open")
    if certificate.reevaluation_required:
        raise WorkflowError(message_en="the product or its model changed: re-evaluation is "
                                       "required before the label may change",
                            message_zh="产品或模型已变更，须经再评价后方可变更标识",
                            field="certificate_id", rule="reevaluation_required")
    kid, key = keys.current()
    payload = LabelPayload(kid, certificate.number, certificate.certified_value,
                           certificate.certified_unit, certificate.issued_on,
                           certificate.expires_on, serial=run.serial if run else None)
    token = sign_label(payload, key)
    same = uow.labels.by_token_digest(token_digest(token))
    if same is not None:  # Ed25519 is deterministic: the same facts and key, the same label
        return same
    label = Label(new_id(), certificate.id, certificate.number, token, kid, payload.value,
                  payload.unit, payload.issued, payload.expires, datetime.now(UTC),
                  run.serial if run else None, run.quantity if run else None,
                  run.sales_regions if run else ())
    uow.labels.add(label, token_digest(token))
    uow.audit.append(actor_id=actor.id, organisation_id=certificate.holder_id,
                     action="label.issued", entity="label", entity_id=label.id,
                     after={"certificate": certificate.number, "kid": kid,
                            "value": label.value, "unit": label.unit,
                            "print_run": label.print_run,
                            "printed_quantity": label.printed_quantity})
    uow.commit()
    return label


def token_digest(token: str) -> str:
    return verification.digest(token.strip())


def change_certificate_status(uow: UnitOfWork, actor: User | None, certificate_id: str,
                              action: CertificateAction, reason: str, evidence: str = "",
                              today: date | None = None,
                              settles_spot_checks: bool = True) -> Certificate:
    """Suspend, restore, withdraw or cancel: by the body's admin or decision maker (or by
    the system, ``actor=None``, from the surveillance sweep), always with a reason, a restore
    with its evidence; the holder gets a notice of what it must do. A suspension or withdrawal
    also disposes of the certificate's spot-check results that waited for the body's action
    (however the body reached the certificate), unless the caller is that disposal itself."""
    certificate = uow.certificates.get(certificate_id)
    if certificate is None or (actor is not None and actor.organisation_id not in (
            certificate.holder_id, certificate.body_id)):
        raise NotFoundError(field="certificate_id", message_en="no such certificate",
                            message_zh="没有该证书")
    if actor is not None:  # the holder sees its certificate but may not change its status
        org = uow.organisations.get(actor.organisation_id)
        if org is None or org.kind is not OrgKind.CERTIFICATION_BODY or actor.role not in (
                Role.ADMIN, Role.DECISION_MAKER):
            raise PermissionDeniedError(field="role",
                                        message_en="only the body's admin or decision maker",
                                        message_zh="仅认证机构的管理员或决定人员可执行")
    # StatusChangeNotAllowedError or a rule (reason, evidence): 409 naming it
    target = check_status_change(certificate.status, action, StatusFacts(reason, evidence))
    reason, evidence = reason.strip(), evidence.strip()
    now = datetime.now(UTC)
    effective = today or now.date()
    uow.certificates.update(certificate.id, status=target)
    recorded = f"{reason} — evidence: {evidence}" if evidence else reason
    uow.certificates.add_status_change(StatusChange(certificate.id, action.value,
                                                    certificate.status.value, target.value,
                                                    actor.id if actor else None, now,
                                                    recorded))
    required_zh, required_en = required_of_holder(action, effective, SCHEME)
    uow.oversight.add_notice(CertificateNotice(certificate.id, certificate.holder_id,
                                               action.value, reason, evidence, effective,
                                               required_zh, required_en,
                                               actor.id if actor else None, now))
    uow.audit.append(actor_id=actor.id if actor else None,
                     organisation_id=certificate.holder_id,
                     action=f"certificate.{action.value}", entity="certificate",
                     entity_id=certificate.id, before={"status": certificate.status.value},
                     after={"status": target.value, "reason": reason, "evidence": evidence,
                            "notice": required_en})
    if settles_spot_checks:
        _settle_spot_checks(uow, actor, certificate.id, action, reason, now)
    updated = uow.certificates.get(certificate.id)
    assert updated is not None
    uow.commit()
    return updated


_DISPOSAL_OF = {CertificateAction.SUSPEND: sc.Disposal.SUSPEND,
                CertificateAction.WITHDRAW: sc.Disposal.WITHDRAW}


def _settle_spot_checks(uow: UnitOfWork, actor: User | None, certificate_id: str,
                        action: CertificateAction, reason: str, now: datetime) -> None:
    """A regulator's nonconforming result on this certificate waits for the body's
    suspension or withdrawal: the one just made is that disposal (where the result allows
    it), so the regulator's list does not show it as still waiting."""
    disposal = _DISPOSAL_OF.get(action)
    if disposal is None:
        return
    for item in uow.spot_checks.awaiting_for_certificate(certificate_id):
        if item.result is None or disposal not in sc.ALLOWED_DISPOSALS[item.result.outcome]:
            continue
        note = f"证书状态变更 / certificate status changed: {reason}"[:2000]
        uow.spot_checks.update_item(item.id, state=sc.ItemState.DISPOSED, disposal=disposal,
                                    disposal_note=note, disposed_by=actor.id if actor else None,
                                    disposed_at=now)
        uow.audit.append(actor_id=actor.id if actor else None,
                         organisation_id=actor.organisation_id if actor else None,
                         action="spot_check.disposed", entity="spot_check_item",
                         entity_id=item.id, before={"state": item.state.value},
                         after={"certificate": item.certificate_number,
                                "disposal": disposal.value, "note": note,
                                "via": "certificate_status"})


def notices(uow: UnitOfWork, actor: User, certificate_id: str) -> list[CertificateNotice]:
    """The notices to the holder of this certificate (holder and body see them)."""
    return uow.oversight.notices(get_certificate(uow, actor, certificate_id).id)


def verify_token(uow: UnitOfWork, token: str, public_keys: Mapping[str, Ed25519PublicKey],
                 today: date) -> RegistryVerdict:
    """The verdict of a scanned QR token (the registry's rules, read in this unit of work)."""
    return verification.verify_label(uow.registry, token, public_keys, today)


def verify_code(uow: UnitOfWork, code: str, today: date) -> RegistryVerdict:
    """The verdict of a typed certificate number (the registry's rules)."""
    return verification.verify_code(uow.registry, code, today)
