"""Changes affecting certification (ISO/IEC 17065 §7.10): request, evaluate, decide.

A new model version of a certified product flags its certificate (``reevaluation_required``,
set by ``quantify.catalog``): no new label, "under re-evaluation" in the registry. The holder
(or the body) opens a change-evaluation: a re-issue carrying the new footprint, or an
extension or reduction of the scope. A body auditor evaluates it (for a new footprint: the
model run again and compared with the footprint, as in a case's PCF verification); a
decision maker who did not evaluate it approves or rejects it, with a reason. Either decision
clears the flag. An approval re-issues the certificate: revision +1 (printed "-R1" ...), the
new value and footprint or the new scope, the previous values kept in
``certificate_revisions``. A rejection leaves the certificate as it was: it goes on
certifying what it was granted for (the earlier model version and value); the holder may
open another change. No change decided within the scheme's ``reevaluation_days`` of the
flag: the surveillance sweep suspends the certificate (:func:`suspend_overdue`).

Each command checks, writes with its audit record, and commits as its last step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import ClassVar

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification import changes as rules_of
from carbonlabel.domain.certification import rules
from carbonlabel.domain.certification.certificate import CertificateAction, CertificateStatus
from carbonlabel.domain.certification.changes import (
    CertificateChange,
    CertificateRevision,
    ChangeAction,
    ChangeEvaluation,
    ChangeKind,
    ChangeState,
)
from carbonlabel.domain.certification.records import Certificate
from carbonlabel.domain.certification.registry import certified_value, label_unit
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.domain.tenancy import OrgKind, Role, User
from carbonlabel.errors import InputError, NotFoundError, PermissionDeniedError
from carbonlabel.services.accounts.users import new_id
from carbonlabel.services.certification.cases import DEFAULT_MATERIALITY, SCHEME
from carbonlabel.services.certification.labels import change_certificate_status
from carbonlabel.services.certification.rerun import check_materiality, rerun
from carbonlabel.services.improvement import claims

HOLDER_ROLES = (Role.ADMIN, Role.ANALYST)
BODY_OPENERS = (Role.ADMIN, Role.DECISION_MAKER, Role.AUDITOR)
#: who may evaluate a change (a decision maker who evaluates one may not decide it)
EVALUATORS = (Role.AUDITOR, Role.DECISION_MAKER)
OVERDUE_REASON = "变更评价逾期未决定 / change affecting certification not decided in time"


@dataclass(frozen=True)
class ChangeRequest:
    kind: ChangeKind
    description: str
    footprint_id: str | None = None  # a re-issue: the new footprint (of the new model)
    scope: str | None = None  # an extension / reduction: the scope after it


def _certificate(uow: UnitOfWork, actor: User, certificate_id: str) -> Certificate:
    certificate = uow.certificates.get(certificate_id)
    if certificate is None or actor.organisation_id not in (certificate.holder_id,
                                                            certificate.body_id):
        raise NotFoundError(field="certificate_id", message_en="no such certificate",
                            message_zh="没有该证书")
    return certificate


def _body_person(uow: UnitOfWork, actor: User, certificate: Certificate,
                 roles: tuple[Role, ...]) -> None:
    org = uow.organisations.get(actor.organisation_id)
    if (actor.organisation_id != certificate.body_id or org is None
            or org.kind is not OrgKind.CERTIFICATION_BODY):
        raise PermissionDeniedError(field="organisation",
                                    message_en="only the certificate's body does this",
                                    message_zh="此步骤仅由发证认证机构执行")
    if actor.role not in roles:
        raise PermissionDeniedError(field="role",
                                    message_en=f"role '{actor.role.value}' may not do this",
                                    message_zh=f"角色「{actor.role.value}」无权执行此操作")


def _impartial(uow: UnitOfWork, certificate: Certificate, user_id: str, duty: str) -> None:
    """The case's impartiality declarations cover its certificate's changes too."""
    user = uow.users.get(user_id)
    rules.check_impartial(user_id, duty,
                          uow.declarations.for_case(certificate.case_id).get(user_id),
                          user.organisation_id if user else "", certificate.holder_id,
                          datetime.now(UTC).date(), SCHEME.consultancy_years)


def _audit(uow: UnitOfWork, actor: User | None, certificate: Certificate, action: str,
           change: CertificateChange, **after: object) -> None:
    uow.audit.append(actor_id=actor.id if actor else None,
                     organisation_id=certificate.holder_id, action=f"certificate.{action}",
                     entity="certificate", entity_id=certificate.id,
                     after={"change_id": change.id, "kind": change.kind.value,
                            "state": change.state.value, **after})


def get_change(uow: UnitOfWork, actor: User, change_id: str) -> CertificateChange:
    change = uow.changes.get(change_id)
    certificate = uow.certificates.get(change.certificate_id) if change else None
    if change is None or certificate is None or actor.organisation_id not in (
            certificate.holder_id, certificate.body_id):
        raise NotFoundError(field="change_id", message_en="no such change",
                            message_zh="没有该变更")
    return change


def list_changes(uow: UnitOfWork, actor: User,
                 certificate_id: str) -> list[CertificateChange]:
    return uow.changes.of_certificate(_certificate(uow, actor, certificate_id).id)


def request_change(uow: UnitOfWork, actor: User, certificate_id: str,
                   request: ChangeRequest) -> CertificateChange:
    """The holder (admin, analyst) or the body opens a change-evaluation."""
    certificate = _certificate(uow, actor, certificate_id)
    by_body = actor.organisation_id == certificate.body_id
    if by_body:
        _body_person(uow, actor, certificate, BODY_OPENERS)
    elif actor.role not in HOLDER_ROLES:
        raise PermissionDeniedError(field="role",
                                    message_en="only the holder's admin or analyst asks",
                                    message_zh="仅证书持有方的管理员或核算人员可申请变更")
    live = uow.certificates.get(certificate.id)
    assert live is not None
    if live.status not in (CertificateStatus.VALID, CertificateStatus.SUSPENDED) or (
            datetime.now(UTC).date() > live.expires_on):
        raise rules.CertificationRuleError("change_certificate_status", "certificate_id",
                                           "only a valid or suspended certificate changes",
                                           "仅有效或暂停的证书可申请变更")
    scope = (request.scope or "").strip() or None
    text = rules_of.check_request(request.kind, request.description, request.footprint_id,
                                  scope)
    rules_of.check_none_open(uow.changes.open_count(certificate.id))
    version_id = footprint_id = None
    if request.kind is ChangeKind.REISSUE:
        footprint = uow.footprints.in_org(certificate.holder_id, request.footprint_id or "")
        if footprint is None or footprint.product_id != certificate.product_id:
            raise InputError(field="footprint_id",
                             message_en="a re-issue names a footprint of the certified product",
                             message_zh="换证变更须指定该认证产品的碳足迹结果")
        version_id, footprint_id = footprint.model_version_id, footprint.id
    now = datetime.now(UTC)
    change = CertificateChange(new_id(), certificate.id, request.kind, ChangeState.REQUESTED,
                               text, actor.id, by_body, now, version_id, footprint_id, scope,
                               (), None, None, None, "")
    uow.changes.add(change)
    if request.kind is ChangeKind.REISSUE and not certificate.reevaluation_required:
        uow.certificates.update(certificate.id, reevaluation_required=True,
                                reevaluation_since=now)
    _audit(uow, actor, certificate, "change_requested", change, description=text,
           footprint_id=footprint_id, scope=scope)
    uow.commit()
    return change


def start_evaluation(uow: UnitOfWork, actor: User, change_id: str) -> CertificateChange:
    """A body auditor (or decision maker) takes the change for evaluation and becomes its
    evaluator."""
    change = get_change(uow, actor, change_id)
    certificate = _certificate(uow, actor, change.certificate_id)
    _body_person(uow, actor, certificate, EVALUATORS)
    target = rules_of.apply(change.state, ChangeAction.START_EVALUATION)
    _impartial(uow, certificate, actor.id, "audit")
    updated = uow.changes.update(change.id, state=target, evaluators=(actor.id,))
    _audit(uow, actor, certificate, "change_evaluation_started", updated)
    uow.commit()
    return updated


def record_evaluation(uow: UnitOfWork, actor: User, change_id: str, notes: str, base: Path,
                      store_dir: Path,
                      materiality: float = DEFAULT_MATERIALITY) -> CertificateChange:
    """The evaluator's review; for a re-issue the new model is run again and compared with
    the footprint it carries (as ``cases.record_verification`` does for a case)."""
    change = get_change(uow, actor, change_id)
    certificate = _certificate(uow, actor, change.certificate_id)
    _body_person(uow, actor, certificate, EVALUATORS)
    if change.state is not ChangeState.UNDER_EVALUATION:
        raise rules.CertificationRuleError("change_not_under_evaluation", "change_id",
                                           "the change is not under evaluation",
                                           "该变更不在评价阶段")
    rules_of.check_evaluator(actor.id, change.evaluators)
    text = rules.check_reason(notes, "notes")
    evaluation = ChangeEvaluation(actor.id, text, datetime.now(UTC))
    if change.footprint_id is not None and change.model_version_id is not None:
        check_materiality(materiality)
        run = rerun(uow, certificate.holder_id, change.model_version_id, change.footprint_id,
                    base, store_dir)
        evaluation = ChangeEvaluation(actor.id, text, evaluation.at, run.submitted,
                                      run.recomputed, run.difference, materiality)
    updated = uow.changes.update(change.id, evaluation=evaluation)
    _audit(uow, actor, certificate, "change_evaluated", updated, notes=text,
           recomputed=evaluation.recomputed_total, material=evaluation.material)
    uow.commit()
    return updated


def decide(uow: UnitOfWork, actor: User, change_id: str, action: ChangeAction,
           reason: str) -> CertificateChange:
    """A decision maker who did not evaluate the change approves or rejects it, with a
    reason; either way the certificate's re-evaluation flag is cleared."""
    change = get_change(uow, actor, change_id)
    certificate = _certificate(uow, actor, change.certificate_id)
    _body_person(uow, actor, certificate, (Role.DECISION_MAKER,))
    target, text = rules_of.check_decision(change, action, actor.id, reason)
    _impartial(uow, certificate, actor.id, "decide")
    now = datetime.now(UTC)
    fields: dict[str, object] = {"reevaluation_required": False, "reevaluation_since": None}
    if action is ChangeAction.APPROVE:
        fields.update(_reissue(uow, certificate, change, now))
    uow.certificates.update(certificate.id, **fields)
    updated = uow.changes.update(change.id, state=target, decider_id=actor.id, decided_at=now,
                                 reason=text)
    after = uow.certificates.get(certificate.id)
    assert after is not None
    _audit(uow, actor, certificate, f"change_{target.value}", updated, reason=text,
           revision=after.revision, certified_value=after.certified_value,
           previous_value=certificate.certified_value)
    if action is ChangeAction.APPROVE:  # a new verified footprint: claims judged again
        claims.evaluate(uow, now.date(), certificate.id)
    uow.commit()
    return updated


