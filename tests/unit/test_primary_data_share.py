"""The primary-data share (PACT) of every result, checked against arithmetic written out here.

PDS = Σ |eᵢ| pᵢ / Σ |eᵢ| over the contribution lines, eᵢ without biogenic CO2 uptake; pᵢ = 1
for a direct emission or an input flagged primary, the supplier's own share for a supplier
input, 0 otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.calc.model.background import BackgroundDatabases
from carbonlabel.cli import render
from carbonlabel.cli.app import main
from carbonlabel.domain.footprint import FootprintResult
from carbonlabel.domain.supplier import SupplierFootprint, SupplierFootprints
from carbonlabel.services.quantify.footprints import calculate_footprint
from tests.conftest import base_model

PF = "6f9a1c3e-2b4d-4c5e-8f70-112233445566"


def supplier(share: float | None = 0.4) -> SupplierFootprint:
    return SupplierFootprint(
        pf_id=PF, company_name="华东铝业 East China Aluminium", product_name="aluminium ingot",
        declared_unit="kg", co2e_per_unit=3.0, fossil_co2e_per_unit=3.0,
        biogenic_removals_per_unit=0.0, dluc_per_unit=0.0, aircraft_per_unit=0.0,
        primary_data_share=share)


def process(pid: str, stage: str = "production", **kw: Any) -> dict[str, Any]:
    return {"id": pid, "name": {"zh": pid, "en": pid}, "stage": stage,
            "output": {"amount": 1, "unit": "kg"}, **kw}


def calc(processes: list[dict[str, Any]], *footprints: SupplierFootprint) -> FootprintResult:
    m = base_model(processes=processes)
    loaded = load_model_text(yaml.safe_dump(m, allow_unicode=True), "m.yaml")
    return calculate_footprint(loaded.model, load_gwp_set("AR6"), BackgroundDatabases((), None),
                               suppliers=SupplierFootprints(footprints))


def two_process_model() -> list[dict[str, Any]]:
    """100 kWh of grid power (secondary, 0.5 kg/kWh), 2 kg of supplier metal (3 kg CO2e/kg,
    supplier PDS 40 %) in an upstream process, and 10 kg of measured direct CO2."""
    return [
        process("main", inputs=[{"process": "metal", "amount": 1, "unit": "kg"},
                                {"factor": "grid", "amount": 100, "unit": "kWh"}],
                emissions=[{"gas": "CO2", "amount": 10, "unit": "kg", "primary": True}]),
        process("metal", "raw_material_acquisition",
                inputs=[{"supplier": PF, "amount": 2, "unit": "kg"}]),
    ]


def test_primary_share_of_a_two_process_model_by_hand() -> None:
    r = calc(two_process_model(), supplier())
    grid, metal, direct = 100 * 0.5, 2 * 3.0, 10.0
    assert r.total_co2e_kg == pytest.approx(grid + metal + direct, rel=1e-12)
    # primary: the direct CO2 whole, the metal at the supplier's 40 %, the grid not at all
    expected = (direct * 1.0 + metal * 0.4 + grid * 0.0) / (grid + metal + direct)
    assert r.primary_data_share == pytest.approx(expected, rel=1e-12)
    assert r.primary_data_share == pytest.approx(12.4 / 66, rel=1e-12)


def test_a_supplier_without_a_share_counts_as_secondary() -> None:
    r = calc(two_process_model(), supplier(None))
    assert r.primary_data_share == pytest.approx(10 / 66, rel=1e-12)
    assert r.supplier_inputs[0].primary_data_share is None


def test_an_input_flagged_primary_counts_as_primary() -> None:
    r = calc([process("main", inputs=[
        {"factor": "grid", "amount": 100, "unit": "kWh", "primary": True},
        {"factor": "grid", "amount": 60, "unit": "kWh"}])])
    # 50 kg of 80 kg rests on metered (primary) activity data
    assert r.primary_data_share == pytest.approx(50 / 80, rel=1e-12)


def test_direct_emissions_not_flagged_primary_are_secondary() -> None:
    r = calc([process("main", inputs=[{"factor": "grid", "amount": 20, "unit": "kWh"}],
                      emissions=[{"gas": "CO2", "amount": 10, "unit": "kg", "primary": True},
                                 {"gas": "CO2", "amount": 5, "unit": "kg"}])])
    assert r.primary_data_share == pytest.approx(10 / (10 + 5 + 20 * 0.5), rel=1e-12)


def test_biogenic_removals_count_in_neither_sum() -> None:
    r = calc([process("main", inputs=[{"factor": "grid", "amount": 10, "unit": "kWh"}],
                      emissions=[{"gas": "CO2", "amount": 10, "unit": "kg", "primary": True}],
                      removals=[{"amount": 4, "unit": "kg"}])])
    assert r.total_co2e_kg == pytest.approx(10 + 5 - 4, rel=1e-12)
    assert r.primary_data_share == pytest.approx(10 / (10 + 5), rel=1e-12)


def test_a_supplier_uptake_does_not_enter_the_share() -> None:
    fp = SupplierFootprint(
        pf_id=PF, company_name="林业 Forestry", product_name="timber", declared_unit="kg",
        co2e_per_unit=0.2, fossil_co2e_per_unit=0.2, biogenic_removals_per_unit=-1.6,
        dluc_per_unit=0.0, aircraft_per_unit=0.0, primary_data_share=1.0)
    r = calc([process("main", inputs=[{"supplier": PF, "amount": 5, "unit": "kg"},
                                      {"factor": "grid", "amount": 2, "unit": "kWh"}])], fp)
    assert r.total_co2e_kg == pytest.approx(5 * (0.2 - 1.6) + 2 * 0.5, rel=1e-12)
    assert r.primary_data_share == pytest.approx(5 * 0.2 / (5 * 0.2 + 2 * 0.5), rel=1e-12)


def test_a_substitution_credit_weighs_by_its_size() -> None:
    r = calc([process("main", emissions=[{"gas": "CO2", "amount": 10, "unit": "kg",
                                          "primary": True}],
                      co_products=[{"name": "exported power", "amount": 8, "unit": "kWh",
                                    "substitutes": {"factor": "grid", "amount": 8,
                                                    "unit": "kWh"}}])])
    assert r.total_co2e_kg == pytest.approx(10 - 8 * 0.5, rel=1e-12)
    assert r.primary_data_share == pytest.approx(10 / (10 + 4), rel=1e-12)


def test_nothing_to_weigh_gives_no_share() -> None:
    r = calc([process("main", removals=[{"amount": 3, "unit": "kg", "primary": True}])])
    assert r.total_co2e_kg == pytest.approx(-3.0, rel=1e-12)
    assert r.primary_data_share is None


def test_calc_shows_the_primary_share_in_text_and_json(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    m = base_model(processes=[process("main", inputs=[
        {"factor": "grid", "amount": 3, "unit": "kWh", "primary": True},
        {"factor": "grid", "amount": 1, "unit": "kWh"}])])
    path = write_model(m)
    assert main(["calc", str(path)]) == 0
    out = capsys.readouterr().out
    assert "初级数据占比 primary-data share" in out
    assert "75.0%" in out  # 1.5 of 2 kg CO2e
    assert main(["calc", str(path), "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["primary_data_share"] == pytest.approx(0.75, rel=1e-12)
    assert body["supplier_inputs"] == []


def test_the_text_output_lists_supplier_inputs() -> None:
    r = calc(two_process_model(), supplier())
    console = Console(record=True, width=200)
    render.print_result(console, r, "stage", 5)
    text = console.export_text()
    assert "供应商特定输入 Supplier-specific inputs" in text
    assert PF in text
    assert "华东铝业 East China Aluminium" in text
    assert "40.0%" in text  # the supplier's own share
    assert "18.8%" in text  # the result's share, 12.4 / 66
