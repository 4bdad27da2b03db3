"""Use cases over imported inventory databases: import (or dry run) and calculate."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.adapters.formats.lci_formats import LciFormat, read_inventory
from carbonlabel.adapters.inventory_store import InventoryStore, check_name
from carbonlabel.calc.database import LciDatabase, non_finite_columns, solve_database
from carbonlabel.calc.factorization import FloatArray
from carbonlabel.calc.inventory.link import LinkedDatabase, link_inventory
from carbonlabel.domain.import_report import ImportReport, LinkReport
from carbonlabel.domain.inventory import AllocationOption, InventorySource
from carbonlabel.errors import CalculationError, NotFoundError

Progress = Callable[[str, int, int], None]

#: kg CO2e per unit of reference product above which a score is flagged for review
#: ("large_score"): right for a whole machine or site per item, a unit slip otherwise
LARGE_SCORE = 1e6


def _stage(progress: Progress | None, label: str) -> Callable[[int, int], None] | None:
    if progress is None:
        return None
    return lambda done, total: progress(label, done, total)


def import_inventory(path: Path, store: InventoryStore, fmt: LciFormat = LciFormat.AUTO,
                     name: str | None = None, dry_run: bool = False, replace: bool = False,
                     progress: Progress | None = None) -> ImportReport:
    """Read, link (allocation as in the data, AR6) and, unless a dry run, store a database."""
    path = Path(path)
    if name is not None:
        check_name(name)
    source = read_inventory(path, fmt, name or _default_name(path),
                            _stage(progress, "读取 reading"))
    check_name(source.name)
    linked = link_inventory(source, AllocationOption.DATA, load_gwp_set("AR6"),
                            _stage(progress, "链接 linking"))
    report = ImportReport(
        name=source.name, format=source.format, source=path.name,
        flows=dict(Counter(f.kind.value for f in source.flows.values())),
        exchanges=sum(len(d.exchanges) for d in source.datasets),
        reader_issues=source.issues, link=linked.report)
    if not dry_run:
        store.save(source, report, replace=replace)
    return report


def _default_name(path: Path) -> str:
    stem = path.name
    for suffix in (".zip", ".xml", ".spold"):
        stem = stem.removesuffix(suffix)
    cleaned = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in stem).strip("._-")
    return cleaned[:64] or "database"


@dataclass(frozen=True)
class DatasetScore:
    id: str
    name: str
    unit: str
    score: float  # kg CO2e per unit of the reference product


@dataclass(frozen=True)
class ImportedCalculation:
    database: str
    allocation: str
    gwp_set: str
    scores: tuple[DatasetScore, ...]
    report: LinkReport


def calculate_imported(source: InventorySource, dataset_ids: Sequence[str] | None,
                       allocation: AllocationOption, gwp_set: str = "AR6",
                       progress: Progress | None = None) -> ImportedCalculation:
    """Footprint per unit of reference product of the given datasets (``None``: all)."""
    linked = link_inventory(source, allocation, load_gwp_set(gwp_set),
                            _stage(progress, "链接 linking"))
    ids = [d.id for d in source.datasets if d.id in linked.reference_columns] if (
        dataset_ids is None) else list(dataset_ids)
    cols = [_column(linked, i, source) for i in ids]
    if progress is not None:
        progress("分解 factorizing", 0, 1)
    solved = solve_database(linked.database)
    y = solved.scores_per_unit()
    check_scores_finite(linked.database, y)
    if progress is not None:
        progress("分解 factorizing", 1, 1)
    db = linked.database
    scores = tuple(
        DatasetScore(i, db.process_names[c], linked.reference_units[i][0],
                     linked.score_per_reference_unit(y, i))
        for i, c in zip(ids, cols, strict=True))
    for score in scores:
        if abs(score.score) > LARGE_SCORE:
            linked.report.flag(score.id, "large_score")
    return ImportedCalculation(source.name, allocation.value, gwp_set.upper(), scores,
                               linked.report)


def check_scores_finite(database: LciDatabase, scores: FloatArray) -> None:
    """Raise naming the first process whose solved score is NaN or infinite."""
    bad = non_finite_columns(scores)
    if bad:
        j = bad[0]
        pid, name = database.process_ids[j], database.process_names[j]
        more = f" and {len(bad) - 1} more" if len(bad) > 1 else ""
        more_zh = f"等 {len(bad)} 个过程" if len(bad) > 1 else ""
        raise CalculationError(
            field="process_ids",
            message_en=f"the score of process '{name}' ({pid}){more} in {database.name} is "
                       f"not a finite number ({scores[j]}); check its inputs of its own product",
            message_zh=f"{database.name} 中过程「{name}」（{pid}）{more_zh}的结果不是有限数"
                       f"（{scores[j]}）；请检查其对自身产品的输入")


def _column(linked: LinkedDatabase, dataset_id: str, source: InventorySource) -> int:
    if dataset_id not in linked.reference_columns:
        for x in linked.report.excluded_datasets:
            if x.dataset_id == dataset_id:
                raise NotFoundError(
                    field="process_ids",
                    message_en=f"dataset '{dataset_id}' is left out of {source.name}: its input "
                               f"of its own product leaves a net production of {x.net:.3g} of "
                               f"{x.gross:.10g} (no meaningful score per unit)",
                    message_zh=f"数据集「{dataset_id}」已从 {source.name} 中排除：扣除其对自身"
                               f"产品的输入后净产出为 {x.net:.3g}（总产出 {x.gross:.10g}），"
                               "每单位结果无意义")
        known = {d.id for d in source.datasets}
        why, why_zh = ("has no usable reference product", "没有可用的参考产品") if (
            dataset_id in known) else ("is not in it", "不在其中")
        raise NotFoundError(field="process_ids",
                            message_en=f"dataset '{dataset_id}' {why} ({source.name})",
                            message_zh=f"数据集「{dataset_id}」{why_zh}（{source.name}）")
    return linked.reference_columns[dataset_id]




def imported_demand(source: InventorySource, dataset_ids: Sequence[str],
                    allocation: AllocationOption, gwp_set: str = "AR6",
                    progress: Progress | None = None) -> tuple[LciDatabase, FloatArray]:
    """The linked database (with the distributions of its exchanges, for Monte Carlo) and
    the demand of one unit of each dataset's reference product, in the unit the dataset
    states it in: ``d[j] += sign · u`` (``sign`` −1 for a waste treatment, ``u`` the flow's
    reference units per that unit), so ``cᵀ B A⁻¹ d`` is what ``calculate_imported`` gives."""
    linked = link_inventory(source, allocation, load_gwp_set(gwp_set),
                            _stage(progress, "链接 linking"))
    demand = np.zeros(linked.database.n_processes)
    for i in dataset_ids:
        demand[_column(linked, i, source)] += (linked.reference_signs[i]
                                               * linked.reference_units[i][1])
    return linked.database, demand
