"""Claims beyond the value: published low-carbon thresholds, an applicant's request in the
certification case, the certification body's independent decision on each claim, and the
lapse of a granted claim whose condition no longer holds (judged by the surveillance sweep
and on each new verified footprint: a certificate re-issued on another footprint).

The signed label payload is not touched: the registry, the certificate page, the
verification page and the label read the claims live from here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.benchmark import Benchmark, ComparableKey, rule_release
from carbonlabel.domain.certification import rules
from carbonlabel.domain.certification.records import Certificate, CertificationCase
from carbonlabel.domain.certification.states import CaseState
from carbonlabel.domain.improvement.claims import (
    FAILURE_NAMES,
    Claim,
    ClaimKind,
    ClaimState,
    Failure,
    Threshold,
    check_request,
    low_carbon_failure,
    reducing_failure,
    threshold_from_benchmark,
)
from carbonlabel.domain.tenancy import OrgKind, Role, User
from carbonlabel.errors import (
    CarbonlabelError,
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    WorkflowError,
)
from carbonlabel.services.accounts.users import new_id
from carbonlabel.services.benchmarks import category
from carbonlabel.services.quantify.restatement import restate

log = logging.getLogger(__name__)

#: case states in which the applicant may still ask for a claim (before the decision)
_OPEN = {CaseState.APPLIED, CaseState.ACCEPTED, CaseState.PLANNED, CaseState.DOCUMENT_REVIEW,
         CaseState.ON_SITE_INSPECTION, CaseState.PCF_VERIFICATION,
         CaseState.CORRECTIVE_ACTIONS, CaseState.EVALUATION, CaseState.DECISION}
PUBLISHERS = {OrgKind.OPERATOR, OrgKind.REGULATOR}


# -- thresholds -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ThresholdData:
    product_rule: str  # code@version
    declared_unit: str
    boundary: str
    source: str
    published_on: date
    value_co2e_kg: float | None = None  # None: from the category benchmark (best quartile)


def key_of_certificate(certificate: Certificate) -> ComparableKey | None:
    release = rule_release(certificate.product_rule_release)
    return ComparableKey(release, certificate.declared_unit,
                         certificate.boundary) if release else None


def category_benchmark(uow: UnitOfWork, key: ComparableKey, today: date) -> Benchmark:
    """The benchmark of the key's category (``services.benchmarks``: the registry's read)."""
    return category.of_key(uow, key, today).benchmark


def publish_threshold(uow: UnitOfWork, actor: User, data: ThresholdData,
                      today: date) -> Threshold:
    """An operator or regulator admin publishes a threshold (given, or the best quartile of
    the category benchmark today); earlier thresholds stay, the latest is in force."""
    org = uow.organisations.get(actor.organisation_id)
    if org is None or org.kind not in PUBLISHERS or actor.role is not Role.ADMIN:
        raise PermissionDeniedError(field="role",
                                    message_en="only an operator or regulator admin publishes "
                                               "thresholds",
                                    message_zh="仅平台运营方或监管部门管理员可发布阈值")
    for field in ("product_rule", "declared_unit", "boundary", "source"):
        text = getattr(data, field).strip()
        if not text or len(text) > (500 if field == "source" else 150):
            raise InputError(field=field, message_en=f"give the {field.replace('_', ' ')}",
                             message_zh=f"请填写 {field}")
    if "@" not in data.product_rule:
        raise InputError(field="product_rule", message_en="name the release: code@version",
                         message_zh="请写明规则版本：代码@版本")
    key = ComparableKey(data.product_rule.strip(), data.declared_unit.strip(),
                        data.boundary.strip())
    value = data.value_co2e_kg
    if value is None:
        value = threshold_from_benchmark(category_benchmark(uow, key, today))
    elif not value > 0 or value != value or value == float("inf"):
        raise InputError(field="value_co2e_kg", message_en="the threshold is a positive number",
                         message_zh="阈值须为正数")
    threshold = Threshold(new_id(), key, value, data.source.strip(), data.published_on,
                          actor.id, datetime.now(UTC))
    uow.claims.add_threshold(threshold)
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="claim_threshold.published", entity="claim_threshold",
                     entity_id=threshold.id,
                     after={"key": key.text, "value_co2e_kg": value, "source": threshold.source,
                            "published_on": data.published_on.isoformat(),
                            "from_benchmark": data.value_co2e_kg is None})
    uow.commit()
    return threshold


# -- requests and decisions -----------------------------------------------------------------

@dataclass(frozen=True)
class ClaimRequest:
    kind: ClaimKind
    baseline_footprint_id: str | None = None
    target_share: float | None = None
    target_on: date | None = None


def _case(uow: UnitOfWork, actor: User, case_id: str) -> CertificationCase:
    case = uow.cases.visible_to(actor.organisation_id, case_id)
    if case is None:
        raise NotFoundError(field="case_id", message_en="no such certification case",
                            message_zh="没有该认证项目")
    return case


def verified_footprints(uow: UnitOfWork, holder_id: str, product_id: str) -> set[str]:
    """Footprints of the product a certificate of the holder stated (now or before a
    re-issue): the verified baselines a reducing claim may name."""
    found = set()
    for c in uow.certificates.for_product(product_id):
        if c.holder_id != holder_id:
            continue
        found.add(c.footprint_id)
        found.update(r.footprint_id for r in uow.changes.revisions(c.id))
    return found


def request_claim(uow: UnitOfWork, actor: User, case_id: str, request: ClaimRequest,
                  today: date) -> Claim:
    case = _case(uow, actor, case_id)
    if actor.organisation_id != case.applicant_id or actor.role not in (Role.ADMIN,
                                                                         Role.ANALYST):
        raise PermissionDeniedError(field="role", message_en="the applicant asks for claims",
                                    message_zh="声明由申请方提出")
    if case.state not in _OPEN:
        raise WorkflowError(message_en="claims are asked for before the decision",
                            message_zh="声明须在认证决定之前提出", field="case_id",
                            rule="claim_after_decision")
    check_request(request.kind, request.baseline_footprint_id, request.target_share,
                  request.target_on, today)
    if any(c.kind is request.kind for c in uow.claims.of_case(case.id)):
        raise ConflictError(field="kind", message_en="this claim is asked for already",
                            message_zh="已提出该声明")
    if request.kind is ClaimKind.REDUCING:
        baseline = request.baseline_footprint_id or ""
        if (baseline == case.footprint_id
                or baseline not in verified_footprints(uow, case.applicant_id,
                                                       case.product_id)):
            raise InputError(field="baseline_footprint_id",
                             message_en="the baseline is a footprint of this product that a "
                                        "certificate of yours stated",
                             message_zh="基准须为本产品曾获证书认证的碳足迹")
    claim = Claim(new_id(), case.id, case.applicant_id, case.product_id, request.kind,
                  ClaimState.REQUESTED, actor.id, datetime.now(UTC),
                  request.baseline_footprint_id if request.kind is ClaimKind.REDUCING else None,
                  request.target_share if request.kind is ClaimKind.REDUCING else None,
                  request.target_on if request.kind is ClaimKind.REDUCING else None)
    uow.claims.add(claim)
    uow.audit.append(actor_id=actor.id, organisation_id=case.applicant_id,
                     action="claim.requested", entity="certificate_claim", entity_id=claim.id,
                     after={"case_id": case.id, "kind": claim.kind.value,
                            "baseline_footprint_id": claim.baseline_footprint_id,
                            "target_share": claim.target_share,
                            "target_on": claim.target_on.isoformat() if claim.target_on
                            else None})
    uow.commit()
    return claim


@dataclass(frozen=True)
class Judgement:
    failure: Failure | None
    threshold: Threshold | None = None
    reduction_share: float | None = None


def judge(uow: UnitOfWork, claim: Claim, certificate: Certificate, today: date, *,
          base: Path | None = None, store_dir: Path | None = None) -> Judgement:
    """Whether the claim's condition holds for the certificate as it stands."""
    if claim.kind is ClaimKind.LOW_CARBON:
        key = key_of_certificate(certificate)
        if key is None:
            return Judgement(Failure.NOT_COMPARABLE)
        threshold = uow.claims.threshold_in_force(key)
        return Judgement(low_carbon_failure(certificate.value_co2e_kg, threshold), threshold)
    assert claim.baseline_footprint_id
    assert claim.target_share is not None
    assert claim.target_on
    share = restate(uow, claim.baseline_footprint_id, certificate.footprint_id, base=base,
                    store_dir=store_dir).reduction_share
    return Judgement(reducing_failure(share, claim.target_share, claim.target_on, today),
                     None, share)


