"""Named scenarios in the model file: computed in one run, problems named by field path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from carbonlabel.calc.model.sensitivity_scenarios import apply_scenario
from carbonlabel.cli.wiring import sensitivity_file, validate_file
from carbonlabel.domain.model import InputKind, Process
from carbonlabel.domain.product import Quantity, Text, TransportMode
from carbonlabel.domain.scenario import ChangeKind, Scenario, ScenarioChange
from carbonlabel.domain.sensitivity import VariantGroup
from carbonlabel.errors import ModelValidationError
from carbonlabel.services.quantify.sensitivity import SensitivityOptions
from tests.support.sensitivity_model import allocation_model

GREEN = {"name": {"zh": "绿电 50%", "en": "50 % green electricity"},
         "changes": [{"kind": "green_share", "process": "packing", "input": "grid",
                      "share": 0.5, "factor": "solar"}]}
LESS_COKE = {"name": {"zh": "焦炭减 10%", "en": "10 % less coke"},
             "changes": [{"kind": "amount", "process": "smelting", "input": 0,
                          "amount": 900, "unit": "kg"}]}
LOW_CARBON_COKE = {"name": {"zh": "低碳焦炭", "en": "low-carbon coke"},
                   "changes": [{"kind": "factor_value", "factor": "coke", "co2e": 1.5}]}
NO_LUBRICANT_FACTOR = {"name": {"zh": "换因子", "en": "other factor"},
                       "changes": [{"kind": "reference", "process": "packing",
                                    "input": "lubricant", "factor": "coke"}]}

OPTIONS = SensitivityOptions(top=1, cut_offs=(), electricity=())


def _errors(write_model: Callable[..., Path], scenarios: list[dict[str, Any]]) -> list[str]:
    with pytest.raises(ModelValidationError) as info:
        validate_file(write_model(allocation_model(scenarios=scenarios)))
    return [f"{e.field} {e.code}" for e in info.value.errors]


def test_every_scenario_is_computed_in_one_run(write_model: Callable[..., Path]) -> None:
    path = write_model(allocation_model(scenarios=[GREEN, LESS_COKE, LOW_CARBON_COKE,
                                                   NO_LUBRICANT_FACTOR]))
    report = sensitivity_file(path, "AR6", OPTIONS)
    totals = {v.name.en: v.total_co2e_kg for v in report.group(VariantGroup.SCENARIO)}
    assert totals == pytest.approx({
        # 312.4 kWh: half at 0.5, half at 0.05 → 85.91 instead of 156.2
        "50 % green electricity": 1250 - 156.2 + 312.4 * (0.5 * 0.5 + 0.5 * 0.05),
        # 900 kg coke · 2.116 · 0.5 (mass allocation) = 952.2 instead of 1,058
        "10 % less coke": 1250 - 1058 + 900 * 2.116 * 0.5,
        # 1,000 kg · 1.5 · 0.5 = 750 instead of 1,058
        "low-carbon coke": 1250 - 1058 + 750,
        # 2 kg lubricant at 2.116 instead of 3.0
        "other factor": 1250 - 6 + 2 * 2.116,
    }, abs=1e-9)
    green = report.group(VariantGroup.SCENARIO)[0]
    assert green.name == Text("绿电 50%", "50 % green electricity")
    assert green.difference_kg == pytest.approx(85.91 - 156.2, abs=1e-9)
    assert report.base_total == pytest.approx(1250.0, abs=1e-9)  # the base is left as written


def test_a_scenario_changes_neither_the_base_nor_its_input_hash(
        write_model: Callable[..., Path]) -> None:
    from carbonlabel.cli.wiring import quantify_file

    plain = quantify_file(write_model(allocation_model()))
    with_scenarios = quantify_file(write_model(allocation_model(scenarios=[GREEN])))
    assert with_scenarios.total_co2e_kg == plain.total_co2e_kg
    assert with_scenarios.provenance.input_hash == plain.provenance.input_hash


@pytest.mark.parametrize(("change", "expected"), [
    ({"kind": "amount", "process": "melting", "input": 0, "amount": 1, "unit": "kg"},
     "scenarios[0].changes[0].process unknown_reference"),
    ({"kind": "amount", "process": "packing", "input": 7, "amount": 1, "unit": "kg"},
     "scenarios[0].changes[0].input unknown_reference"),
    ({"kind": "amount", "process": "packing", "input": "steam", "amount": 1, "unit": "kg"},
     "scenarios[0].changes[0].input unknown_reference"),
    ({"kind": "green_share", "process": "packing", "input": "grid", "factor": "solar"},
     "scenarios[0].changes[0].share missing"),
    ({"kind": "factor_value", "factor": "diesel", "co2e": 3},
     "scenarios[0].changes[0].factor unknown_reference"),
    ({"kind": "transport_mode", "process": "packing", "mode": "rail", "factor": "coke"},
     "scenarios[0].changes[0].input ambiguous_input"),  # two factor inputs: say which
    ({"kind": "amount", "process": "packing", "input": 1, "unit": "kWh"},
     "scenarios[0].changes[0].amount missing"),
])
def test_a_change_that_cannot_apply_is_named_by_its_field_path(
        write_model: Callable[..., Path], change: dict[str, Any], expected: str) -> None:
    scenario = {"name": {"zh": "坏", "en": "bad"}, "changes": [change]}
    assert _errors(write_model, [scenario]) == [expected]


def test_the_schema_names_the_field_of_a_bad_scenario(write_model: Callable[..., Path]) -> None:
    bad = {"name": {"zh": "x", "en": "x"},
           "changes": [GREEN["changes"][0] | {"share": 1.5}, {"kind": "teleport"}]}
    errors = _errors(write_model, [GREEN, bad])
    assert "scenarios[1].changes[0].share less_than_equal" in errors
    assert "scenarios[1].changes[1].kind enum" in errors


def test_a_scenario_with_an_unknown_library_factor_is_reported_not_computed(
        write_model: Callable[..., Path]) -> None:
    scenario = {"name": {"zh": "未知", "en": "unknown"},
                "changes": [{"kind": "reference", "process": "packing", "input": "grid",
                             "factor": "cn.grid.co2.nowhere"}]}
    report = sensitivity_file(write_model(allocation_model(scenarios=[scenario])), "AR6",
                              OPTIONS)
    (variant,) = report.group(VariantGroup.SCENARIO)
    assert variant.total_co2e_kg is None
    assert variant.note is not None
    assert "processes[1].inputs[1]" in variant.note.en


def _leg_model() -> Any:
    import yaml

    from carbonlabel.adapters.formats.model_file import load_model_text

    model = allocation_model()
    model["processes"].append({
        "id": "truck", "name": {"zh": "公路运输", "en": "road transport"},
        "stage": "raw_material_acquisition", "transport_mode": "road",
        "output": {"amount": 1, "unit": "t*km"},
        "inputs": [{"factor": "lubricant", "amount": 0.01, "unit": "kg"}]})
    return load_model_text(yaml.safe_dump(model), "m.yaml").model


def test_a_transport_leg_takes_another_mode_and_factor() -> None:
    model = _leg_model()
    change = ScenarioChange(ChangeKind.TRANSPORT_MODE, process="truck", mode=TransportMode.RAIL,
                            factor="coke")
    out = apply_scenario(model, 0, Scenario(Text("铁路", "rail"), (change,)))
    truck = out.process("truck")
    assert truck.transport_mode is TransportMode.RAIL
    assert (truck.inputs[0].kind, truck.inputs[0].ref) == (InputKind.FACTOR, "coke")
    assert model.process("truck").transport_mode is TransportMode.ROAD  # a copy was changed


def test_a_green_share_splits_the_input_between_the_two_factors() -> None:
    model = _leg_model()
    change = ScenarioChange(ChangeKind.GREEN_SHARE, process="packing", input="grid",
                            factor="solar", share=0.3)
    packing: Process = apply_scenario(model, 0, Scenario(Text("绿", "green"), (change,))
                                      ).process("packing")
    grid, green = packing.inputs[1], packing.inputs[2]
    assert (grid.ref, grid.quantity) == ("grid", Quantity(pytest.approx(312.4 * 0.7), "kWh"))
    assert (green.ref, green.quantity) == ("solar", Quantity(pytest.approx(312.4 * 0.3), "kWh"))
    assert len(packing.inputs) == len(model.process("packing").inputs) + 1


def test_method_variants_are_computed_without_the_scenarios(
        write_model: Callable[..., Path]) -> None:
    # the scenario names the lubricant (packing's input 2), which every cut-off rule removes
    less_lubricant = {"name": {"zh": "少用润滑油", "en": "less lubricant"},
                      "changes": [{"kind": "amount", "process": "packing", "input": 2,
                                   "amount": 1, "unit": "kg"}]}
    report = sensitivity_file(write_model(allocation_model(scenarios=[less_lubricant])), "AR6",
                              SensitivityOptions(top=1, electricity=()))
    cut_off = report.group(VariantGroup.CUT_OFF)
    assert [v.total_co2e_kg for v in cut_off] == pytest.approx([1244.0] * 4, abs=1e-9)
    (scenario,) = report.group(VariantGroup.SCENARIO)
    assert scenario.total_co2e_kg == pytest.approx(1250 - 3.0, abs=1e-9)  # 1 kg at 3.0
