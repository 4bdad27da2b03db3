"""``carbonlabel db montecarlo``: the uncertainty of a demand's score on a background database."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

from carbonlabel.cli.progress import bar
from carbonlabel.errors import CalculationError, NotFoundError


def montecarlo(
    folder: Annotated[Path, typer.Argument(help="synthlci folder / synthlci 数据库目录")],
    process_ids: Annotated[list[str], typer.Argument(
        help="process ids: one unit of each is the demand / 过程编号（每个 1 单位）")],
    iterations: Annotated[int, typer.Option("--iterations", "-n", min=2,
                                            help="samples / 抽样次数")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="random seed / 随机种子")] = 42,
    block: Annotated[int, typer.Option("--block", min=1,
                                       help="samples solved together / 每批样本数")] = 16,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON / 输出 JSON")] = False,
) -> None:
    """蒙特卡洛不确定性分析 / Monte Carlo of a demand on a database (synthlci folder)."""
    from carbonlabel.adapters.formats.synthlci import read_synthlci
    from carbonlabel.calc.uncertainty.lci_montecarlo import (
        DatabaseMonteCarlo,
        SampleNotSolvedError,
    )
    from carbonlabel.calc.uncertainty.summary import summarise

    err = Console(stderr=True)
    if not folder.is_dir():
        raise NotFoundError(
            field="folder",
            message_en=f"{folder} is not a synthlci folder (imported databases do not keep "
                       f"exchange uncertainty yet)",
            message_zh=f"{folder} 不是 synthlci 数据库目录"
                       f"（已导入的数据库尚未保存交换量的不确定性）")
    with bar(err) as progress:
        step = progress.add_task("读取与分解 reading, factorizing", total=None)
        db = read_synthlci(folder)
        try:
            cols = db.indices_of(process_ids)
        except KeyError as exc:
            raise NotFoundError(field="process_ids",
                                message_en=f"process '{exc.args[0]}' is not in {folder}",
                                message_zh=f"{folder} 中没有过程「{exc.args[0]}」") from None
        demand = np.zeros(db.n_processes)
        np.add.at(demand, cols, 1.0)
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
    s = summarise(result.scores)
    stats = result.stats
    body: dict[str, Any] = {
        "database": db.name, "demand": dict.fromkeys(process_ids, 1.0),
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
