"""What a result reports beside its total: aircraft emissions, CO2e not split by gas, the
end-of-life approach, shares when removals exist, and what the study report claims. Every
number is hand arithmetic written here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from carbonlabel.adapters.formats.result_json import json_schema, result_to_dict
from carbonlabel.cli.wiring import quantify_file
from carbonlabel.domain.footprint import FootprintResult
from carbonlabel.domain.model import category_transport_mode, dataset_transport_mode
from carbonlabel.domain.product import TransportMode
from carbonlabel.errors import ModelValidationError
from tests.conftest import base_model

Compute = Callable[..., FootprintResult]

# IPCC AR6 GWP100 (WG1 Ch7 Table 7.15)
CH4_FOSSIL, N2O = 29.8, 273.0
# DESNZ 2025 "Freighting goods > Freight flights > Long-haul, to/from UK > Without RF", per
# tonne.km: CO2 0.52583 kg; CH4 0.00006 and N2O 0.00542 kg CO2e with AR5 (28, 265).
AIR_LONG_HAUL = "uk.desnz.freight.freight-flights.long-haul-to-from-uk.without-rf"
AIR_PER_TKM = 0.52583 + 0.00006 / 28 * CH4_FOSSIL + 0.00542 / 265 * N2O


@pytest.fixture
def compute(write_model: Callable[..., Path]) -> Compute:
    def run(model: dict[str, Any]) -> FootprintResult:
        return quantify_file(write_model(model))

    return run


def process(pid: str, stage: str = "production", **kw: Any) -> dict[str, Any]:
    return {"id": pid, "name": {"zh": pid, "en": pid}, "stage": stage,
            "output": {"amount": 1, "unit": "kg"}, **kw}


def factor(fid: str, unit: str, **kw: Any) -> dict[str, Any]:
    return {"id": fid, "name": {"zh": fid, "en": fid}, "unit": unit,
            "source": {"note": "test"}, **kw}


# -- aircraft ----------------------------------------------------------------------------------

def test_an_air_freight_library_factor_used_directly_counts_as_aircraft(
        compute: Compute) -> None:
    # 1 kg of product: 2 kWh of grid (0.5 kg CO2e/kWh) and 0.2 t flown 3000 km = 600 t·km,
    # booked in the production process itself (no process marked transport_mode: air)
    m = base_model(processes=[process("main", inputs=[
        {"factor": "grid", "amount": 2, "unit": "kWh"},
        {"factor": AIR_LONG_HAUL, "geography": "GB", "year": 2025,
         "mass": "0.2 t", "distance": "3000 km"}])])
    r = compute(m)
    air = 600 * AIR_PER_TKM
    assert r.total_co2e_kg == pytest.approx(2 * 0.5 + air, rel=1e-12)
    assert r.separate.aircraft_co2e_kg == pytest.approx(air, rel=1e-12)
    assert r.separate.transport_co2e_kg == pytest.approx(air, rel=1e-12)
    assert r.by_stage[0].transport_co2e_kg == pytest.approx(air, rel=1e-12)


def test_a_model_factor_with_transport_mode_air_counts_as_aircraft(compute: Compute) -> None:
    m = base_model(
        factors=[factor("grid", "kWh", co2e=0.5),
                 factor("plane", "t*km", transport_mode="air",
                        gases=[{"gas": "CO2", "amount": 1.2}])],
        processes=[process("main", inputs=[{"factor": "grid", "amount": 2, "unit": "kWh"},
                                           {"factor": "plane", "amount": 3, "unit": "t*km"}])])
    r = compute(m)
    assert r.total_co2e_kg == pytest.approx(2 * 0.5 + 3 * 1.2, rel=1e-12)
    assert r.separate.aircraft_co2e_kg == pytest.approx(3 * 1.2, rel=1e-12)


def test_a_process_marked_air_is_counted_once_with_its_air_factor(compute: Compute) -> None:
    m = base_model(
        factors=[factor("grid", "kWh", co2e=0.5),
                 factor("plane", "t*km", transport_mode="air",
                        gases=[{"gas": "CO2", "amount": 1.2}])],
        processes=[process("main", inputs=[{"factor": "grid", "amount": 2, "unit": "kWh"},
                                           {"process": "fly", "amount": 1, "unit": "kg"}]),
                   process("fly", transport_mode="air",
                           inputs=[{"factor": "plane", "amount": 3, "unit": "t*km"},
                                   {"factor": "grid", "amount": 1, "unit": "kWh"}])])
    r = compute(m)
    # the whole air leg (3 × 1.2 + 1 × 0.5) counts once, not its factor a second time
    assert r.separate.aircraft_co2e_kg == pytest.approx(3 * 1.2 + 0.5, rel=1e-12)
    assert r.separate.transport_co2e_kg == pytest.approx(3 * 1.2 + 0.5, rel=1e-12)


# -- CO2e not split by gas ---------------------------------------------------------------------

def test_a_co2e_only_factor_is_reported_as_not_split_by_gas_not_as_fossil(
        compute: Compute) -> None:
    # grid: published as CO2e only (0.5 kg/kWh × 2 kWh); fuel: split, 0.3 kg fossil CO2
    m = base_model(
        factors=[factor("grid", "kWh", co2e=0.5),
                 factor("fuel", "kg", gases=[{"gas": "CO2", "amount": 0.3}])],
        processes=[process("main", inputs=[{"factor": "grid", "amount": 2, "unit": "kWh"},
                                           {"factor": "fuel", "amount": 1, "unit": "kg"}])])
    r = compute(m)
    sep = r.separate
    assert r.total_co2e_kg == pytest.approx(1.0 + 0.3, rel=1e-12)
    assert sep.fossil_co2e_kg == pytest.approx(0.3, rel=1e-12)
    assert sep.not_split_co2e_kg == pytest.approx(1.0, rel=1e-12)
    assert (sep.fossil_co2e_kg + sep.not_split_co2e_kg + sep.biogenic_emissions_co2e_kg
            + sep.biogenic_removals_co2e_kg + sep.dluc_co2e_kg) == pytest.approx(1.3, rel=1e-12)
    body = result_to_dict(r)
    assert body["separate"]["not_split_co2e_kg"] == pytest.approx(1.0, rel=1e-12)
    assert "not_split_co2e_kg" in json_schema()["$defs"]["SeparateReporting"]["properties"]


# -- end of life -------------------------------------------------------------------------------

def _recycled_part(**extra: Any) -> dict[str, Any]:
    """1 part: 0.4 kg recycled aluminium taken burden-free (0.2 kg CO2e/kg remelting) and,
    at end of life, 0.4 kg aluminium sent to recycling credited as avoided primary aluminium
    (4.0 kg CO2e/kg): 0.4 × 0.2 − 0.4 × 4.0 = −1.52 kg CO2e per part."""
    return base_model(
        unit={"kind": "functional", "description": {"zh": "1 个", "en": "1 part"},
              "amount": 1, "unit": "kg", "process": "main"},
        boundary="cradle-to-grave",
        factors=[factor("al-remelt", "kg", co2e=0.2), factor("al-primary", "kg", co2e=4.0)],
        processes=[
            process("main", inputs=[{"factor": "al-remelt", "amount": 0.4, "unit": "kg",
                                     "recycled_material": "aluminium"},
                                    {"process": "eol", "amount": 1, "unit": "kg"}]),
            process("eol", stage="end_of_life", co_products=[{
                "name": "aluminium to recycling", "amount": 0.4, "unit": "kg",
                "recycled_material": "aluminium",
                "substitutes": {"factor": "al-primary", "amount": 0.4, "unit": "kg"}}]),
        ], **extra)


def test_recycled_content_and_a_recycling_credit_for_the_same_material_are_refused(
        compute: Compute) -> None:
    for approach in ("cut_off", "avoided_burden"):
        with pytest.raises(ModelValidationError) as exc:
            compute(_recycled_part(end_of_life={"approach": approach}))
        errors = {e.field: e for e in exc.value.errors}
        err = errors["processes[1].co_products[0].substitutes"]
        assert err.code == "recycling_counted_twice"
        assert "aluminium" in err.message_en
        assert "processes[0].inputs[0]" in err.message_en


def test_a_recycling_credit_under_the_default_cut_off_approach_is_refused(
        compute: Compute) -> None:
    m = _recycled_part()
    del m["processes"][0]["inputs"][0]["recycled_material"]
    with pytest.raises(ModelValidationError) as exc:
        compute(m)
    [err] = exc.value.errors
    assert err.field == "processes[1].co_products[0].substitutes"
    assert err.code == "credit_under_cut_off"


def test_a_recycling_credit_is_taken_under_the_avoided_burden_approach(compute: Compute) -> None:
    m = _recycled_part(end_of_life={"approach": "avoided_burden"})
    del m["processes"][0]["inputs"][0]["recycled_material"]
    r = compute(m)
    assert r.total_co2e_kg == pytest.approx(0.4 * 0.2 - 0.4 * 4.0, rel=1e-12)  # −1.52
    assert r.end_of_life.approach.value == "avoided_burden"
    assert result_to_dict(r)["end_of_life"]["approach"] == "avoided_burden"


def test_every_result_states_its_end_of_life_approach_cut_off_by_default(
        compute: Compute) -> None:
    r = compute(base_model())
    assert r.end_of_life.approach.value == "cut_off"
    body = result_to_dict(r)["end_of_life"]
    assert body["approach"] == "cut_off"
    assert "burden-free" in body["statement"]["en"]
    assert "无负荷" in body["statement"]["zh"]


# -- shares with removals ----------------------------------------------------------------------

def test_shares_are_shares_of_gross_emissions_when_removals_exist(compute: Compute) -> None:
    # raw material: 20 kWh × 0.5 = 10 kg CO2e emitted; production: 9.5 kg CO2 taken up.
    # Net 0.5, gross emissions 10: shares 100 % and −95 % (not 2000 % and −1900 %).
    m = base_model(processes=[
        process("main", inputs=[{"process": "grow", "amount": 1, "unit": "kg"}],
                removals=[{"gas": "CO2", "amount": 9.5, "unit": "kg"}]),
        process("grow", stage="raw_material_acquisition",
                inputs=[{"factor": "grid", "amount": 20, "unit": "kWh"}])])
    r = compute(m)
    assert r.total_co2e_kg == pytest.approx(10 - 9.5, rel=1e-12)
    stages = {s.stage.value: s.share for s in r.by_stage}
    assert stages == pytest.approx({"raw_material_acquisition": 10 / 10,
                                    "production": -9.5 / 10}, rel=1e-12)
    spots = {(h.process, h.item): h.share for h in r.hotspots}
    assert spots == pytest.approx({("grow", "factor:grid"): 1.0, ("main", "direct"): -0.95},
                                  rel=1e-12)
    procs = {p.process: p.share for p in r.by_process}
    assert procs == pytest.approx({"grow": 1.0, "main": -0.95}, rel=1e-12)
    assert r.share_basis == "gross_emissions"


def test_shares_are_shares_of_the_total_without_removals(compute: Compute) -> None:
    m = base_model(processes=[
        process("main", inputs=[{"factor": "grid", "amount": 6, "unit": "kWh"},
                                {"process": "part", "amount": 1, "unit": "kg"}]),
        process("part", stage="raw_material_acquisition",
                inputs=[{"factor": "grid", "amount": 2, "unit": "kWh"}])])
    r = compute(m)
    stages = {s.stage.value: s.share for s in r.by_stage}
    assert stages == pytest.approx({"raw_material_acquisition": 1 / 4, "production": 3 / 4},
                                   rel=1e-12)
    assert r.share_basis == "total"


# -- the study report --------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "claims"), [("en", ("scenario", "qualitatively and")),
                                              ("zh", ("情景", "定性与情景分析"))])
def test_the_study_report_claims_no_analysis_that_was_not_run(
        compute: Compute, lang: str, claims: tuple[str, ...]) -> None:
    from carbonlabel.adapters.documents import study_report_pdf
    from carbonlabel.domain.product import Text
    from tests.support.documents import pdf_text

    r = compute(base_model())
    text = pdf_text(study_report_pdf(result_to_dict(r), Text("产品", "product"), "企业", lang))
    for claim in claims:
        assert claim not in text, claim
    stated = ("The result was checked as follows" if lang == "en" else "对结果做了以下检查")
    assert stated in text
    eol = ("End of life and recycling: cut-off" if lang == "en" else "报废与回收方法：截断法")
    assert eol in text
    apart = "CO2e not split by gas" if lang == "en" else "未分气体的 CO2e"
    assert apart in text


def test_an_unmarked_scrap_credit_under_cut_off_is_taken_with_a_warning(
        compute: Compute) -> None:
    m = _recycled_part()
    del m["processes"][0]["inputs"][0]["recycled_material"]
    del m["processes"][1]["co_products"][0]["recycled_material"]
    r = compute(m)
    assert r.total_co2e_kg == pytest.approx(0.4 * 0.2 - 0.4 * 4.0, rel=1e-12)
    [warning] = [w for w in r.warnings if "recycled_material" in w]
    assert "processes[1].co_products[0]" in warning
    assert "aluminium to recycling" in warning


def test_an_input_marked_air_counts_its_factor_as_aircraft(compute: Compute) -> None:
    m = base_model(
        factors=[factor("grid", "kWh", co2e=0.5),
                 factor("cargo", "t*km", gases=[{"gas": "CO2", "amount": 0.9}])],
        processes=[process("main", inputs=[
            {"factor": "grid", "amount": 2, "unit": "kWh"},
            {"factor": "cargo", "amount": 4, "unit": "t*km", "transport_mode": "air"},
            {"factor": "cargo", "amount": 1, "unit": "t*km", "transport_mode": "road"}])])
    r = compute(m)
    assert r.separate.aircraft_co2e_kg == pytest.approx(4 * 0.9, rel=1e-12)
    assert r.separate.transport_co2e_kg == pytest.approx(5 * 0.9, rel=1e-12)


@pytest.mark.parametrize(("category", "mode"), [
    ("transport/freight/air", TransportMode.AIR), ("transport/freight/road", TransportMode.ROAD),
    ("transport/freight/sea", TransportMode.SEA), ("electricity/grid-co2", None),
    ("materials/metal", None)])
def test_a_library_factor_takes_its_transport_mode_from_its_category(
        category: str, mode: TransportMode | None) -> None:
    assert category_transport_mode(category) is mode


@pytest.mark.parametrize(("name", "unit", "mode"), [
    ("Transport, aircraft, freight", "tkm", TransportMode.AIR),
    ("transport, freight, aircraft, long haul", "metric ton*km", TransportMode.AIR),
    ("航空货运", "t*km", TransportMode.AIR),
    ("Transport, combination truck, diesel powered", "tkm", None),
    ("Aircraft, passenger, at plant", "p", None)])  # making an aircraft is no air freight
def test_a_dataset_is_air_freight_when_it_is_per_tkm_and_named_so(
        name: str, unit: str, mode: TransportMode | None) -> None:
    assert dataset_transport_mode(name, unit) is mode


def test_a_model_that_states_only_the_defaults_keeps_its_input_hash(compute: Compute) -> None:
    plain = compute(base_model())
    stated = compute(base_model(end_of_life={"approach": "cut_off"}))
    assert stated.provenance.input_hash == plain.provenance.input_hash
    other = compute(base_model(end_of_life={"approach": "avoided_burden"}))
    assert other.provenance.input_hash != plain.provenance.input_hash
