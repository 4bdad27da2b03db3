"""Turn a solved product system into the reported breakdowns, hotspots, tree and DQR."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from carbonlabel.calc.product_system import ProductSystemSolution
from carbonlabel.domain.footprint import (
    GasResult,
    Hotspot,
    ProcessResult,
    SeparateReporting,
    StageResult,
    TreeNode,
)
from carbonlabel.domain.ghg import GasCategory
from carbonlabel.domain.product import LifeCycleStage
from carbonlabel.domain.quality import DataQuality, WeightedQuality, weighted_quality
from carbonlabel.services.compile import CompiledSystem

MAX_TREE_DEPTH = 12
MAX_TREE_NODES = 2000


def _share(x: float, total: float) -> float:
    return x / total if total else 0.0


def by_stage(cs: CompiledSystem, sol: ProductSystemSolution) -> tuple[StageResult, ...]:
    totals: dict[LifeCycleStage, float] = defaultdict(float)
    transport: dict[LifeCycleStage, float] = defaultdict(float)
    for i, p in enumerate(cs.model.processes):
        totals[p.stage] += float(sol.process_totals[i])
        if p.is_transport:
            transport[p.stage] += float(sol.process_totals[i])
    return tuple(StageResult(st, totals[st], _share(totals[st], sol.total), transport[st])
                 for st in LifeCycleStage if st in totals)


def by_process(cs: CompiledSystem, sol: ProductSystemSolution) -> tuple[ProcessResult, ...]:
    out = [ProcessResult(p.id, p.name, p.stage, float(sol.process_totals[i]),
                         _share(float(sol.process_totals[i]), sol.total),
                         float(sol.process_direct[i]))
           for i, p in enumerate(cs.model.processes)]
    return tuple(sorted(out, key=lambda r: -abs(r.co2e_kg)))


def by_gas(cs: CompiledSystem, sol: ProductSystemSolution) -> tuple[GasResult, ...]:
    c = cs.matrices.characterization
    out = [GasResult(f.gas, f.category.value, float(sol.inventory[k]), float(abs(c[k])),
                     float(sol.inventory[k] * c[k]))
           for k, f in enumerate(cs.flows) if sol.inventory[k] != 0.0]
    return tuple(sorted(out, key=lambda r: -abs(r.co2e_kg)))


Line = tuple[int, str, float, DataQuality | None]


def line_contributions(cs: CompiledSystem, sol: ProductSystemSolution) -> list[Line]:
    """(process, item key, kg CO2e, quality) for every background input and direct emission."""
    c = cs.matrices.characterization
    out: list[Line] = []
    for line in cs.inputs:
        if line.to_background:
            value = float(sol.supply[line.process] * line.coef * sol.background_scores[line.target])
            out.append((line.process, cs.items[line.target].key, value, line.quality))
    for e in cs.emissions:
        out.append((e.process, "direct", float(sol.supply[e.process] * e.coef * c[e.flow]),
                    e.quality))
    return out


def hotspots(cs: CompiledSystem, sol: ProductSystemSolution, lines: list[Line],
             top: int) -> tuple[Hotspot, ...]:
    grouped: dict[tuple[int, str], float] = defaultdict(float)
    for p, key, value, _ in lines:
        grouped[(p, key)] += value
    names = {item.key: item.name for item in cs.items}
    names["direct"] = "直接排放 / direct emissions"
    ranked = sorted(grouped.items(), key=lambda kv: -abs(kv[1]))[:top]
    procs = cs.model.processes
    return tuple(Hotspot(procs[p].id, procs[p].name, procs[p].stage, key, names[key], v,
                         _share(v, sol.total)) for (p, key), v in ranked)


def quality(lines: list[Line]) -> WeightedQuality | None:
    return weighted_quality((v, q) for _, _, v, q in lines)


def separate(cs: CompiledSystem, sol: ProductSystemSolution) -> SeparateReporting:
    c = cs.matrices.characterization
    per_cat: dict[GasCategory, float] = defaultdict(float)
    unsplit = 0.0
    for k, f in enumerate(cs.flows):
        value = float(sol.inventory[k] * c[k])
        per_cat[f.category] += value
        if f.gas == "CO2e":
            unsplit += value
    procs = cs.model.processes
    aircraft = sum(float(sol.process_totals[i]) for i, p in enumerate(procs) if p.is_aircraft)
    transport = sum(float(sol.process_totals[i]) for i, p in enumerate(procs) if p.is_transport)
    return SeparateReporting(
        fossil_co2e_kg=per_cat[GasCategory.FOSSIL],
        biogenic_emissions_co2e_kg=per_cat[GasCategory.BIOGENIC],
        biogenic_removals_co2e_kg=per_cat[GasCategory.REMOVAL],
        dluc_co2e_kg=per_cat[GasCategory.DLUC],
        aircraft_co2e_kg=aircraft, transport_co2e_kg=transport, unsplit_co2e_kg=unsplit,
        biogenic_carbon_content_kg_c=cs.biogenic_carbon_kg,
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
    threshold = cut_off * abs(sol.total)
    budget = [MAX_TREE_NODES]

    def node(p: int, amount: float, path: frozenset[int], depth: int) -> TreeNode:
        value = amount * float(sol.cumulative[p])
        proc = procs[p]
        name = f"{proc.name.zh} / {proc.name.en}"
        if p in path:
            return TreeNode(proc.id, name, "process", amount, proc.output.unit, value,
                            _share(value, sol.total), loop=True)
        budget[0] -= 1
        if depth >= MAX_TREE_DEPTH or budget[0] <= 0:
            return TreeNode(proc.id, name, "process", amount, proc.output.unit, value,
                            _share(value, sol.total))
        per_run = amount / diag[p]
        kids: list[TreeNode] = []
        if direct_per_run.get(p):
            v = per_run * direct_per_run[p]
            kids.append(TreeNode("direct", "直接排放 / direct emissions", "direct", per_run,
                                 "run", v, _share(v, sol.total)))
        for kind, target, coef in children_of.get(p, []):
            qty = per_run * coef
            if kind == "item":
                item = cs.items[target]
                v = qty * float(sol.background_scores[target])
                kids.append(TreeNode(item.key, item.name, item.key.split(":")[0], qty, item.unit,
                                     v, _share(v, sol.total)))
            else:
                kids.append(node(target, qty, path | {p}, depth + 1))
        kept = [k for k in kids if abs(k.co2e_kg) >= threshold or k.loop]
        rest = sum(k.co2e_kg for k in kids if k not in kept)
        if len(kept) < len(kids):
            kept.append(TreeNode("cut-off", f"低于取舍阈值 / below cut-off ({cut_off:.1%})",
                                 "cut-off", 0.0, "", rest, _share(rest, sol.total)))
        kept.sort(key=lambda k: -abs(k.co2e_kg))
        return TreeNode(proc.id, name, "process", amount, proc.output.unit, value,
                        _share(value, sol.total), tuple(kept))

    root = int(np.flatnonzero(cs.matrices.demand)[0])
    return node(root, float(cs.matrices.demand[root]), frozenset(), 0)
