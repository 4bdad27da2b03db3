"""What compiling a product model yields: its background items, input and emission lines, and
the matrices (``compile.py`` builds it; ``results.py`` reads it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from carbonlabel.calc.model.parameters import no_parameters
from carbonlabel.calc.product_system import ProductSystemMatrices
from carbonlabel.calc.uncertainty.distributions import Distributions
from carbonlabel.domain.factors import FactorRecord, FactorResolution
from carbonlabel.domain.ghg import GhgFlow
from carbonlabel.domain.model import Conversion, ProductModel
from carbonlabel.domain.product import TransportMode
from carbonlabel.domain.quality import DataQuality, Source
from carbonlabel.domain.supplier import SupplierFootprint


@dataclass(frozen=True)
class BackgroundItem:
    key: str  # "factor:ID", "dataset:DB/ID" or "supplier:PFID"
    name: str
    unit: str
    flows: dict[GhgFlow, float]
    quality: DataQuality | None = None
    source: Source | None = None
    conversion: Conversion = field(default_factory=Conversion)
    supplier: SupplierFootprint | None = None  # for "supplier:" items
    transport_mode: TransportMode | None = None  # the item is a transport leg (air: aircraft)
    param: int | None = None  # uncertain parameter scaling every gas of the item (a ratio)


@dataclass(frozen=True)
class InputLine:
    """An input of a process, converted and allocated: ``coef`` units per run of the process."""

    process: int
    target: int  # process index or background item index
    to_background: bool
    coef: float
    quality: DataQuality | None
    primary: bool
    path: str = ""  # field path of the input in the model, e.g. processes[1].inputs[0]
    name: str = ""  # the input's name in the model
    transport_mode: TransportMode | None = None  # a background transport leg used directly
    param: int | None = None  # uncertain parameter scaling ``coef`` (a ratio)


@dataclass(frozen=True)
class EmissionLine:
    process: int
    flow: int
    coef: float  # kg per run of the process, allocated
    quality: DataQuality | None
    primary: bool
    param: int | None = None  # uncertain parameter scaling ``coef`` (a ratio)


@dataclass(frozen=True)
class CompiledSystem:
    model: ProductModel
    items: tuple[BackgroundItem, ...]
    flows: tuple[GhgFlow, ...]
    inputs: tuple[InputLine, ...]
    emissions: tuple[EmissionLine, ...]
    allocation_factors: tuple[float, ...]
    matrices: ProductSystemMatrices
    biogenic_carbon_kg: float | None
    warnings: tuple[str, ...]
    resolutions: tuple[FactorResolution, ...] = ()  # factors taken from the catalog
    catalog_records: tuple[FactorRecord, ...] = ()
    fossil_carbon_kg: float | None = None  # fossil carbon in the product per reference flow
    product_mass_kg: float | None = None  # mass of the product per reference flow
    # uncertain parameters (ratios to the stated values) and the field path of each
    parameters: Distributions = field(default_factory=no_parameters)
    parameter_paths: tuple[str, ...] = ()
