"""Link an imported inventory into matrices the engine solves, under the user's options.

Columns are (dataset, product) pairs: the reference product of every dataset and, unless the
allocation option is ``none``, each co-product output as well, with the dataset's exchanges
multiplied by the product's allocation share. Signs: an output of a flow is ``+amount``, an
input ``-amount`` (so a waste-treatment dataset whose reference is a waste *input* has a
negative diagonal and a waste output of a consumer links to it with a positive entry).

Providers of a product input (or a waste output) are the columns whose product is that flow.
With several, the rule is, in order: the provider the data names (default provider /
activity link); a provider in the location the exchange itself names (EcoSpold 1
``exchange/@location``); a provider in the consumer's location; a provider whose product is
its reference product (not a co-product); the lowest dataset id. Each consumer's choice is
reported with its rule. Inputs with no provider are cut off and listed; so are links whose
units cannot be converted.

Self-loops: a column whose net production, its product output less its input of that same
product (an input the data does not tie to another provider or location), is ≤ 0 or below
:data:`NET_PRODUCTION_MIN` of the gross output has no meaningful score per unit (``A`` is
singular or nearly so there). It is left out of the matrices: not scored, no provider; each
link that had no other provider because of it is cut and listed (``provider_excluded``).

Units of links: the data's own conversion (openLCA unit groups and flow properties) where it
gives one, else the standard unit definitions (pint: MJ → kWh, L → m³, kg·km → t·km ...);
every conversion is counted by class in the report.

Uncertainty: each entry of ``A`` (but the reference products) and ``B`` keeps the distribution
of the exchange behind it, scaled like its amount (:mod:`carbonlabel.calc.inventory.
entry_uncertainty`); the database carries them as its entries when any exchange has one.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from carbonlabel.calc.database import LciDatabase
from carbonlabel.calc.factorization import FloatArray
from carbonlabel.calc.inventory.allocation import Column, columns_of
from carbonlabel.calc.inventory.entry_uncertainty import Triplets
from carbonlabel.domain.ghg import GasCategory, GhgFlow, GwpSet
from carbonlabel.domain.ghg_mapping import classify, might_be_ghg, normalise_name
from carbonlabel.domain.import_report import (
    NET_PRODUCTION_MIN,
    ExcludedDataset,
    LinkReport,
    ProviderChoice,
    UnlinkedExchange,
)
from carbonlabel.domain.inventory import (
    AllocationOption,
    FlowKind,
    InventoryDataset,
    InventoryExchange,
    InventoryFlow,
    InventorySource,
)
from carbonlabel.errors import UnitError
from carbonlabel.units import conversion_factor

Progress = Callable[[int, int], None]
_UNSPLIT = GhgFlow("CO2e", GasCategory.FOSSIL)


@dataclass(frozen=True)
class LinkedDatabase:
    database: LciDatabase
    #: dataset id → column of its reference product
    reference_columns: dict[str, int]
    #: +1, or -1 for a treatment service whose reference is a waste input (per unit treated)
    reference_signs: dict[str, float]
    #: dataset id → (unit of its reference exchange, flow reference units per that unit)
    reference_units: dict[str, tuple[str, float]]
    report: LinkReport

    def score_per_reference_unit(self, scores: FloatArray, dataset_id: str) -> float:
        """kg CO2e per unit of the reference product, in the unit the dataset states it in,
        from the scores per flow reference unit of every column (``y`` of the adjoint solve)."""
        unit_factor = self.reference_units[dataset_id][1]
        column = self.reference_columns[dataset_id]
        return float(scores[column]) * self.reference_signs[dataset_id] * unit_factor


class _Units:
    """Conversion of a link's amount to the provider flow's reference unit, counted."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], float | None] = {}
        self.by_definition = False  # set when the last conversion used standard definitions

    def to_reference(self, ex: InventoryExchange, flow: InventoryFlow,
                     report: LinkReport) -> float | None:
        self.by_definition = False
        if ex.factor is not None:
            return ex.amount * ex.factor
        if ex.unit == flow.unit:
            return ex.amount
        if ex.unit in flow.units:
            report.unit_conversions[f"{ex.unit} → {flow.unit} (data)"] += 1
            return ex.amount * flow.units[ex.unit]
        key = (ex.unit, flow.unit)
        if key not in self._cache:
            try:
                self._cache[key] = conversion_factor(ex.unit, flow.unit, None, "unit")
            except UnitError:
                self._cache[key] = None
        factor = self._cache[key]
        if factor is None:
            return None
        report.unit_conversions[f"{ex.unit} → {flow.unit} (standard definitions)"] += 1
        self.by_definition = True
        return ex.amount * factor


