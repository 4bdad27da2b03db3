"""System certification (体系认证), the journey: apply in system mode, assess the calculation
system, register products under the granted system certificate (no case each), sample them
in surveillance, and suspend or restore the system certificate with every product registered
under it. The model: domain/certification/system.py. Each command commits as its last step.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification.certificate import (
    CertificateAction,
    CertificateStatus,
    certificate_number,
    effective_status,
)
from carbonlabel.domain.certification.records import Certificate, CertificationCase, StatusChange
from carbonlabel.domain.certification.registry import certified_value, label_unit
from carbonlabel.domain.certification.rules import StatusFacts, check_status_change
from carbonlabel.domain.certification.states import CaseState
from carbonlabel.domain.certification.system import (
    Assessment,
    SampledProduct,
    SampleResult,
    SystemCertificate,
    SystemItem,
    SystemSample,
    check_registration,
    draw,
)
from carbonlabel.domain.tenancy import OrgKind, Role, User
from carbonlabel.errors import NotFoundError, PermissionDeniedError, WorkflowError
from carbonlabel.services.accounts.users import new_id
from carbonlabel.services.certification.application import ApplicationDetails
from carbonlabel.services.certification.cases import (
    DEFAULT_MATERIALITY,
    Upload,
    apply_for_certification,
    get_case,
)
from carbonlabel.services.certification.labels import change_certificate_status
from carbonlabel.services.certification.rerun import rerun

#: seeds are stored in a 32-bit column
MAX_SEED = 2**31 - 1
SAMPLE_SUSPENSION = "体系监督抽样不符合 / nonconforming surveillance sample"
STATUS_ROLES = (Role.ADMIN, Role.DECISION_MAKER)
SURVEILLANCE_ROLES = (Role.ADMIN, Role.AUDITOR, Role.DECISION_MAKER)


def _refuse(rule: str, field: str, en: str, zh: str) -> WorkflowError:
    return WorkflowError(message_en=en, message_zh=zh, field=field, rule=rule)


# -- application and assessment -------------------------------------------------------------

def apply(uow: UnitOfWork, actor: User, footprint_id: str, body_id: str,
          uploads: Sequence[Upload], details: ApplicationDetails | None = None,
          product_rule: str | None = None) -> CertificationCase:
    """Apply for system certification: a case like any (its footprint is the reference
    calculation the body re-runs), marked as system mode with the product rule it names."""
    with uow.atomic():
        case = apply_for_certification(uow, actor, footprint_id, body_id, uploads, details)
        rule = (product_rule or "").strip()[:200] or None
        uow.systems.add_application(case.id, rule)
        uow.audit.append(actor_id=actor.id, organisation_id=case.applicant_id,
                         action="case.system_mode", entity="certification_case",
                         entity_id=case.id, after={"mode": "system", "product_rule": rule})
    return case


def assess(uow: UnitOfWork, actor: User, case_id: str, item: SystemItem, conforming: bool,
           note: str) -> Assessment:
    """A member of the audit team records its finding on one item of the system."""
    case = get_case(uow, actor, case_id)
    if uow.systems.application(case.id) is None:
        raise _refuse("not_system_mode", "case_id", "the case is not in system mode",
                      "该项目不是体系认证")
    if actor.id not in case.team:
        raise PermissionDeniedError(field="team",
                                    message_en="only a member of the audit team does this",
                                    message_zh="此步骤仅由审核组成员执行")
    if case.state in (CaseState.GRANTED, CaseState.REFUSED, CaseState.REJECTED,
                      CaseState.WITHDRAWN):
        raise _refuse("case_decided", "case_id", "the case is closed",
                      "该项目已结束")
    found = Assessment(item, conforming, note.strip()[:2000], actor.id, datetime.now(UTC))
    uow.systems.add_assessment(case.id, found)
    uow.audit.append(actor_id=actor.id, organisation_id=case.applicant_id,
                     action="case.system_assessed", entity="certification_case",
                     entity_id=case.id,
                     after={"item": item.value, "conforming": conforming})
    uow.commit()
    return found


# -- the system certificate -----------------------------------------------------------------

def get_system(uow: UnitOfWork, actor: User, system_id: str) -> SystemCertificate:
    system = uow.systems.get(system_id)
    if system is None or actor.organisation_id not in (system.holder_id, system.body_id):
        raise NotFoundError(field="system_certificate_id",
                            message_en="no such system certificate",
                            message_zh="没有该体系认证证书")
    return system


def live(system: SystemCertificate, today: date) -> CertificateStatus:
    return effective_status(system.status, system.expires_on, today)


@dataclass(frozen=True)
class SystemView:
    system: SystemCertificate
    status: CertificateStatus  # live
    products: tuple[Certificate, ...]  # registered under it, by number
    samples: tuple[SystemSample, ...]
    changes: tuple[StatusChange, ...]


def view(uow: UnitOfWork, actor: User, system_id: str, today: date) -> SystemView:
    system = get_system(uow, actor, system_id)
    products = [uow.certificates.get(r.certificate_id)
                for r in uow.systems.registrations(system.id)]
    return SystemView(system, live(system, today),
                      tuple(sorted((p for p in products if p is not None),
                                   key=lambda c: c.number)),
                      tuple(uow.systems.samples(system.id)),
                      tuple(uow.systems.status_changes(system.id)))


def systems_of(uow: UnitOfWork, actor: User) -> list[SystemCertificate]:
    return uow.systems.of_org(actor.organisation_id)


# -- products registered by the holder ------------------------------------------------------

def register(uow: UnitOfWork, actor: User, system_id: str, footprint_id: str,
             today: date | None = None) -> Certificate:
    """The holder registers one of its calculated footprints under its valid system
    certificate, without a case: the product gets a certificate of its own (number, certified
    value, labels, registry entry), valid to the system certificate's expiry."""
    system = get_system(uow, actor, system_id)
    if actor.organisation_id != system.holder_id or actor.role not in (Role.ADMIN,
                                                                        Role.ANALYST):
        raise PermissionDeniedError(field="role",
                                    message_en="the holder's admin or analyst registers products",
                                    message_zh="仅证书持有方的管理员或核算人员可登记产品")
    footprint = uow.footprints.in_org(actor.organisation_id, footprint_id)
    if footprint is None:
        raise NotFoundError(field="footprint_id", message_en="no such footprint",
                            message_zh="没有该碳足迹结果")
    product = uow.products.in_org(actor.organisation_id, footprint.product_id)
    assert product is not None
    now = datetime.now(UTC)
    today = today or now.date()
    check_registration(system, live(system, today), product.category, product.product_rule)
    if any(r.footprint_id == footprint.id for r in uow.systems.registrations(system.id)):
        raise _refuse("already_registered", "footprint_id",
                      "this footprint is registered under the system certificate already",
                      "该碳足迹已在此体系认证证书下登记")
    code = uow.bodies.body_code(system.body_id) or 1
    serial = uow.certificates.next_serial(system.body_id, today.year)
    certificate = Certificate(
        new_id(), certificate_number(today.year, code, serial), system.case_id,
        system.holder_id, system.body_id, product.id, footprint.model_version_id, footprint.id,
        footprint.unit, footprint.total_co2e_kg, str(uow.footprints.result(footprint).boundary),
        system.standard, product.product_rule or system.product_rule, system.scheme, today,
        system.expires_on, CertificateStatus.VALID, False, now,
        certified_value(footprint.total_co2e_kg), label_unit(footprint.unit),
        product_rule_release=footprint.product_rule_release)
    uow.certificates.add(certificate)  # no surveillance checks: sampling covers it
    uow.systems.register(certificate.id, system.id, actor.id, now)
    uow.audit.append(actor_id=actor.id, organisation_id=system.holder_id,
                     action="system_certificate.product_registered", entity="certificate",
                     entity_id=certificate.id,
                     after={"number": certificate.number, "system": system.number,
                            "footprint_id": footprint.id,
                            "certified_value": certificate.certified_value,
                            "certified_unit": certificate.certified_unit})
    uow.commit()
    return certificate


