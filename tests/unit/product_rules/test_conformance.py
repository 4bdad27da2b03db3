"""A model is checked against its product rule part by part: each test breaks one part of a
conforming model (the bundled demos) and expects exactly the gap it should give, with the
model field path; the demos conform to their rules as shipped."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.adapters.product_rules import bundled_rules
from carbonlabel.calc.conformance import validate
from carbonlabel.domain.model import (
    Allocation,
    AllocationMethod,
    CutOffRule,
    Exclusion,
    ProductModel,
)
from carbonlabel.domain.product import LifeCycleStage, Quantity, SystemBoundary, UnitKind
from carbonlabel.domain.product_rules import ProductRule, RulePart
from carbonlabel.domain.product_rules.content import rule_hash, to_content
from carbonlabel.domain.product_rules.records import SUBSTITUTION, AllocationRule, BoundaryRule
from carbonlabel.domain.product_rules.releases import resolve
from carbonlabel.domain.quality import DataQuality

DEMO = Path(__file__).parents[3] / "src" / "carbonlabel" / "demo"


def _demo(name: str) -> tuple[ProductModel, ProductRule]:
    path = DEMO / name
    model = load_model_text(path.read_text(encoding="utf-8"), str(path)).model
    assert model.product_rule is not None
    rule = resolve(bundled_rules(), model.product_rule, date(2026, 12, 31))
    assert rule is not None
    return model, rule


@pytest.fixture(scope="module")
def cement() -> tuple[ProductModel, ProductRule]:
    return _demo("portland_cement.yaml")


@pytest.fixture(scope="module")
def battery() -> tuple[ProductModel, ProductRule]:
    return _demo("lfp_battery_pack.yaml")


def _codes(model: ProductModel, rule: ProductRule) -> list[tuple[str, str, str]]:
    return [(g.part.value, g.code, g.field) for g in validate(model, rule).gaps]


def test_the_battery_demo_conforms_to_the_energy_storage_rule(battery) -> None:
    model, rule = battery
    assert rule.code == "cn-pilot-04-li-ion-energy-storage"
    assert rule.version == "1.0"
    result = validate(model, rule)
    assert result.conforms, result.gaps
    assert result.rule.hash == rule_hash(rule)


def test_the_cement_demo_conforms_to_the_latest_cement_rule(cement) -> None:
    model, rule = cement
    assert model.product_rule is not None
    assert model.product_rule.version is None
    assert rule.code == "cn-pilot-16-cement"
    assert validate(model, rule).conforms


def test_a_unit_of_the_wrong_dimension_is_a_gap_and_another_unit_of_it_is_not(battery) -> None:
    model, rule = battery
    in_kg = replace(model, reference=replace(model.reference, quantity=Quantity(1, "kg")))
    assert _codes(in_kg, rule) == [("unit", "unit_dimension", "unit.unit")]
    in_mwh = replace(model, reference=replace(model.reference, quantity=Quantity(1, "MWh")))
    assert validate(in_mwh, rule).conforms


def test_a_unit_kind_other_than_the_one_the_rule_fixes_is_a_gap(battery) -> None:
    model, rule = battery
    strict = replace(rule, unit=replace(rule.unit, kind=UnitKind.FUNCTIONAL))
    assert _codes(model, strict) == [("unit", "unit_kind", "unit.kind")]


def test_a_boundary_the_rule_does_not_allow_is_a_gap(cement) -> None:
    model, rule = cement
    gate = replace(model, boundary=SystemBoundary.GATE_TO_GATE)
    assert ("boundary", "boundary_not_allowed", "boundary") in _codes(gate, rule)


def test_a_mandatory_stage_without_a_process_is_a_gap_naming_the_stage(cement) -> None:
    model, rule = cement
    no_raw = replace(model, processes=tuple(
        p for p in model.processes if p.stage is not LifeCycleStage.RAW_MATERIAL))
    gaps = [g for g in validate(no_raw, rule).gaps if g.part is RulePart.BOUNDARY]
    assert [(g.code, g.field) for g in gaps] == [("stage_missing", "processes")]
    assert "raw material acquisition" in gaps[0].reason.en
    assert "原材料获取" in gaps[0].reason.zh
    needs_distribution = replace(rule, boundary=BoundaryRule(
        rule.boundary.allowed, (*rule.boundary.mandatory_stages, LifeCycleStage.DISTRIBUTION)))
    gaps = validate(model, needs_distribution).gaps
    assert [g.code for g in gaps] == ["stage_missing"]
    assert "leaves it out" in gaps[0].reason.en  # cradle-to-gate has no distribution


def test_a_cut_off_looser_than_the_rule_is_a_gap_per_limit(cement) -> None:
    model, rule = cement  # the rule: 1 % per input, 5 % in total
    loose = replace(model, cut_off=CutOffRule(per_input=0.02, total=0.10))
    assert _codes(loose, rule) == [("cut_off", "cut_off_per_input", "cut_off.per_input"),
                                   ("cut_off", "cut_off_total", "cut_off.total")]
    assert validate(replace(model, cut_off=CutOffRule(0.01, 0.05)), rule).conforms


def test_exclusions_over_the_rules_limits_are_gaps(cement) -> None:
    model, rule = cement
    # 0.003 (the demo's) + 0.02 + 0.03 = 0.053 > 0.05 in total; 0.02 and 0.03 > 0.01 each
    more = replace(model, exclusions=(*model.exclusions, Exclusion("a", 0.02),
                                      Exclusion("b", 0.03)))
    assert _codes(more, rule) == [
        ("cut_off", "exclusion_too_large", "exclusions[1].estimated_share"),
        ("cut_off", "exclusion_too_large", "exclusions[2].estimated_share"),
        ("cut_off", "exclusions_too_large", "exclusions")]


def test_an_allocation_method_the_rule_does_not_allow_is_a_gap(cement) -> None:
    model, rule = cement
    k = next(i for i, p in enumerate(model.processes) if p.id == "clinker_production")
    economic = replace(model.processes[k], allocation=Allocation(AllocationMethod.ECONOMIC))
    model = replace(model, processes=(*model.processes[:k], economic, *model.processes[k + 1:]))
    physical_only = replace(rule, allocation=AllocationRule(("mass", "energy", SUBSTITUTION)))
    assert _codes(model, physical_only) == [
        ("allocation", "allocation_method", f"processes[{k}].allocation.method")]
    assert validate(model, rule).conforms  # the rule allows economic after the physical ones


def test_substitution_is_a_gap_when_the_rule_does_not_allow_it(cement) -> None:
    model, rule = cement
    no_expansion = replace(rule, allocation=AllocationRule(("mass", "energy", "economic")))
    k = next(i for i, p in enumerate(model.processes) if p.id == "clinker_production")
    assert _codes(model, no_expansion) == [
        ("allocation", "substitution_not_allowed", f"processes[{k}].co_products[0].substitutes")]


def test_a_mandatory_primary_data_point_given_as_secondary_data_is_a_gap(battery) -> None:
    model, rule = battery
    assembly = model.processes[0]
    assert assembly.id == "pack_assembly"
    assert "electricity" in assembly.inputs[4].ref
    secondary = replace(assembly.inputs[4], primary=False)
    changed = replace(assembly, inputs=(*assembly.inputs[:4], secondary))
    model = replace(model, processes=(changed, *model.processes[1:]))
    assert _codes(model, rule) == [
        ("primary_data", "primary_data_secondary", "processes[0].inputs[4].primary")]


def test_a_missing_mandatory_primary_data_point_is_a_gap(cement) -> None:
    model, rule = cement
    no_electricity = replace(model, processes=tuple(
        replace(p, inputs=tuple(i for i in p.inputs if "electricity" not in i.ref))
        if p.stage is LifeCycleStage.PRODUCTION else p for p in model.processes))
    gaps = validate(no_electricity, rule).gaps
    assert [(g.code, g.field) for g in gaps] == [("primary_data_missing", "processes")]
    assert "electricity used in production" in gaps[0].reason.en


def test_a_mandatory_emission_is_matched_by_its_gas(cement) -> None:
    model, rule = cement
    pfc = next(r for r in bundled_rules() if r.code == "cn-pilot-15-electrolytic-aluminium")
    co2_rule = replace(rule, primary_data=tuple(
        replace(p, gas="CO2") for p in pfc.primary_data if p.gas is not None))
    k = next(i for i, p in enumerate(model.processes) if p.id == "clinker_production")
    # the demo's calcination CO2 is the IPCC default: secondary
    assert _codes(model, co2_rule) == [
        ("primary_data", "primary_data_secondary", f"processes[{k}].emissions[0].primary")]


def test_data_worse_than_the_quality_table_allows_is_a_gap(battery) -> None:
    model, rule = battery
    assembly = model.processes[0]
    # DQR = (4 + 4 + 4 + 5) / 4 = 4.25 > 4.0, the secondary limit; the steel input is secondary
    poor = replace(assembly.inputs[2], quality=DataQuality(4, 4, 4, 5))
    changed = replace(assembly, inputs=(*assembly.inputs[:2], poor, *assembly.inputs[3:]))
    gaps = validate(replace(model, processes=(changed, *model.processes[1:])), rule).gaps
    assert [(g.code, g.field) for g in gaps] == [("data_quality", "processes[0].inputs[2].dq")]
    assert "4.25" in gaps[0].reason.en


def test_every_gap_is_listed_at_once(cement) -> None:
    model, rule = cement
    bad = replace(model, boundary=SystemBoundary.GATE_TO_GATE,
                  cut_off=CutOffRule(0.05, 0.2),
                  reference=replace(model.reference, quantity=Quantity(1, "kWh")))
    parts = {g.part for g in validate(bad, rule).gaps}
    assert parts == {RulePart.UNIT, RulePart.BOUNDARY, RulePart.CUT_OFF}


def test_a_rule_reads_back_from_its_content_with_the_same_hash() -> None:
    from carbonlabel.domain.product_rules.content import from_content

    for rule in bundled_rules():
        again = from_content(to_content(rule))
        assert again == rule
        assert rule_hash(again) == rule_hash(rule)
