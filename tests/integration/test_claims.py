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
from carbonlabel.services.certification.surveillance import sweep
from carbonlabel.services.improvement import claims
from carbonlabel.services.improvement.claims import ClaimRequest, ThresholdData
from tests.support.certification import (
    PRODUCT_CATEGORY,
    Body,
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
