"""The tornado's one-at-a-time range of an input from its own uncertainty: the 2.5 / 97.5
percentiles of its amount as multipliers, ± x % only for inputs without one.

Hand values (z = Φ⁻¹(0.975) = 1.959963984540054):
* lognormal, gsd 1.2, the stated amount its median: 1.2^−z = 0.699532…, 1.2^z = 1.429527…
  (scipy.stats.lognorm.ppf([0.025, 0.975], s=ln 1.2) gives the same);
* normal, sd 20 kWh around 312.4 kWh: 1 ∓ z·20 / 312.4;
* uniform [0.8, 1.4]: 0.8 + 0.6·0.025 = 0.815 and 0.8 + 0.6·0.975 = 1.385;
* triangular (0.5, 1, 2): F(mode) = 0.5 / 1.5 = 1/3 > 0.025, so the low end is
  0.5 + √(0.025·1.5·0.5) = 0.636931, the high end 2 − √(0.025·1.5·1) = 1.806351
  (scipy.stats.triang.ppf with c = 1/3, loc 0.5, scale 1.5: 0.63693064, 1.80635083).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import yaml

from carbonlabel.calc.model.sensitivity_ranges import percentile_multipliers
from carbonlabel.calc.uncertainty.distributions import Distributions, Kind
from carbonlabel.cli.wiring import sensitivity_file
from carbonlabel.domain.sensitivity import SensitivityReport, TornadoBar
from carbonlabel.services.quantify.sensitivity import SensitivityOptions
from tests.support.sensitivity_model import allocation_model

Z = 1.959963984540054
NAN = float("nan")


def _one(kind: Kind, loc: float = NAN, scale: float = NAN, lo: float = NAN,
         hi: float = NAN) -> Distributions:
    def a(x: float) -> np.ndarray:
        return np.array([x], dtype=np.float64)

    return Distributions(np.array([int(kind)], dtype=np.int64), a(1.0), a(loc), a(scale),
                         a(lo), a(hi))


def test_lognormal_multipliers_are_the_gsd_to_the_power_of_minus_and_plus_z() -> None:
    low, high = percentile_multipliers(_one(Kind.LOGNORMAL, 0.0, math.log(1.2)), 0)
    assert (low, high) == pytest.approx((1.2 ** -Z, 1.2 ** Z), rel=1e-12)
    assert (low, high) == pytest.approx((0.69953204, 1.42952709), abs=1e-8)


def test_normal_multipliers_are_one_minus_and_plus_z_relative_sd() -> None:
    low, high = percentile_multipliers(_one(Kind.NORMAL, 1.0, 20 / 312.4), 0)
    assert (low, high) == pytest.approx((1 - Z * 20 / 312.4, 1 + Z * 20 / 312.4), rel=1e-12)


def test_uniform_multipliers_cut_two_and_a_half_percent_of_the_width_each_side() -> None:
    low, high = percentile_multipliers(_one(Kind.UNIFORM, lo=0.8, hi=1.4), 0)
    assert (low, high) == pytest.approx((0.815, 1.385), abs=1e-12)


def test_triangular_multipliers_follow_its_inverse_cdf() -> None:
    low, high = percentile_multipliers(_one(Kind.TRIANGULAR, 1.0, lo=0.5, hi=2.0), 0)
    assert low == pytest.approx(0.5 + math.sqrt(0.025 * 1.5 * 0.5), abs=1e-12)
    assert high == pytest.approx(2.0 - math.sqrt(0.025 * 1.5 * 1.0), abs=1e-12)
    assert (low, high) == pytest.approx((0.63693064, 1.80635083), abs=1e-8)


def _model() -> dict[str, object]:
    """The hand-worked alloy model (1,250 kg CO2e: coke 1,058 through the alloy, electricity
    156.2, lubricant 6, CH4 29.8) with the coke lognormal (gsd 1.2), the electricity normal
    (sd 20 kWh) and the lubricant triangular (1, 2, 4 kg); the alloy input has none."""
    model = allocation_model()
    smelting, packing = model["processes"]
    smelting["inputs"][0]["uncertainty"] = {"distribution": "lognormal", "gsd": 1.2}
    packing["inputs"][1]["uncertainty"] = {"distribution": "normal", "sd": 20}
    packing["inputs"][2]["uncertainty"] = {"distribution": "triangular", "minimum": 1,
                                           "mode": 2, "maximum": 4}
    return model


@pytest.fixture(scope="module")
def bars(tmp_path_factory: pytest.TempPathFactory) -> dict[str, TornadoBar]:
    path = tmp_path_factory.mktemp("ranges") / "alloy.yaml"
    path.write_text(yaml.safe_dump(_model(), allow_unicode=True), encoding="utf-8")
    report: SensitivityReport = sensitivity_file(
        path, "AR6", SensitivityOptions(top=4, cut_offs=(), electricity=()))
    return {b.path: b for b in report.tornado}


def test_an_input_with_a_lognormal_is_varied_between_its_percentiles(
        bars: dict[str, TornadoBar]) -> None:
    coke = bars["processes[0].inputs[0]"]
    assert coke.range_source == "lognormal"
    assert (coke.low_factor, coke.high_factor) == pytest.approx((1.2 ** -Z, 1.2 ** Z))
    # only the coke's 1,058 moves: 192 + 1,058 · 1.2^∓z
    assert coke.low_total == pytest.approx(192 + 1058 * 0.6995320378023051, abs=1e-9)
    assert coke.high_total == pytest.approx(192 + 1058 * 1.4295270923425671, abs=1e-9)


def test_normal_and_triangular_inputs_take_their_own_percentiles(
        bars: dict[str, TornadoBar]) -> None:
    power = bars["processes[1].inputs[1]"]
    assert power.range_source == "normal"
    # 156.2 kg CO2e · z · 20 / 312.4 = 0.5 · 20 · z = 10 z either side of 1,250
    assert (power.low_total, power.high_total) == pytest.approx(
        (1250 - 10 * Z, 1250 + 10 * Z), abs=1e-9)
    lube = bars["processes[1].inputs[2]"]
    assert lube.range_source == "triangular"
    assert lube.low_total == pytest.approx(1244 + 6 * 0.6369306393762915, abs=1e-9)
    assert lube.high_total == pytest.approx(1244 + 6 * 1.8063508326896291, abs=1e-9)


def test_an_input_without_uncertainty_keeps_the_relative_range(
        bars: dict[str, TornadoBar]) -> None:
    alloy = bars["processes[1].inputs[0]"]
    assert alloy.range_source == "relative"
    assert (alloy.low_factor, alloy.high_factor) == (0.9, 1.1)
    assert (alloy.low_total, alloy.high_total) == pytest.approx((1144.2, 1355.8), abs=1e-9)


def test_a_pedigree_input_is_a_lognormal_of_the_summed_variances(
        write_model: Callable[..., Path]) -> None:
    model = allocation_model()
    # σ² = 0.0006 (basic, demand) + 0.002 (reliability 3) + 0.0006 (completeness 3)
    #      + 0 (temporal 1) + 0.0001 (geographical 3) + 0.04 (technological 4) = 0.0433
    model["processes"][0]["inputs"][0]["uncertainty"] = {"pedigree": [3, 3, 1, 3, 4]}
    r = sensitivity_file(write_model(model), "AR6",
                         SensitivityOptions(top=1, cut_offs=(), electricity=()))
    (coke,) = r.tornado
    assert coke.range_source == "lognormal"
    assert (coke.low_factor, coke.high_factor) == pytest.approx(
        (math.exp(-Z * math.sqrt(0.0433)), math.exp(Z * math.sqrt(0.0433))), rel=1e-12)


def test_ranges_given_to_the_analysis_override_the_inputs_own(
        write_model: Callable[..., Path]) -> None:
    r = sensitivity_file(write_model(_model()), "AR6", SensitivityOptions(
        top=4, cut_offs=(), electricity=(), ranges={"processes[0].inputs[0]": (0.5, 2.0)}))
    coke = next(b for b in r.tornado if b.path == "processes[0].inputs[0]")
    assert coke.range_source == "distribution"
    assert (coke.low_total, coke.high_total) == pytest.approx((192 + 529, 192 + 2116))
