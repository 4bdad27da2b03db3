"""``carbonlabel db montecarlo``: the uncertainty of a demand's score on a background database
(a database imported into the store, with the distributions of its exchanges, or a synthlci
folder)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

from carbonlabel.cli.progress import bar
from carbonlabel.domain.inventory import AllocationOption
from carbonlabel.errors import CalculationError, NotFoundError

if TYPE_CHECKING:
    from carbonlabel.calc.database import LciDatabase
    from carbonlabel.calc.factorization import FloatArray


def montecarlo(
    target: Annotated[str, typer.Argument(
        help="imported database name, or a synthlci folder / 已导入数据库名称或 synthlci 目录")],
    process_ids: Annotated[list[str], typer.Argument(
        help="process / dataset ids: one unit of each (reference product) is the demand / "
             "过程或数据集编号（各 1 单位参考产品）")],
    iterations: Annotated[int, typer.Option("--iterations", "-n", min=2,
                                            help="samples / 抽样次数")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="random seed / 随机种子")] = 42,
    block: Annotated[int, typer.Option("--block", min=1,
                                       help="samples solved together / 每批样本数")] = 16,
    allocation: Annotated[AllocationOption, typer.Option(
        "--allocation", help="imported database: data|physical|economic|none")]
    = AllocationOption.DATA,
    gwp: Annotated[str, typer.Option("--gwp", help="imported database: AR6 or AR5")] = "AR6",
    as_json: Annotated[bool, typer.Option("--json", help="print JSON / 输出 JSON")] = False,
    data_dir: Annotated[Path | None, typer.Option(
        "--data-dir", envvar="CARBONLABEL_DATA_DIR", help="data directory / 数据目录")] = None,
) -> None:
    """蒙特卡洛不确定性分析 / Monte Carlo of a demand on a database (imported or synthlci).

    An imported database samples the distributions its exchanges were imported with
    (EcoSpold 2, openLCA JSON-LD); exchanges without one stay at their amount."""
    from carbonlabel.calc.uncertainty.lci_montecarlo import (
        DatabaseMonteCarlo,
        SampleNotSolvedError,
    )
    from carbonlabel.calc.uncertainty.summary import summarise

    err = Console(stderr=True)
    with bar(err) as progress:
        step = progress.add_task("读取与分解 reading, factorizing", total=None)
        db, demand = _database(target, process_ids, allocation, gwp, data_dir)
        uncertain = sum(int(e.distributions.uncertain.sum()) for e in (
            db.technosphere_entries, db.biosphere_entries) if e is not None)
        engine = DatabaseMonteCarlo(db, demand, seed)
        progress.update(step, description="抽样 sampling", total=iterations, completed=0)
        try:
            result = engine.run(iterations, block,
                                lambda done, _: progress.update(step, completed=done))
        except SampleNotSolvedError as exc:
            raise CalculationError(
                field="iterations",
                message_en=f"sample {exc.sample} has no solution (its sampled technosphere "
                           f"matrix is singular): {exc}",
                message_zh=f"第 {exc.sample} 个样本无解（抽样得到的技术矩阵奇异）") from exc
        finally:
            engine.close()
    if not uncertain:
        err.print("注意 note: 该数据库的交换量没有不确定性，各次抽样相同 / no exchange of this "
                  "database carries an uncertainty: every sample is the static score")
    s = summarise(result.scores)
    stats = result.stats
    body: dict[str, Any] = {
        "database": db.name, "demand": dict.fromkeys(process_ids, 1.0),
        "uncertain_entries": uncertain,
        "unit": "kg CO2e", "seed": seed, "iterations": s.iterations,
        "static_score": result.static_score, "mean": s.mean, "median": s.median, "sd": s.sd,
        "p2_5": s.p2_5, "p97_5": s.p97_5,
        "relative_half_width_95": s.relative_half_width,
        "histogram": {"edges": list(s.histogram.edges), "counts": list(s.histogram.counts)},
        "convergence": [{"iterations": c.iterations, "mean": c.mean,
                         "relative_half_width_95": c.relative_half_width}
                        for c in s.convergence],
        "solver": {"tolerance": result.tolerance, "gmres_steps": stats.steps,
                   "restarts": stats.restarts, "direct_fallbacks": stats.fallbacks,
                   "max_relative_residual": stats.max_relative_residual},
    }
    if as_json:
        sys.stdout.write(json.dumps(body, ensure_ascii=False, indent=1) + "\n")
        return
    t = Table(title=f"{db.name}: 蒙特卡洛 Monte Carlo ({s.iterations} 次 iterations, "
                    f"种子 seed {seed})", title_justify="left")
    t.add_column("指标 statistic")
    t.add_column("kg CO2e", justify="right")
    for label, value in (("静态值 static", result.static_score), ("均值 mean", s.mean),
                         ("中位数 median", s.median), ("标准差 sd", s.sd),
                         ("2.5 %", s.p2_5), ("97.5 %", s.p97_5)):
        t.add_row(label, f"{value:.6g}")
    Console().print(t)
    Console().print(
        f"均值 95 % 置信区间相对半宽 relative half-width of the mean's 95 % interval: "
        f"{s.relative_half_width:.2%}; 求解 solver: GMRES, 相对残差 relative residual ≤ "
        f"{result.tolerance:g} (最大 max {stats.max_relative_residual:.1e}), 直接求解回退 "
        f"direct fallbacks {len(stats.fallbacks)}")


def _database(target: str, process_ids: list[str], allocation: AllocationOption, gwp: str,
              data_dir: Path | None) -> tuple[LciDatabase, FloatArray]:
    """The database and the demand: a synthlci folder, else a database of the store."""
    folder = Path(target)
    if folder.is_dir():
        from carbonlabel.adapters.formats.synthlci import read_synthlci

        db = read_synthlci(folder)
        try:
            cols = db.indices_of(process_ids)
        except KeyError as exc:
            raise NotFoundError(field="process_ids",
                                message_en=f"process '{exc.args[0]}' is not in {folder}",
                                message_zh=f"{folder} 中没有过程「{exc.args[0]}」") from None
        demand = np.zeros(db.n_processes)
        np.add.at(demand, cols, 1.0)
        return db, demand
    from carbonlabel.adapters.inventory_store import InventoryStore
    from carbonlabel.config import Settings
    from carbonlabel.services.quantify.inventory_import import imported_demand

    settings = Settings() if data_dir is None else Settings(data_dir=data_dir)
    source = InventoryStore(settings.databases_dir).load(target)
    return imported_demand(source, process_ids, allocation, gwp)
