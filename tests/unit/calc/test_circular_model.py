"""A model under the Circular Footprint Formula, from its file to its result: the block read
and written back, a full cradle-to-grave model computed through the public library whose total
and stages are hand arithmetic here, and old results still readable."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from carbonlabel.adapters.formats.result_json import (
    result_from_json,
    result_to_dict,
    result_to_json,
)
from carbonlabel.domain.circular_footprint import (
    METHOD_VERSIONS,
    Attachment,
    CffMaterial,
    CffMethod,
    CffParameters,
    CffTerm,
    CircularFootprint,
    TermRef,
)
from carbonlabel.domain.model import EndOfLifeApproach
from carbonlabel.domain.product import LifeCycleStage, Quantity
from carbonlabel.library import load_model, quantify
from tests.conftest import base_model
from tests.support.circular_models import ALUMINIUM, cff_model, proc


def test_a_full_model_under_the_cff_computes_the_hand_total_per_stage(
        write_model: Callable[..., Path]) -> None:
    r = quantify(write_model(cff_model()))
    # per kg of aluminium (coefficients as in test_circular_footprint_formula, all together):
    # raw material: Ev 0.94 × 10 (10,000 kg CO2e/t) + Erecycled 0.06 × 2 = 9.4 + 0.12 = 9.52;
    #   1 kg per run, 1.2 runs                                     → 1.2 × 9.52 = 11.424
    # end of life: ErecyclingEoL 0.4 × 1.2 = 0.48; E*v −0.36 × 10 = −3.6; EER 0.18 × 0.8
    #   = 0.144; ESE,heat −1.08 MJ × 0.08 = −0.0864; ESE,elec −0.9 MJ = −0.25 kWh × 0.5
    #   = −0.125; ED 0.3 × 0.05 = 0.015; sum −3.1724; 1.2 kg per run, 1 run → −3.80688
    # production: 2 kWh × 0.5 = 1.0
    raw, eol, production = 1.2 * 9.52, 1.2 * (0.48 - 3.6 + 0.144 - 0.0864 - 0.125 + 0.015), 1.0
    assert r.total_co2e_kg == pytest.approx(8.61712, rel=1e-12)
    assert raw + production + eol == pytest.approx(8.61712, rel=1e-12)
    stages = {s.stage: s.co2e_kg for s in r.by_stage}
    assert stages[LifeCycleStage.RAW_MATERIAL] == pytest.approx(raw, rel=1e-12)
    assert stages[LifeCycleStage.END_OF_LIFE] == pytest.approx(eol, rel=1e-12)
    assert stages[LifeCycleStage.PRODUCTION] == pytest.approx(production, rel=1e-12)


def test_the_result_records_the_approach_method_and_parameters(
        write_model: Callable[..., Path]) -> None:
    r = quantify(write_model(cff_model(method="battery", materials=[dict(
        copy.deepcopy(ALUMINIUM), material_class="metal", b_justification="",
        r1_evidence="supplier mass balance certificate 2025-17",
        parameters={"R1": 0.3, "R2": 0.5, "Qsout_Qp": 0.9})])))
    assert r.end_of_life is not None
    assert r.end_of_life.approach is EndOfLifeApproach.CIRCULAR_FOOTPRINT
    cff = r.end_of_life.circular
    assert cff is not None
    assert cff.method is CffMethod.BATTERY
    assert cff.rules == METHOD_VERSIONS[CffMethod.BATTERY]
    assert cff.materials[0].parameters.r1 == 0.3
    assert "JRC CFB-EV" in r.end_of_life.statement.en
    assert "循环足迹公式" in (
        r.end_of_life.statement.zh)
    # battery, metal: A 0.2, Qsin/Qp 1, B 0, R3 0. Raw material per kg: Ev (0.7 + 0.3·0.8)
    # × 10 + Erecycled 0.3·0.2 × 2 = 9.4 + 0.12; end of life per kg: 0.8·0.5 × 1.2 − 0.8·0.5
    # ·0.9 × 10 + (1 − 0.5) × 0.05 = 0.48 − 3.6 + 0.025 = −3.095
    assert r.total_co2e_kg == pytest.approx(1.2 * 9.52 + 1.0 + 1.2 * -3.095, rel=1e-12)
    back = result_from_json(result_to_json(r))
    assert back.end_of_life == r.end_of_life
    assert result_to_dict(r)["end_of_life"]["circular"]["method"] == "battery"


def test_the_model_file_block_reads_into_the_domain_the_same_from_yaml_and_json(
        write_model: Callable[..., Path]) -> None:
    doc = cff_model()
    from_yaml = load_model(write_model(doc)).model.end_of_life
    from_json = load_model(write_model(doc, ".json")).model.end_of_life
    assert from_yaml == from_json
    terms = {CffTerm(k): TermRef("factor", v["factor"]) for k, v in ALUMINIUM["terms"].items()}
    assert from_yaml.circular == CircularFootprint(CffMethod.PEF, rules=METHOD_VERSIONS[
        CffMethod.PEF], materials=(CffMaterial(
        name="aluminium",
        parameters=CffParameters(a=0.2, b=0.1, r1=0.3, r2=0.5, r3=0.2, qs_in_qp=1.0,
                                 qs_out_qp=0.9, lhv=Quantity(20.0, "MJ/kg"), x_er_heat=0.3,
                                 x_er_elec=0.25),
        terms=terms, input=Attachment("housing_material", Quantity(1.0, "kg")),
        end_of_life=Attachment("treatment", Quantity(1.2, "kg")),
        b_justification=ALUMINIUM["b_justification"]),))


def test_a_result_stored_before_the_cff_still_reads(write_model: Callable[..., Path]) -> None:
    body = result_to_dict(quantify(write_model(base_model())))
    del body["end_of_life"]["circular"]
    old = result_from_json(json.dumps(body))
    assert old.end_of_life is not None
    assert old.end_of_life.circular is None
    assert old.end_of_life.approach is EndOfLifeApproach.CUT_OFF


def test_an_e_term_may_be_a_process_of_the_model_and_amounts_convert(
        write_model: Callable[..., Path]) -> None:
    # ED as the model's own landfill process (0.05 kg CO2 direct per kg, end of life) and the
    # material's input given as 1000 g: the same total as the factor ED of 0.05 kg CO2e/kg
    doc = cff_model()
    material = doc["end_of_life"]["materials"][0]
    material["terms"]["ED"] = {"process": "landfill"}
    material["input"].update(amount=1000, unit="g")
    landfill = proc("landfill", "end_of_life")
    landfill["emissions"] = [{"gas": "CO2", "amount": 0.05, "unit": "kg"}]
    doc["processes"].append(landfill)
    r = quantify(write_model(doc))
    assert r.total_co2e_kg == pytest.approx(8.61712, rel=1e-12)
    # landfill runs: ED coefficient 1 − 0.5 − 0.2 = 0.3 per kg × 1.2 kg = 0.36 kg → 0.018
    landfill_total = next(p.co2e_kg for p in r.by_process if p.process == "landfill")
    assert landfill_total == pytest.approx(0.36 * 0.05, rel=1e-12)
