"""Life-cycle inventory datasets as imported, before linking: the neutral form of every format.

Readers of openLCA JSON-LD, EcoSpold 2, EcoSpold 1 and the synthetic folder format all
produce an :class:`InventorySource`; linking, allocation and unit conversion of links happen
afterwards, in one place, under the calculation options the user picks. Nothing here does I/O.

Amounts of exchanges are kept as the data gives them (``amount`` in ``unit``); ``factor``
converts them to the flow's reference unit when the data defines the conversion (openLCA unit
groups and flow properties), and is ``None`` when only the unit name is known (EcoSpold), in
which case the standard unit definitions decide at link time, and the report says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from carbonlabel.domain.exchange_uncertainty import ExchangeUncertainty


class FlowKind(StrEnum):
    PRODUCT = "product"
    WASTE = "waste"
    ELEMENTARY = "elementary"


class AllocationOption(StrEnum):
    """How multi-output datasets are split, as the user chooses for a calculation."""

    DATA = "data"  # the factors (or the method) the data defines
    PHYSICAL = "physical"  # mass of the products
    ECONOMIC = "economic"  # revenue: amount x price of the products
    NONE = "none"  # the reference product carries the whole burden


class DataAllocation(StrEnum):
    """Allocation methods a dataset may define."""

    PHYSICAL = "physical"
    ECONOMIC = "economic"
    CAUSAL = "causal"


@dataclass(frozen=True)
class InventoryFlow:
    id: str
    name: str
    kind: FlowKind
    unit: str  # reference unit
    cas: str | None = None
    compartment: tuple[str, ...] = ()  # elementary flows: ("air", "urban air close to ground")
    location: str | None = None
    #: other units of the flow, as the data defines them: unit name -> reference units per unit
    units: Mapping[str, float] = field(default_factory=dict)
    #: physical properties per reference unit, e.g. {"mass_kg": 0.8, "price_usd": 1.2}
    properties: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class InventoryExchange:
    flow_id: str
    amount: float
    unit: str
    is_input: bool
    is_reference: bool = False
    provider_id: str | None = None  # default provider named by the data (a dataset id)
    avoided: bool = False  # an avoided product (substitution credit)
    factor: float | None = None  # reference units of the flow per ``unit``; None: not given
    name: str = ""  # the flow name as written at the exchange (for reports)
    #: revenue of a product output per reference unit of its flow, where the exchange gives one
    #: (openLCA cost values); else economic allocation uses the flow's "price" property
    price: float | None = None
    #: where the input comes from, as the exchange itself says (EcoSpold 1 ``@location``);
    #: the linker prefers a provider there over one in the consumer's location
    location: str = ""
    #: the distribution of ``amount`` the source states (in ``unit``), for Monte Carlo
    uncertainty: ExchangeUncertainty | None = None


@dataclass(frozen=True)
class AllocationFactor:
    method: DataAllocation
    product_id: str  # flow id of the product the share goes to
    value: float
    exchange_index: int | None = None  # causal factors: the exchange they apply to


@dataclass(frozen=True)
class InventoryDataset:
    id: str
    name: str
    location: str
    exchanges: tuple[InventoryExchange, ...]
    allocation_factors: tuple[AllocationFactor, ...] = ()
    default_allocation: DataAllocation | None = None
    file: str = ""  # where in the source it came from (for error messages and reports)

    @property
    def reference(self) -> InventoryExchange | None:
        refs = [e for e in self.exchanges if e.is_reference]
        return refs[0] if len(refs) == 1 else None


@dataclass(frozen=True)
class ImportIssue:
    """Something a reader could not take as it is, and what it did instead."""

    kind: str  # a stable class, e.g. "missing_reference", "unit_unknown", "flow_unknown"
    dataset: str  # dataset name (or id) concerned, "" for the source as a whole
    detail: str  # English, one line
    detail_zh: str = ""


@dataclass(frozen=True)
class InventorySource:
    """Everything one import read: flows, datasets and the reader's own issues."""

    name: str
    format: str
    flows: Mapping[str, InventoryFlow]
    datasets: tuple[InventoryDataset, ...]
    issues: tuple[ImportIssue, ...] = ()
    metadata: Mapping[str, str] = field(default_factory=dict)