# -- surveillance: seeded samples -----------------------------------------------------------

def _body_staff(uow: UnitOfWork, actor: User, system: SystemCertificate,
                roles: tuple[Role, ...]) -> None:
    org = uow.organisations.get(actor.organisation_id)
    if (actor.organisation_id != system.body_id or org is None
            or org.kind is not OrgKind.CERTIFICATION_BODY or actor.role not in roles):
        raise PermissionDeniedError(field="role",
                                    message_en="only the certification body's staff do this",
                                    message_zh="仅认证机构人员可执行此操作")


def draw_sample(uow: UnitOfWork, actor: User, system_id: str,
                seed: int | None = None) -> SystemSample:
    """Draw a reproducible sample of the products registered under the system certificate
    and valid (``domain.certification.system.draw``); the seed is recorded (a random one
    when none is given)."""
    system = get_system(uow, actor, system_id)
    _body_staff(uow, actor, system, SURVEILLANCE_ROLES)
    if seed is None:
        seed = random.SystemRandom().randint(0, MAX_SEED)
    if not 0 <= seed <= MAX_SEED:
        raise _refuse("seed_range", "seed", f"the seed is 0 to {MAX_SEED}",
                      f"随机种子须在 0 至 {MAX_SEED} 之间")
    population = [c.id for c in (uow.certificates.get(r.certificate_id)
                                 for r in uow.systems.registrations(system.id))
                  if c is not None and c.status is CertificateStatus.VALID]
    if not population:
        raise _refuse("nothing_to_sample", "system_certificate_id",
                      "no valid product is registered under the system certificate",
                      "该体系认证证书下没有有效的登记产品")
    sample_id = new_id()
    items = tuple(SampledProduct(sample_id, cid, None, "", None, None)
                  for cid in draw(population, seed))
    sample = SystemSample(sample_id, system.id, seed, len(population), actor.id,
                          datetime.now(UTC), items)
    uow.systems.add_sample(sample)
    uow.audit.append(actor_id=actor.id, organisation_id=system.holder_id,
                     action="system_certificate.sampled", entity="system_certificate",
                     entity_id=system.id,
                     after={"sample_id": sample_id, "seed": seed, "population": len(population),
                            "sampled": [i.certificate_id for i in items]})
    uow.commit()
    return sample