def _reissue(uow: UnitOfWork, certificate: Certificate, change: CertificateChange,
             now: datetime) -> dict[str, object]:
    """Keep what the certificate stated, and the fields of its next revision."""
    uow.changes.add_revision(CertificateRevision(
        certificate.id, certificate.revision, change.id, certificate.model_version_id,
        certificate.footprint_id, certificate.value_co2e_kg, certificate.certified_value,
        certificate.certified_unit, certificate.declared_unit,
        uow.changes.current_scope(certificate.id), now))
    fields: dict[str, object] = {"revision": certificate.revision + 1}
    if change.footprint_id is not None:
        footprint = uow.footprints.in_org(certificate.holder_id, change.footprint_id)
        assert footprint is not None
        fields.update(model_version_id=footprint.model_version_id, footprint_id=footprint.id,
                      value_co2e_kg=footprint.total_co2e_kg, declared_unit=footprint.unit,
                      certified_value=certified_value(footprint.total_co2e_kg),
                      certified_unit=label_unit(footprint.unit))
    return fields


def revisions(uow: UnitOfWork, actor: User, certificate_id: str) -> list[CertificateRevision]:
    return uow.changes.revisions(_certificate(uow, actor, certificate_id).id)


def suspend_overdue(uow: UnitOfWork, today: date,
                    body_id: str | None) -> tuple[Certificate, ...]:
    """The sweep's step: suspend (as the system) each valid certificate whose re-evaluation
    flag is older than the scheme's ``reevaluation_days`` with no change decided. Does not
    commit (the sweep's block does)."""
    done: list[Certificate] = []
    cutoff = datetime.combine(today - timedelta(days=SCHEME.reevaluation_days),
                              datetime.min.time(), UTC)
    for certificate_id in uow.changes.flagged_before(cutoff):
        certificate = uow.certificates.get(certificate_id)
        assert certificate is not None
        if body_id is not None and certificate.body_id != body_id:
            continue
        if not rules_of.reevaluation_overdue(certificate.reevaluation_since,
                                             SCHEME.reevaluation_days, today):
            continue
        if certificate.status is not CertificateStatus.VALID or today > certificate.expires_on:
            continue
        pending = [c for c in uow.changes.of_certificate(certificate.id)
                   if rules_of.is_open(c.state)]
        what = pending[-1].description if pending else "新模型版本 / new model version"
        since = certificate.reevaluation_since
        assert since is not None
        done.append(change_certificate_status(
            uow, None, certificate.id, CertificateAction.SUSPEND,
            f"{OVERDUE_REASON} ({since.date().isoformat()} + {SCHEME.reevaluation_days}): "
            f"{what}"[:2000], today=today))
    return tuple(done)