def link_inventory(source: InventorySource, allocation: AllocationOption, gwp: GwpSet,
                   progress: Progress | None = None) -> LinkedDatabase:
    """Build ``A``, ``B`` (GHG rows) and ``c`` from an imported inventory; see module doc."""
    report = LinkReport(allocation=allocation.value, datasets=len(source.datasets))
    flows = source.flows
    columns = columns_of(source, allocation, report)
    excluded_flows: set[str] = set()
    columns = _without_self_loops(columns, flows, report, excluded_flows)
    providers: dict[str, list[int]] = defaultdict(list)
    for j, col in enumerate(columns):
        providers[col.product.flow_id].append(j)
    by_id = {d.id: d for d in source.datasets}
    units = _Units()
    ghg_rows: dict[GhgFlow, int] = {}
    a_entries, b_entries = Triplets(), Triplets()
    diag_sign: list[float] = []
    ref_units: dict[str, tuple[str, float]] = {}
    choices: dict[tuple[str, str], ProviderChoice] = {}
    for j, col in enumerate(columns):
        d = col.dataset
        product_flow = flows[col.product.flow_id]
        amount = units.to_reference(col.product, product_flow, report)
        if amount is None or amount == 0.0:
            amount = col.product.amount  # readers guarantee a convertible reference
        signed = -amount if col.product.is_input else amount
        if col.is_reference:
            ref_units[d.id] = (col.product.unit, abs(amount / col.product.amount)
                               if col.product.amount else 1.0)
        a_entries.add(j, j, signed)  # the reference product: fixed
        diag_sign.append(1.0 if signed >= 0 else -1.0)
        for k, ex in enumerate(d.exchanges):
            if ex is col.product or (k in col.skip):
                continue
            share = col.share_of(k)
            if share == 0.0:
                continue
            flow = flows.get(ex.flow_id)
            if flow is None:
                continue
            # a dataset's exchanges are counted once, with its reference column
            tally = report if col.is_reference else LinkReport(allocation=allocation.value)
            if flow.kind is FlowKind.ELEMENTARY:
                _elementary(ex, flow, d, j, share, units, tally, gwp, ghg_rows, b_entries)
                continue
            tally.product_inputs += 1
            if ex.avoided:
                tally.avoided_products += 1
            candidates = providers.get(ex.flow_id, [])
            if not candidates:
                why = "provider_excluded" if ex.flow_id in excluded_flows else "no_provider"
                tally.unlinked.append(UnlinkedExchange(d.name, ex.name or flow.name,
                                                       ex.amount, ex.unit, why, d.id))
                continue
            target = _choose(candidates, ex, d, columns, by_id, choices, flow)
            if len(candidates) > 1:
                report.flag(d.id, "provider_chosen")
            provider_flow = flows[columns[target].product.flow_id]
            value = units.to_reference(ex, provider_flow, tally)
            if value is None:
                tally.unlinked.append(UnlinkedExchange(d.name, ex.name or flow.name,
                                                       ex.amount, ex.unit, "unit_mismatch", d.id))
                report.flag(d.id, "unit_mismatch")
                continue
            if units.by_definition:
                report.flag(d.id, "unit_converted_by_definition")
            tally.linked += 1
            a_entries.add(target, j, (-value if ex.is_input else value) * share, ex.amount,
                          ex.uncertainty)
        if progress is not None and (j % 500 == 0 or j == len(columns) - 1):
            progress(j + 1, len(columns))
    report.provider_choices = sorted(choices.values(),
                                     key=lambda c: (c.flow, c.consumer_id, c.chosen_id))
    report.co2_split_unreliable = report.plain_co2_emissions > 0 and report.co2_uptakes > 0
    report.columns = len(columns)
    n = len(columns)
    gases = sorted(ghg_rows, key=lambda g: ghg_rows[g])
    a_all, b_all = a_entries.entries(), b_entries.entries()
    a, b = a_all.matrix((n, n)), b_all.matrix((len(gases), n))
    c = np.array([gwp.factor(g) for g in gases], dtype=np.float64)
    database = LciDatabase(
        name=source.name,
        process_ids=tuple(col.id for col in columns),
        process_names=tuple(col.label for col in columns),
        product_names=tuple(flows[col.product.flow_id].name for col in columns),
        units=tuple(flows[col.product.flow_id].unit for col in columns),
        locations=tuple(col.dataset.location for col in columns),
        flow_ids=tuple(g.key for g in gases),
        flow_names=tuple(g.key for g in gases),
        flow_units=tuple("kg" for _ in gases),
        technosphere=a, biosphere=b, characterization=c,
        metadata={"format": source.format, "allocation": allocation.value,
                  "gwp_set": gwp.name, "sha256": _digest(source)},
        technosphere_entries=a_all if a_entries.uncertain else None,
        biosphere_entries=b_all if b_entries.uncertain else None,
    )
    refs = {col.dataset.id: j for j, col in enumerate(columns) if col.is_reference}
    signs = {dsid: diag_sign[j] for dsid, j in refs.items()}
    return LinkedDatabase(database, refs, signs, ref_units, report)


