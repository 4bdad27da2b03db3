"""Use cases of the certification workflow (ISO/IEC 17065; CNCA trial rules, 2025).

An enterprise applies with a computed footprint and its documents; the certification body
accepts, plans (qualified, impartial team), reviews documents, inspects on site, verifies the
footprint (the verification engagement of ``engagement``: the re-run of the submitted model,
a sample with evidence, an independent review and an unmodified opinion before the step
completes), raises and closes nonconformities, evaluates, and a decision maker who did not
audit the case grants or refuses. Every step is a case event and an audit record, written in
the same transaction; each command commits it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification import rules
from carbonlabel.domain.certification.certificate import (
    CertificateStatus,
    Scheme,
    certificate_number,
    expiry,
    surveillance_due_dates,
)
from carbonlabel.domain.certification.records import (
    REQUIRED_DOCUMENTS,
    CaseDocument,
    CaseEvent,
    Certificate,
    CertificationCase,
    DocumentKind,
    Nonconformity,
    SurveillanceCheck,
    VerificationRecord,
)
from carbonlabel.domain.certification.registry import certified_value, label_unit
from carbonlabel.domain.certification.states import (
    CaseAction,
    CaseState,
    apply,
)
from carbonlabel.domain.tenancy import OrgKind, Role, User
from carbonlabel.errors import InputError, NotFoundError, PermissionDeniedError, WorkflowError
from carbonlabel.services.accounts.users import new_id
from carbonlabel.services.certification import system_grant
from carbonlabel.services.certification.application import (
    ApplicationDetails,
    check_acceptance,
    check_application,
)
from carbonlabel.services.certification.application import record as record_application
from carbonlabel.services.certification.engagement import (
    check_engagement_complete,
    check_opinion_issued,
)
from carbonlabel.services.certification.rerun import check_materiality, rerun

SCHEME = Scheme()
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
#: relative difference between submitted and re-run footprint above which it is material
DEFAULT_MATERIALITY = 0.05

BODY_ACTIONS = {CaseAction.ACCEPT, CaseAction.REJECT, CaseAction.PLAN}
TEAM_ACTIONS = {CaseAction.START_DOCUMENT_REVIEW, CaseAction.COMPLETE_DOCUMENT_REVIEW,
                CaseAction.COMPLETE_INSPECTION, CaseAction.RAISE_NONCONFORMITIES,
                CaseAction.COMPLETE_VERIFICATION, CaseAction.CLOSE_NONCONFORMITIES,
                CaseAction.COMPLETE_EVALUATION}
DECISIONS = {CaseAction.GRANT, CaseAction.REFUSE}


@dataclass(frozen=True)
class Upload:
    kind: DocumentKind
    filename: str
    media_type: str
    content: bytes


def _org_kind(uow: UnitOfWork, org_id: str) -> OrgKind | None:
    org = uow.organisations.get(org_id)
    return org.kind if org else None


def _body_staff(uow: UnitOfWork, actor: User, roles: set[Role]) -> None:
    if _org_kind(uow, actor.organisation_id) is not OrgKind.CERTIFICATION_BODY:
        raise PermissionDeniedError(field="organisation",
                                    message_en="only a certification body may do this",
                                    message_zh="仅认证机构可执行此操作")
    if actor.role not in roles:
        raise PermissionDeniedError(
            field="role", message_en=f"role '{actor.role.value}' may not do this",
            message_zh=f"角色「{actor.role.value}」无权执行此操作")


# -- the body's set-up ----------------------------------------------------------------------

# accreditation (the platform operator's) and qualification: services/certification/bodies.py

def declare_impartiality(uow: UnitOfWork, actor: User, applicant_id: str,
                         statement: str) -> None:
    """A standing declaration towards an applicant (the body's set-up page). It is kept for
    the record; the rules look at declarations per case (impartiality.declare_for_case)."""
    _body_staff(uow, actor, {Role.AUDITOR, Role.DECISION_MAKER, Role.ADMIN})
    if not statement.strip():
        raise InputError(field="statement", message_en="the declaration needs a statement",
                         message_zh="声明内容不能为空")
    if uow.organisations.get(applicant_id) is None:
        raise NotFoundError(field="applicant_id", message_en="no such applicant organisation",
                            message_zh="没有该申请方组织")
    uow.bodies.declare(actor.id, applicant_id, statement.strip(), datetime.now(UTC))
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="impartiality.declared", entity="user", entity_id=actor.id,
                     after={"applicant_id": applicant_id})
    uow.commit()


def _check_impartial(uow: UnitOfWork, case: CertificationCase, user_id: str, duty: str,
                     today: date) -> None:
    user = uow.users.get(user_id)
    rules.check_impartial(user_id, duty, uow.declarations.for_case(case.id).get(user_id),
                          user.organisation_id if user else "", case.applicant_id, today,
                          SCHEME.consultancy_years)


# -- application ----------------------------------------------------------------------------

def apply_for_certification(uow: UnitOfWork, actor: User, footprint_id: str, body_id: str,
                            uploads: Sequence[Upload],
                            details: ApplicationDetails | None = None,
                            ) -> CertificationCase:
    if actor.role not in (Role.ADMIN, Role.ANALYST):
        raise PermissionDeniedError(field="role", message_en="only an admin or analyst applies",
                                    message_zh="仅管理员或核算人员可提交申请")
    footprint = uow.footprints.in_org(actor.organisation_id, footprint_id)
    if footprint is None:
        raise NotFoundError(field="footprint_id", message_en="no such footprint",
                            message_zh="没有该碳足迹结果")
    product = uow.products.in_org(actor.organisation_id, footprint.product_id)
    assert product is not None
    if _org_kind(uow, body_id) is not OrgKind.CERTIFICATION_BODY:
        raise NotFoundError(field="body_id", message_en="no such certification body",
                            message_zh="没有该认证机构")
    category, named = check_application(uow, actor, product, body_id,
                                        details or ApplicationDetails())
    withdrawn = uow.oversight.last_withdrawal(actor.organisation_id, product.id)
    rules.check_reapplication(withdrawn.date() if withdrawn else None,
                              datetime.now(UTC).date(), SCHEME.reapplication_lockout_days)
    kinds = {u.kind for u in uploads}
    missing = [k for k in REQUIRED_DOCUMENTS if k not in kinds]
    if missing:
        raise InputError(field="documents",
                         message_en="missing documents: " + ", ".join(k.value for k in missing),
                         message_zh="缺少文件：" + "、".join(k.value for k in missing))
    now = datetime.now(UTC)
    case = CertificationCase(new_id(), actor.organisation_id, body_id, product.id,
                             footprint.id, footprint.model_version_id, category,
                             SCHEME.code, CaseState.APPLIED, (), (), None, None, now, now)
    uow.cases.add(case)
    ids = [_store_document(uow, actor, case.id, u) for u in uploads]
    record_application(uow, case.id, named)
    uow.cases.add_event(CaseEvent(case.id, 1, "apply", "", CaseState.APPLIED.value, actor.id,
                                  now, "", tuple(ids)))
    _audit(uow, actor, case, "case.applied", None, CaseState.APPLIED, "")
    uow.commit()
    return case


def _store_document(uow: UnitOfWork, actor: User, case_id: str, upload: Upload) -> str:
    if not upload.content or len(upload.content) > MAX_DOCUMENT_BYTES:
        raise InputError(field=f"documents.{upload.kind.value}",
                         message_en="a document must have 1 byte to 20 MB",
                         message_zh="文件大小须在 1 字节至 20 MB 之间")
    doc = CaseDocument(new_id(), case_id, upload.kind, upload.filename[:255] or "document",
                       upload.media_type[:100] or "application/octet-stream",
                       hashlib.sha256(upload.content).hexdigest(), len(upload.content),
                       actor.id, datetime.now(UTC))
    uow.cases.add_document(doc, upload.content)
    return doc.id


def _audit(uow: UnitOfWork, actor: User, case: CertificationCase, action: str,
           before: CaseState | None, after: CaseState, reason: str) -> None:
    uow.audit.append(actor_id=actor.id, organisation_id=case.applicant_id, action=action,
                     entity="certification_case", entity_id=case.id,
                     before={"state": before.value} if before else None,
                     after={"state": after.value, "reason": reason,
                            "body_id": case.body_id})


# -- the workflow ---------------------------------------------------------------------------

def get_case(uow: UnitOfWork, actor: User, case_id: str) -> CertificationCase:
    case = uow.cases.visible_to(actor.organisation_id, case_id)
    if case is None:
        raise NotFoundError(field="case_id", message_en="no such certification case",
                            message_zh="没有该认证项目")
    return case


@dataclass(frozen=True)
class StepDetails:
    reason: str = ""
    team: tuple[str, ...] = ()
    audit_dates: tuple[date, ...] = ()
    nonconformities: tuple[str, ...] = ()
    uploads: tuple[Upload, ...] = ()


def act(uow: UnitOfWork, actor: User, case_id: str, action: CaseAction,
        details: StepDetails = StepDetails()) -> CertificationCase:
    """Apply one workflow action to a case, with its rules, records and audit entry."""
    case = get_case(uow, actor, case_id)
    apply(case.state, action)  # TransitionNotAllowedError: 409 naming the action
    changes = _check(uow, actor, case, action, details)  # a rule refusing: 409 naming it
    still_open = sum(nc.open for nc in uow.cases.nonconformities(case.id))
    target = rules.check_step(case.state, action,
                              rules.CaseFacts(still_open, details.reason))
    details = replace(details, reason=details.reason.strip())
    now = datetime.now(UTC)
    ids = [_store_document(uow, actor, case.id, u) for u in details.uploads]
    for text in details.nonconformities:
        uow.cases.add_nonconformity(Nonconformity(new_id(), case.id, text, actor.id, now,
                                                  None, None, None))
    seq = len(uow.cases.events(case.id)) + 1
    uow.cases.add_event(CaseEvent(case.id, seq, action.value, case.state.value, target.value,
                                  actor.id, now, details.reason, tuple(ids)))
    uow.cases.update(case.id, state=target, updated_at=now, **changes)
    _audit(uow, actor, case, f"case.{action.value}", case.state, target, details.reason)
    if action is CaseAction.GRANT:  # system mode: a system certificate (system_grant)
        issued = (system_grant.issue(uow, actor, case, now, SCHEME)
                  if system_grant.is_system(uow, case.id)
                  else _issue_certificate(uow, actor, case, now))
        uow.cases.update(case.id, certificate_id=issued.id)
    updated = uow.cases.get(case.id)
    assert updated is not None
    uow.commit()
    return updated


def _check(uow: UnitOfWork, actor: User, case: CertificationCase, action: CaseAction,
           details: StepDetails) -> dict[str, object]:
    if action is CaseAction.WITHDRAW:
        if actor.organisation_id != case.applicant_id or actor.role not in (Role.ADMIN,
                                                                             Role.ANALYST):
            raise PermissionDeniedError(field="role", message_en="only the applicant withdraws",
                                        message_zh="仅申请方可撤回申请")
        return {}
    if actor.organisation_id != case.body_id:
        raise PermissionDeniedError(field="organisation",
                                    message_en="only the certification body does this step",
                                    message_zh="此步骤仅由认证机构执行")
    if action in BODY_ACTIONS:
        _body_staff(uow, actor, {Role.ADMIN, Role.DECISION_MAKER})
        if action is CaseAction.ACCEPT:
            check_acceptance(uow, case)  # approved body, valid scope, agreement accepted
        if action is CaseAction.PLAN:
            team = list(dict.fromkeys(details.team))
            for member in team:
                if uow.users.in_org(case.body_id, member) is None:
                    raise NotFoundError(field="team", message_en=f"no auditor {member} here",
                                        message_zh=f"本机构没有审核员 {member}")
            rules.check_team(team, uow.bodies.qualifications(team), None, case.category)
            for member in team:
                _check_impartial(uow, case, member, "audit", datetime.now(UTC).date())
            if not details.audit_dates:
                raise InputError(field="audit_dates", message_en="give the audit dates",
                                 message_zh="请给出审核日期")
            return {"team": tuple(team), "audit_dates": details.audit_dates}
        return {}
    if action in TEAM_ACTIONS:
        if actor.id not in case.team:
            raise PermissionDeniedError(field="team",
                                        message_en="only a member of the audit team does this",
                                        message_zh="此步骤仅由审核组成员执行")
        if action is CaseAction.RAISE_NONCONFORMITIES and not details.nonconformities:
            raise InputError(field="nonconformities", message_en="describe the nonconformities",
                             message_zh="请描述不符合项")
        if action is CaseAction.COMPLETE_VERIFICATION:
            done = uow.cases.verifications(case.id)
            if not done:
                raise WorkflowError(message_en="record the PCF verification first",
                                    message_zh="请先记录碳足迹核查结果", field="verification",
                                    rule="verification_missing")
            if done[-1].material:
                raise WorkflowError(message_en="the verification found a material difference; "
                                               "raise a nonconformity",
                                    message_zh="核查发现实质性差异，请提出不符合项",
                                    field="verification", rule="material_difference")
            # the engagement (ISO 14064-3) ended in an unmodified opinion: opinion_missing,
            # opinion_not_unmodified (another opinion goes through nonconformities)
            check_engagement_complete(uow, case.id)
        if action is CaseAction.CLOSE_NONCONFORMITIES:
            still_open = sum(nc.open for nc in uow.cases.nonconformities(case.id))
            rules.check_nonconformities_closed(still_open)
            # the engagement's opinion, issued before or after the corrections: no way round
            # the verification (opinion_missing)
            check_opinion_issued(uow, case.id)
        if action is CaseAction.COMPLETE_EVALUATION:  # the reviewer
            _check_impartial(uow, case, actor.id, "review", datetime.now(UTC).date())
        return {}
    # grant or refuse
    _body_staff(uow, actor, {Role.DECISION_MAKER})
    rules.check_decider(actor.id, case.team)
    _check_impartial(uow, case, actor.id, "decide", datetime.now(UTC).date())
    if action is CaseAction.GRANT:
        # a label states a verified figure: only an unmodified opinion backs a grant; a
        # qualified, adverse or withheld opinion that came through corrective actions ends in
        # a refusal (opinion_not_unmodified)
        check_engagement_complete(uow, case.id)
    return {"decider_id": actor.id}


def record_verification(uow: UnitOfWork, actor: User, case_id: str, notes: str, base: Path,
                        store_dir: Path,
                        materiality: float = DEFAULT_MATERIALITY) -> VerificationRecord:
    """Run the submitted model again and compare with the submitted footprint."""
    case = get_case(uow, actor, case_id)
    if case.state is not CaseState.PCF_VERIFICATION or actor.id not in case.team:
        raise WorkflowError(message_en="verification is recorded by the audit team in the "
                                       "PCF verification step",
                            message_zh="核查结果须由审核组在碳足迹核查阶段记录",
                            field="case_id", rule="verification_step")
    check_materiality(materiality)
    run = rerun(uow, case.applicant_id, case.model_version_id, case.footprint_id, base,
                store_dir)
    submitted, again, difference = run.submitted, run.recomputed, run.difference
    record = VerificationRecord(case.id, submitted, again, difference, materiality,
                                run.material(materiality), run.input_hash_matches,
                                notes.strip(), actor.id, datetime.now(UTC))
    uow.cases.add_verification(record)
    uow.audit.append(actor_id=actor.id, organisation_id=case.applicant_id,
                     action="case.verification_recorded", entity="certification_case",
                     entity_id=case.id,
                     after={"submitted": submitted, "recomputed": again,
                            "relative_difference": difference, "material": record.material})
    uow.commit()
    return record


def answer_nonconformity(uow: UnitOfWork, actor: User, case_id: str, nc_id: str,
                         corrective_action: str) -> Nonconformity:
    case = get_case(uow, actor, case_id)
    if actor.organisation_id != case.applicant_id:
        raise PermissionDeniedError(field="organisation",
                                    message_en="the applicant answers nonconformities",
                                    message_zh="不符合项由申请方答复")
    if not corrective_action.strip():
        raise InputError(field="corrective_action", message_en="describe the corrective action",
                         message_zh="请描述纠正措施")
    updated = uow.cases.update_nonconformity(nc_id, corrective_action=corrective_action.strip())
    if updated is None or updated.case_id != case.id:
        raise NotFoundError(field="nonconformity_id", message_en="no such nonconformity",
                            message_zh="没有该不符合项")
    uow.audit.append(actor_id=actor.id, organisation_id=case.applicant_id,
                     action="nonconformity.answered", entity="nonconformity", entity_id=nc_id,
                     after={"corrective_action": updated.corrective_action})
    uow.commit()
    return updated


def close_nonconformity(uow: UnitOfWork, actor: User, case_id: str,
                        nc_id: str) -> Nonconformity:
    case = get_case(uow, actor, case_id)
    if actor.id not in case.team:
        raise PermissionDeniedError(field="team", message_en="the audit team closes it",
                                    message_zh="不符合项由审核组关闭")
    current = [nc for nc in uow.cases.nonconformities(case.id) if nc.id == nc_id]
    if not current:
        raise NotFoundError(field="nonconformity_id", message_en="no such nonconformity",
                            message_zh="没有该不符合项")
    if not current[0].corrective_action:
        raise WorkflowError(message_en="the applicant has not answered it yet",
                            message_zh="申请方尚未答复该不符合项", field="nonconformity_id",
                            rule="unanswered_nonconformity")
    closed = uow.cases.update_nonconformity(nc_id, closed_by=actor.id,
                                            closed_at=datetime.now(UTC))
    assert closed is not None
    uow.audit.append(actor_id=actor.id, organisation_id=case.applicant_id,
                     action="nonconformity.closed", entity="nonconformity", entity_id=nc_id,
                     after={"closed_by": actor.id})
    uow.commit()
    return closed


def _issue_certificate(uow: UnitOfWork, actor: User, case: CertificationCase,
                       now: datetime) -> Certificate:
    footprint = uow.footprints.in_org(case.applicant_id, case.footprint_id)
    product = uow.products.in_org(case.applicant_id, case.product_id)
    assert footprint is not None
    assert product is not None
    boundary = uow.footprints.result(footprint).boundary
    code = uow.bodies.body_code(case.body_id) or 1
    issued = now.date()
    serial = uow.certificates.next_serial(case.body_id, issued.year)
    certificate = Certificate(
        new_id(), certificate_number(issued.year, code, serial), case.id, case.applicant_id,
        case.body_id, product.id, case.model_version_id, footprint.id, footprint.unit,
        footprint.total_co2e_kg, str(boundary), SCHEME.standard,
        product.product_rule, SCHEME.code, issued, expiry(issued, SCHEME),
        CertificateStatus.VALID, False, now, certified_value(footprint.total_co2e_kg),
        label_unit(footprint.unit), product_rule_release=footprint.product_rule_release)
    uow.certificates.add(certificate)
    for due in surveillance_due_dates(certificate.issued_on, certificate.expires_on, SCHEME):
        uow.certificates.add_surveillance(SurveillanceCheck(new_id(), certificate.id, due, None,
                                                            None, "", None))
    uow.audit.append(actor_id=actor.id, organisation_id=case.applicant_id,
                     action="certificate.issued", entity="certificate",
                     entity_id=certificate.id,
                     after={"number": certificate.number, "value": certificate.value_co2e_kg,
                            "unit": certificate.declared_unit,
                            "certified_value": certificate.certified_value,
                            "certified_unit": certificate.certified_unit,
                            "expires_on": certificate.expires_on.isoformat()})
    return certificate
