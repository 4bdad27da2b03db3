"""Every inconsistent combination of a CFF block is refused naming its field, with a reason in
Chinese and English; the sound block of tests.support.circular_models passes."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.domain.circular_footprint import (
    CffMaterial,
    CffMethod,
    CffTerm,
    MaterialClass,
    TermRef,
)
from carbonlabel.domain.circular_rules import check_circular
from carbonlabel.domain.model import ProductModel
from carbonlabel.errors import ModelValidationError
from carbonlabel.library import load_model
from tests.support.circular_models import ALUMINIUM, cff_model

M = "end_of_life.materials[0]"


def domain(doc: dict[str, Any] | None = None) -> ProductModel:
    return load_model_text(yaml.safe_dump(doc or cff_model()), "m.yaml").model


def with_material(model: ProductModel, method: CffMethod | None = None,
                  **changes: Any) -> ProductModel:
    cff = model.end_of_life.circular
    assert cff is not None
    m = cff.materials[0]
    params = changes.pop("parameters", {})
    new = replace(m, parameters=replace(m.parameters, **params), **changes)
    circular = replace(cff, method=method or cff.method, materials=(new,))
    return replace(model, end_of_life=replace(model.end_of_life, circular=circular))


def codes(model: ProductModel) -> set[tuple[str, str]]:
    errors = check_circular(model)
    assert all(e.message_zh and e.message_en for e in errors)
    return {(e.field, e.code) for e in errors}


def test_the_sound_block_passes() -> None:
    assert check_circular(domain()) == []


@pytest.mark.parametrize(("params", "field", "code"), [
    ({"r1": 1.5}, f"{M}.parameters.R1", "cff_out_of_range"),
    ({"x_er_heat": -0.1}, f"{M}.parameters.X_ER_heat", "cff_out_of_range"),
    ({"r2": 0.7, "r3": 0.4}, f"{M}.parameters", "cff_r2_r3_above_one"),
    ({"a": 0.9}, f"{M}.parameters.A", "cff_a_not_allowed"),
    ({"a": None}, f"{M}.parameters.A", "cff_parameter_missing"),
    ({"qs_in_qp": None}, f"{M}.parameters.Qsin_Qp", "cff_parameter_missing"),
    ({"qs_out_qp": None}, f"{M}.parameters.Qsout_Qp", "cff_parameter_missing"),
    ({"lhv": None}, f"{M}.parameters.LHV", "cff_parameter_missing"),
    ({"qs_out_qp": 1.2}, f"{M}.parameters.Qsout_Qp", "cff_quality_above_one"),
])
def test_pef_parameters_out_of_their_rules_are_refused(
        params: dict[str, Any], field: str, code: str) -> None:
    assert (field, code) in codes(with_material(domain(), parameters=params))


def test_b_other_than_zero_needs_a_justification_under_pef() -> None:
    assert (f"{M}.parameters.B", "cff_b_unjustified") in codes(
        with_material(domain(), b_justification=""))


def test_a_quality_ratio_above_one_with_a_note_is_accepted() -> None:
    model = with_material(domain(), parameters={"qs_out_qp": 1.2},
                          quality_note="recycled alloy sells above primary (LME 2025)")
    assert check_circular(model) == []


@pytest.mark.parametrize("term", [CffTerm.EV, CffTerm.E_RECYCLED, CffTerm.E_RECYCLING_EOL,
                                  CffTerm.EV_STAR, CffTerm.E_ER, CffTerm.E_SE_HEAT,
                                  CffTerm.E_SE_ELEC, CffTerm.E_D])
def test_an_e_term_whose_coefficient_is_not_zero_must_be_named(term: CffTerm) -> None:
    model = domain()
    m: CffMaterial = model.end_of_life.circular.materials[0]  # type: ignore[union-attr]
    terms = {t: r for t, r in m.terms.items() if t is not term}
    assert (f"{M}.terms.{term.value}", "cff_term_missing") in codes(
        with_material(model, terms=terms))


def test_a_term_whose_coefficient_is_zero_need_not_be_named() -> None:
    # R3 = 0: EER, ESE,heat and ESE,elec have coefficient 0 and may be left out
    model = domain()
    m: CffMaterial = model.end_of_life.circular.materials[0]  # type: ignore[union-attr]
    terms = {t: r for t, r in m.terms.items()
             if t not in (CffTerm.E_ER, CffTerm.E_SE_HEAT, CffTerm.E_SE_ELEC)}
    assert check_circular(with_material(model, terms=terms, parameters={"r3": 0.0})) == []


def battery(**changes: Any) -> ProductModel:
    base = {"material_class": MaterialClass.METAL, "b_justification": "",
            "r1_evidence": "mass balance certificate"}
    params = {"a": None, "b": 0.0, **changes.pop("parameters", {})}
    return with_material(domain(), CffMethod.BATTERY, parameters=params, **{**base, **changes})


def test_the_battery_block_with_class_evidence_and_b_zero_passes() -> None:
    assert check_circular(battery()) == []


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"parameters": {"a": 0.5}}, f"{M}.parameters.A", "cff_a_not_allowed"),
    ({"material_class": None}, f"{M}.material_class", "cff_parameter_missing"),
    ({"parameters": {"b": 0.1}, "b_justification": "any"}, f"{M}.parameters.B", "cff_b_fixed"),
    ({"r1_evidence": ""}, f"{M}.r1_evidence", "cff_r1_evidence_missing"),
])
def test_the_battery_rules_refuse_what_they_fix(
        changes: dict[str, Any], field: str, code: str) -> None:
    assert (field, code) in codes(battery(**changes))


def test_material_terms_outside_raw_material_acquisition_are_refused() -> None:
    doc = cff_model()
    doc["end_of_life"]["materials"][0]["input"]["process"] = "assembly"
    doc["end_of_life"]["materials"][0]["end_of_life"]["process"] = "housing_material"
    assert {(f"{M}.input.process", "cff_stage"),
            (f"{M}.end_of_life.process", "cff_stage")} <= codes(domain(doc))


def test_a_cradle_to_grave_model_must_give_each_materials_end_of_life() -> None:
    assert (f"{M}.end_of_life", "cff_end_of_life_missing") in codes(
        with_material(domain(), end_of_life=None))


def test_the_cff_without_materials_is_refused() -> None:
    model = domain()
    eol = replace(model.end_of_life, circular=None)
    assert codes(replace(model, end_of_life=eol)) == {
        ("end_of_life.materials", "cff_no_materials")}


def test_burden_free_recycled_input_and_recycling_credit_are_refused_under_the_cff() -> None:
    doc = cff_model()
    assembly = doc["processes"][0]
    assembly["inputs"].append({"factor": "al_recycled", "amount": 0.1, "unit": "kg",
                               "recycled_material": "aluminium"})
    assembly["co_products"] = [{"name": "scrap", "amount": 0.1, "unit": "kg",
                                "recycled_material": "aluminium",
                                "substitutes": {"factor": "al_primary", "amount": 0.1,
                                                "unit": "kg"}}]
    assert {("processes[0].inputs[3].recycled_material", "burden_free_under_cff"),
            ("processes[0].co_products[0].substitutes", "credit_under_cff")} <= codes(
        domain(doc))


def test_cff_materials_on_a_cut_off_model_are_refused_by_validate(
        write_model: Callable[..., Path]) -> None:
    doc = cff_model()
    doc["end_of_life"]["approach"] = "cut_off"
    with pytest.raises(ModelValidationError) as exc:
        load_model(write_model(doc))
    found = {(e.field, e.code) for e in exc.value.errors}
    assert ("end_of_life.approach", "cff_approach_mismatch") in found


def test_a_missing_term_is_reported_by_validate_with_its_line(
        write_model: Callable[..., Path]) -> None:
    doc = cff_model()
    material = copy.deepcopy(ALUMINIUM)
    del material["terms"]["ED"]
    doc["end_of_life"]["materials"] = [material]
    with pytest.raises(ModelValidationError) as exc:
        load_model(write_model(doc))
    [err] = [e for e in exc.value.errors if e.code == "cff_term_missing"]
    assert err.field == f"{M}.terms.ED"
    assert err.line is not None
    assert "ED" in err.message_zh



def test_a_term_of_an_unknown_kind_is_refused() -> None:
    model = domain()
    m: CffMaterial = model.end_of_life.circular.materials[0]  # type: ignore[union-attr]
    terms = {**m.terms, CffTerm.E_D: TermRef("recipe", "landfill")}
    assert (f"{M}.terms.ED", "cff_term_kind") in codes(with_material(model, terms=terms))


def test_a_material_counted_nowhere_is_refused() -> None:
    assert codes(with_material(domain(), input=None, end_of_life=None)) == {
        (M, "cff_not_attached")}


def test_a_boundary_with_raw_material_acquisition_needs_the_materials_input() -> None:
    assert (f"{M}.input", "cff_input_missing") in codes(with_material(domain(), input=None))
