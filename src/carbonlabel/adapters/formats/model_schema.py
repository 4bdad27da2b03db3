"""The product model file format (YAML or JSON), as pydantic shapes: the published schema.

These classes describe what a user writes. They are converted to the domain ``ProductModel``
by :mod:`carbonlabel.adapters.formats.model_file`; nothing else uses them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from carbonlabel.adapters.formats.model_scenarios import ScenarioIn
from carbonlabel.adapters.formats.model_schema_base import MAX_MAGNITUDE as MAX_MAGNITUDE
from carbonlabel.adapters.formats.model_schema_base import Id as Id
from carbonlabel.adapters.formats.model_schema_base import PfId as PfId
from carbonlabel.adapters.formats.model_schema_base import QuantityText as QuantityText
from carbonlabel.adapters.formats.model_schema_base import _check_quantity_text, _Strict
from carbonlabel.adapters.formats.model_schema_base import check_number as check_number
from carbonlabel.adapters.formats.model_schema_base import split_quantity as split_quantity
from carbonlabel.adapters.formats.model_schema_cff import EndOfLifeIn as EndOfLifeIn
from carbonlabel.adapters.formats.model_uncertainty import UncertaintyIn
from carbonlabel.domain.model import AllocationMethod
from carbonlabel.domain.product import LifeCycleStage, SystemBoundary, TransportMode, UnitKind

SCHEMA_ID = "carbonlabel/product-model/1"

Gas = Literal[
    "CO2", "CH4", "N2O", "SF6", "NF3", "HFC-23", "HFC-32", "HFC-41", "HFC-125", "HFC-134a",
    "HFC-143a", "HFC-152a", "HFC-227ea", "HFC-236fa", "HFC-245fa", "HFC-365mfc", "HFC-43-10mee",
    "CF4", "C2F6", "C3F8", "c-C4F8", "CO2e",
]
Score = Annotated[float, Field(ge=1, le=5)]


class TextIn(_Strict):
    zh: str = Field(min_length=1, description="Chinese (shown first)")
    en: str = Field(min_length=1, description="English")


class DataQualityIn(_Strict):
    """PEF data-quality scores, 1 (best) to 5 (worst)."""

    TeR: Score = Field(description="technological representativeness")
    GeR: Score = Field(description="geographical representativeness")
    TiR: Score = Field(description="time representativeness")
    P: Score = Field(description="precision / uncertainty")


class SourceIn(_Strict):
    publisher: str = ""
    document: str = ""
    table: str = ""
    year: int | None = None
    url: str = ""
    licence: str = ""
    note: str = ""


class _Convertible(_Strict):
    density: QuantityText | None = Field(None, description="mass per volume, e.g. '0.84 kg/L'")
    heating_value: QuantityText | None = Field(
        None, description="energy per mass or volume, e.g. '43 MJ/kg'")

    @field_validator("density", "heating_value")
    @classmethod
    def _quantity(cls, v: str | None) -> str | None:
        return None if v is None else _check_quantity_text(v)


class InputIn(_Convertible):
    """An input: one of ``process``, ``factor``, ``dataset`` (with ``database``) or ``supplier``."""

    process: Id | None = Field(None, description="id of a process of this model")
    factor: Id | None = Field(
        None, description="id of an emission factor of this model, else an id or key of the "
                          "factor library or of a user factor set (see 'geography', 'year')")
    dataset: str | None = Field(None, description="process id in a background database")
    database: Id | None = Field(None, description="name of the database holding `dataset`")
    supplier: PfId | None = Field(
        None, description="PACT PfId (UUID) of a supplier's product footprint: the supplier-"
                          "specific PCF of the purchased product, per its declared unit")
    name: str = ""
    amount: float | None = Field(None, ge=0, description="amount per run of the process")
    unit: str | None = Field(None, min_length=1)
    mass: QuantityText | None = Field(None, description="transport: mass moved, e.g. '2 t'")
    distance: QuantityText | None = Field(None, description="transport: distance, e.g. '500 km'")
    primary: bool = Field(False, description="primary (site-specific, measured) activity data")
    geography: str | None = Field(
        None, min_length=1, description="geography for resolving a factor key (default: the "
                                        "model's), e.g. CN-JS; fallback province → grid region "
                                        "→ CN → GLO")
    year: int | None = Field(None, ge=1900, le=2100, description="reference year for resolving "
                             "a factor key (default: the reference period's)")
    transport_mode: TransportMode | None = Field(
        None, description="the factor or dataset is a transport leg of this mode ('air' is "
                          "reported apart as aircraft); library factors carry it already")
    recycled_material: str | None = Field(
        None, min_length=1, description="the input is recycled content of this material, taken "
                                        "burden-free (cut-off): only its recycling counts")
    source: SourceIn | None = None
    dq: DataQualityIn | None = None
    uncertainty: UncertaintyIn | None = Field(None, description="of the amount")

    @field_validator("mass", "distance")
    @classmethod
    def _transport_quantity(cls, v: str | None) -> str | None:
        return None if v is None else _check_quantity_text(v)

    @model_validator(mode="after")
    def _one_reference(self) -> InputIn:
        given = [k for k in ("process", "factor", "dataset", "supplier") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError("give exactly one of 'process', 'factor', 'dataset' or 'supplier'"
                             + (f" (got {', '.join(given)})" if given else ""))
        if self.dataset and not self.database:
            raise ValueError("'dataset' needs 'database'")
        has_amount = self.amount is not None
        has_transport = self.mass is not None or self.distance is not None
        if has_amount == has_transport:
            raise ValueError("give either 'amount' with 'unit', or 'mass' and 'distance'")
        if has_amount and not self.unit:
            raise ValueError("'amount' needs 'unit'")
        if has_transport and (self.mass is None or self.distance is None):
            raise ValueError("transport needs both 'mass' and 'distance'")
        return self


class EmissionIn(_Strict):
    gas: Gas
    origin: Literal["fossil", "biogenic", "dluc"] = "fossil"
    amount: float = Field(ge=0)
    unit: str = Field(min_length=1, description="a mass unit")
    primary: bool = False
    source: SourceIn | None = None
    dq: DataQualityIn | None = None
    uncertainty: UncertaintyIn | None = Field(None, description="of the mass")


class RemovalIn(_Strict):
    gas: Literal["CO2"] = "CO2"
    amount: float = Field(ge=0)
    unit: str = Field(min_length=1, description="a mass unit")
    primary: bool = False
    source: SourceIn | None = None
    dq: DataQualityIn | None = None
    uncertainty: UncertaintyIn | None = Field(None, description="of the mass")


class CoProductIn(_Strict):
    name: str = Field(min_length=1)
    amount: float = Field(gt=0)
    unit: str = Field(min_length=1)
    energy_content: QuantityText | None = Field(None, description="for energy allocation")
    price: QuantityText | None = Field(None, description="for economic allocation, per unit")
    factor: float | None = Field(None, ge=0, le=1, description="explicit allocation factor")
    substitutes: InputIn | None = Field(None, description="avoided product (system expansion)")
    recycled_material: str | None = Field(
        None, min_length=1, description="the co-product is this material sent to recycling; "
                                        "with 'substitutes' it is a recycling credit (avoided "
                                        "burden), refused under the cut-off approach")


class AllocationIn(_Strict):
    method: AllocationMethod
    reference_factor: float | None = Field(None, ge=0, le=1)
    reference_energy_content: QuantityText | None = None
    reference_price: QuantityText | None = None


class OutputIn(_Convertible):
    amount: float = Field(gt=0)
    unit: str = Field(min_length=1)
    product: str = ""


class ProcessIn(_Strict):
    id: Id
    name: TextIn
    stage: LifeCycleStage
    transport_mode: TransportMode | None = Field(
        None, description="set for a transport leg; 'air' is reported apart as aircraft")
    output: OutputIn
    inputs: list[InputIn] = Field([])
    emissions: list[EmissionIn] = Field([])
    removals: list[RemovalIn] = Field([])
    co_products: list[CoProductIn] = Field([])
    allocation: AllocationIn | None = None


class FactorGasIn(_Strict):
    gas: Gas
    origin: Literal["fossil", "biogenic", "dluc"] = "fossil"
    amount: float = Field(description="kg of gas per unit of the factor")


class FactorIn(_Convertible):
    id: Id
    name: TextIn
    unit: str = Field(min_length=1, description="the activity unit the factor is per")
    gases: list[FactorGasIn] | None = Field(None, description="kg of each gas per unit")
    co2e: float | None = Field(None, description="kg CO2e per unit, when no gas split exists")
    origin: Literal["fossil", "biogenic", "dluc"] = "fossil"
    gwp_set: str | None = Field(None, description="GWP set a CO2e-only factor was made with")
    transport_mode: TransportMode | None = Field(
        None, description="the factor is a transport leg of this mode; 'air' is reported "
                          "apart as aircraft wherever the factor is used")
    source: SourceIn
    dq: DataQualityIn | None = None
    uncertainty: UncertaintyIn | None = Field(
        None, description="of the factor as a whole (one parameter for every input using it); "
                          "with several gases only a lognormal, pedigree or from_quality")

    @model_validator(mode="after")
    def _gases_or_co2e(self) -> FactorIn:
        if (self.gases is None) == (self.co2e is None):
            raise ValueError("give either 'gases' (per-gas split) or 'co2e'")
        return self


class DatabaseIn(_Strict):
    name: Id
    format: Literal["synthlci", "olca-jsonld", "ecospold2", "ecospold1", "imported"]
    path: str = Field(min_length=1, description="file or folder, relative to the model file; "
                                                "for 'imported': the name of a database "
                                                "imported with 'carbonlabel db import'")


class ProductRuleIn(_Strict):
    code: str = Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.\-]+$")
    version: str | None = Field(None, min_length=1, max_length=20,
                                pattern=r"^[A-Za-z0-9_.\-]+$",
                                description="without it, the latest release at calculation "
                                            "time (recorded with the footprint)")


class ProductIn(_Strict):
    name: TextIn
    category: str = Field(min_length=1)
    product_rule: str | ProductRuleIn | None = Field(
        None, description="the product rule (PCR): {code, version} of a released rule "
                          "('carbonlabel rules list'), or free text naming one")
    code: str | None = None


class UnitIn(_Strict):
    kind: UnitKind
    description: TextIn
    amount: float = Field(gt=0)
    unit: str = Field(min_length=1)
    process: Id = Field(description="process whose reference product is the reference flow")


class PeriodIn(_Strict):
    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> PeriodIn:
        if self.end < self.start:
            raise ValueError("'end' is before 'start'")
        return self


class CutOffIn(_Strict):
    per_input: float = Field(0.01, ge=0, le=1)
    total: float = Field(0.05, ge=0, le=1)


class ExclusionIn(_Strict):
    name: str = Field(min_length=1)
    estimated_share: float = Field(ge=0, le=1)
    reason: str = ""


class ProductModelIn(_Strict):
    """A product model: the product, its unit and boundary, and the processes of its life cycle."""

    model_config = ConfigDict(title="carbonlabel product model", extra="forbid",
                              populate_by_name=True, str_strip_whitespace=True,
                              allow_inf_nan=False)

    schema_: Literal["carbonlabel/product-model/1"] = Field(
        "carbonlabel/product-model/1", alias="schema")
    product: ProductIn
    unit: UnitIn
    boundary: SystemBoundary
    period: PeriodIn | None = None
    geography: str = Field(min_length=1)
    processes: list[ProcessIn] = Field(min_length=1)
    factors: list[FactorIn] = Field([])
    databases: list[DatabaseIn] = Field([])
    factor_sets: list[Annotated[str, Field(min_length=1)]] = Field(
        [], description="user factor set files (.csv or .xlsx), relative to the model file; "
                        "later sets override earlier ones and the factor library")
    biogenic_carbon_content: QuantityText | None = Field(
        None,
        description="mass of biogenic carbon in the product per reference flow, e.g. '0.2 kg'")
    fossil_carbon_content: QuantityText | None = Field(
        None,
        description="mass of fossil carbon in the product per reference flow, e.g. '0.5 kg'")
    product_mass: QuantityText | None = Field(
        None, description="mass of the product per reference flow, e.g. '12.5 kg'")
    cut_off: CutOffIn = CutOffIn()
    exclusions: list[ExclusionIn] = Field([])
    notes: str = ""
    end_of_life: EndOfLifeIn = Field(
        EndOfLifeIn(), description="the end-of-life (recycling) approach, default cut-off")
    scenarios: list[ScenarioIn] = Field(
        [], description="named what-if scenarios computed beside the base (sensitivity)")

    @field_validator("biogenic_carbon_content", "fossil_carbon_content", "product_mass")
    @classmethod
    def _quantity(cls, v: str | None) -> str | None:
        return None if v is None else _check_quantity_text(v)


def json_schema() -> dict[str, object]:
    """The published JSON Schema of the product model file."""
    schema = ProductModelIn.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://carbonlabel.org/schemas/product-model-1.json"
    return schema
