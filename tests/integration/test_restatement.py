"""A reduction restated on one factor set, on SQLite and PostgreSQL: a product improved by
10 % while its electricity factor changed is reported as 10 %, not as the factor change."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.improvement.restatement import ChangeKind, FactorChange
from carbonlabel.errors import InputError, NotFoundError
from carbonlabel.services.quantify.restatement import restate, restate_for
from carbonlabel.services.supervision.evaluation import factor_restater
from tests.support.improvement import BASELINE, IMPROVED, footprint_of, model_text, new_product
from tests.support.platform import seed_tenant


def test_a_ten_percent_improvement_under_a_changed_factor_is_reported_as_ten_percent(
        make_uow: UowFactory, tmp_path: Path) -> None:
    tenant = seed_tenant(make_uow, "改进企业")
    product = new_product(make_uow, tenant)
    before = footprint_of(make_uow, tmp_path, tenant, product, model_text(*BASELINE))
    after = footprint_of(make_uow, tmp_path, tenant, product, model_text(*IMPROVED))
    with make_uow() as uow:
        result = restate(uow, before.id, after.id)
    # by hand: 100·0.8 + 50·2 = 180; 90·0.6 + 45·2 = 144; restated 100·0.6 + 50·2 = 160
    assert result.baseline_original_kg == pytest.approx(180.0)
    assert result.current_kg == pytest.approx(144.0)
    assert result.baseline_restated_kg == pytest.approx(160.0)
    assert result.reduction_share == pytest.approx(0.10)
    assert result.unrestated_share == pytest.approx(0.20)  # what the factor change would claim
    assert result.factor_effect_kg == pytest.approx(20.0)
    assert FactorChange(ChangeKind.FACTOR, "grid", "CO2e 0.8 kg/kWh",
                        "CO2e 0.6 kg/kWh") in result.factor_changes
    assert all(c.name != "steel" for c in result.factor_changes)
    assert result.same_library


def test_the_same_factors_give_the_plain_reduction(make_uow: UowFactory,
                                                   tmp_path: Path) -> None:
    tenant = seed_tenant(make_uow, "改进企业")
    product = new_product(make_uow, tenant)
    before = footprint_of(make_uow, tmp_path, tenant, product, model_text(100, 50, 0.8))
    after = footprint_of(make_uow, tmp_path, tenant, product, model_text(80, 50, 0.8))
    with make_uow() as uow:
        result = restate(uow, before.id, after.id)
    # 180 against 64 + 100 = 164: (180 − 164) ÷ 180
    assert result.baseline_restated_kg == pytest.approx(180.0)
    assert result.reduction_share == pytest.approx(16 / 180)
    assert result.factor_changes == ()


def test_footprints_of_two_products_or_of_another_tenant_are_refused(
        make_uow: UowFactory, tmp_path: Path) -> None:
    tenant, other = seed_tenant(make_uow, "甲企业"), seed_tenant(make_uow, "乙企业")
    one, two = new_product(make_uow, tenant), new_product(make_uow, tenant)
    a = footprint_of(make_uow, tmp_path, tenant, one, model_text(*BASELINE))
    b = footprint_of(make_uow, tmp_path, tenant, two, model_text(*IMPROVED))
    with make_uow() as uow, pytest.raises(InputError) as different:
        restate(uow, a.id, b.id)
    assert different.value.field == "current_footprint_id"
    with make_uow() as uow, pytest.raises(NotFoundError) as hidden:
        restate_for(uow, other.analyst, a.id, a.id)
    assert hidden.value.field == "baseline_footprint_id"


def test_the_pilot_evaluation_restates_baselines_with_this_recalculation(
        make_uow: UowFactory, tmp_path: Path) -> None:
    tenant = seed_tenant(make_uow, "改进企业")
    product = new_product(make_uow, tenant)
    before = footprint_of(make_uow, tmp_path, tenant, product, model_text(*BASELINE))
    after = footprint_of(make_uow, tmp_path, tenant, product, model_text(*IMPROVED))
    with make_uow() as uow:
        restated = factor_restater()(uow, before.id, after.id)
    assert restated is not None
    # the same hand figures: 180 stored, 160 restated on the grid factor of 0.6, 144 now
    # (the stored totals alone would claim 20 %; the factor sets alone would leave it pending)
    assert (restated.baseline_original_total, restated.baseline_restated_total,
            restated.current_total) == pytest.approx((180.0, 160.0, 144.0))