def _claim(uow: UnitOfWork, claim_id: str) -> Claim:
    claim = uow.claims.get(claim_id)
    if claim is None:
        raise NotFoundError(field="claim_id", message_en="no such claim",
                            message_zh="没有该声明")
    return claim


def decide_claim(uow: UnitOfWork, actor: User, claim_id: str, grant: bool, reason: str,
                 today: date, *, base: Path | None = None,
                 store_dir: Path | None = None) -> Claim:
    """The body's decision maker, who did not audit the case, grants or refuses the claim
    once the certificate is granted; a claim whose condition fails cannot be granted."""
    claim = uow.claims.get(claim_id)
    case = uow.cases.visible_to(actor.organisation_id, claim.case_id) if claim else None
    if claim is None or case is None:
        raise NotFoundError(field="claim_id", message_en="no such claim",
                            message_zh="没有该声明")
    if actor.organisation_id != case.body_id or actor.role is not Role.DECISION_MAKER:
        raise PermissionDeniedError(field="role",
                                    message_en="the body's decision maker decides claims",
                                    message_zh="声明由认证机构的决定人员决定")
    rules.check_decider(actor.id, case.team)
    if claim.state is not ClaimState.REQUESTED:
        raise WorkflowError(message_en="the claim is decided already",
                            message_zh="该声明已作出决定", field="claim_id",
                            rule="claim_decided")
    if case.certificate_id is None:
        raise WorkflowError(message_en="decide the certification first",
                            message_zh="请先作出认证决定", field="claim_id",
                            rule="claim_before_certificate")
    if not reason.strip():
        raise InputError(field="reason", message_en="give the reason of the decision",
                         message_zh="请说明决定理由")
    certificate = uow.certificates.get(case.certificate_id)
    assert certificate is not None
    verdict = judge(uow, claim, certificate, today, base=base, store_dir=store_dir)
    if grant and verdict.failure is not None:
        zh, en = FAILURE_NAMES[verdict.failure]
        raise WorkflowError(message_en=f"the claim's condition does not hold: {en}",
                            message_zh=f"声明条件不成立：{zh}", field="claim_id",
                            rule=verdict.failure.value)
    state = ClaimState.GRANTED if grant else ClaimState.REFUSED
    updated = uow.claims.update(
        claim.id, state=state, certificate_id=certificate.id,
        threshold_id=verdict.threshold.id if verdict.threshold else None,
        reduction_share=verdict.reduction_share, decided_by=actor.id,
        decided_at=datetime.now(UTC), reason=reason.strip())
    uow.audit.append(actor_id=actor.id, organisation_id=claim.holder_id,
                     action=f"claim.{state.value}", entity="certificate_claim",
                     entity_id=claim.id,
                     before={"state": claim.state.value},
                     after={"state": state.value, "certificate": certificate.number,
                            "kind": claim.kind.value, "reason": updated.reason,
                            "threshold_id": updated.threshold_id,
                            "reduction_share": updated.reduction_share,
                            "condition": verdict.failure.value if verdict.failure else "holds"})
    uow.commit()
    return updated


