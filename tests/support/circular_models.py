"""A cradle-to-grave model with one material under the Circular Footprint Formula, for the
CFF tests (every figure of it is used in hand arithmetic there)."""

from __future__ import annotations

import copy
from typing import Any

from tests.conftest import base_model


def proc(pid: str, stage: str, inputs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"id": pid, "name": {"zh": pid, "en": pid}, "stage": stage,
            "output": {"amount": 1, "unit": "kg"}, "inputs": inputs or []}


def fac(fid: str, unit: str, co2e: float) -> dict[str, Any]:
    return {"id": fid, "name": {"zh": fid, "en": fid}, "unit": unit, "co2e": co2e,
            "source": {"note": "test"}}


ALUMINIUM: dict[str, Any] = {
    "name": "aluminium",
    "input": {"process": "housing_material", "amount": 1, "unit": "kg"},
    "end_of_life": {"process": "treatment", "amount": 1.2, "unit": "kg"},
    "parameters": {"A": 0.2, "B": 0.1, "R1": 0.3, "R2": 0.5, "R3": 0.2, "Qsin_Qp": 1,
                   "Qsout_Qp": 0.9, "LHV": "20 MJ/kg", "X_ER_heat": 0.3, "X_ER_elec": 0.25},
    "b_justification": "test: a share of the recovered energy stays with the user",
    "terms": {"Ev": {"factor": "al_primary"}, "Erecycled": {"factor": "al_recycled"},
              "ErecyclingEoL": {"factor": "al_recycling"}, "Ev_star": {"factor": "al_primary"},
              "EER": {"factor": "incineration"}, "ESE_heat": {"factor": "heat"},
              "ESE_elec": {"factor": "grid"}, "ED": {"factor": "landfill"}},
}


def cff_model(**end_of_life: Any) -> dict[str, Any]:
    """Cradle to grave: assembly (production) takes 1.2 kg of housing material (raw material
    acquisition), 2 kWh, and the treatment of 1 kg of product at end of life."""
    eol = {"approach": "circular_footprint", "method": "pef",
           "materials": [copy.deepcopy(ALUMINIUM)]}
    eol.update(end_of_life)
    return base_model(
        boundary="cradle-to-grave",
        unit={"kind": "functional", "description": {"zh": "1 千克", "en": "1 kg"},
              "amount": 1, "unit": "kg", "process": "assembly"},
        factors=[fac("grid", "kWh", 0.5), fac("al_primary", "t", 10000.0),
                 fac("al_recycled", "kg", 2.0), fac("al_recycling", "kg", 1.2),
                 fac("incineration", "kg", 0.8), fac("heat", "MJ", 0.08),
                 fac("landfill", "kg", 0.05)],
        processes=[proc("assembly", "production", [
                       {"process": "housing_material", "amount": 1.2, "unit": "kg"},
                       {"factor": "grid", "amount": 2, "unit": "kWh"},
                       {"process": "treatment", "amount": 1, "unit": "kg"}]),
                   proc("housing_material", "raw_material_acquisition"),
                   proc("treatment", "end_of_life")],
        end_of_life=eol)
