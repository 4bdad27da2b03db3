"""Monte Carlo of a product model against exact results worked out here.

Bounds: a mean within ``z ≤ 4`` standard errors of the exact mean (two-sided, a false alarm
once in about 16,000 runs; the runs are seeded, so the tests cannot flicker); a variance of
normal draws within the chi-square interval of the same confidence,
``(n−1) s² / σ² ∈ [χ²(α/2; n−1), χ²(1−α/2; n−1)]`` with ``α = 6.3e-5``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
import yaml
from scipy.stats import chi2

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.calc.model.background import BackgroundDatabases
from carbonlabel.calc.model.compile import compile_model
from carbonlabel.calc.model.compiled import CompiledSystem
from carbonlabel.calc.uncertainty.model_mc import monte_carlo
from carbonlabel.domain.product import LifeCycleStage
from tests.conftest import base_model

Z = 4.0
ALPHA = 2 * 3.167e-5  # two-sided tail of z = 4
N = 20_000


def compiled(model: dict[str, Any]) -> CompiledSystem:
    loaded = load_model_text(yaml.safe_dump(model, allow_unicode=True), "m.yaml")
    return compile_model(loaded.model, load_gwp_set("AR6"), BackgroundDatabases((), None))


def factor(fid: str, unit: str, **kw: Any) -> dict[str, Any]:
    return {"id": fid, "name": {"zh": fid, "en": fid}, "unit": unit,
            "source": {"note": "test"}, **kw}


def process(pid: str, stage: str = "production", amount: float = 1, **kw: Any) -> dict[str, Any]:
    return {"id": pid, "name": {"zh": pid, "en": pid}, "stage": stage,
            "output": {"amount": amount, "unit": "kg"}, **kw}


def assert_mean(draws: np.ndarray, mean: float, sd: float) -> None:
    assert abs(draws.mean() - mean) <= Z * sd / math.sqrt(draws.size)


def assert_normal_variance(draws: np.ndarray, variance: float) -> None:
    n = draws.size
    stat = (n - 1) * draws.var(ddof=1) / variance
    assert chi2.ppf(ALPHA / 2, n - 1) <= stat <= chi2.ppf(1 - ALPHA / 2, n - 1)


def test_product_of_two_lognormals_has_the_exact_mean_and_variance() -> None:
    # 2 kWh (median) with σ₁ = 0.3 × factor 0.5 kg CO2e/kWh (median) with σ₂ = 0.2:
    # T = 1 · r₁ r₂, ln T ~ N(μ = ln 1 = 0, s² = 0.09 + 0.04 = 0.13)
    s2 = 0.3**2 + 0.2**2
    mean = math.exp(0.0 + s2 / 2)  # 1.067159...
    variance = (math.exp(s2) - 1) * math.exp(2 * 0.0 + s2)
    cs = compiled(base_model(
        factors=[factor("grid", "kWh", co2e=0.5,
                        uncertainty={"distribution": "lognormal", "sigma": 0.2})],
        processes=[process("main", inputs=[{
            "factor": "grid", "amount": 2, "unit": "kWh",
            "uncertainty": {"distribution": "lognormal", "gsd": math.exp(0.3)}}])]))
    mc = monte_carlo(cs, N, seed=20260101)
    t = mc.totals
    assert mc.deterministic == pytest.approx(1.0, rel=1e-12)
    assert_mean(t, mean, math.sqrt(variance))
    # ln T is normal: its variance by the chi-square bound
    assert_normal_variance(np.log(t), s2)
    # the variance of T: the standard error of s² is σ² √((κ − 1)/n), κ the lognormal kurtosis
    kappa = math.exp(4 * s2) + 2 * math.exp(3 * s2) + 3 * math.exp(2 * s2) - 3
    assert abs(t.var(ddof=1) - variance) <= Z * variance * math.sqrt((kappa - 1) / N)
    assert mc.total.median == pytest.approx(1.0, abs=0.02)  # the median of T is exp(μ) = 1


def test_linear_model_of_normal_inputs_is_normal_with_exact_moments_allocated() -> None:
    # per 10 kg of output, 8 kg reference product and 2 kg co-product by mass: f = 0.8
    # T = 0.8 (0.5 X₁ + 3 X₂ + X₃), X₁ ~ N(100, 10²) kWh, X₂ ~ N(2, 0.3²) kg, X₃ ~ N(5, 1²) kg CO2
    cs = compiled(base_model(
        unit={"kind": "declared", "description": {"zh": "8 千克", "en": "8 kg"}, "amount": 8,
              "unit": "kg", "process": "main"},
        factors=[factor("grid", "kWh", co2e=0.5), factor("gas", "kg", co2e=3.0)],
        processes=[process(
            "main", amount=8,
            inputs=[{"factor": "grid", "amount": 100, "unit": "kWh",
                     "uncertainty": {"distribution": "normal", "sd": 10}},
                    {"factor": "gas", "amount": 2000, "unit": "g",
                     "uncertainty": {"distribution": "normal", "sd": 300}}],
            emissions=[{"gas": "CO2", "amount": 5, "unit": "kg",
                        "uncertainty": {"distribution": "normal", "sd": 1}}],
            co_products=[{"name": "by", "amount": 2, "unit": "kg"}],
            allocation={"method": "mass"})]))
    mean = 0.8 * (0.5 * 100 + 3 * 2 + 5)  # 48.8
    variance = 0.64 * (0.25 * 100 + 9 * 0.09 + 1)  # 17.1584
    mc = monte_carlo(cs, N, seed=7)
    assert mc.deterministic == pytest.approx(mean, rel=1e-12)
    assert_mean(mc.totals, mean, math.sqrt(variance))
    assert_normal_variance(mc.totals, variance)
    # per gas: CO2e (factors) and CO2 (direct) add up to the total in every iteration
    assert np.allclose(mc.flow_totals.sum(axis=1), mc.totals, rtol=1e-12)
    (stage, summary), = mc.stages
    assert stage is LifeCycleStage.PRODUCTION
    assert summary.mean == pytest.approx(mc.total.mean, rel=1e-12)


def test_a_factor_shared_by_two_inputs_is_one_parameter_sampled_correlated() -> None:
    # F ~ N(1, 0.1²) used by two inputs of 1 kWh each: T = 2F, Var T = 4σ² (not 2σ²)
    cs = compiled(base_model(
        factors=[factor("grid", "kWh", co2e=1.0,
                        uncertainty={"distribution": "normal", "sd": 0.1})],
        processes=[process("main", inputs=[{"factor": "grid", "amount": 1, "unit": "kWh"},
                                           {"factor": "grid", "amount": 1, "unit": "kWh"}])]))
    assert len(cs.parameters) == 1
    mc = monte_carlo(cs, N, seed=11)
    assert_normal_variance(mc.totals, 4 * 0.01)
    assert_mean(mc.totals, 2.0, 0.2)


def test_an_uncertain_input_between_processes_samples_the_technosphere() -> None:
    # main uses 2 kg of part (lognormal σ = 0.25); part uses 3 kWh at 0.5: T = 3 r, E T = 3 e^{σ²/2}
    cs = compiled(base_model(processes=[
        process("main", inputs=[{"process": "part", "amount": 2, "unit": "kg",
                                 "uncertainty": {"distribution": "lognormal", "sigma": 0.25}}]),
        process("part", inputs=[{"factor": "grid", "amount": 3, "unit": "kWh"}])]))
    mc = monte_carlo(cs, 4000, seed=3, block=128)
    s2 = 0.25**2
    assert_mean(mc.totals, 3 * math.exp(s2 / 2), 3 * math.sqrt((math.exp(s2) - 1) * math.exp(s2)))
    assert_normal_variance(np.log(mc.totals / 3), s2)


def test_a_seeded_run_repeats_exactly_whatever_the_block_size() -> None:
    cs = compiled(base_model(processes=[process("main", inputs=[{
        "factor": "grid", "amount": 2, "unit": "kWh",
        "uncertainty": {"distribution": "triangular", "minimum": 1, "mode": 2, "maximum": 4}}])]))
    a = monte_carlo(cs, 500, seed=99, block=100)
    b = monte_carlo(cs, 500, seed=99, block=37)
    c = monte_carlo(cs, 500, seed=100)
    assert np.array_equal(a.totals, b.totals)
    assert np.array_equal(a.parameters, b.parameters)
    assert a.total == b.total
    assert not np.array_equal(a.totals, c.totals)
    # triangular(1, 2, 4) kWh × 0.5: mean 0.5 · 7/3, all draws within [0.5, 2]
    assert a.totals.min() >= 0.5
    assert a.totals.max() <= 2.0


def test_progress_is_reported_after_every_block() -> None:
    cs = compiled(base_model())
    seen: list[tuple[int, int]] = []
    mc = monte_carlo(cs, 250, seed=1, block=100, progress=lambda d, n: seen.append((d, n)))
    assert seen == [(100, 250), (200, 250), (250, 250)]
    # no uncertainty: every draw is the footprint 2 kWh × 0.5
    assert mc.total.sd == 0.0
    assert mc.total.mean == pytest.approx(1.0, rel=1e-12)


def test_large_systems_solve_each_draw_sparsely_with_the_same_results(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import carbonlabel.calc.uncertainty.model_mc as mc_module

    cs = compiled(base_model(processes=[
        process("main", inputs=[{"process": "part", "amount": 2, "unit": "kg",
                                 "uncertainty": {"distribution": "uniform", "minimum": 1,
                                                 "maximum": 3}}]),
        process("part", inputs=[{"factor": "grid", "amount": 3, "unit": "kWh"}])]))
    dense = monte_carlo(cs, 50, seed=5)
    monkeypatch.setattr(mc_module, "DENSE_LIMIT", 0)
    sparse = monte_carlo(cs, 50, seed=5)
    # T = 1.5 × U(1, 3) kWh·kg: each draw is 1.5 times its sampled amount
    assert sparse.totals == pytest.approx(1.5 * 2 * sparse.parameters[:, 0], rel=1e-12)
    assert sparse.totals == pytest.approx(dense.totals, rel=1e-12)
