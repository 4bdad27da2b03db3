"""``carbonlabel db``: footprints of background database processes."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.console import Console
from rich.progress import TaskID
from rich.table import Table

from carbonlabel.adapters.formats.lci_formats import LciFormat
from carbonlabel.adapters.inventory_store import InventoryStore, report_to_json
from carbonlabel.cli.db_montecarlo import montecarlo
from carbonlabel.cli.files import write_atomically
from carbonlabel.cli.import_report import print_import_report
from carbonlabel.cli.progress import bar
from carbonlabel.config import Settings
from carbonlabel.domain.inventory import AllocationOption
from carbonlabel.errors import NotFoundError
from carbonlabel.services.quantify.inventory_import import calculate_imported, import_inventory

app = typer.Typer(no_args_is_help=True)
app.command("montecarlo")(montecarlo)
err_console = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _store(data_dir: Path | None) -> InventoryStore:
    settings = Settings() if data_dir is None else Settings(data_dir=data_dir)
    return InventoryStore(settings.databases_dir)


DataDir = Annotated[Path | None, typer.Option("--data-dir", envvar="CARBONLABEL_DATA_DIR",
                                              help="data directory / 数据目录")]


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None]]:
    tasks: dict[str, TaskID] = {}
    with bar(err_console) as progress:
        def update(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = progress.add_task(label, total=total)
            progress.update(tasks[label], completed=done, total=total)

        yield update


@app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="file or folder to import / 要导入的文件或目录")],
    name: Annotated[str | None, typer.Option("--name", help="database name / 数据库名称")] = None,
    fmt: Annotated[LciFormat, typer.Option("--format", help="source format")] = LciFormat.AUTO,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="report only, store nothing")] = False,
    replace: Annotated[bool, typer.Option("--replace", help="replace a database of that name")]
    = False,
    report_json: Annotated[Path | None, typer.Option("--report-json",
                                                     help="write the full report as JSON")]
    = None,
    data_dir: DataDir = None,
) -> None:
    """导入背景数据库并给出导入报告 / Import a background database, with an import report."""
    store = _store(data_dir)
    with _progress() as update:
        report = import_inventory(path, store, fmt, name, dry_run, replace, update)
    print_import_report(report, Console(), stored=not dry_run)
    if report_json is not None:
        write_atomically(report_json, json.dumps(report_to_json(report), ensure_ascii=False,
                                                  indent=1) + "\n")


@app.command("list")
def list_(data_dir: DataDir = None) -> None:
    """已导入的数据库 / Imported databases."""
    rows = _store(data_dir).list()
    t = Table(title="已导入的数据库 imported databases", title_justify="left")
    for col in ("名称 name", "格式 format", "数据集 datasets", "流 flows", "来源 source",
                "导入时间 imported"):
        t.add_column(col)
    for m in rows:
        t.add_row(m["name"], m["source_format"], str(m["datasets"]), str(m["flows"]),
                  m["source"], m["imported_at"])
    Console().print(t if rows else "尚无已导入的数据库 / no imported databases yet")


@app.command("report")
def report_(name: Annotated[str, typer.Argument(help="database name")],
            data_dir: DataDir = None) -> None:
    """数据库的导入报告（JSON）/ The import report of a database (JSON)."""
    sys.stdout.write(json.dumps(_store(data_dir).report(name), ensure_ascii=False, indent=1)
                     + "\n")


@app.command("calc")
def calc(
    target: Annotated[str, typer.Argument(help="imported database name, or a synthlci folder")],
    process_ids: Annotated[list[str] | None, typer.Argument(help="process / dataset ids")]
    = None,
    all_: Annotated[bool, typer.Option("--all", help="every process of the database")] = False,
    allocation: Annotated[AllocationOption, typer.Option(
        "--allocation", help="multi-output datasets: data|physical|economic|none")]
    = AllocationOption.DATA,
    gwp: Annotated[str, typer.Option("--gwp", help="GWP set: AR6 or AR5")] = "AR6",
    fmt: Annotated[Format, typer.Option("--format", help="output format")] = Format.table,
    data_dir: DataDir = None,
) -> None:
    """每单位参考产品的碳足迹 / Footprint per unit of each process's reference product."""
    if bool(process_ids) == all_:
        raise typer.BadParameter("give process ids or --all, not both / 请给出过程编号或 --all")
    folder = Path(target)
    if folder.is_dir():
        rows, name = _calc_folder(folder, process_ids, all_)
        _emit(rows, fmt, name)
        return
    store = _store(data_dir)
    with _progress() as update:
        update("载入 loading", 0, 1)
        source = store.load(target)
        update("载入 loading", 1, 1)
        result = calculate_imported(source, None if all_ else list(process_ids or []),
                                    allocation, gwp, update)
    rows = [(s.id, s.name, s.unit, s.score) for s in result.scores]
    _emit(rows, fmt, f"{result.database} ({result.allocation}, {result.gwp_set})")
    unlinked = len(result.report.unlinked)
    if unlinked and fmt is Format.table:
        err_console.print(f"注意 note: {unlinked} 个无提供者的输入已截断 / inputs with no "
                          f"provider cut off (carbonlabel db report {target})")


def _calc_folder(folder: Path, process_ids: list[str] | None,
                 all_: bool) -> tuple[list[tuple[str, str, str, float]], str]:
    from carbonlabel.adapters.formats.synthlci import read_synthlci
    from carbonlabel.calc.database import solve_database

    with bar(err_console) as progress:
        step = progress.add_task("读取 reading", total=3)
        db = read_synthlci(folder, uncertainty=False)
        progress.update(step, advance=1, description="分解 factorizing")
        solved = solve_database(db)
        progress.update(step, advance=1, description="求解 solving")
        ids = list(db.process_ids) if all_ else list(process_ids or [])
        try:
            cols = db.indices_of(ids)
        except KeyError as exc:
            raise NotFoundError(field="process_ids",
                                message_en=f"process '{exc.args[0]}' is not in {folder}",
                                message_zh=f"{folder} 中没有过程「{exc.args[0]}」") from None
        scores = solved.scores_per_unit()[cols]
        progress.update(step, advance=1)
    rows = [(pid, db.process_names[c], db.units[c], float(s))
            for pid, c, s in zip(ids, cols.tolist(), scores.tolist(), strict=True)]
    return rows, db.name


def _emit(rows: list[tuple[str, str, str, float]], fmt: Format, name: str) -> None:
    if fmt is Format.json:
        body = [{"id": i, "name": n, "unit": u, "score_kg_co2e": s} for i, n, u, s in rows]
        sys.stdout.write(json.dumps({"database": name, "unit": "kg CO2e per unit",
                                     "results": body}, ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.csv:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["id", "name", "unit", "score_kg_co2e"])
        w.writerows([(i, n, u, repr(s)) for i, n, u, s in rows])
        sys.stdout.write(buf.getvalue())
    else:
        t = Table(title=f"{name}: 每单位碳足迹 footprint per unit", title_justify="left")
        for col in ("id", "过程 process", "单位 unit", "kg CO2e"):
            t.add_column(col, justify="right" if col == "kg CO2e" else "left")
        for i, n, u, s in rows:
            t.add_row(i, n, u, f"{s:.6g}" if np.isfinite(s) else "-")
        Console().print(t)
