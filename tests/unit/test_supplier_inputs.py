"""Supplier-specific inputs (`supplier: <PfId>`): lookup, units, reported parts, result JSON.

Every expected number is worked out by hand in the test.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
import yaml

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.adapters.formats import model_schema, result_json
from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.calc.model.background import BackgroundDatabases
from carbonlabel.domain.footprint import FootprintResult
from carbonlabel.domain.model import InputKind
from carbonlabel.domain.supplier import SupplierFootprint, SupplierFootprints
from carbonlabel.errors import DataFormatError, ModelValidationError
from carbonlabel.services.quantify.footprints import calculate_footprint
from tests.conftest import base_model

STEEL = "3f1c2a9e-5b7d-4e21-9a0b-1c2d3e4f5a6b"
RESIN = "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d"


def footprint(pf_id: str = STEEL, **kw: Any) -> SupplierFootprint:
    values: dict[str, Any] = {
        "pf_id": pf_id, "company_name": "宝钢 Baosteel", "product_name": "cold-rolled coil",
        "declared_unit": "kg", "co2e_per_unit": 3.0, "fossil_co2e_per_unit": 2.5,
        "biogenic_removals_per_unit": -0.5, "dluc_per_unit": 0.2, "aircraft_per_unit": 0.1,
        "primary_data_share": 0.4,
    }
    values.update(kw)
    return SupplierFootprint(**values)


def process(pid: str, stage: str = "production", **kw: Any) -> dict[str, Any]:
    return {"id": pid, "name": {"zh": pid, "en": pid}, "stage": stage,
            "output": {"amount": 1, "unit": "piece"}, **kw}


def model_with(*inputs: dict[str, Any], **kw: Any) -> dict[str, Any]:
    m = base_model(processes=[process("main", inputs=list(inputs))], **kw)
    m["unit"]["unit"] = "piece"
    return m


def calc(model: dict[str, Any], *footprints: SupplierFootprint,
         suppliers: SupplierFootprints | None = None) -> FootprintResult:
    loaded = load_model_text(yaml.safe_dump(model, allow_unicode=True), "m.yaml")
    catalogue = suppliers if suppliers is not None else SupplierFootprints(footprints)
    return calculate_footprint(loaded.model, load_gwp_set("AR6"), BackgroundDatabases((), None),
                               suppliers=catalogue)


def field_errors(exc: pytest.ExceptionInfo[ModelValidationError]) -> dict[str, Any]:
    return {e.field: e for e in exc.value.errors}


# -- the model format ------------------------------------------------------------------------

def test_model_schema_accepts_a_supplier_input() -> None:
    m = model_with({"supplier": STEEL, "amount": 2, "unit": "kg", "name": "steel sheet"})
    jsonschema.validate(m, model_schema.json_schema())
    loaded = load_model_text(yaml.safe_dump(m), "m.yaml")
    inp = loaded.model.processes[0].inputs[0]
    assert (inp.kind, inp.ref, inp.quantity.amount, inp.quantity.unit) == (
        InputKind.SUPPLIER, STEEL, 2.0, "kg")


def test_a_supplier_ref_that_is_not_a_uuid_is_refused_with_its_field() -> None:
    m = model_with({"supplier": "steel-coil", "amount": 2, "unit": "kg"})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(m, model_schema.json_schema())
    with pytest.raises(ModelValidationError) as exc:
        load_model_text(yaml.safe_dump(m), "m.yaml")
    assert "processes[0].inputs[0].supplier" in field_errors(exc)


def test_an_input_naming_a_factor_and_a_supplier_is_refused() -> None:
    m = model_with({"supplier": STEEL, "factor": "grid", "amount": 2, "unit": "kg"})
    with pytest.raises(ModelValidationError) as exc:
        load_model_text(yaml.safe_dump(m), "m.yaml")
    err = field_errors(exc)["processes[0].inputs[0]"]
    assert "supplier" in err.message_en
    assert "supplier" in err.message_zh


# -- lookup ----------------------------------------------------------------------------------

def test_an_unknown_pf_id_is_refused_naming_the_field() -> None:
    m = model_with({"supplier": RESIN, "amount": 2, "unit": "kg"})
    with pytest.raises(ModelValidationError) as exc:
        calc(m, footprint())
    err = field_errors(exc)["processes[0].inputs[0].supplier"]
    assert err.code == "unknown_reference"
    assert RESIN in err.message_en
    assert RESIN in err.message_zh


def test_without_a_supplier_catalogue_a_supplier_input_is_refused() -> None:
    m = model_with({"supplier": STEEL, "amount": 2, "unit": "kg"})
    loaded = load_model_text(yaml.safe_dump(m), "m.yaml")
    with pytest.raises(ModelValidationError) as exc:
        calculate_footprint(loaded.model, load_gwp_set("AR6"), BackgroundDatabases((), None))
    assert "no supplier footprints" in field_errors(exc)[
        "processes[0].inputs[0].supplier"].message_en


def test_pf_ids_match_without_case() -> None:
    r = calc(model_with({"supplier": STEEL.upper(), "amount": 1, "unit": "kg"}), footprint())
    assert r.total_co2e_kg == pytest.approx(3.0 - 0.5, rel=1e-12)


def test_the_same_pf_id_with_different_values_is_refused() -> None:
    with pytest.raises(DataFormatError):
        SupplierFootprints([footprint(), footprint(co2e_per_unit=4.0)])
    assert len(SupplierFootprints([footprint(), footprint()])) == 1


# -- units -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("amount", "unit"), [(2000, "g"), (0.002, "t"), (2, "kg")])
def test_the_amount_is_converted_to_the_declared_unit(amount: float, unit: str) -> None:
    r = calc(model_with({"supplier": STEEL, "amount": amount, "unit": unit}), footprint())
    # 2 kg x (3.0 - 0.5) kg CO2e/kg
    assert r.total_co2e_kg == pytest.approx(2 * 2.5, rel=1e-12)
    assert r.supplier_inputs[0].amount == pytest.approx(2.0, rel=1e-12)
    assert r.supplier_inputs[0].unit == "kg"


def test_a_footprint_per_tonne_takes_kilograms() -> None:
    fp = footprint(declared_unit="t", co2e_per_unit=1800.0, fossil_co2e_per_unit=1800.0,
                   biogenic_removals_per_unit=0.0, dluc_per_unit=0.0, aircraft_per_unit=0.0)
    r = calc(model_with({"supplier": STEEL, "amount": 250, "unit": "kg"}), fp)
    assert r.total_co2e_kg == pytest.approx(0.25 * 1800.0, rel=1e-12)


def test_a_density_on_the_input_bridges_volume_to_mass() -> None:
    fp = footprint(co2e_per_unit=0.9, fossil_co2e_per_unit=0.9, biogenic_removals_per_unit=0.0,
                   dluc_per_unit=0.0, aircraft_per_unit=0.0)
    r = calc(model_with({"supplier": STEEL, "amount": 10, "unit": "L", "density": "0.8 kg/L"}),
             fp)
    assert r.total_co2e_kg == pytest.approx(10 * 0.8 * 0.9, rel=1e-12)


def test_an_incompatible_unit_is_refused_with_its_field_path() -> None:
    with pytest.raises(ModelValidationError) as exc:
        calc(model_with({"supplier": STEEL, "amount": 5, "unit": "kWh"}), footprint())
    err = field_errors(exc)["processes[0].inputs[0].unit"]
    assert err.code == "invalid_unit"
    assert "'kWh' (energy)" in err.message_en
    assert "'kg' (mass)" in err.message_en
    assert "无法将「kWh」" in err.message_zh


# -- the reported parts ----------------------------------------------------------------------

def test_supplier_parts_land_in_fossil_dluc_biogenic_removals_and_aircraft() -> None:
    r = calc(model_with({"supplier": STEEL, "amount": 2, "unit": "kg"}), footprint())
    s = r.separate
    # per kg: fossil 2.5, dLUC 0.2, biogenic 3.0 - 2.5 - 0.2 = 0.3, removals -0.5, air 0.1
    assert s.fossil_co2e_kg == pytest.approx(2 * 2.5, rel=1e-12)
    assert s.dluc_co2e_kg == pytest.approx(2 * 0.2, rel=1e-12)
    assert s.biogenic_emissions_co2e_kg == pytest.approx(2 * 0.3, rel=1e-12)
    assert s.biogenic_removals_co2e_kg == pytest.approx(2 * -0.5, rel=1e-12)
    assert s.aircraft_co2e_kg == pytest.approx(2 * 0.1, rel=1e-12)
    assert s.unsplit_co2e_kg == pytest.approx(2 * (3.0 - 0.5), rel=1e-12)
    assert r.total_co2e_kg == pytest.approx(2 * (3.0 - 0.5), rel=1e-12)


def test_two_process_model_with_a_supplier_input_adds_up_by_hand() -> None:
    m = base_model(processes=[
        process("main", inputs=[{"process": "part", "amount": 1, "unit": "piece"},
                                {"factor": "grid", "amount": 100, "unit": "kWh"}],
                emissions=[{"gas": "CO2", "amount": 10, "unit": "kg", "primary": True}]),
        process("part", "raw_material_acquisition",
                inputs=[{"supplier": STEEL, "amount": 2, "unit": "kg", "name": "steel"}]),
    ])
    m["unit"]["unit"] = "piece"
    r = calc(m, footprint())
    # 100 kWh x 0.5 + 2 kg x (3.0 - 0.5) + 10 kg CO2 = 50 + 5 + 10
    assert r.total_co2e_kg == pytest.approx(65.0, rel=1e-12)
    # the grid factor is published as CO2e only: not split by gas, not fossil
    assert r.separate.fossil_co2e_kg == pytest.approx(2 * 2.5 + 10, rel=1e-12)
    assert r.separate.not_split_co2e_kg == pytest.approx(50, rel=1e-12)
    (x,) = r.supplier_inputs
    assert (x.process, x.input, x.name, x.pf_id, x.company_name) == (
        "part", "processes[1].inputs[0]", "steel", STEEL, "宝钢 Baosteel")
    assert x.co2e_kg == pytest.approx(5.0, rel=1e-12)
    assert x.primary_data_share == 0.4
    hot = {h.item: h.co2e_kg for h in r.hotspots}
    assert hot[f"supplier:{STEEL}"] == pytest.approx(5.0, rel=1e-12)


def test_a_footprint_made_with_another_gwp_set_warns() -> None:
    r = calc(model_with({"supplier": STEEL, "amount": 1, "unit": "kg"}),
             footprint(gwp_set="AR5"))
    (warning,) = [w for w in r.warnings if "AR6" in w]
    english, chinese = warning.split(" / ")
    assert f"{STEEL} (AR5)" in english
    assert f"{STEEL}「cold-rolled coil」（AR5）" in chinese  # both halves name it


def test_the_supplier_footprint_enters_the_input_hash() -> None:
    m = model_with({"supplier": STEEL, "amount": 1, "unit": "kg"})
    a, b = calc(m, footprint()), calc(m, footprint(co2e_per_unit=3.5))
    assert a.provenance.input_hash != b.provenance.input_hash
    assert a.provenance.input_hash == calc(m, footprint()).provenance.input_hash


@pytest.mark.parametrize(("change", "field"), [
    ({"biogenic_removals_per_unit": 0.5}, "biogenic_removals_per_unit"),
    ({"primary_data_share": 40.0}, "primary_data_share"),
    ({"fossil_co2e_per_unit": 3.5}, "fossil_co2e_per_unit"),
    ({"dluc_per_unit": -0.1}, "dluc_per_unit"),
])
def test_inconsistent_supplier_footprints_are_refused(change: dict[str, Any], field: str) -> None:
    with pytest.raises(DataFormatError) as exc:
        footprint(**change)
    assert exc.value.field == field
    assert STEEL in exc.value.message_en


# -- model fields carried to the result and the result JSON -----------------------------------

def test_fossil_carbon_content_and_product_mass_reach_the_result() -> None:
    m = model_with({"supplier": STEEL, "amount": 2, "unit": "kg"},
                   fossil_carbon_content="500 g", product_mass="2.2 kg")
    jsonschema.validate(m, model_schema.json_schema())
    r = calc(m, footprint())
    assert r.fossil_carbon_content_kg_c == pytest.approx(0.5, rel=1e-12)
    assert r.product_mass_kg == pytest.approx(2.2, rel=1e-12)
    body = result_json.result_to_dict(r)
    assert body["fossil_carbon_content_kg_c"] == pytest.approx(0.5, rel=1e-12)
    assert body["product_mass_kg"] == pytest.approx(2.2, rel=1e-12)


def test_a_product_mass_that_is_not_a_mass_is_refused() -> None:
    m = model_with({"factor": "grid", "amount": 1, "unit": "kWh"}, product_mass="3 kWh")
    with pytest.raises(ModelValidationError) as exc:
        calc(m)
    assert field_errors(exc)["product_mass"].code == "invalid_unit"


def test_result_json_round_trips_with_supplier_inputs() -> None:
    r = calc(model_with({"supplier": STEEL, "amount": 2, "unit": "kg"}), footprint())
    text = result_json.result_to_json(r)
    body = json.loads(text)
    jsonschema.validate(body, result_json.json_schema())
    assert body["primary_data_share"] == pytest.approx(0.4, rel=1e-12)
    assert body["supplier_inputs"][0]["pf_id"] == STEEL
    assert body["supplier_inputs"][0]["co2e_kg"] == pytest.approx(5.0, rel=1e-12)
    assert result_json.result_from_json(text) == r


def test_result_json_round_trips_without_supplier_inputs() -> None:
    r = calc(model_with({"factor": "grid", "amount": 4, "unit": "kWh"}))
    body = result_json.result_to_dict(r)
    assert body["supplier_inputs"] == []
    assert body["fossil_carbon_content_kg_c"] is None
    assert body["product_mass_kg"] is None
    assert result_json.result_from_dict(body) == r


def test_a_stored_result_without_the_new_keys_still_loads_and_conforms() -> None:
    r = calc(model_with({"supplier": STEEL, "amount": 2, "unit": "kg"}), footprint())
    old = result_json.result_to_dict(r)
    for key in ("primary_data_share", "supplier_inputs", "fossil_carbon_content_kg_c",
                "product_mass_kg"):
        del old[key]
    jsonschema.validate(old, result_json.json_schema())
    back = result_json.result_from_dict(old)
    assert back.primary_data_share is None
    assert back.supplier_inputs == ()
    assert back.fossil_carbon_content_kg_c is None
    assert back.product_mass_kg is None
    assert back.total_co2e_kg == r.total_co2e_kg


def test_something_that_is_not_a_result_is_refused() -> None:
    with pytest.raises(DataFormatError):
        result_json.result_from_dict({"total_co2e_kg": 1.0})
    with pytest.raises(DataFormatError):
        result_json.result_from_json("[1, 2]")


@pytest.mark.parametrize(("valid_until", "warned"), [
    ("2024-06-01", True),   # expired mid-period
    ("2024-12-31", True),   # validity ends (exclusive) on the period's last day
    ("2027-12-31", False),  # covers the whole reference period
])
def test_a_supplier_footprint_that_does_not_cover_the_reference_period_is_flagged(
        valid_until: str, warned: bool) -> None:
    model = model_with({"supplier": STEEL, "amount": 1, "unit": "kg"},
                       period={"start": "2024-01-01", "end": "2024-12-31"})
    result = calc(model, footprint(valid_until=valid_until))
    flagged = [w for w in result.warnings if STEEL in w and "valid until" in w]
    assert bool(flagged) is warned
    assert result.total_co2e_kg == pytest.approx(3.0 - 0.5)  # used either way: flagged only
