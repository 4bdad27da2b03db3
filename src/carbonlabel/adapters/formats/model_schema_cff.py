"""The ``end_of_life`` block of the product model file, with the Circular Footprint Formula
(:mod:`carbonlabel.domain.circular_footprint`): method, and per material its parameters, the
E terms it names (as model inputs name what they draw on) and the processes it is counted in.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator, model_validator

from carbonlabel.adapters.formats.model_schema_base import (
    Id,
    PfId,
    QuantityText,
    _check_quantity_text,
    _Strict,
)
from carbonlabel.domain.circular_footprint import CffMethod, MaterialClass
from carbonlabel.domain.model import EndOfLifeApproach

Fraction = Annotated[float, Field(ge=0, le=1)]


class CffTermIn(_Strict):
    """An E term: one of ``process``, ``factor``, ``dataset`` (with ``database``) or
    ``supplier``, per kg of material (per MJ for ESE_heat, ESE_elec)."""

    process: Id | None = Field(None, description="id of a process of this model")
    factor: Id | None = Field(None, description="emission factor id or library key")
    dataset: str | None = Field(None, description="process id in a background database")
    database: Id | None = None
    supplier: PfId | None = Field(None, description="PACT PfId of a supplier footprint")
    name: str = ""
    geography: str | None = Field(None, min_length=1)
    year: int | None = Field(None, ge=1900, le=2100)

    @model_validator(mode="after")
    def _one_reference(self) -> CffTermIn:
        given = [k for k in ("process", "factor", "dataset", "supplier") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError("give exactly one of 'process', 'factor', 'dataset' or 'supplier'"
                             + (f" (got {', '.join(given)})" if given else ""))
        if self.dataset and not self.database:
            raise ValueError("'dataset' needs 'database'")
        return self


class CffTermsIn(_Strict):
    """The E terms of one material; a term whose coefficient is not zero must be given."""

    ev: CffTermIn | None = Field(None, alias="Ev", description="virgin material")
    e_recycled: CffTermIn | None = Field(None, alias="Erecycled",
                                         description="recycling of the recycled content")
    e_recycling_eol: CffTermIn | None = Field(None, alias="ErecyclingEoL",
                                              description="recycling at end of life")
    ev_star: CffTermIn | None = Field(None, alias="Ev_star",
                                      description="E*v: virgin material the recycled output "
                                                  "replaces")
    e_er: CffTermIn | None = Field(None, alias="EER", description="energy recovery")
    e_se_heat: CffTermIn | None = Field(None, alias="ESE_heat",
                                        description="heat replaced by recovered energy, per MJ")
    e_se_elec: CffTermIn | None = Field(None, alias="ESE_elec",
                                        description="electricity replaced, per MJ")
    e_d: CffTermIn | None = Field(None, alias="ED", description="disposal")


class CffParametersIn(_Strict):
    a: Fraction | None = Field(None, alias="A", description="PEF: 0.2..0.8 (Annex C); battery: "
                               "taken from material_class when left out")
    b: Fraction = Field(0.0, alias="B", description="0 unless justified (battery: always 0)")
    r1: Fraction = Field(0.0, alias="R1", description="recycled content")
    r2: Fraction = Field(0.0, alias="R2", description="share recycled at end of life")
    r3: Fraction = Field(0.0, alias="R3", description="share sent to energy recovery")
    qs_in_qp: float | None = Field(None, ge=0, alias="Qsin_Qp",
                                   description="quality of the recycled input over primary "
                                               "(battery default 1)")
    qs_out_qp: float | None = Field(None, ge=0, alias="Qsout_Qp",
                                    description="quality of the recycled output over primary")
    lhv: QuantityText | None = Field(None, alias="LHV", description="lower heating value, "
                                     "e.g. '32 MJ/kg'")
    x_er_heat: Fraction = Field(0.0, alias="X_ER_heat", description="heat recovery efficiency")
    x_er_elec: Fraction = Field(0.0, alias="X_ER_elec",
                                description="electricity recovery efficiency")

    @field_validator("lhv")
    @classmethod
    def _quantity(cls, v: str | None) -> str | None:
        return None if v is None else _check_quantity_text(v)


class CffAtIn(_Strict):
    process: Id = Field(description="the process the terms are counted in")
    amount: float = Field(ge=0, description="mass of the material per run of that process")
    unit: str = Field(min_length=1, description="a mass unit")


class CffMaterialIn(_Strict):
    name: str = Field(min_length=1)
    material_class: MaterialClass | None = Field(
        None, description="metal | plastic | other: fixes A under the battery rules")
    input: CffAtIn | None = Field(
        None, description="where the material enters (a raw_material_acquisition process): "
                          "its Ev and Erecycled terms")
    end_of_life: CffAtIn | None = Field(
        None, description="where it leaves (an end_of_life process): its recycling, energy "
                          "recovery and disposal terms")
    parameters: CffParametersIn = CffParametersIn()
    terms: CffTermsIn = CffTermsIn()
    b_justification: str = ""
    quality_note: str = Field("", description="why Qsin_Qp or Qsout_Qp is above 1")
    r1_evidence: str = Field("", description="battery: the evidence of recycled content")


class EndOfLifeIn(_Strict):
    approach: EndOfLifeApproach = Field(
        EndOfLifeApproach.CUT_OFF,
        description="cut_off: recycled content burden-free, no credit for material sent to "
                    "recycling; avoided_burden: material sent to recycling credited by its "
                    "'substitutes'; circular_footprint: the Circular Footprint Formula per "
                    "material ('method', 'materials')")
    note: str = ""
    method: CffMethod | None = Field(
        None, description="circular_footprint: pef (default) or battery")
    materials: list[CffMaterialIn] = Field(
        [], description="circular_footprint: each material with its parameters and E terms")
