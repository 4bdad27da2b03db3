"""``carbonlabel sensitivity MODEL``: method choices side by side, the tornado of the top-N
inputs and the model's scenarios, as rich tables (Chinese first, English second)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from carbonlabel.cli.progress import status
from carbonlabel.domain.product import STAGE_NAMES
from carbonlabel.domain.sensitivity import (
    GROUP_NAMES,
    SensitivityReport,
    VariantGroup,
    VariantResult,
)
from carbonlabel.errors import InputError

console = Console()


def parse_range(text: str) -> float:
    """``10%`` or ``0.1`` → 0.1; refused outside (0, 1)."""
    raw = text.strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value < 1:
        raise InputError(field="--range", message_en=f"'{text}' is not a range between 0 and "
                         "100 % (e.g. 10%)", message_zh=f"「{text}」不是 0 到 100% 之间的范围"
                         "（例如 10%）")
    return value


def sensitivity(
    model: Annotated[Path, typer.Argument(help="product model file (.yaml, .yml or .json)")],
    top: Annotated[int, typer.Option(min=1, help="inputs in the tornado")] = 10,
    range_: Annotated[str, typer.Option("--range", help="± range of each input, e.g. 10%")]
    = "10%",
    gwp: Annotated[str, typer.Option(help="IPCC GWP100 set of the base: AR6 or AR5")] = "AR6",
    grid_region: Annotated[str | None, typer.Option(
        help="also try this province's or grid region's electricity factor, e.g. CN-East")]
    = None,
    json_out: Annotated[bool, typer.Option("--json", help="JSON output")] = False,
) -> None:
    """敏感性分析：方法选择对比、龙卷风图数据与情景 / Sensitivity: method choices, tornado,
    scenarios."""
    from carbonlabel.cli.wiring import sensitivity_file
    from carbonlabel.services.quantify.sensitivity import SensitivityOptions

    options = SensitivityOptions(top=top, relative_range=parse_range(range_),
                                 grid_region=grid_region)
    with status(console, "计算中 calculating", enabled=not json_out):
        report = sensitivity_file(model, gwp, options)
    if json_out:
        from carbonlabel.adapters.formats.sensitivity_json import report_to_json

        sys.stdout.write(report_to_json(report) + "\n")
        return
    print_report(console, report)


def _kg(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:,.4g}" if abs(x) < 1000 else f"{x:,.1f}"


def _name(v: VariantResult) -> str:
    return v.name.zh if v.name.zh == v.name.en else f"{v.name.zh} / {v.name.en}"


def _diff(v: VariantResult) -> str:
    if v.difference_kg is None:
        return "—"
    rel = "" if v.relative_difference is None else f" ({v.relative_difference:+.1%})"
    return f"{v.difference_kg:+,.4g}{rel}"


def variants_table(report: SensitivityReport, group: VariantGroup) -> Table | None:
    rows = report.group(group)
    if not rows:
        return None
    name = GROUP_NAMES[group]
    t = Table(title=f"{name.zh} {name.en}", title_justify="left")
    for col in ("方案 variant", "kg CO2e", "差值 difference", "说明 note"):
        t.add_column(col, justify="right" if col in ("kg CO2e", "差值 difference") else "left")
    for v in rows:
        notes = [f"{v.note.zh} / {v.note.en}"] if v.note else []
        if v.excluded:
            names = [x.split(" ", 1)[-1] for x in v.excluded]
            notes.append(f"排除 {len(names)} 项 excluded: " + ", ".join(names[:5])
                         + (" …" if len(names) > 5 else ""))
        mark = " [dim](基准 base)[/dim]" if v.is_base else ""
        t.add_row(f"{_name(v)}{mark}", _kg(v.total_co2e_kg), _diff(v),
                  "; ".join(notes))
    return t


def stages_table(report: SensitivityReport) -> Table:
    """Each computed variant by life-cycle stage."""
    stages = [s.stage for s in report.base_by_stage]
    t = Table(title="按阶段 By stage (kg CO2e)", title_justify="left")
    t.add_column("方案 variant")
    for st in stages:
        zh, en = STAGE_NAMES[st]
        t.add_column(f"{zh} {en}", justify="right")
    t.add_row("基准 base", *(_kg(s.co2e_kg) for s in report.base_by_stage))
    for v in report.variants:
        if v.total_co2e_kg is None or v.is_base:
            continue
        by = {s.stage: s.co2e_kg for s in v.by_stage}
        t.add_row(_name(v), *(_kg(by.get(st, 0.0)) for st in stages))
    return t


def tornado_table(report: SensitivityReport) -> Table:
    r = report.relative_range
    t = Table(title=f"单因素敏感性（龙卷风图）One-at-a-time ranges (tornado): ±{r:.0%}, or the "
              "2.5 / 97.5 percentiles of an input's own distribution",
              title_justify="left")
    for col in ("输入 input", "过程 process", "贡献 contribution", "乘数 multipliers",
                "低值 low", "高值 high", "摆幅 swing"):
        t.add_column(col, justify="left" if col in ("输入 input", "过程 process") else "right")
    for b in report.tornado:
        rule = f"±{r:.0%}" if b.range_source == "relative" else f"P2.5/P97.5 {b.range_source}"
        t.add_row(f"{b.name} [dim]{b.path}[/dim]", b.process, _kg(b.base_co2e_kg),
                  f"×{b.low_factor:.4g} / ×{b.high_factor:.4g} [dim]{rule}[/dim]",
                  _kg(b.low_total), _kg(b.high_total), _kg(b.swing))
    return t


def print_report(out: Console, report: SensitivityReport) -> None:
    out.print(f"[bold]基准 base: {_kg(report.base_total)} kg CO2e[/bold] "
              f"(IPCC {report.gwp_set} GWP100)")
    for group in VariantGroup:
        table = variants_table(report, group)
        if table is not None:
            out.print(table)
    out.print(stages_table(report))
    if report.tornado:
        out.print(tornado_table(report))
    for w in report.warnings:
        out.print(f"[yellow]注意 note:[/yellow] {w}", highlight=False)
