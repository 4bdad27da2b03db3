"""A product rule (产品碳足迹核算规则, product category rules, PCR) as a versioned record.

A rule says how the footprint of one product category is quantified: the declared or
functional unit, the life-cycle stages and boundary, the cut-off, the allocation methods,
the data that must be primary, the default secondary factors, the data-quality table and the
sections of the report (ISO 14067:2018 6.2 and 6.3; GB/T 24067-2024 6.2 and 6.3; the parts of
published group standards such as T/CECRPA 010-2024). A release is immutable: a changed rule
is a new version, a new record, and its content hash (:mod:`.content`) identifies it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from carbonlabel.domain.product import LifeCycleStage, SystemBoundary, Text, UnitKind


class RuleStatus(StrEnum):
    PROVISIONAL = "provisional"  # the official text is not public: parts from cited standards
    OFFICIAL = "official"  # transcribed from the official rule
    WITHDRAWN = "withdrawn"  # no longer to be used for new footprints


STATUS_NAMES: dict[RuleStatus, Text] = {
    RuleStatus.PROVISIONAL: Text(zh="暂行（官方规则文本未公开）",
                                 en="provisional (official text not available)"),
    RuleStatus.OFFICIAL: Text(zh="正式", en="official"),
    RuleStatus.WITHDRAWN: Text(zh="已废止", en="withdrawn"),
}


class DataKind(StrEnum):
    """What a data-quality limit applies to: inputs and emissions marked ``primary: true``
    (measured on site) and the rest (secondary data)."""

    PRIMARY = "primary"
    SECONDARY = "secondary"


#: System expansion (substitution, ISO 14067 6.4.6.2 b) next to the allocation methods.
SUBSTITUTION = "substitution"


@dataclass(frozen=True)
class Citation:
    """A document a rule rests on and what of the rule it supports."""

    document: str  # standard number or document id, e.g. "GB/T 24067-2024"
    title: str
    supports: str  # which parts of the rule it supports
    url: str = ""  # where the text is public


@dataclass(frozen=True)
class ProductCode:
    scheme: str  # "HS" or "CPC"
    code: str
    basis: str = ""  # who says the rule covers this code


@dataclass(frozen=True)
class UnitRule:
    """The declared or functional unit: the dimensions it may have (energy, mass, count ...)
    and the unit the rule states."""

    dimensions: tuple[str, ...]  # names of carbonlabel.units: mass, energy, count ...
    unit: str  # the unit the rule states, e.g. kWh
    description: Text
    kind: UnitKind | None = None  # None: declared or functional, by the boundary


@dataclass(frozen=True)
class BoundaryRule:
    allowed: tuple[SystemBoundary, ...]
    mandatory_stages: tuple[LifeCycleStage, ...]
    note: Text | None = None


@dataclass(frozen=True)
class CutOffLimit:
    """The loosest cut-off a model may state: per input and in total (shares of the total)."""

    per_input: float
    total: float


@dataclass(frozen=True)
class AllocationRule:
    """Methods a model may use, in the rule's order of preference (``substitution`` is
    system expansion); :data:`SUBSTITUTION` may appear among them."""

    methods: tuple[str, ...]
    note: Text | None = None

    def allows(self, method: str) -> bool:
        return str(method) in self.methods


@dataclass(frozen=True)
class PrimaryDataPoint:
    """Data that must be primary (``primary: true``) in a stage.

    An input (of a factor, dataset or supplier footprint: not another process's product, nor
    a transport leg) matches when it is in a process of ``stage`` and ``pattern`` (a
    case-insensitive regular expression) is found in its reference, its name or the name of the
    model factor it uses; an emission matches by its gas (``gas``). At least one must match,
    and each match must be primary.
    """

    id: str
    name: Text
    stage: LifeCycleStage
    pattern: str = ""
    gas: str | None = None


@dataclass(frozen=True)
class DefaultFactor:
    """A default secondary factor: a key of the bundled factor library, and what it is for."""

    key: str
    use: Text


@dataclass(frozen=True)
class QualityLimit:
    """The worst data-quality rating (DQR, 1 best .. 5 worst) a kind of data may have."""

    kind: DataKind
    max_dqr: float


@dataclass(frozen=True)
class ReportSection:
    id: str
    title: Text


@dataclass(frozen=True)
class ProductRule:
    code: str
    version: str
    released_on: date
    status: RuleStatus
    title: Text
    text: Text  # the rule in words: scope and what its parts mean
    unit: UnitRule
    boundary: BoundaryRule
    cut_off: CutOffLimit
    allocation: AllocationRule
    citations: tuple[Citation, ...]
    official_text_available: bool = False
    based_on: Text | None = None  # without the official text: what the record rests on
    product_codes: tuple[ProductCode, ...] = ()
    primary_data: tuple[PrimaryDataPoint, ...] = ()
    default_factors: tuple[DefaultFactor, ...] = ()
    quality: tuple[QualityLimit, ...] = ()
    report_sections: tuple[ReportSection, ...] = ()
    categories: tuple[str, ...] = field(default=())  # carbonlabel product categories it fits

    @property
    def label(self) -> str:
        return f"{self.code}@{self.version}"

    def max_dqr(self, kind: DataKind) -> float | None:
        return next((q.max_dqr for q in self.quality if q.kind is kind), None)


@dataclass(frozen=True)
class ProductRuleRef:
    """What a model names: a rule code and, optionally, a version (else the latest release)."""

    code: str
    version: str | None = None


@dataclass(frozen=True)
class AppliedRule:
    """The release a footprint was calculated under: ``code@version`` and its content hash."""

    code: str
    version: str
    hash: str

    def __str__(self) -> str:
        return f"{self.code}@{self.version}#{self.hash[:12]}"

    @property
    def stored(self) -> str:
        """As a footprint or certificate stores it: ``code@version#sha256``."""
        return f"{self.code}@{self.version}#{self.hash}"

    @classmethod
    def parse(cls, text: str | None) -> AppliedRule | None:
        """The stored form back (``None`` for none or an unreadable value)."""
        if not text or "@" not in text:
            return None
        code, _, rest = text.partition("@")
        version, _, digest = rest.partition("#")
        return cls(code, version, digest) if code and version else None
