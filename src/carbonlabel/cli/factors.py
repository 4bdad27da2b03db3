"""``carbonlabel factors``: search, show and cite the emission factors (library and user sets)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from carbonlabel.cli import factor_render as fr
from carbonlabel.domain.factors import FactorCatalog
from carbonlabel.errors import InputError

app = typer.Typer(no_args_is_help=True)

SetOption = Annotated[list[Path] | None, typer.Option(
    "--set", help="用户因子集文件（.csv/.xlsx，可重复）/ user factor set file (repeatable)")]
JsonOption = Annotated[bool, typer.Option("--json", help="JSON 输出 / JSON output")]


def _emit(body: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")


def _header(catalog: FactorCatalog) -> dict[str, Any]:
    return {"sets": [{"name": s.name, "version": s.version, "kind": s.kind,
                      "origin": s.origin, "rows": len(s.records)} for s in catalog.sets]}


@app.command("search")
def search(
    text: Annotated[str, typer.Argument(
        help="中文或英文关键词 / words in Chinese or English")] = "",
    category: Annotated[str | None, typer.Option(
        help="类别前缀 / category prefix, e.g. electricity, transport/freight")] = None,
    geography: Annotated[str | None, typer.Option(
        help="适用地理（含回退）/ applies to this geography (with fallback), e.g. CN-JS")] = None,
    year: Annotated[int | None, typer.Option(
        help="核算年份：与 --geography 一起，将模型会采用的行排在最前并标记 ✓ / reference "
             "year: with --geography, the row a model would use comes first, marked ✓")] = None,
    sets: SetOption = None,
    limit: Annotated[int, typer.Option(min=1, help="最多显示行数 / rows to show")] = 50,
    json_out: JsonOption = False,
) -> None:
    """搜索排放因子 / Search emission factors by text, category and geography."""
    from carbonlabel.adapters.factors.gwp import load_gwp_set
    from carbonlabel.cli.wiring import factor_catalog

    if year is not None and not geography:
        raise InputError(field="year", message_en="--year ranks the rows that apply at a "
                         "geography: give --geography too",
                         message_zh="--year 用于按地理排出适用的行：请同时给出 --geography")
    catalog = factor_catalog(sets or [])
    found = catalog.search(text, category=category, geography=geography, year=year)
    applies = catalog.applicable(found, geography, year) if geography else None
    gwp = load_gwp_set()
    if json_out:
        body: dict[str, Any] = {**_header(catalog), "count": len(found)}
        if geography:
            body["applies_to"] = {"geography": geography, "year": year}
        body["factors"] = [{**fr.record_dict(r, gwp),
                            **({"applies": r.id in applies} if applies is not None else {})}
                           for r in found[:limit]]
        _emit(body)
        return
    shown = found[:limit]
    title = (f"排放因子 emission factors: {len(found)}"
             + (f"（显示前 {limit} / first {limit} shown）" if len(found) > limit else ""))
    console = Console()
    console.print(fr.search_table(shown, gwp, title, show_set=bool(catalog.user_sets),
                                  applies=applies))
    if applies is not None:
        when = f"{geography}" + (f", {year}" if year is not None else "")
        console.print(f"✓ 在 {when} 适用的行（每个键一行，年份优先于地理）/ the row that applies "
                      f"at {when} (one per key; year before geography)")


@app.command("show")
def show(
    factor: Annotated[str, typer.Argument(help="因子编号或键 / factor id or key")],
    geography: Annotated[str | None, typer.Option(
        help="按键解析时的地理 / geography when resolving a key")] = None,
    year: Annotated[int | None, typer.Option(help="按键解析时的年份 / year when resolving a key")
                    ] = None,
    sets: SetOption = None,
    json_out: JsonOption = False,
) -> None:
    """显示一个因子的全部字段及来源 / Show every field of a factor, with its provenance."""
    from carbonlabel.adapters.factors.gwp import load_gwp_set
    from carbonlabel.cli.wiring import factor_catalog

    catalog = factor_catalog(sets or [])
    gwp = load_gwp_set()
    if catalog.get(factor) is None and catalog.is_key(factor) and geography is None:
        variants = catalog.variants(factor)
        if json_out:
            _emit({**_header(catalog), "key": factor,
                   "variants": [fr.record_dict(r, gwp) for r in variants]})
            return
        console = Console()
        console.print(fr.search_table(variants, gwp, f"键 key {factor}: {len(variants)}",
                                      show_set=bool(catalog.user_sets)))
        console.print("用 --geography/--year 解析为一个因子 / resolve to one factor with "
                      "--geography/--year")
        return
    record, resolution = catalog.resolve(factor, geography, year)
    by_key = resolution if resolution.by_key else None
    if json_out:
        body: dict[str, Any] = {"factor": fr.record_dict(record, gwp)}
        if by_key is not None:
            body["resolution"] = fr.resolution_dict(by_key)
        _emit(body)
        return
    Console().print(fr.record_table(record, gwp, by_key))


@app.command("sources")
def sources(sets: SetOption = None, json_out: JsonOption = False) -> None:
    """列出因子来源、许可与行数 / List the sources, licences and row counts of the factors."""
    from carbonlabel.adapters.factors.library import gwp_sources
    from carbonlabel.cli.wiring import factor_catalog
    from carbonlabel.domain.factors import summarise_sources

    catalog = factor_catalog(sets or [])
    rows = [s for fs in catalog.sets for s in summarise_sources(fs.records)] + gwp_sources()
    if json_out:
        _emit({**_header(catalog), "sources": [fr.source_dict(s) for s in rows]})
        return
    lib = catalog.library
    title = "因子来源 factor sources" + (f" — {lib.name} {lib.version}" if lib else "")
    Console().print(fr.sources_table(rows, title))


@app.command("check")
def check(files: Annotated[list[Path], typer.Argument(help="用户因子集 / user factor sets")]
          ) -> None:
    """检查用户因子集，列出所有错误 / Check user factor sets and list every problem."""
    from carbonlabel.adapters.factors.user_sets import load_factor_sets

    for fs in load_factor_sets(files):
        Console().print(f"[green]✓[/green] {fs.origin}: {fs.name} {fs.version}，"
                        f"{len(fs.records)} 个因子 / factors")


@app.command("template")
def template(out: Annotated[Path, typer.Argument(help="输出文件 .csv 或 .xlsx / output file")]
             ) -> None:
    """写出用户因子集模板 / Write an empty user factor set template (.csv or .xlsx)."""
    from carbonlabel.adapters.factors.user_sets import write_template

    write_template(out)
    Console().print(f"[green]✓[/green] {out}")
