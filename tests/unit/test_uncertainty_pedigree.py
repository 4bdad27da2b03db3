"""The pedigree mapping against the ecoinvent v3 table worked by hand, and the validation of
uncertainties in a model file (field path, zh/en reason)."""

from __future__ import annotations

import math
from typing import Any

import pytest
import yaml

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.calc.model.background import BackgroundDatabases
from carbonlabel.calc.model.compile import check_model, compile_model
from carbonlabel.calc.model.compiled import CompiledSystem
from carbonlabel.domain.quality import DataQuality
from carbonlabel.domain.uncertainty import (
    BasicClass,
    Pedigree,
    Uncertainty,
    pedigree_from_quality,
    pedigree_sigma,
    resolve,
)
from carbonlabel.errors import FieldError, ModelValidationError
from tests.conftest import base_model

TRUCK = {"id": "truck", "name": {"zh": "货车", "en": "lorry"}, "unit": "t*km", "co2e": 0.1,
         "source": {"note": "test"}}
GRID = {"id": "grid", "name": {"zh": "电网", "en": "grid"}, "unit": "kWh", "co2e": 0.5,
        "source": {"note": "test"}}


def _model(inputs: list[dict[str, Any]], **kw: Any) -> str:
    main = {"id": "main", "name": {"zh": "主", "en": "main"}, "stage": "production",
            "output": {"amount": 1, "unit": "kg"}, "inputs": inputs, **kw}
    m = base_model(factors=[GRID, TRUCK], processes=[main])
    return yaml.safe_dump(m, allow_unicode=True)


def _compiled(inputs: list[dict[str, Any]], **kw: Any) -> CompiledSystem:
    loaded = load_model_text(_model(inputs, **kw), "m.yaml")
    return compile_model(loaded.model, load_gwp_set("AR6"), BackgroundDatabases((), None))


def _problems(inputs: list[dict[str, Any]], **kw: Any) -> list[FieldError]:
    try:
        loaded = load_model_text(_model(inputs, **kw), "m.yaml")
    except ModelValidationError as exc:
        return list(exc.errors)
    return check_model(loaded.model, load_gwp_set("AR6"), BackgroundDatabases((), None))


def test_pedigree_scores_add_the_table_variances_to_the_basic_variance() -> None:
    # [r, c, t, g, tech] = [2, 3, 1, 2, 3]; Weidema et al. 2013 Table 10.5:
    # reliability 2: 0.0006, completeness 3: 0.0006, temporal 1: 0, geographical 2: 0.000025,
    # technological 3: 0.008; basic (demand) 0.0006
    by_hand = 0.0006 + 0.0006 + 0.0006 + 0.0 + 0.000025 + 0.008  # 0.009825
    assert pedigree_sigma(Pedigree(2, 3, 1, 2, 3), 0.0006) == pytest.approx(
        math.sqrt(by_hand), rel=1e-12)
    # the worst scores: 0.04 + 0.008 + 0.04 + 0.002 + 0.12 = 0.21, with transport's 0.12
    assert pedigree_sigma(Pedigree(5, 5, 5, 5, 5), 0.12) == pytest.approx(
        math.sqrt(0.33), rel=1e-12)
    assert pedigree_sigma(Pedigree(1, 1, 1, 1, 1), 0.0) == 0.0


def test_pef_scores_map_onto_pedigree_indicators_rounding_up() -> None:
    # TeR 2 → tech 2, GeR 3 → geo 3, TiR 1 → temporal 1, P 2.5 → reliability 3, completeness 3
    p = pedigree_from_quality(DataQuality(ter=2, ger=3, tir=1, p=2.5))
    assert p == Pedigree(reliability=3, completeness=3, temporal=1, geographical=3,
                         technological=2)
    u = resolve(Uncertainty(from_quality=True), DataQuality(ter=2, ger=3, tir=1, p=2.5),
                BasicClass.CO2)
    # 0.0006 (CO2) + 0.002 + 0.0006 + 0 + 0.0001 + 0.0006 = 0.0039
    assert u.sigma == pytest.approx(math.sqrt(0.0039), rel=1e-12)


