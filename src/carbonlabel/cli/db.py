"""``carbonlabel db``: footprints of background database processes."""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

from carbonlabel.cli.progress import bar
from carbonlabel.errors import NotFoundError

app = typer.Typer(no_args_is_help=True)
err_console = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command("calc")
def calc(
    folder: Annotated[Path, typer.Argument(help="database folder (synthlci format)")],
    process_ids: Annotated[list[str] | None, typer.Argument(help="process ids")] = None,
    all_: Annotated[bool, typer.Option("--all", help="every process of the database")] = False,
    fmt: Annotated[Format, typer.Option("--format", help="output format")] = Format.table,
) -> None:
    """每单位参考产品的碳足迹 / Footprint per unit of each process's reference product."""
    from carbonlabel.adapters.formats.synthlci import read_synthlci
    from carbonlabel.calc.database import solve_database

    if bool(process_ids) == all_:
        raise typer.BadParameter("give process ids or --all, not both / 请给出过程编号或 --all")
    with bar(err_console) as progress:
        step = progress.add_task("读取 reading", total=3)
        db = read_synthlci(folder)
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
    _emit(rows, fmt, db.name)


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