# -- lapse ----------------------------------------------------------------------------------

def evaluate(uow: UnitOfWork, today: date, certificate_id: str | None = None, *,
             body_id: str | None = None, base: Path | None = None,
             store_dir: Path | None = None) -> list[Claim]:
    """Judge every granted claim (of one certificate, of one body's certificates, or all)
    again; a claim whose condition
    fails lapses, audited. Returns the claims that lapsed. Does not commit: the caller's
    transaction keeps the lapses with what caused them."""
    granted = (uow.claims.of_certificate(certificate_id) if certificate_id
               else uow.claims.granted())
    lapsed = []
    for claim in granted:
        if claim.state is not ClaimState.GRANTED or claim.certificate_id is None:
            continue
        certificate = uow.certificates.get(claim.certificate_id)
        assert certificate is not None
        if body_id is not None and certificate.body_id != body_id:
            continue
        try:
            verdict = judge(uow, claim, certificate, today, base=base, store_dir=store_dir)
        except CarbonlabelError as exc:  # e.g. a factor set file out of reach: judged later
            log.warning("claim %s not judged: %s %s", claim.id, exc.code, exc.message_en)
            continue
        if verdict.failure is None:
            if verdict.reduction_share is not None:
                uow.claims.update(claim.id, reduction_share=verdict.reduction_share)
            continue
        updated = uow.claims.update(claim.id, state=ClaimState.LAPSED,
                                    lapsed_at=datetime.now(UTC),
                                    lapse_reason=verdict.failure.value,
                                    reduction_share=verdict.reduction_share)
        uow.audit.append(actor_id=None, organisation_id=claim.holder_id,
                         action="claim.lapsed", entity="certificate_claim",
                         entity_id=claim.id, before={"state": claim.state.value},
                         after={"state": "lapsed", "reason": verdict.failure.value,
                                "certificate": certificate.number,
                                "footprint_id": certificate.footprint_id,
                                "reduction_share": verdict.reduction_share,
                                "value_co2e_kg": certificate.value_co2e_kg})
        lapsed.append(updated)
    return lapsed


