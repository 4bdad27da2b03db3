"""What an import (or a calculation over an imported database) did with the data it read.

Every class of problem is counted and listed, never silently dropped: unlinked exchanges (cut
off), unit conversions of links by class, unit problems, allocation fallbacks, the choice among
several providers, elementary flows mapped to GHGs and those that look like GHGs but are not
characterised.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from carbonlabel.domain.inventory import ImportIssue


@dataclass(frozen=True)
class UnlinkedExchange:
    dataset: str
    flow: str
    amount: float
    unit: str
    reason: str  # "no_provider", "unit_mismatch", "provider_excluded"
    dataset_id: str = ""


@dataclass(frozen=True)
class ProviderChoice:
    """Which of several providers one consumer's input of a product links to, and why."""

    flow: str
    chosen: str  # dataset name
    candidates: int
    #: "data", "exchange_location", "same_location", "reference_product", "lowest_id"
    rule: str
    consumer: str = ""  # dataset name
    consumer_id: str = ""
    chosen_id: str = ""
    location: str = ""  # the chosen provider's location


@dataclass(frozen=True)
class ExcludedDataset:
    """A dataset whose net production after its input of its own product is ≤ 0 or below
    :data:`NET_PRODUCTION_MIN` of its gross output: left out as a provider and not scored."""

    dataset_id: str
    name: str
    gross: float  # output of its product, in the flow's reference unit
    net: float  # gross minus the input of its own product


#: Net production below this share of gross output makes a self-loop dataset unusable.
NET_PRODUCTION_MIN = 1e-6


@dataclass(frozen=True)
class AllocationNote:
    dataset: str
    requested: str
    used: str
    reason: str
    dataset_id: str = ""


@dataclass
class LinkReport:
    """Counts and lists of one linking of an inventory source under one set of options."""

    allocation: str
    datasets: int = 0
    columns: int = 0
    product_inputs: int = 0
    linked: int = 0
    avoided_products: int = 0
    unlinked: list[UnlinkedExchange] = field(default_factory=list)
    #: "MJ → kWh (standard definitions)" → number of links converted that way
    unit_conversions: Counter[str] = field(default_factory=Counter)
    provider_choices: list[ProviderChoice] = field(default_factory=list)
    allocation_notes: list[AllocationNote] = field(default_factory=list)
    #: "CO2/fossil" → number of exchanges mapped to it
    ghg_exchanges: Counter[str] = field(default_factory=Counter)
    ghg_compartment_assumed: int = 0
    ghg_unit_problems: list[str] = field(default_factory=list)
    #: flow name → exchanges: emissions to air that look like GHGs but are not characterised
    uncharacterised_suspects: Counter[str] = field(default_factory=Counter)
    skipped_datasets: list[str] = field(default_factory=list)
    #: self-loop datasets left out as providers and not scored (their cut links: ``unlinked``
    #: with reason "provider_excluded")
    excluded_datasets: list[ExcludedDataset] = field(default_factory=list)
    #: emissions named plain "Carbon dioxide" (counted fossil) and CO2 uptakes from the air;
    #: with both, the database may write biomass CO2 as plain CO2, so its fossil/biogenic
    #: split is unreliable (its total is not)
    plain_co2_emissions: int = 0
    co2_uptakes: int = 0
    #: gas → exchanges whose gas has no GWP100 in the set used (left out, like a suspect)
    gases_not_in_gwp_set: Counter[str] = field(default_factory=Counter)
    co2_split_unreliable: bool = False  # plain_co2_emissions and co2_uptakes both > 0
    #: dataset id → classes of what was done to its own exchanges that a reader should know:
    #: "unit_converted_by_definition", "unit_mismatch", "ghg_compartment_assumed",
    #: "allocation_fallback", "provider_chosen", "net_production_too_small", and after a
    #: calculation "large_score" (above 1e6 kg CO2e per unit: check the unit)
    flags: dict[str, set[str]] = field(default_factory=dict)

    def flag(self, dataset_id: str, kind: str) -> None:
        self.flags.setdefault(dataset_id, set()).add(kind)

    def unlinked_by_reason(self) -> Counter[str]:
        return Counter(u.reason for u in self.unlinked)


@dataclass(frozen=True)
class ImportReport:
    """The report of an import: what the reader met, and the linking under default options."""

    name: str
    format: str
    source: str
    flows: dict[str, int]  # kind → count
    exchanges: int
    reader_issues: tuple[ImportIssue, ...]
    link: LinkReport

    def issue_counts(self) -> Counter[str]:
        return Counter(i.kind for i in self.reader_issues)