def record_finding(uow: UnitOfWork, actor: User, sample_id: str, certificate_id: str,
                   result: SampleResult, notes: str,
                   system_id: str | None = None) -> SystemSample:
    """The body records the check of one sampled product (of a sample of ``system_id``, when
    given). A nonconforming one suspends the system certificate and every product registered
    under it (in the same transaction)."""
    sample = uow.systems.sample(sample_id)
    if sample is None or system_id not in (None, sample.system_certificate_id):
        raise NotFoundError(field="sample_id", message_en="no such sample",
                            message_zh="没有该抽样")
    system = get_system(uow, actor, sample.system_certificate_id)
    _body_staff(uow, actor, system, SURVEILLANCE_ROLES)
    item = next((i for i in sample.items if i.certificate_id == certificate_id), None)
    if item is None:
        raise NotFoundError(field="certificate_id", message_en="not in this sample",
                            message_zh="该产品不在本次抽样中")
    if item.result is not None:
        raise _refuse("finding_recorded", "certificate_id", "this finding is recorded already",
                      "该抽样产品的检查结果已记录")
    text = notes.strip()[:2000]
    if result is SampleResult.NONCONFORMING and not text:
        raise _refuse("reason_required", "notes", "say what does not conform",
                      "请说明不符合之处")
    with uow.atomic():
        uow.systems.record_finding(sample.id, certificate_id, result, text, actor.id,
                                   datetime.now(UTC))
        uow.audit.append(actor_id=actor.id, organisation_id=system.holder_id,
                         action="system_certificate.sample_checked",
                         entity="system_certificate", entity_id=system.id,
                         after={"sample_id": sample.id, "certificate_id": certificate_id,
                                "result": result.value})
        if result is SampleResult.NONCONFORMING and system.status is CertificateStatus.VALID:
            product = uow.certificates.get(certificate_id)
            number = product.number if product else certificate_id
            # the scheme's consequence, not a person's decision: as the sweep's suspensions
            _apply(uow, None, system, CertificateAction.SUSPEND,
                   f"{SAMPLE_SUSPENSION}: {number}: {text}"[:2000], "")
    updated = uow.systems.sample(sample.id)
    assert updated is not None
    return updated


