"""Claims beyond the value on SQLite and PostgreSQL: a "reducing" claim granted on a verified
10 % reduction (restated on the current factors) lapses when a later verified footprint loses
it; a "low-carbon" claim follows the published threshold (granted at or below it, refused
above it, lapsing after a re-issue above it); each decision and lapse is audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from carbonlabel.adapters.db.tables import AuditRow
from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.improvement.claims import Claim, ClaimKind, ClaimState
from carbonlabel.errors import InputError, PermissionDeniedError, WorkflowError
from carbonlabel.services.certification import bodies, cases
from carbonlabel.services.certification.surveillance import sweep
from carbonlabel.services.improvement import claims
from carbonlabel.services.improvement.claims import ClaimRequest, ThresholdData
from tests.support.certification import (
    CATEGORY,
    DEMO_MODEL,
    PRODUCT_CATEGORY,
    Body,
    accept_agreement,
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
    seed_operator,
)
from tests.support.changes import Certified, new_model_version
from tests.support.improvement import (
    BASELINE,
    IMPROVED,
    certify_with_claims,
    footprint_of,
    model_text,
    new_product,
    reissued,
)
from tests.support.platform import Tenant, seed_tenant

TODAY = date(2026, 12, 8)
TARGET_ON = date(2028, 12, 31)


def claim(make_uow: UowFactory, claim_id: str) -> Claim:
    with make_uow() as uow:
        found = uow.claims.get(claim_id)
    assert found is not None
    return found


def audited(make_uow: UowFactory, action: str, claim_id: str) -> int:
    with make_uow() as uow:
        return len(uow.session.scalars(select(AuditRow).where(
            AuditRow.action == action, AuditRow.entity_id == claim_id)).all())


def holder(make_uow: UowFactory) -> tuple[Body, Tenant]:
    body = seed_body(make_uow)
    tenant = seed_tenant(make_uow, "减碳企业")
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    return body, tenant


def test_a_reducing_claim_granted_on_a_verified_ten_percent_lapses_when_a_later_footprint_loses_it(
        make_uow: UowFactory, tmp_path: Path) -> None:
    body, tenant = holder(make_uow)
    product = new_product(make_uow, tenant, PRODUCT_CATEGORY)
    baseline = footprint_of(make_uow, tmp_path, tenant, product, model_text(*BASELINE))
    certify(make_uow, tmp_path, body, tenant, baseline)  # the verified baseline: 180
    improved = footprint_of(make_uow, tmp_path, tenant, product, model_text(*IMPROVED))
    certificate_id, (claim_id,) = certify_with_claims(
        make_uow, tmp_path, body, tenant, improved,
        (ClaimRequest(ClaimKind.REDUCING, baseline.id, 0.10, TARGET_ON),), TODAY)
    with make_uow(write=True) as uow:
        granted = claims.decide_claim(uow, body.decider, claim_id, True,
                                      "减排经核查 / verified reduction", TODAY)
    # restated baseline 100·0.6 + 50·2 = 160 against 90·0.6 + 45·2 = 144: 10 %, not 20 %
    assert granted.state is ClaimState.GRANTED
    assert granted.certificate_id == certificate_id
    assert granted.reduction_share == pytest.approx(0.10)
    assert audited(make_uow, "claim.granted", claim_id) == 1
    with make_uow() as uow:
        assert [c.id for c in claims.public_claims(uow, certificate_id)] == [claim_id]
    # the later verified footprint is back at 100 kWh and 50 kg: restated 160 against 160
    lost = footprint_of(make_uow, tmp_path, tenant, product, model_text(100, 50, 0.6))
    reissued(make_uow, tmp_path, body, tenant, certificate_id, lost)
    lapsed = claim(make_uow, claim_id)
    assert lapsed.state is ClaimState.LAPSED
    assert lapsed.lapse_reason == "no_reduction"
    assert lapsed.reduction_share == pytest.approx(0.0)
    assert audited(make_uow, "claim.lapsed", claim_id) == 1
    with make_uow() as uow:  # still shown, as lapsed
        assert [c.state for c in claims.public_claims(uow, certificate_id)] == [
            ClaimState.LAPSED]


def test_a_reducing_claim_short_of_its_target_lapses_in_the_sweep_after_the_target_date(
        make_uow: UowFactory, tmp_path: Path) -> None:
    body, tenant = holder(make_uow)
    product = new_product(make_uow, tenant, PRODUCT_CATEGORY)
    baseline = footprint_of(make_uow, tmp_path, tenant, product, model_text(*BASELINE))
    certify(make_uow, tmp_path, body, tenant, baseline)
    # 95 kWh · 0.6 + 50 · 2 = 157 against 160: 3/160 = 1.875 %, target 10 %
    better = footprint_of(make_uow, tmp_path, tenant, product, model_text(95, 50, 0.6))
    _, (claim_id,) = certify_with_claims(
        make_uow, tmp_path, body, tenant, better,
        (ClaimRequest(ClaimKind.REDUCING, baseline.id, 0.10, TARGET_ON),), TODAY)
    with make_uow(write=True) as uow:
        granted = claims.decide_claim(uow, body.decider, claim_id, True, "ok", TODAY)
    assert granted.reduction_share == pytest.approx(3 / 160)
    with make_uow(write=True) as uow:
        assert sweep(uow, TARGET_ON).lapsed_claims == ()  # on the target date: still holds
    with make_uow(write=True) as uow:
        (gone,) = sweep(uow, date(2029, 1, 1)).lapsed_claims
    assert gone.id == claim_id
    assert claim(make_uow, claim_id).lapse_reason == "target_missed"


def test_a_reducing_claim_without_a_restated_reduction_cannot_be_granted(
        make_uow: UowFactory, tmp_path: Path) -> None:
    body, tenant = holder(make_uow)
    product = new_product(make_uow, tenant, PRODUCT_CATEGORY)
    baseline = footprint_of(make_uow, tmp_path, tenant, product, model_text(*BASELINE))
    certify(make_uow, tmp_path, body, tenant, baseline)
    # only the factor fell (0.8 → 0.6): 160 against the restated 160, no reduction
    same = footprint_of(make_uow, tmp_path, tenant, product, model_text(100, 50, 0.6))
    _, (claim_id,) = certify_with_claims(
        make_uow, tmp_path, body, tenant, same,
        (ClaimRequest(ClaimKind.REDUCING, baseline.id, 0.10, TARGET_ON),), TODAY)
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as refused:
        claims.decide_claim(uow, body.decider, claim_id, True, "ok", TODAY)
    assert refused.value.rule == "no_reduction"
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        claims.decide_claim(uow, body.auditors[0], claim_id, False, "no", TODAY)
    with make_uow(write=True) as uow:
        done = claims.decide_claim(uow, body.decider, claim_id, False,
                                   "减排仅来自因子更新 / only the factor changed", TODAY)
    assert done.state is ClaimState.REFUSED
    assert audited(make_uow, "claim.refused", claim_id) == 1


def test_a_reducing_claim_names_a_verified_baseline_of_the_same_product(
        make_uow: UowFactory, tmp_path: Path) -> None:
    body, tenant = holder(make_uow)
    product = new_product(make_uow, tenant, PRODUCT_CATEGORY)
    unverified = footprint_of(make_uow, tmp_path, tenant, product, model_text(*BASELINE))
    improved = footprint_of(make_uow, tmp_path, tenant, product, model_text(*IMPROVED))
    with pytest.raises(InputError) as refused:
        certify_with_claims(make_uow, tmp_path, body, tenant, improved,
                            (ClaimRequest(ClaimKind.REDUCING, unverified.id, 0.10,
                                          TARGET_ON),), TODAY)
    assert refused.value.field == "baseline_footprint_id"


def _low_carbon(make_uow: UowFactory, tmp_path: Path) -> tuple[Certified, str]:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    certificate_id, (claim_id,) = certify_with_claims(
        make_uow, tmp_path, body, tenant, footprint, (ClaimRequest(ClaimKind.LOW_CARBON),),
        TODAY)
    with make_uow() as uow:
        certificate = uow.certificates.get(certificate_id)
    assert certificate is not None
    return Certified(body, tenant, certificate), claim_id


def _publish(make_uow: UowFactory, made: Certified, value: float | None) -> None:
    key = claims.key_of_certificate(made.certificate)
    assert key is not None
    operator = seed_operator(make_uow)
    with make_uow(write=True) as uow:
        claims.publish_threshold(uow, operator, ThresholdData(
            key.product_rule, key.declared_unit, key.boundary, "试点公告 / pilot notice",
            TODAY, value), TODAY)


def test_a_low_carbon_claim_at_the_threshold_is_granted_and_lapses_after_a_reissue_above_it(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made, claim_id = _low_carbon(make_uow, tmp_path)
    _publish(make_uow, made, made.certificate.value_co2e_kg)  # at the threshold
    with make_uow(write=True) as uow:
        granted = claims.decide_claim(uow, made.body.decider, claim_id, True, "ok", TODAY)
    assert granted.state is ClaimState.GRANTED
    assert granted.threshold_id is not None
    heavier = new_model_version(make_uow, tmp_path, made, cells_kg=490)  # more cells: higher
    assert heavier.total_co2e_kg > made.certificate.value_co2e_kg
    reissued(make_uow, tmp_path, made.body, made.holder, made.certificate.id, heavier)
    lapsed = claim(make_uow, claim_id)
    assert lapsed.state is ClaimState.LAPSED
    assert lapsed.lapse_reason == "above_threshold"


def test_a_low_carbon_claim_above_the_threshold_or_without_one_is_refused(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made, claim_id = _low_carbon(make_uow, tmp_path)
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as none:
        claims.decide_claim(uow, made.body.decider, claim_id, True, "ok", TODAY)
    assert none.value.rule == "no_threshold"
    _publish(make_uow, made, made.certificate.value_co2e_kg * 0.999)  # just below the value
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as above:
        claims.decide_claim(uow, made.body.decider, claim_id, True, "ok", TODAY)
    assert above.value.rule == "above_threshold"


def test_a_threshold_from_a_hidden_benchmark_is_refused(make_uow: UowFactory,
                                                        tmp_path: Path) -> None:
    made, _ = _low_carbon(make_uow, tmp_path)  # one certificate: below the minimum count
    with pytest.raises(InputError) as hidden:
        _publish(make_uow, made, None)
    assert hidden.value.field == "from_benchmark"


def _battery(make_uow: UowFactory, data: Path, body: Body, cells_kg: int,
             low_carbon: bool) -> tuple[str, str | None]:
    """A holder's battery pack (the demo model with ``cells_kg`` of cells) certified at the
    body, asking for the low-carbon claim when ``low_carbon``: (certificate id, claim id)."""
    tenant = seed_tenant(make_uow, f"电池 {cells_kg}")
    with make_uow(write=True) as uow, uow.atomic():  # the auditors are qualified already
        for auditor in body.auditors:
            cases.declare_impartiality(uow, auditor, tenant.organisation.id,
                                       "与申请方无利益关系 / no conflict of interest")
        accept_agreement(uow, tenant.organisation.id)
    product = new_product(make_uow, tenant, PRODUCT_CATEGORY)
    content = DEMO_MODEL.read_text(encoding="utf-8").replace("amount: 480",
                                                             f"amount: {cells_kg}")
    footprint = footprint_of(make_uow, data, tenant, product, content)
    if not low_carbon:
        return certify(make_uow, data, body, tenant, footprint), None
    certificate_id, (claim_id,) = certify_with_claims(
        make_uow, data, body, tenant, footprint, (ClaimRequest(ClaimKind.LOW_CARBON),), TODAY)
    return certificate_id, claim_id


def test_a_threshold_published_from_the_benchmark_is_its_best_quartile_and_claims_follow_it(
        make_uow: UowFactory, tmp_path: Path) -> None:
    body = seed_body(make_uow)
    with make_uow(write=True) as uow, uow.atomic():
        for auditor in body.auditors:
            bodies.qualify(uow, body.admin, auditor.id, CATEGORY)
    made = [_battery(make_uow, tmp_path, body, cells, cells in (440, 520))
            for cells in (440, 460, 480, 490, 500, 520)]
    with make_uow() as uow:
        certificates = [uow.certificates.get(c) for c, _ in made]
    values = sorted(c.value_co2e_kg for c in certificates if c is not None)
    assert len(values) == 6
    # type 7: h = (6 − 1) · 0.25 = 1.25, between the 2nd and 3rd lowest values
    q1 = values[1] + 0.25 * (values[2] - values[1])
    assert certificates[0] is not None
    key = claims.key_of_certificate(certificates[0])
    assert key is not None
    operator = seed_operator(make_uow)
    with make_uow(write=True) as uow:
        threshold = claims.publish_threshold(uow, operator, ThresholdData(
            key.product_rule, key.declared_unit, key.boundary, "类别基准 / category benchmark",
            TODAY), TODAY)
    assert threshold.value_co2e_kg == pytest.approx(q1)
    (_, lightest), (_, heaviest) = made[0], made[-1]
    assert lightest is not None
    assert heaviest is not None
    with make_uow(write=True) as uow:  # 440 kg of cells: the lowest value, below q1
        assert claims.decide_claim(uow, body.decider, lightest, True, "ok",
                                   TODAY).state is ClaimState.GRANTED
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as above:
        claims.decide_claim(uow, body.decider, heaviest, True, "ok", TODAY)
    assert above.value.rule == "above_threshold"
