"""The product model a user writes: processes in life-cycle stages, their inputs, direct
emissions and removals, co-products with allocation or substitution, and background factors.

Everything here is plain data. Unit conversion, reference checks and the matrices live in the
services and ``calc`` packages; the rules that need no units are the functions at the bottom.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from carbonlabel.domain.circular_footprint import CircularFootprint
from carbonlabel.domain.ghg import GasCategory
from carbonlabel.domain.product import (
    LifeCycleStage,
    Product,
    Quantity,
    ReferenceFlow,
    ReferencePeriod,
    SystemBoundary,
    Text,
    TransportMode,
)
from carbonlabel.domain.product_rules.records import ProductRuleRef
from carbonlabel.domain.quality import DataQuality, Source
from carbonlabel.domain.scenario import Scenario
from carbonlabel.domain.uncertainty import Uncertainty

ALLOCATION_TOLERANCE = 1e-6


class AllocationMethod(StrEnum):
    MASS = "mass"
    ENERGY = "energy"
    ECONOMIC = "economic"
    EXPLICIT = "explicit"


class EndOfLifeApproach(StrEnum):
    """How recycling is counted (ISO 14067 6.4.6.3 / 14044 4.3.4.3): one rule per model."""

    CUT_OFF = "cut_off"  # recycled content burden-free, no credit for material sent to recycling
    AVOIDED_BURDEN = "avoided_burden"  # material sent to recycling credited as avoided production
    CIRCULAR_FOOTPRINT = "circular_footprint"  # the CFF per material (domain.circular_footprint)


END_OF_LIFE_STATEMENTS: dict[EndOfLifeApproach, Text] = {
    EndOfLifeApproach.CUT_OFF: Text(
        zh="截断法：再生料输入无负荷（仅计再生加工），送去回收的材料不计抵扣",
        en="cut-off: recycled content burden-free (only its recycling processes count), "
           "no credit for material sent to recycling"),
    EndOfLifeApproach.AVOIDED_BURDEN: Text(
        zh="避免负荷法：送去回收的材料按替代的原生生产计抵扣",
        en="avoided burden: material sent to recycling credited as the primary production it "
           "replaces"),
    EndOfLifeApproach.CIRCULAR_FOOTPRINT: Text(
        zh="循环足迹公式（CFF）：再生料与回收按参数 A、R1、R2、R3 等在上下游之间分配",
        en="Circular Footprint Formula (CFF): recycled content and recycling shared between "
           "supplier and user by its parameters A, R1, R2, R3 ..."),
}


@dataclass(frozen=True)
class EndOfLife:
    """The end-of-life (recycling) approach a model states, recorded in its result."""

    approach: EndOfLifeApproach = EndOfLifeApproach.CUT_OFF
    note: str = ""
    circular: CircularFootprint | None = None  # method and materials, for circular_footprint

    @property
    def statement(self) -> Text:
        if self.approach is EndOfLifeApproach.CIRCULAR_FOOTPRINT and self.circular is not None:
            return self.circular.statement
        return END_OF_LIFE_STATEMENTS[self.approach]


class InputKind(StrEnum):
    PROCESS = "process"  # the reference product of another process of the model
    FACTOR = "factor"  # an emission factor: of the model, else of the factor library or sets
    DATASET = "dataset"  # a process of a background database
    SUPPLIER = "supplier"  # a supplier's product footprint, by its PACT PfId


@dataclass(frozen=True)
class Conversion:
    """Properties that allow a unit conversion across dimensions (never guessed)."""

    density: Quantity | None = None  # mass per volume, e.g. 0.84 kg/L of diesel
    heating_value: Quantity | None = None  # energy per mass or per volume, e.g. 43 MJ/kg


@dataclass(frozen=True)
class Input:
    """An input of a process: an amount of a product, factor activity or dataset output."""

    kind: InputKind
    ref: str  # process id, factor id, dataset id, or supplier footprint PfId
    quantity: Quantity
    database: str | None = None  # for datasets
    name: str = ""
    conversion: Conversion = field(default_factory=Conversion)
    source: Source | None = None
    quality: DataQuality | None = None
    primary: bool = False  # measured on site (primary data) rather than secondary data
    geography: str | None = None  # resolving a library key: instead of the model's geography
    year: int | None = None  # resolving a library key: instead of the reference period's year
    transport_mode: TransportMode | None = None  # the factor or dataset is a transport leg
    recycled_material: str | None = None  # recycled content of this material (burden-free)
    uncertainty: Uncertainty | None = None  # of the amount (activity data)


@dataclass(frozen=True)
class Emission:
    """A direct GHG emission (or, for ``REMOVAL``, an uptake) of a process."""

    gas: str
    category: GasCategory
    quantity: Quantity  # a mass
    source: Source | None = None
    quality: DataQuality | None = None
    primary: bool = False
    uncertainty: Uncertainty | None = None  # of the mass emitted


@dataclass(frozen=True)
class CoProduct:
    """A co-product: shares the burdens by allocation, or is credited by substitution."""

    name: str
    quantity: Quantity
    allocation_value: Quantity | None = None  # energy content or price per unit, by method
    factor: float | None = None  # explicit allocation factor
    substitutes: Input | None = None  # system expansion: avoided production
    recycled_material: str | None = None  # material sent to recycling (its credit: substitutes)


@dataclass(frozen=True)
class Allocation:
    method: AllocationMethod
    reference_value: Quantity | None = None  # energy content or price of the reference product
    reference_factor: float | None = None  # explicit factor of the reference product


@dataclass(frozen=True)
class Process:
    id: str
    name: Text
    stage: LifeCycleStage
    output: Quantity  # amount of the reference product per run of the process
    product: str = ""
    transport_mode: TransportMode | None = None
    inputs: tuple[Input, ...] = ()
    emissions: tuple[Emission, ...] = ()
    co_products: tuple[CoProduct, ...] = ()
    allocation: Allocation | None = None
    output_conversion: Conversion = field(default_factory=Conversion)

    @property
    def is_transport(self) -> bool:
        return self.transport_mode is not None

    @property
    def is_aircraft(self) -> bool:
        return self.transport_mode is TransportMode.AIR


@dataclass(frozen=True)
class FactorGas:
    gas: str
    category: GasCategory
    amount: float  # kg of gas per unit of the factor


@dataclass(frozen=True)
class EmissionFactor:
    """Background data: emissions per unit of an activity, with provenance."""

    id: str
    name: Text
    unit: str
    gases: tuple[FactorGas, ...]
    gwp_set: str | None = None  # for factors given as CO2e only: the GWP set they were made with
    conversion: Conversion = field(default_factory=Conversion)
    source: Source | None = None
    quality: DataQuality | None = None
    transport_mode: TransportMode | None = None  # an air-freight factor counts as aircraft
    uncertainty: Uncertainty | None = None  # of the factor as a whole (one shared parameter)


@dataclass(frozen=True)
class DatabaseRef:
    name: str
    format: str
    path: str  # relative to the model file


@dataclass(frozen=True)
class CutOffRule:
    per_input: float = 0.01
    total: float = 0.05


@dataclass(frozen=True)
class Exclusion:
    """An input left out under the cut-off rule, with its estimated share of the total."""

    name: str
    estimated_share: float
    reason: str = ""


@dataclass(frozen=True)
class ProductModel:
    product: Product
    reference: ReferenceFlow
    boundary: SystemBoundary
    period: ReferencePeriod | None
    geography: str
    processes: tuple[Process, ...]
    factors: tuple[EmissionFactor, ...] = ()
    databases: tuple[DatabaseRef, ...] = ()
    factor_sets: tuple[str, ...] = ()  # user factor set files, relative to the model file
    biogenic_carbon_content: Quantity | None = None  # kg C in the product per reference flow
    fossil_carbon_content: Quantity | None = None  # kg C in the product per reference flow
    product_mass: Quantity | None = None  # mass of the product per reference flow
    cut_off: CutOffRule = field(default_factory=CutOffRule)
    exclusions: tuple[Exclusion, ...] = ()
    notes: str = ""
    end_of_life: EndOfLife = field(default_factory=EndOfLife)
    scenarios: tuple[Scenario, ...] = ()  # named what-if scenarios (sensitivity analysis)
    product_rule: ProductRuleRef | None = None  # the product rule (PCR) the model follows

    def process(self, process_id: str) -> Process:
        for p in self.processes:
            if p.id == process_id:
                return p
        raise KeyError(process_id)


def explicit_allocation_sum(process: Process) -> float | None:
    """Sum of explicit allocation factors over the reference and allocated co-products."""
    if process.allocation is None or process.allocation.method is not AllocationMethod.EXPLICIT:
        return None
    total = process.allocation.reference_factor or 0.0
    total += sum(c.factor or 0.0 for c in process.co_products if c.substitutes is None)
    return total


def reference_year(model: ProductModel) -> int | None:
    """The year in the middle of the reference period (``None`` without a period): the year a
    factor key is resolved for unless an input names its own."""
    if model.period is None:
        return None
    start, end = date.fromisoformat(model.period.start), date.fromisoformat(model.period.end)
    return (start + (end - start) / 2).year


def excluded_share(model: ProductModel) -> float:
    return sum(e.estimated_share for e in model.exclusions)


#: Dataset names that are air freight (EcoSpold/USLCI/ecoinvent spellings), for aircraft.
_AIR_DATASET = re.compile(r"aircraft|air freight|air cargo|freight flight|航空|空运", re.I)


def category_transport_mode(category: str) -> TransportMode | None:
    """The mode of a library factor from its category: ``transport/freight/air`` → air."""
    parts = category.replace("-", "_").split("/")
    if not parts or parts[0] != "transport":
        return None
    modes = {m.value: m for m in TransportMode}
    return next((modes[p] for p in reversed(parts) if p in modes), None)


def dataset_transport_mode(name: str, unit: str) -> TransportMode | None:
    """Air for a dataset per t·km whose name says aircraft or air freight, else ``None``."""
    per_tkm = unit.replace(" ", "").replace("·", "*").casefold() in {
        "tkm", "t*km", "t.km", "tonne*km", "tonnekm", "metricton*km"}
    return TransportMode.AIR if per_tkm and _AIR_DATASET.search(name) else None