def _without_self_loops(columns: list[Column], flows: Mapping[str, InventoryFlow],
                        report: LinkReport, excluded_flows: set[str]) -> list[Column]:
    """``columns`` less those whose net production is too small (module doc), recorded."""
    units = _Units()
    scratch = LinkReport(allocation=report.allocation)
    kept: list[Column] = []
    for col in columns:
        d, product = col.dataset, col.product
        flow = flows[product.flow_id]
        gross = units.to_reference(product, flow, scratch)
        if gross is None or gross == 0.0:
            gross = product.amount
        gross = abs(gross)
        taken = 0.0
        for k, ex in enumerate(d.exchanges):
            if (ex is product or k in col.skip or ex.flow_id != product.flow_id
                    or ex.is_input == product.is_input or ex.avoided
                    or ex.provider_id not in (None, d.id)
                    or (ex.location and ex.location != d.location)):
                continue
            value = units.to_reference(ex, flow, scratch)
            if value is not None:
                taken += abs(value) * col.share_of(k)
        if taken == 0.0 or gross - taken > NET_PRODUCTION_MIN * gross:
            kept.append(col)
            continue
        excluded_flows.add(product.flow_id)
        report.flag(d.id, "net_production_too_small")
        report.excluded_datasets.append(ExcludedDataset(col.id, col.label, gross, gross - taken))
    return kept


def _elementary(ex: InventoryExchange, flow: InventoryFlow, d: InventoryDataset, j: int,
                share: float, units: _Units, report: LinkReport, gwp: GwpSet,
                ghg_rows: dict[GhgFlow, int], b_entries: Triplets) -> None:
    match = classify(flow.name, flow.cas, flow.compartment, ex.is_input)
    if match is None:
        own = flow.properties.get("kg_co2e_per_unit")
        if own:  # characterised by the source itself (synthlci): kept as CO2e, as when read
            row = ghg_rows.setdefault(_UNSPLIT, len(ghg_rows))
            report.ghg_exchanges[_UNSPLIT.key] += 1
            b_entries.add(row, j, ex.amount * own * share, ex.amount, ex.uncertainty)
        elif not ex.is_input and might_be_ghg(flow.name, flow.compartment):
            report.uncharacterised_suspects[flow.name] += 1
        return
    if not gwp.has(match.flow.gas):
        report.gases_not_in_gwp_set[match.flow.gas] += 1
        return
    if match.flow.gas == "CO2":
        if match.flow.category is GasCategory.REMOVAL:
            report.co2_uptakes += 1
        elif normalise_name(flow.name) == "carbon dioxide":
            report.plain_co2_emissions += 1
    kg = _kilograms(ex, flow)
    if kg is None:
        report.ghg_unit_problems.append(f"{d.name}: {flow.name} in {ex.unit}")
        return
    row = ghg_rows.setdefault(match.flow, len(ghg_rows))
    report.ghg_exchanges[match.flow.key] += 1
    if match.compartment_assumed:
        report.ghg_compartment_assumed += 1
        report.flag(d.id, "ghg_compartment_assumed")
    b_entries.add(row, j, kg * share, ex.amount, ex.uncertainty)


def _kilograms(ex: InventoryExchange, flow: InventoryFlow) -> float | None:
    amount = ex.amount * ex.factor if ex.factor is not None else ex.amount
    unit = flow.unit if ex.factor is not None else ex.unit
    if unit == "kg":
        return amount
    try:
        return amount * conversion_factor(unit, "kg", None, "unit")
    except UnitError:
        return None


def _choose(candidates: Sequence[int], ex: InventoryExchange, consumer: InventoryDataset,
            columns: Sequence[Column], by_id: dict[str, InventoryDataset],
            choices: dict[tuple[str, str], ProviderChoice], flow: InventoryFlow) -> int:
    if len(candidates) == 1:
        return candidates[0]
    rule = "lowest_id"
    pool = list(candidates)
    named = [j for j in pool if ex.provider_id and columns[j].dataset.id == ex.provider_id]
    if named:
        pool, rule = named, "data"
    else:
        there = [j for j in pool if ex.location and columns[j].dataset.location == ex.location]
        local = [j for j in pool if columns[j].dataset.location == consumer.location]
        if there and len(there) < len(pool):
            pool, rule = there, "exchange_location"
        elif local and len(local) < len(pool):
            pool, rule = local, "same_location"
        ref = [j for j in pool if columns[j].is_reference]
        if ref and len(ref) < len(pool):
            pool = ref
            rule = rule if rule != "lowest_id" else "reference_product"
    chosen = min(pool, key=lambda j: columns[j].dataset.id)
    key = (consumer.id, flow.id)
    if key not in choices:
        provider = columns[chosen].dataset
        choices[key] = ProviderChoice(flow.name, provider.name, len(candidates), rule,
                                      consumer.name, consumer.id, provider.id,
                                      provider.location)
    return chosen


def _digest(source: InventorySource) -> str:
    h = hashlib.sha256()
    for d in source.datasets:
        h.update(d.id.encode())
        for e in d.exchanges:
            h.update(f"{e.flow_id}|{e.amount!r}|{e.unit}|{e.is_input}".encode())
    return h.hexdigest()


def counts_by_kind(flows: dict[str, InventoryFlow]) -> dict[str, int]:
    return dict(Counter(f.kind.value for f in flows.values()))
