"""Small hand-made models, each checked against arithmetic written out here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from carbonlabel.cli.wiring import quantify_file
from carbonlabel.domain.footprint import FootprintResult
from tests.conftest import base_model

Compute = Callable[..., FootprintResult]

# IPCC AR6 GWP100 (Table 7.15) and AR5 (Table 8.A.1)
CH4_FOSSIL, CH4_BIO, N2O = 29.8, 27.0, 273.0


@pytest.fixture
def compute(write_model: Callable[..., Path]) -> Compute:
    def run(model: dict[str, Any], gwp: str = "AR6") -> FootprintResult:
        return quantify_file(write_model(model), gwp)

    return run


def factor(fid: str, unit: str, **kw: Any) -> dict[str, Any]:
    return {"id": fid, "name": {"zh": fid, "en": fid}, "unit": unit,
            "source": {"note": "test"}, **kw}


def process(pid: str, stage: str = "production", amount: float = 1, unit: str = "kg",
            **kw: Any) -> dict[str, Any]:
    return {"id": pid, "name": {"zh": pid, "en": pid}, "stage": stage,
            "output": {"amount": amount, "unit": unit}, **kw}


def test_single_process_total_is_activity_times_factor(compute: Compute) -> None:
    r = compute(base_model())
    assert r.total_co2e_kg == pytest.approx(2 * 0.5, rel=1e-12)


def test_gases_are_weighted_with_ar6_and_ar5_on_request(compute: Compute) -> None:
    m = base_model(
        factors=[factor("fuel", "kg", gases=[{"gas": "CO2", "amount": 3.0},
                                             {"gas": "CH4", "amount": 0.001},
                                             {"gas": "N2O", "amount": 0.0001}])],
        processes=[process("main", inputs=[{"factor": "fuel", "amount": 2, "unit": "kg"}],
                           emissions=[{"gas": "CH4", "origin": "biogenic", "amount": 0.01,
                                       "unit": "kg"}])],
    )
    ar6 = compute(m)
    assert ar6.total_co2e_kg == pytest.approx(
        2 * (3.0 + 0.001 * CH4_FOSSIL + 0.0001 * N2O) + 0.01 * CH4_BIO, rel=1e-12)
    ar5 = compute(m, "AR5")
    assert ar5.total_co2e_kg == pytest.approx(
        2 * (3.0 + 0.001 * 30 + 0.0001 * 265) + 0.01 * 28, rel=1e-12)
    assert ar5.provenance.gwp_set == "AR5"
    gases = {(g.gas, g.category): g.mass_kg for g in ar6.by_gas}
    assert gases[("CH4", "fossil")] == pytest.approx(0.002)
    assert gases[("CH4", "biogenic")] == pytest.approx(0.01)


def test_mass_allocation_shares_burdens_by_mass(compute: Compute) -> None:
    # 10 kg product + 30 kg co-product (in t) from 8 kWh: product gets 10/40 of 8 kWh.
    m = base_model(processes=[process(
        "main", amount=10, inputs=[{"factor": "grid", "amount": 8, "unit": "kWh"}],
        co_products=[{"name": "by-product", "amount": 0.03, "unit": "t"}],
        allocation={"method": "mass"})])
    m["unit"]["amount"] = 1
    r = compute(m)
    assert r.total_co2e_kg == pytest.approx(8 * 0.5 * (10 / 40) / 10, rel=1e-12)


def test_economic_allocation_uses_amount_times_price(compute: Compute) -> None:
    m = base_model(processes=[process(
        "main", amount=2, inputs=[{"factor": "grid", "amount": 10, "unit": "kWh"}],
        co_products=[{"name": "co", "amount": 4, "unit": "kg", "price": "0.5 CNY/kg"}],
        allocation={"method": "economic", "reference_price": "3 CNY/kg"})])
    r = compute(m)
    share = (2 * 3) / (2 * 3 + 4 * 0.5)
    assert r.total_co2e_kg == pytest.approx(10 * 0.5 * share / 2, rel=1e-12)


def test_energy_allocation_uses_heating_values(compute: Compute) -> None:
    m = base_model(processes=[process(
        "main", amount=1, inputs=[{"factor": "grid", "amount": 10, "unit": "kWh"}],
        co_products=[{"name": "gas", "amount": 500, "unit": "g", "energy_content": "50 MJ/kg"}],
        allocation={"method": "energy", "reference_energy_content": "20 MJ/kg"})])
    r = compute(m)
    assert r.total_co2e_kg == pytest.approx(10 * 0.5 * 20 / (20 + 0.5 * 50), rel=1e-12)


def test_explicit_allocation_factors(compute: Compute) -> None:
    m = base_model(processes=[process(
        "main", inputs=[{"factor": "grid", "amount": 10, "unit": "kWh"}],
        co_products=[{"name": "co", "amount": 1, "unit": "kg", "factor": 0.3}],
        allocation={"method": "explicit", "reference_factor": 0.7})])
    assert compute(m).total_co2e_kg == pytest.approx(10 * 0.5 * 0.7, rel=1e-12)


def test_substitution_credits_the_avoided_product(compute: Compute) -> None:
    # waste heat exported replaces 3 kWh of grid electricity
    m = base_model(processes=[process(
        "main", inputs=[{"factor": "grid", "amount": 10, "unit": "kWh"}],
        co_products=[{"name": "electricity exported", "amount": 3, "unit": "kWh",
                      "substitutes": {"factor": "grid", "amount": 3, "unit": "kWh"}}])])
    assert compute(m).total_co2e_kg == pytest.approx((10 - 3) * 0.5, rel=1e-12)


def test_recycling_loop_is_solved_exactly(compute: Compute) -> None:
    # main: 1 kg needs 2 kWh and 0.5 kg of part; part: 1 kg needs 1 kWh and 0.2 kg of main.
    # s_main = 1 + 0.2 s_part, s_part = 0.5 s_main  ->  s_main = 1 / 0.9, s_part = 0.5 / 0.9
    m = base_model(processes=[
        process("main", inputs=[{"factor": "grid", "amount": 2, "unit": "kWh"},
                                {"process": "part", "amount": 500, "unit": "g"}]),
        process("part", stage="raw_material_acquisition",
                inputs=[{"factor": "grid", "amount": 1, "unit": "kWh"},
                        {"process": "main", "amount": 0.2, "unit": "kg"}]),
    ])
    r = compute(m)
    s_main, s_part = 1 / 0.9, 0.5 / 0.9
    assert r.total_co2e_kg == pytest.approx((2 * s_main + 1 * s_part) * 0.5, rel=1e-12)
    stages = {s.stage.value: s.co2e_kg for s in r.by_stage}
    assert stages["raw_material_acquisition"] == pytest.approx(s_part * 0.5, rel=1e-12)
    loop_nodes = next(c for c in r.tree.children if c.key == "part").children
    assert any(n.loop for n in loop_nodes)


def test_biogenic_uptake_is_reported_apart_and_counts_negative(compute: Compute) -> None:
    m = base_model(
        processes=[process(
            "main", stage="raw_material_acquisition",
            inputs=[{"factor": "grid", "amount": 2, "unit": "kWh"}],
            emissions=[{"gas": "CO2", "origin": "biogenic", "amount": 0.4, "unit": "kg"},
                       {"gas": "CO2", "origin": "dluc", "amount": 0.1, "unit": "kg"}],
            removals=[{"gas": "CO2", "amount": 1.5, "unit": "kg"}])],
        biogenic_carbon_content="0.3 kg",
    )
    r = compute(m)
    assert r.total_co2e_kg == pytest.approx(1.0 + 0.4 + 0.1 - 1.5, rel=1e-12)
    sep = r.separate
    assert sep.biogenic_removals_co2e_kg == pytest.approx(-1.5)
    assert sep.biogenic_emissions_co2e_kg == pytest.approx(0.4)
    assert sep.dluc_co2e_kg == pytest.approx(0.1)
    assert sep.unsplit_co2e_kg == pytest.approx(1.0)
    assert sep.biogenic_carbon_content_kg_c == pytest.approx(0.3)
    assert sep.biogenic_carbon_content_kg_co2 == pytest.approx(0.3 * 44.0095 / 12.011)


def test_transport_leg_uses_mass_times_distance_and_is_reported(compute: Compute) -> None:
    # 1 kg product needs 1 kg of part trucked 500 km (0.5 t·km) and flown 1000 km (1 t·km)
    m = base_model(
        factors=[factor("grid", "kWh", co2e=0.5),
                 factor("truck", "t*km", gases=[{"gas": "CO2", "amount": 0.1}]),
                 factor("plane", "tkm", gases=[{"gas": "CO2", "amount": 1.2}])],
        processes=[
            process("main", inputs=[{"process": "road", "amount": 1, "unit": "kg"},
                                    {"process": "air", "amount": 1, "unit": "kg"}]),
            process("road", stage="raw_material_acquisition", transport_mode="road",
                    inputs=[{"factor": "truck", "mass": "1 kg", "distance": "500 km"}]),
            process("air", stage="raw_material_acquisition", transport_mode="air",
                    inputs=[{"factor": "plane", "mass": "0.001 t", "distance": "1000 km"}]),
        ])
    r = compute(m)
    road, air = 0.5 * 1e-3 * 0.1 * 1000, 1.0 * 1e-3 * 1.2 * 1000
    # mass in kg × km converted to t·km: 1 kg × 500 km = 0.5 t·km
    assert r.total_co2e_kg == pytest.approx(0.5 * 0.1 + 1.0 * 1.2, rel=1e-12)
    assert road + air == pytest.approx(r.total_co2e_kg)
    assert r.separate.aircraft_co2e_kg == pytest.approx(1.2, rel=1e-12)
    assert r.separate.transport_co2e_kg == pytest.approx(1.25, rel=1e-12)
    stage = next(s for s in r.by_stage if s.stage.value == "raw_material_acquisition")
    assert stage.transport_co2e_kg == pytest.approx(1.25, rel=1e-12)


def test_units_convert_litres_with_density_and_gas_volume_with_heating_value(
        compute: Compute) -> None:
    m = base_model(
        factors=[factor("diesel", "kg", gases=[{"gas": "CO2", "amount": 3.16}]),
                 factor("ng", "MJ", gases=[{"gas": "CO2", "amount": 0.056}]),
                 factor("grid", "MJ", co2e=0.2),
                 factor("coal", "kgce", co2e=2.66)],
        processes=[process("main", amount=1, unit="t", inputs=[
            {"factor": "diesel", "amount": 10, "unit": "L", "density": "0.84 kg/L"},
            {"factor": "ng", "amount": 2, "unit": "m³", "heating_value": "38.9 MJ/m3"},
            {"factor": "grid", "amount": 1, "unit": "kWh"},
            {"factor": "coal", "amount": 29.3076, "unit": "MJ"},
        ])])
    m["unit"]["amount"] = 500  # kg of a product whose process makes 1 t
    r = compute(m)
    per_t = 10 * 0.84 * 3.16 + 2 * 38.9 * 0.056 + 3.6 * 0.2 + 1.0 * 2.66
    assert r.total_co2e_kg == pytest.approx(per_t * 0.5, rel=1e-12)


def test_breakdowns_each_add_up_to_the_total(compute: Compute) -> None:
    m = base_model(processes=[
        process("main", inputs=[{"factor": "grid", "amount": 2, "unit": "kWh"},
                                {"process": "part", "amount": 3, "unit": "kg"}],
                emissions=[{"gas": "N2O", "amount": 0.001, "unit": "kg"}]),
        process("part", stage="raw_material_acquisition",
                inputs=[{"factor": "grid", "amount": 0.7, "unit": "kWh"}]),
    ])
    r = compute(m)
    total = r.total_co2e_kg
    assert total == pytest.approx(2 * 0.5 + 3 * 0.7 * 0.5 + 0.001 * N2O, rel=1e-12)
    assert sum(s.co2e_kg for s in r.by_stage) == pytest.approx(total, rel=1e-12)
    assert sum(p.co2e_kg for p in r.by_process) == pytest.approx(total, rel=1e-12)
    assert sum(g.co2e_kg for g in r.by_gas) == pytest.approx(total, rel=1e-12)
    assert sum(h.co2e_kg for h in r.hotspots) == pytest.approx(total, rel=1e-12)
    assert sum(c.co2e_kg for c in r.tree.children) == pytest.approx(total, rel=1e-12)
    sep = r.separate
    assert sep.not_split_co2e_kg is not None
    assert (sep.fossil_co2e_kg + sep.biogenic_emissions_co2e_kg + sep.biogenic_removals_co2e_kg
            + sep.dluc_co2e_kg + sep.not_split_co2e_kg) == pytest.approx(total, rel=1e-12)


def test_data_quality_is_weighted_by_contribution(compute: Compute) -> None:
    m = base_model(
        factors=[factor("a", "kg", co2e=1.0, dq={"TeR": 1, "GeR": 1, "TiR": 1, "P": 1}),
                 factor("b", "kg", co2e=1.0)],
        processes=[process("main", inputs=[
            {"factor": "a", "amount": 3, "unit": "kg"},
            {"factor": "b", "amount": 1, "unit": "kg", "dq": {"TeR": 5, "GeR": 5, "TiR": 5,
                                                             "P": 5}}])])
    q = compute(m).quality
    assert q is not None
    assert q.dqr == pytest.approx((3 * 1 + 1 * 5) / 4)
    assert q.coverage == pytest.approx(1.0)


def test_result_records_what_reproduces_it(compute: Compute) -> None:
    a = compute(base_model())
    b = compute(base_model())
    assert a.provenance.input_hash == b.provenance.input_hash
    changed = base_model()
    changed["processes"][0]["inputs"][0]["amount"] = 2.0000001
    assert compute(changed).provenance.input_hash != a.provenance.input_hash
    assert compute(base_model(), "AR5").provenance.input_hash != a.provenance.input_hash
    assert a.provenance.engine_version
    assert a.provenance.gwp_set == "AR6"