@dataclass(frozen=True)
class ChangesView:
    """The change section of a certificate's page."""

    changes: tuple[CertificateChange, ...]
    revisions: tuple[CertificateRevision, ...]
    footprints: tuple[FootprintRecord, ...]  # the holder's footprints of the product (newest)
    scope: str | None  # as the last approved scope change set it; None: as granted
    can_request: bool
    can_evaluate: bool
    can_decide: bool
    deadline: date | None  # the flag's: suspended by the sweep after it
    #: the words of the page, (zh, en)
    kind_names: ClassVar[dict[ChangeKind, tuple[str, str]]] = rules_of.KIND_NAMES
    state_names: ClassVar[dict[ChangeState, tuple[str, str]]] = rules_of.STATE_NAMES


def page_view(uow: UnitOfWork, actor: User, certificate_id: str) -> ChangesView:
    certificate = _certificate(uow, actor, certificate_id)
    holder = actor.organisation_id == certificate.holder_id
    body = actor.organisation_id == certificate.body_id
    footprints = (uow.footprints.page(certificate.holder_id, 0, 20, certificate.product_id)
                  .items if holder else [])
    since = certificate.reevaluation_since
    return ChangesView(
        tuple(uow.changes.of_certificate(certificate.id)),
        tuple(uow.changes.revisions(certificate.id)),
        tuple(f for f in footprints if f.id != certificate.footprint_id),
        uow.changes.current_scope(certificate.id),
        (holder and actor.role in HOLDER_ROLES) or (body and actor.role in BODY_OPENERS),
        body and actor.role in EVALUATORS, body and actor.role is Role.DECISION_MAKER,
        rules_of.reevaluation_deadline(since, SCHEME.reevaluation_days)
        if certificate.reevaluation_required and since else None)