def recheck(uow: UnitOfWork, actor: User, sample_id: str, certificate_id: str, base: Path,
            store_dir: Path, system_id: str | None = None,
            materiality: float = DEFAULT_MATERIALITY) -> SystemSample:
    """The check of a sampled product by re-running its model (the re-calculation a case's
    verification uses): a difference from the registered footprint above ``materiality`` is
    a nonconforming finding (which suspends, as :func:`record_finding`), else conforming;
    the notes state both totals."""
    sample = uow.systems.sample(sample_id)
    product = uow.certificates.get(certificate_id)
    if sample is None or product is None:
        raise NotFoundError(field="sample_id", message_en="no such sampled product",
                            message_zh="没有该抽样产品")
    _body_staff(uow, actor, get_system(uow, actor, sample.system_certificate_id),
                SURVEILLANCE_ROLES)
    run = rerun(uow, product.holder_id, product.model_version_id, product.footprint_id, base,
                store_dir)
    result = (SampleResult.NONCONFORMING if run.material(materiality)
              else SampleResult.CONFORMING)
    notes = (f"复算 / re-run: {run.recomputed:.6g} kg CO2e, 登记 / registered "
             f"{run.submitted:.6g} kg CO2e, 相对差异 / relative difference "
             f"{run.difference:.2%} (阈值 / materiality {materiality:.0%})")
    return record_finding(uow, actor, sample_id, certificate_id, result, notes, system_id)


# -- status: the system certificate with its products ---------------------------------------

#: the statuses of registered products that follow the system certificate's action (a
#: restore restores every suspended product under it, also one the body suspended alone)
_FOLLOW: dict[CertificateAction, tuple[CertificateStatus, ...]] = {
    CertificateAction.SUSPEND: (CertificateStatus.VALID,),
    CertificateAction.RESTORE: (CertificateStatus.SUSPENDED,),
    CertificateAction.WITHDRAW: (CertificateStatus.VALID, CertificateStatus.SUSPENDED),
    CertificateAction.CANCEL: (CertificateStatus.VALID, CertificateStatus.SUSPENDED),
}


def change_status(uow: UnitOfWork, actor: User, system_id: str, action: CertificateAction,
                  reason: str, evidence: str = "") -> SystemCertificate:
    """Suspend, restore, withdraw or cancel a system certificate (the body's admin or
    decision maker; the statuses and rules of every certificate), and every product
    registered under it with it (each with its own status change, notice and audit)."""
    system = get_system(uow, actor, system_id)
    _body_staff(uow, actor, system, STATUS_ROLES)
    return _apply(uow, actor, system, action, reason, evidence)


def _apply(uow: UnitOfWork, actor: User | None, system: SystemCertificate,
           action: CertificateAction, reason: str, evidence: str) -> SystemCertificate:
    """The change of status (``actor`` None: the system, after a nonconforming sample)."""
    target = check_status_change(system.status, action, StatusFacts(reason, evidence))
    reason, evidence = reason.strip(), evidence.strip()
    recorded = f"{reason} — evidence: {evidence}" if evidence else reason
    with uow.atomic():
        uow.systems.set_status(system.id, target, StatusChange(
            system.id, action.value, system.status.value, target.value,
            actor.id if actor else None, datetime.now(UTC), recorded))
        uow.audit.append(actor_id=actor.id if actor else None, organisation_id=system.holder_id,
                         action=f"system_certificate.{action.value}",
                         entity="system_certificate", entity_id=system.id,
                         before={"status": system.status.value},
                         after={"status": target.value, "reason": reason,
                                "evidence": evidence})
        follows = f"{reason} ({system.number})"[:2000]
        for registration in uow.systems.registrations(system.id):
            product = uow.certificates.get(registration.certificate_id)
            if product is not None and product.status in _FOLLOW[action]:
                change_certificate_status(uow, actor, product.id, action, follows,
                                          evidence)
    updated = uow.systems.get(system.id)
    assert updated is not None
    return updated