def test_compiled_parameters_carry_the_pedigree_sigma_and_the_basic_class() -> None:
    cs = _compiled([
        {"factor": "grid", "amount": 2, "unit": "kWh", "dq": {"TeR": 1, "GeR": 1, "TiR": 1, "P": 2},
         "uncertainty": {"from_quality": True}},
        {"factor": "truck", "mass": "2 t", "distance": "100 km",
         "uncertainty": {"pedigree": [1, 1, 1, 1, 1]}},
        {"factor": "grid", "amount": 1, "unit": "kWh",
         "uncertainty": {"pedigree": [1, 1, 1, 1, 4], "basic_variance": 0.01}}],
        emissions=[{"gas": "N2O", "amount": 0.1, "unit": "kg",
                    "uncertainty": {"pedigree": [1, 1, 1, 1, 1]}}])
    # P 2 → reliability 2 (0.0006) and completeness 2 (0.0001), demand 0.0006; a t·km
    # input takes transport's 0.12; tech 4 is 0.04 over the given 0.01; N2O takes 0.04
    assert cs.parameters.scale.tolist() == pytest.approx(
        [math.sqrt(0.0013), math.sqrt(0.12), math.sqrt(0.05), math.sqrt(0.04)], rel=1e-12)
    assert cs.parameters.kind.tolist() == [2, 2, 2, 2]
    assert cs.parameter_paths == (
        "processes[0].inputs[0].uncertainty", "processes[0].inputs[1].uncertainty",
        "processes[0].inputs[2].uncertainty", "processes[0].emissions[0].uncertainty")


def test_explicit_distributions_become_ratios_of_the_stated_amount() -> None:
    cs = _compiled([
        {"factor": "grid", "amount": 200, "unit": "kWh",
         "uncertainty": {"distribution": "normal", "sd": 20}},
        {"factor": "grid", "amount": 10, "unit": "kWh",
         "uncertainty": {"distribution": "triangular", "minimum": 5, "maximum": 20}}])
    d = cs.parameters
    assert (d.loc[0], d.scale[0]) == (1.0, pytest.approx(0.1))
    assert (d.minimum[1], d.loc[1], d.maximum[1]) == (0.5, 1.0, 2.0)


def test_from_quality_without_scores_is_refused_naming_the_field() -> None:
    (e,) = _problems([{"factor": "grid", "amount": 2, "unit": "kWh",
                       "uncertainty": {"from_quality": True}}])
    assert (e.field, e.code) == ("processes[0].inputs[0].uncertainty", "uncertainty_no_quality")
    assert "dq" in e.message_zh
    assert "dq" in e.message_en


@pytest.mark.parametrize(("uncertainty", "amount", "code"), [
    ({"distribution": "uniform", "minimum": 3, "maximum": 4}, 2, "uncertainty_range"),
    ({"distribution": "triangular", "minimum": 1, "mode": 5, "maximum": 4}, 2,
     "uncertainty_range"),
    ({"distribution": "uniform", "minimum": 4, "maximum": 1}, 2, "uncertainty_parameter"),
    ({"distribution": "normal", "sd": 1}, 0, "uncertainty_zero_amount"),
])
def test_inconsistent_distributions_are_refused(uncertainty: dict[str, Any], amount: float,
                                                code: str) -> None:
    (e,) = _problems([{"factor": "grid", "amount": amount, "unit": "kWh",
                       "uncertainty": uncertainty}])
    assert e.code == code
    assert e.field.startswith("processes[0].inputs[0].uncertainty")
    assert e.message_zh
    assert e.message_en


@pytest.mark.parametrize("uncertainty", [
    {"distribution": "lognormal", "pedigree": [1, 1, 1, 1, 1]},
    {"distribution": "normal", "gsd": 1.2},
    {"distribution": "lognormal", "gsd": 1.2, "sigma": 0.1},
    {"pedigree": [1, 1, 1, 1, 6]},
    {"pedigree": [1, 1, 1]},
    {"distribution": "lognormal", "gsd": 0.5},
])
def test_malformed_uncertainty_is_a_schema_error_in_both_languages(
        uncertainty: dict[str, Any]) -> None:
    errors = _problems([{"factor": "grid", "amount": 2, "unit": "kWh",
                         "uncertainty": uncertainty}])
    assert errors
    assert all(e.field.startswith("processes[0].inputs[0].uncertainty") for e in errors)
    assert all(e.message_zh != "字段无效" for e in errors)


def test_a_factor_of_several_gases_takes_only_a_ratio_distribution() -> None:
    m = base_model(factors=[{"id": "grid", "name": {"zh": "g", "en": "g"}, "unit": "kWh",
                             "source": {"note": "t"},
                             "gases": [{"gas": "CO2", "amount": 1}, {"gas": "CH4", "amount": 0.01}],
                             "uncertainty": {"distribution": "normal", "sd": 0.1}}])
    loaded = load_model_text(yaml.safe_dump(m), "m.yaml")
    (e,) = check_model(loaded.model, load_gwp_set("AR6"), BackgroundDatabases((), None))
    assert (e.field, e.code) == ("factors[0].uncertainty", "uncertainty_several_gases")
