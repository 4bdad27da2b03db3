"""The product, its declared or functional unit, the system boundary and life-cycle stages."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class LifeCycleStage(StrEnum):
    RAW_MATERIAL = "raw_material_acquisition"
    PRODUCTION = "production"
    DISTRIBUTION = "distribution"
    USE = "use"
    END_OF_LIFE = "end_of_life"


STAGE_NAMES: dict[LifeCycleStage, tuple[str, str]] = {
    LifeCycleStage.RAW_MATERIAL: ("原材料获取", "raw material acquisition"),
    LifeCycleStage.PRODUCTION: ("生产", "production"),
    LifeCycleStage.DISTRIBUTION: ("分销", "distribution"),
    LifeCycleStage.USE: ("使用", "use"),
    LifeCycleStage.END_OF_LIFE: ("废弃处置", "end of life"),
}


class SystemBoundary(StrEnum):
    CRADLE_TO_GATE = "cradle-to-gate"
    CRADLE_TO_GRAVE = "cradle-to-grave"
    GATE_TO_GATE = "gate-to-gate"


#: Stages a boundary may contain (ISO 14067 6.3.4; a partial CFP states what it covers).
BOUNDARY_STAGES: dict[SystemBoundary, frozenset[LifeCycleStage]] = {
    SystemBoundary.CRADLE_TO_GATE: frozenset({LifeCycleStage.RAW_MATERIAL,
                                              LifeCycleStage.PRODUCTION}),
    SystemBoundary.GATE_TO_GATE: frozenset({LifeCycleStage.PRODUCTION}),
    SystemBoundary.CRADLE_TO_GRAVE: frozenset(LifeCycleStage),
}


class UnitKind(StrEnum):
    DECLARED = "declared"  # partial CFP (e.g. cradle-to-gate)
    FUNCTIONAL = "functional"  # full CFP (cradle-to-grave)


class TransportMode(StrEnum):
    ROAD = "road"
    RAIL = "rail"
    SEA = "sea"
    INLAND_WATERWAY = "inland_waterway"
    AIR = "air"
    PIPELINE = "pipeline"


@dataclass(frozen=True)
class Text:
    """A name in Chinese (first) and English."""

    zh: str
    en: str


@dataclass(frozen=True)
class Product:
    name: Text
    category: str
    product_rule: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class Quantity:
    """An amount with its unit as written by the user (converted later, never guessed)."""

    amount: float
    unit: str

    def __str__(self) -> str:
        return f"{self.amount:g} {self.unit}"


@dataclass(frozen=True)
class ReferenceFlow:
    """What the footprint is per: the declared or functional unit and its reference flow."""

    kind: UnitKind
    description: Text
    quantity: Quantity
    process: str  # id of the process whose reference product is the reference flow


@dataclass(frozen=True)
class ReferencePeriod:
    start: str  # ISO date
    end: str
