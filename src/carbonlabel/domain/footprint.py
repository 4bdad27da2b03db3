"""The result of a footprint calculation, with everything ISO 14067 asks to report.

A result is immutable: a new calculation gives a new result. Totals are kg CO2e per
declared/functional unit. Separately reported items (ISO 14067 / GB/T 24067-2024): fossil
emissions, biogenic emissions, biogenic removals, dLUC emissions, aircraft transport, and the
biogenic carbon content of the product. What factors or datasets publish as CO2e only is
"CO2e not split by gas", beside the fossil and biogenic parts and counted in neither.

Shares are of the total, or of the gross emissions (total − removals) when there are
removals (``share_basis``). Every new result states its end-of-life approach.

The primary-data share (PACT) is the fraction of the footprint excluding biogenic CO2 uptake
that rests on primary data; supplier-specific inputs (supplier PCFs linked by their PACT PfId)
are listed with their contribution and their own primary-data share.
"""

from __future__ import annotations

from dataclasses import dataclass

from carbonlabel.domain.factors import FactorResolution
from carbonlabel.domain.model import EndOfLife
from carbonlabel.domain.product import (
    LifeCycleStage,
    Product,
    ReferenceFlow,
    ReferencePeriod,
    SystemBoundary,
    Text,
)
from carbonlabel.domain.quality import WeightedQuality
from carbonlabel.domain.uncertainty import MonteCarloResult


@dataclass(frozen=True)
class GasResult:
    gas: str
    category: str
    mass_kg: float
    gwp: float
    co2e_kg: float


@dataclass(frozen=True)
class StageResult:
    stage: LifeCycleStage
    co2e_kg: float
    share: float
    transport_co2e_kg: float  # part of the stage's total that comes from transport legs


@dataclass(frozen=True)
class ProcessResult:
    process: str
    name: Text
    stage: LifeCycleStage
    co2e_kg: float  # direct emissions plus background inputs of the process
    share: float
    direct_co2e_kg: float


@dataclass(frozen=True)
class Hotspot:
    """One line of the inventory: a background input or the direct emissions of a process."""

    process: str
    process_name: Text
    stage: LifeCycleStage
    item: str  # "factor:ID", "dataset:DB/ID", "supplier:PFID" or "direct"
    item_name: str
    co2e_kg: float
    share: float


@dataclass(frozen=True)
class SeparateReporting:
    fossil_co2e_kg: float
    biogenic_emissions_co2e_kg: float
    biogenic_removals_co2e_kg: float  # negative or zero
    dluc_co2e_kg: float
    aircraft_co2e_kg: float
    transport_co2e_kg: float
    unsplit_co2e_kg: float  # published as CO2e only (factors, supplier PCFs): not re-weighted
    biogenic_carbon_content_kg_c: float | None
    # CO2e not split by gas (factors and datasets published as CO2e only), in no category
    # above: fossil + biogenic + removals + dLUC + this = total. None: a result stored before
    # it was reported apart, whose fossil part still holds it.
    not_split_co2e_kg: float | None = None

    @property
    def biogenic_carbon_content_kg_co2(self) -> float | None:
        c = self.biogenic_carbon_content_kg_c
        return None if c is None else c * 44.0095 / 12.011


@dataclass(frozen=True)
class TreeNode:
    """A node of the upstream supply-chain tree: an amount of a product and its footprint."""

    key: str
    name: str
    kind: str  # "process", "factor", "dataset", "supplier", "direct", "cut-off"
    amount: float
    unit: str
    co2e_kg: float
    share: float
    children: tuple[TreeNode, ...] = ()
    loop: bool = False  # the product already appears above: not expanded again


@dataclass(frozen=True)
class SupplierInputResult:
    """A supplier-specific input: which supplier PCF it uses and what it contributes."""

    process: str  # id of the process the input belongs to
    input: str  # field path in the model, e.g. "processes[1].inputs[0]"
    name: str  # the input's name in the model, else the supplier's product name
    pf_id: str  # PACT PfId of the supplier's product footprint
    company_name: str
    product_name: str
    amount: float  # declared units of the supplier product per reference flow
    unit: str  # the supplier footprint's declared unit
    co2e_kg: float  # contribution per reference flow, biogenic uptake included
    primary_data_share: float | None  # the supplier's own share (fraction 0..1)


@dataclass(frozen=True)
class Provenance:
    """What makes the result reproducible."""

    input_hash: str
    gwp_set: str
    gwp_source: str
    factor_sets: tuple[tuple[str, str], ...]  # (name, version)
    engine_version: str
    solver: str


@dataclass(frozen=True)
class FootprintResult:
    product: Product
    reference: ReferenceFlow
    boundary: SystemBoundary
    geography: str
    total_co2e_kg: float
    by_stage: tuple[StageResult, ...]
    by_process: tuple[ProcessResult, ...]
    by_gas: tuple[GasResult, ...]
    hotspots: tuple[Hotspot, ...]
    separate: SeparateReporting
    tree: TreeNode
    quality: WeightedQuality | None
    provenance: Provenance
    cut_off_share: float  # tree cut-off used
    excluded_share: float  # inputs left out under the model's cut-off rule
    warnings: tuple[str, ...] = ()
    factor_resolutions: tuple[FactorResolution, ...] = ()  # factors taken from library or sets
    primary_data_share: float | None = None  # PACT PDS, fraction 0..1; None: nothing to weigh
    supplier_inputs: tuple[SupplierInputResult, ...] = ()
    fossil_carbon_content_kg_c: float | None = None  # fossil carbon in the product (kg C)
    product_mass_kg: float | None = None  # mass of the product per reference flow
    period: ReferencePeriod | None = None  # the model's reference period (data collected in)
    end_of_life: EndOfLife | None = None  # the model's approach (None: stored before it was)
    uncertainty: MonteCarloResult | None = None  # a Monte Carlo run, when one was asked for

    @property
    def share_basis(self) -> str:
        """``gross_emissions`` when there are removals (shares of total − removals), else
        ``total``."""
        return "gross_emissions" if self.separate.biogenic_removals_co2e_kg < 0 else "total"

    @property
    def share_base_co2e_kg(self) -> float:
        """The kg CO2e every share is a fraction of (see ``share_basis``)."""
        return self.total_co2e_kg - min(self.separate.biogenic_removals_co2e_kg, 0.0)