def sweep_claims(uow: UnitOfWork, today: date, *, base: Path | None = None,
                 store_dir: Path | None = None) -> list[Claim]:
    """The sweep's part: every granted claim judged again, the lapses committed together."""
    with uow.atomic():
        lapsed = evaluate(uow, today, base=base, store_dir=store_dir)
    return lapsed


# -- reads ----------------------------------------------------------------------------------

def of_case(uow: UnitOfWork, actor: User, case_id: str) -> list[Claim]:
    """The claims of a case, for its applicant and its body."""
    return uow.claims.of_case(_case(uow, actor, case_id).id)


def public_claims(uow: UnitOfWork, certificate_id: str) -> list[Claim]:
    """What the registry shows of a certificate: its granted and lapsed claims."""
    return [c for c in uow.claims.of_certificate(certificate_id)
            if c.state in (ClaimState.GRANTED, ClaimState.LAPSED)]


def thresholds(uow: UnitOfWork) -> list[Threshold]:
    return uow.claims.thresholds()


def get_claim(uow: UnitOfWork, actor: User, claim_id: str) -> Claim:
    claim = _claim(uow, claim_id)
    _case(uow, actor, claim.case_id)  # the applicant's or the body's, else not found
    return claim


@dataclass(frozen=True)
class PublicClaim:
    """A claim as the registry shows it (granted or lapsed), with its threshold."""

    claim: Claim
    threshold: Threshold | None

    @property
    def kind(self) -> ClaimKind:
        return self.claim.kind

    @property
    def lapsed(self) -> bool:
        return self.claim.state is ClaimState.LAPSED


def public_claims_of_number(uow: UnitOfWork, number: str) -> list[PublicClaim]:
    """The granted and lapsed claims of the certificate with this number (none: unknown)."""
    certificate = uow.certificates.by_number(number.strip().upper()[:40])
    if certificate is None:
        return []
    return [PublicClaim(c, uow.claims.threshold(c.threshold_id) if c.threshold_id else None)
            for c in public_claims(uow, certificate.id)]
