"""Turn a solved product system into the reported breakdowns, hotspots, tree, DQR and
primary-data share.

Shares (stage, process, hotspot, tree) are of the total; when the result has biogenic removals
(``R < 0``) they are of the gross emissions ``total − R``, so an uptake that nearly cancels the
emissions does not blow the shares up to thousands of per cent (:func:`share_base`).

Transport and aircraft: a process marked ``transport_mode`` counts whole; a background input
whose factor or dataset is itself a transport leg (``InputLine.transport_mode``, e.g. an air
freight factor used directly) counts in a process that is not already counted for that mode.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from carbonlabel.calc.model.compiled import CompiledSystem
from carbonlabel.calc.product_system import ProductSystemSolution
from carbonlabel.domain.footprint import (
    GasResult,
    Hotspot,
    ProcessResult,
    SeparateReporting,
    StageResult,
    SupplierInputResult,
    TreeNode,
)
from carbonlabel.domain.ghg import GasCategory, GhgFlow
from carbonlabel.domain.product import LifeCycleStage, TransportMode
from carbonlabel.domain.quality import DataQuality, WeightedQuality, weighted_quality

MAX_TREE_DEPTH = 12
MAX_TREE_NODES = 2000


#: The flow a factor or dataset published as CO2e only lands in (and a supplier's fossil part).
CO2E_FOSSIL = GhgFlow("CO2e", GasCategory.FOSSIL)


def _share(x: float, total: float) -> float:
    return x / total if total else 0.0


def removals(cs: CompiledSystem, sol: ProductSystemSolution) -> float:
    """kg CO2e of biogenic removals (≤ 0)."""
    c = cs.matrices.characterization
    return sum(float(sol.inventory[k] * c[k]) for k, f in enumerate(cs.flows)
               if f.category is GasCategory.REMOVAL)


def share_base(cs: CompiledSystem, sol: ProductSystemSolution) -> float:
    """What shares are of: the total ``T``; with removals ``R < 0``, the gross emissions
    ``T − R`` (a removal's share is then negative, and the shares add up to ``T / (T − R)``)."""
    r = removals(cs, sol)
    return sol.total - r if r < 0 else sol.total


def transport_legs(cs: CompiledSystem, sol: ProductSystemSolution
                   ) -> list[tuple[int, TransportMode, float]]:
    """(process, mode, kg CO2e) of each background input that is itself a transport leg."""
    return [(line.process, line.transport_mode,
             float(sol.supply[line.process] * line.coef * sol.background_scores[line.target]))
            for line in cs.inputs if line.to_background and line.transport_mode is not None]


def by_stage(cs: CompiledSystem, sol: ProductSystemSolution) -> tuple[StageResult, ...]:
    totals: dict[LifeCycleStage, float] = defaultdict(float)
    transport: dict[LifeCycleStage, float] = defaultdict(float)
    procs = cs.model.processes
    for i, p in enumerate(procs):
        totals[p.stage] += float(sol.process_totals[i])
        if p.is_transport:
            transport[p.stage] += float(sol.process_totals[i])
    for i, _, value in transport_legs(cs, sol):
        if not procs[i].is_transport:
            transport[procs[i].stage] += value
    base = share_base(cs, sol)
    return tuple(StageResult(st, totals[st], _share(totals[st], base), transport[st])
                 for st in LifeCycleStage if st in totals)


def by_process(cs: CompiledSystem, sol: ProductSystemSolution) -> tuple[ProcessResult, ...]:
    base = share_base(cs, sol)
    out = [ProcessResult(p.id, p.name, p.stage, float(sol.process_totals[i]),
                         _share(float(sol.process_totals[i]), base),
                         float(sol.process_direct[i]))
           for i, p in enumerate(cs.model.processes)]
    return tuple(sorted(out, key=lambda r: -abs(r.co2e_kg)))


def by_gas(cs: CompiledSystem, sol: ProductSystemSolution) -> tuple[GasResult, ...]:
    c = cs.matrices.characterization
    out = [GasResult(f.gas, f.category.value, float(sol.inventory[k]), float(abs(c[k])),
                     float(sol.inventory[k] * c[k]))
           for k, f in enumerate(cs.flows) if sol.inventory[k] != 0.0]
    return tuple(sorted(out, key=lambda r: -abs(r.co2e_kg)))


@dataclass(frozen=True)
class Line:
    """One contribution line: a background input of a process, or a direct emission."""

    process: int
    key: str  # item key, or "direct"
    co2e_kg: float
    quality: DataQuality | None
    emissions_kg: float  # the same without biogenic CO2 uptake (removals)
    primary: float  # fraction of the line that rests on primary data, 0..1


def _uptake_free_scores(cs: CompiledSystem) -> list[float]:
    """kg CO2e per unit of each background item, its biogenic removal flows left out."""
    c = cs.matrices.characterization
    index = {f: k for k, f in enumerate(cs.flows)}
    return [sum(amount * float(c[index[f]]) for f, amount in item.flows.items()
                if f.category is not GasCategory.REMOVAL) for item in cs.items]


def line_contributions(cs: CompiledSystem, sol: ProductSystemSolution) -> list[Line]:
    """Every background input and direct emission, with its CO2e and primary fraction.

    Primary fraction: a supplier footprint counts with the supplier's own primary-data share
    (none given: 0); another background input counts 1 when the model flags it ``primary``,
    else 0; a direct emission or removal counts 1 when flagged ``primary``, else 0."""
    c = cs.matrices.characterization
    free = _uptake_free_scores(cs)
    out: list[Line] = []
    for line in cs.inputs:
        if line.to_background:
            amount = float(sol.supply[line.process] * line.coef)
            item = cs.items[line.target]
            if item.supplier is not None:
                primary = item.supplier.primary_data_share or 0.0
            else:
                primary = 1.0 if line.primary else 0.0
            out.append(Line(line.process, item.key,
                            amount * float(sol.background_scores[line.target]), line.quality,
                            amount * free[line.target], primary))
    for e in cs.emissions:
        value = float(sol.supply[e.process] * e.coef * c[e.flow])
        removal = cs.flows[e.flow].category is GasCategory.REMOVAL
        out.append(Line(e.process, "direct", value, e.quality, 0.0 if removal else value,
                        1.0 if e.primary else 0.0))
    return out


def primary_data_share(lines: list[Line]) -> float | None:
    """PACT primary-data share (fraction) of the footprint excluding biogenic uptake:

        PDS = Σ |eᵢ| pᵢ / Σ |eᵢ|

    over the contribution lines, ``eᵢ`` = the line's kg CO2e without biogenic CO2 uptake
    (removals count in neither sum), ``pᵢ`` its primary fraction. Without credits (every
    ``eᵢ ≥ 0``) this is ``Σ eᵢ pᵢ / Σ eᵢ``; a credit (substitution) weighs by its size, as
    in the DQR, so credits never push the share outside 0..1. ``None`` when ``Σ |eᵢ| = 0``."""
    total = sum(abs(x.emissions_kg) for x in lines)
    if total == 0.0:
        return None
    return sum(abs(x.emissions_kg) * x.primary for x in lines) / total


def supplier_inputs(cs: CompiledSystem, sol: ProductSystemSolution
                    ) -> tuple[SupplierInputResult, ...]:
    """Every supplier-specific input with its amount and kg CO2e per reference flow."""
    out = []
    for line in cs.inputs:
        fp = cs.items[line.target].supplier if line.to_background else None
        if fp is None:
            continue
        amount = float(sol.supply[line.process] * line.coef)
        out.append(SupplierInputResult(
            process=cs.model.processes[line.process].id, input=line.path,
            name=line.name or fp.product_name, pf_id=fp.pf_id, company_name=fp.company_name,
            product_name=fp.product_name, amount=amount, unit=fp.declared_unit,
            co2e_kg=amount * float(sol.background_scores[line.target]),
            primary_data_share=fp.primary_data_share))
    return tuple(out)


def hotspots(cs: CompiledSystem, sol: ProductSystemSolution, lines: list[Line],
             top: int) -> tuple[Hotspot, ...]:
    grouped: dict[tuple[int, str], float] = defaultdict(float)
    for x in lines:
        grouped[(x.process, x.key)] += x.co2e_kg
    names = {item.key: item.name for item in cs.items}
    names["direct"] = "直接排放 / direct emissions"
    ranked = sorted(grouped.items(), key=lambda kv: -abs(kv[1]))[:top]
    procs = cs.model.processes
    base = share_base(cs, sol)
    return tuple(Hotspot(procs[p].id, procs[p].name, procs[p].stage, key, names[key], v,
                         _share(v, base)) for (p, key), v in ranked)


def quality(lines: list[Line]) -> WeightedQuality | None:
    return weighted_quality((x.co2e_kg, x.quality) for x in lines)


def _not_split(cs: CompiledSystem, sol: ProductSystemSolution) -> tuple[float, float]:
    """The ``CO2e``/fossil flow taken apart: (supplier fossil parts, CO2e not split by gas).

    Supplier footprints report their fossil part themselves; what factors and datasets publish
    as CO2e only, and direct ``CO2e`` emissions, say nothing of gas or origin."""
    if CO2E_FOSSIL not in cs.flows:
        return 0.0, 0.0
    k = cs.flows.index(CO2E_FOSSIL)
    supplier, unsplit = 0.0, 0.0
    for line in cs.inputs:
        item = cs.items[line.target] if line.to_background else None
        if item is None or not item.flows.get(CO2E_FOSSIL):
            continue
        value = float(sol.supply[line.process] * line.coef) * item.flows[CO2E_FOSSIL]
        if item.supplier is not None:
            supplier += value
        else:
            unsplit += value
    for e in cs.emissions:
        if e.flow == k:
            unsplit += float(sol.supply[e.process] * e.coef)
    return supplier, unsplit


def separate(cs: CompiledSystem, sol: ProductSystemSolution) -> SeparateReporting:
    """Fossil, biogenic, removals, dLUC and CO2e not split by gas add up to the total;
    aircraft and transport are parts of it (see the module docstring)."""
    c = cs.matrices.characterization
    per_cat: dict[GasCategory, float] = defaultdict(float)
    published_co2e = 0.0
    for k, f in enumerate(cs.flows):
        value = float(sol.inventory[k] * c[k])
        if f.gas == "CO2e":
            published_co2e += value
        if f != CO2E_FOSSIL:
            per_cat[f.category] += value
    supplier_fossil, not_split = _not_split(cs, sol)
    procs = cs.model.processes
    aircraft = sum(float(sol.process_totals[i]) for i, p in enumerate(procs) if p.is_aircraft)
    for line in cs.inputs:  # supplier footprints report their air transport part themselves
        fp = cs.items[line.target].supplier if line.to_background else None
        if fp is not None and not procs[line.process].is_aircraft:
            aircraft += float(sol.supply[line.process] * line.coef) * fp.aircraft_per_unit
    transport = sum(float(sol.process_totals[i]) for i, p in enumerate(procs) if p.is_transport)
    for i, mode, value in transport_legs(cs, sol):
        if mode is TransportMode.AIR and not procs[i].is_aircraft:
            aircraft += value
        if not procs[i].is_transport:
            transport += value
    return SeparateReporting(
        fossil_co2e_kg=per_cat[GasCategory.FOSSIL] + supplier_fossil,
        biogenic_emissions_co2e_kg=per_cat[GasCategory.BIOGENIC],
        biogenic_removals_co2e_kg=per_cat[GasCategory.REMOVAL],
        dluc_co2e_kg=per_cat[GasCategory.DLUC],
        aircraft_co2e_kg=aircraft, transport_co2e_kg=transport, unsplit_co2e_kg=published_co2e,
        biogenic_carbon_content_kg_c=cs.biogenic_carbon_kg, not_split_co2e_kg=not_split,
    )


def supply_tree(cs: CompiledSystem, sol: ProductSystemSolution, cut_off: float) -> TreeNode:
    """Upstream tree from the reference flow; children below ``cut_off`` × |total| are merged.

    Node footprint = amount × y (cumulative per unit), so loops are exact; a product already on
    the path is shown once more, marked ``loop``, and not expanded again.
    """
    procs = cs.model.processes
    a = cs.matrices.technosphere
    diag = a.diagonal()
    c = cs.matrices.characterization
    children_of: dict[int, list[tuple[str, int, float]]] = defaultdict(list)
    for line in cs.inputs:
        if line.to_background:
            children_of[line.process].append(("item", line.target, line.coef))
        elif line.target != line.process:
            children_of[line.process].append(("process", line.target, line.coef))
    direct_per_run: dict[int, float] = defaultdict(float)
    for e in cs.emissions:
        direct_per_run[e.process] += e.coef * float(c[e.flow])
    base = share_base(cs, sol)
    threshold = cut_off * abs(base)
    budget = [MAX_TREE_NODES]

    def node(p: int, amount: float, path: frozenset[int], depth: int) -> TreeNode:
        value = amount * float(sol.cumulative[p])
        proc = procs[p]
        name = f"{proc.name.zh} / {proc.name.en}"
        if p in path:
            return TreeNode(proc.id, name, "process", amount, proc.output.unit, value,
                            _share(value, base), loop=True)
        budget[0] -= 1
        if depth >= MAX_TREE_DEPTH or budget[0] <= 0:
            return TreeNode(proc.id, name, "process", amount, proc.output.unit, value,
                            _share(value, base))
        per_run = amount / diag[p]
        kids: list[TreeNode] = []
        if direct_per_run.get(p):
            v = per_run * direct_per_run[p]
            kids.append(TreeNode("direct", "直接排放 / direct emissions", "direct", per_run,
                                 "run", v, _share(v, base)))
        for kind, target, coef in children_of.get(p, []):
            qty = per_run * coef
            if kind == "item":
                item = cs.items[target]
                v = qty * float(sol.background_scores[target])
                kids.append(TreeNode(item.key, item.name, item.key.split(":")[0], qty, item.unit,
                                     v, _share(v, base)))
            else:
                kids.append(node(target, qty, path | {p}, depth + 1))
        kept = [k for k in kids if abs(k.co2e_kg) >= threshold or k.loop]
        rest = sum(k.co2e_kg for k in kids if k not in kept)
        if len(kept) < len(kids):
            kept.append(TreeNode("cut-off", f"低于取舍阈值 / below cut-off ({cut_off:.1%})",
                                 "cut-off", 0.0, "", rest, _share(rest, base)))
        kept.sort(key=lambda k: -abs(k.co2e_kg))
        return TreeNode(proc.id, name, "process", amount, proc.output.unit, value,
                        _share(value, base), tuple(kept))

    root = int(np.flatnonzero(cs.matrices.demand)[0])
    return node(root, float(cs.matrices.demand[root]), frozenset(), 0)
