"""``carbonlabel montecarlo MODEL``: the footprint with a Monte Carlo run of its uncertainties
(a rich progress bar; a table, or the result JSON with its ``uncertainty``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from carbonlabel.cli.files import write_atomically
from carbonlabel.cli.progress import bar
from carbonlabel.domain.footprint import FootprintResult
from carbonlabel.domain.ghg import GasCategory, gas_name_zh
from carbonlabel.domain.product import STAGE_NAMES, LifeCycleStage
from carbonlabel.domain.uncertainty import DrawSummary, MonteCarloResult

console = Console()


def _kg(x: float) -> str:
    return f"{x:,.4g}" if abs(x) < 1000 else f"{x:,.1f}"


def _row(t: Table, name: str, s: DrawSummary) -> None:
    t.add_row(name, _kg(s.mean), _kg(s.median), _kg(s.sd), _kg(s.p2_5), _kg(s.p97_5))


def table(result: FootprintResult, mc: MonteCarloResult) -> Table:
    unit = f"kg CO2e / {result.reference.quantity}"
    t = Table(title=f"{result.product.name.zh} / {result.product.name.en}: 蒙特卡洛 Monte "
                    f"Carlo, {mc.iterations:,} 次 iterations, 种子 seed {mc.seed} ({unit})",
              title_justify="left")
    for name in ("", "均值 mean", "中位数 median", "标准差 sd", "2.5 %", "97.5 %"):
        t.add_column(name, justify="left" if not name else "right")
    _row(t, "[bold]合计 total[/bold]", mc.total)
    for st in mc.by_stage:
        zh, en = STAGE_NAMES[LifeCycleStage(st.stage)]
        _row(t, f"  {zh} {en}", st.summary)
    for g in mc.by_gas:
        _row(t, f"  {gas_name_zh(g.gas)} {g.gas} ({GasCategory(g.category).value})", g.summary)
    return t


def contribution_table(mc: MonteCarloResult) -> Table:
    """The parameters contributing most to the variance of the total (squared rank
    correlations, normalised)."""
    t = Table(title="方差贡献 Contribution to variance (Spearman ρ², 归一化 normalised)",
              title_justify="left")
    t.add_column("参数 parameter", justify="left")
    t.add_column("份额 share", justify="right")
    for c in mc.contributions:
        t.add_row(f"{c.label.zh} / {c.label.en}", f"{c.share:.1%}")
    return t


def print_summary(out: Console, result: FootprintResult) -> None:
    mc = result.uncertainty
    if mc is None:
        return
    out.print(table(result, mc))
    half = mc.total.convergence[-1].relative_half_width if mc.total.convergence else None
    out.print(f"按给定值计算 at the stated values: {_kg(mc.deterministic_co2e_kg)}; "
              f"{len(mc.parameters)} 个不确定参数 uncertain parameters"
              + ("" if half is None else
                 f"; 均值 95 % 置信区间相对半宽 relative half-width of the mean's 95 % "
                 f"interval: {half:.2%}"))
    if mc.contributions:
        out.print(contribution_table(mc))
    if not mc.parameters:
        out.print("[yellow]模型未给出任何不确定性 / the model gives no uncertainty[/yellow]")


def montecarlo(
    model: Annotated[Path, typer.Argument(help="product model file (.yaml, .yml or .json)")],
    iterations: Annotated[int, typer.Option("--iterations", "-n",
                                            help="number of draws")] = 1000,
    seed: Annotated[int | None, typer.Option(
        help="random seed (recorded; the same seed repeats the run exactly)")] = None,
    gwp: Annotated[str, typer.Option(help="IPCC GWP100 set: AR6 or AR5")] = "AR6",
    json_out: Annotated[bool, typer.Option("--json", help="the result JSON")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write to file")] = None,
) -> None:
    """蒙特卡洛不确定性分析 / Monte Carlo uncertainty of a product's carbon footprint."""
    from carbonlabel.adapters.formats.model_file import read_model_text
    from carbonlabel.config import Settings
    from carbonlabel.services.quantify.montecarlo import check_iterations, monte_carlo_text

    check_iterations(iterations, seed)
    if gwp not in ("AR6", "AR5"):
        raise typer.BadParameter("choose AR6 or AR5", param_hint="--gwp")
    err = Console(stderr=True)
    with bar(err) as progress:
        task = progress.add_task("蒙特卡洛 Monte Carlo", total=iterations)
        result = monte_carlo_text(
            read_model_text(model), str(model), model.parent.resolve(), Settings().databases_dir,
            iterations, seed, gwp,
            progress=lambda done, _: progress.update(task, completed=done))
    if json_out:
        from carbonlabel.adapters.formats.result_json import result_to_json

        text = result_to_json(result) + "\n"
        if output:
            write_atomically(output, text)
        else:
            sys.stdout.write(text)
        return
    print_summary(console, result)
