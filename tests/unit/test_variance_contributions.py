"""The contribution to variance (方差贡献) a model's Monte Carlo run keeps: the shares of two
uncertain inputs of known variance, the parameters named after their input and process, small
shares dropped, the shares carried through the result JSON, and old results (without the key)
still read."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from carbonlabel.adapters.formats.result_json import result_from_dict, result_to_dict
from carbonlabel.cli.app import main
from carbonlabel.domain.product import Text
from carbonlabel.services.quantify.montecarlo import monte_carlo_text
from carbonlabel.services.quantify.variance_contributions import parameter_label
from tests.conftest import base_model

SIGMA_A, SIGMA_B = 0.1, 0.05  # lognormal σ of ln x, both medians 1 kg CO2e

TWO_INPUTS = base_model(
    factors=[{"id": "fa", "name": {"zh": "甲因子", "en": "factor a"}, "unit": "kg", "co2e": 1,
              "source": {"note": "test"}},
             {"id": "fb", "name": {"zh": "乙因子", "en": "factor b"}, "unit": "kg", "co2e": 1,
              "source": {"note": "test"}}],
    processes=[{
        "id": "main", "name": {"zh": "主过程", "en": "main"}, "stage": "production",
        "output": {"amount": 1, "unit": "kg"},
        "inputs": [{"factor": "fa", "amount": 1, "unit": "kg", "name": "steel",
                    "uncertainty": {"distribution": "lognormal", "sigma": SIGMA_A}},
                   {"factor": "fb", "amount": 1, "unit": "kg", "name": "paint",
                    "uncertainty": {"distribution": "lognormal", "sigma": SIGMA_B}}],
        # 1 kg CO2 varying by σ 0.001: about 1e-4 of the variance, below the 1 % kept
        "emissions": [{"gas": "CO2", "amount": 1, "unit": "kg",
                       "uncertainty": {"distribution": "lognormal", "sigma": 0.001}}]}])


def _lognormal_variance(sigma: float) -> float:
    """Var of a lognormal of median 1: (e^{σ²} − 1) e^{σ²}."""
    return (math.exp(sigma**2) - 1) * math.exp(sigma**2)


def _expected_share_of_a() -> float:
    """total = a + b. Linear share r_a² = Var a / (Var a + Var b) = 0.010151 / 0.012657 = 0.802;
    for a near-normal pair the rank correlation is (6/π)·asin(r/2) (docstring of
    calc.sensitivity_variance): ρ_a = 0.887, ρ_b = 0.429 → ρ_a² / (ρ_a² + ρ_b²) = 0.810."""
    va, vb = _lognormal_variance(SIGMA_A), _lognormal_variance(SIGMA_B)
    r_a, r_b = math.sqrt(va / (va + vb)), math.sqrt(vb / (va + vb))
    rho_a, rho_b = (6 / math.pi * math.asin(r / 2) for r in (r_a, r_b))
    return rho_a**2 / (rho_a**2 + rho_b**2)


def test_two_inputs_share_the_variance_as_their_variances_say(tmp_path: Path) -> None:
    result = monte_carlo_text(yaml.safe_dump(TWO_INPUTS, allow_unicode=True), "model.yaml",
                              tmp_path, tmp_path / "databases", 6000, 11)
    mc = result.uncertainty
    assert mc is not None
    assert len(mc.parameters) == 3
    kept = mc.contributions
    assert [c.path for c in kept] == ["processes[0].inputs[0].uncertainty",
                                      "processes[0].inputs[1].uncertainty"]  # CO2 dropped
    expected = _expected_share_of_a()
    assert expected == pytest.approx(0.810, abs=0.001)
    # the share's sampling error at n = 6,000 is about 0.01 (sd over 20 seeds); 3 of them
    assert kept[0].share == pytest.approx(expected, abs=0.03)
    assert kept[1].share == pytest.approx(1 - expected, abs=0.03)
    assert kept[0].label == Text(zh="steel（主过程）", en="steel (main)")


def test_the_same_seed_gives_the_same_shares(tmp_path: Path) -> None:
    text = yaml.safe_dump(TWO_INPUTS, allow_unicode=True)
    runs = [monte_carlo_text(text, "model.yaml", tmp_path, tmp_path / "databases", 200, 5)
            for _ in range(2)]
    assert runs[0].uncertainty is not None
    assert runs[0].uncertainty == runs[1].uncertainty


def test_shares_ride_on_the_result_json_and_old_results_still_read(tmp_path: Path) -> None:
    result = monte_carlo_text(yaml.safe_dump(TWO_INPUTS, allow_unicode=True), "model.yaml",
                              tmp_path, tmp_path / "databases", 300, 3)
    body = result_to_dict(result)
    first = body["uncertainty"]["contributions"][0]
    assert first["label"] == {"zh": "steel（主过程）", "en": "steel (main)"}
    assert result_from_dict(body) == result
    del body["uncertainty"]["contributions"]  # a result stored before contributions were kept
    old = result_from_dict(json.loads(json.dumps(body)))
    assert old.uncertainty is not None
    assert old.uncertainty.contributions == ()


def test_emissions_removals_substitutes_and_factors_are_named() -> None:
    from carbonlabel.adapters.formats.model_file import load_model_text

    model = base_model(
        factors=[{"id": "grid", "name": {"zh": "电网", "en": "grid"}, "unit": "kWh",
                  "co2e": 0.5, "source": {"note": "test"}}],
        processes=[{
            "id": "main", "name": {"zh": "主过程", "en": "main"}, "stage": "production",
            "output": {"amount": 1, "unit": "kg"},
            "inputs": [{"factor": "grid", "amount": 2, "unit": "kWh"},
                       {"dataset": "steel-x", "database": "db", "amount": 1, "unit": "kg"}],
            "emissions": [{"gas": "CH4", "amount": 1, "unit": "kg"}],
            "removals": [{"gas": "CO2", "amount": 1, "unit": "kg"}]}])
    loaded = load_model_text(yaml.safe_dump(model, allow_unicode=True), "m.yaml",
                             Path("m.yaml")).model
    assert parameter_label(loaded, "processes[0].inputs[0].uncertainty") == Text(
        zh="电网（主过程）", en="grid (main)")  # no name of its own: the factor's
    assert parameter_label(loaded, "processes[0].inputs[1].uncertainty") == Text(
        zh="steel-x（主过程）", en="steel-x (main)")  # a dataset: its reference
    assert parameter_label(loaded, "processes[0].emissions[0].uncertainty") == Text(
        zh="CH4 直接排放（主过程）", en="CH4 direct emission (main)")
    assert parameter_label(loaded, "processes[0].removals[0].uncertainty") == Text(
        zh="CO2 清除（主过程）", en="CO2 removal (main)")
    assert parameter_label(loaded, "factors[0].uncertainty") == Text(
        zh="排放因子 电网", en="emission factor grid")
    assert parameter_label(loaded, "end_of_life.materials[0].uncertainty") == Text(
        zh="end_of_life.materials[0].uncertainty", en="end_of_life.materials[0].uncertainty")


def test_the_cli_table_lists_the_shares(write_model: Callable[..., Path],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["montecarlo", str(write_model(TWO_INPUTS)), "-n", "6000", "--seed", "4"]) == 0
    out = capsys.readouterr().out
    assert "方差贡献 Contribution to variance" in out
    lines = [line for line in out.splitlines() if "steel（主过程） / steel (main)" in line]
    assert len(lines) == 1
    share = re.search(r"(\d+\.\d)%", lines[0])
    assert share is not None
    assert float(share.group(1)) == pytest.approx(100 * _expected_share_of_a(), abs=3)
    assert "CO2 直接排放" not in out
