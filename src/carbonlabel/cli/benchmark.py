"""``carbonlabel benchmark``: category benchmarks (对标) from the registry, and an enterprise's
position and weak links.

    benchmark sets | show --rule CODE@VERSION --unit UNIT --boundary B |
    certificate NUMBER | compare NUMBER... | position PRODUCT_ID --user EMAIL

``sets``, ``show``, ``certificate`` and ``compare`` read the public registry (no user);
``position`` reads one of the acting user's own products.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from carbonlabel.cli.platform import DatabaseUrl, DataDir, _settings
from carbonlabel.cli.sharing import UserEmail, acting
from carbonlabel.domain.benchmark import BAND_NAMES, EXCLUSION_NAMES, MINIMUM_COUNT, Benchmark
from carbonlabel.domain.product import STAGE_NAMES
from carbonlabel.errors import InputError

if TYPE_CHECKING:
    from carbonlabel.adapters.db.uow import UnitOfWork

app = typer.Typer(no_args_is_help=True)
console = Console()
Json = Annotated[bool, typer.Option("--json", help="JSON output / 输出 JSON")]
On = Annotated[str | None, typer.Option("--on", help="as of YYYY-MM-DD (default today, UTC)")]


def _day(text: str | None) -> date:
    if not text:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(field="on", message_en="give the date as YYYY-MM-DD",
                         message_zh="日期格式应为 YYYY-MM-DD") from exc


def _print_json(body: dict[str, Any]) -> None:
    typer.echo(json.dumps(body, ensure_ascii=False, indent=2))


def _figures(mark: Benchmark) -> None:
    console.print(f"{mark.key.text}: {mark.count} 个可比 comparable")
    if not mark.shown:
        console.print(f"少于 {mark.minimum} 个，不显示统计值 / fewer than {mark.minimum}: "
                      "statistics withheld")
        return
    console.print(f"最优 5 % best 5 %  ≤ {mark.best5:.4g}   前 25 % best quarter ≤ {mark.q1:.4g}")
    console.print(f"中位数 median      {mark.median:.4g}   后 25 % highest quarter > "
                  f"{mark.q3:.4g}   (kg CO2e / {mark.key.declared_unit})")


@contextmanager
def _open(data_dir: DataDir, database_url: DatabaseUrl) -> Iterator[UnitOfWork]:
    """A read-only unit of work on the platform's database (the registry is public)."""
    from carbonlabel.adapters.db.engine import platform_engine
    from carbonlabel.adapters.db.migrate import upgrade
    from carbonlabel.adapters.db.uow import uow_factory

    engine = platform_engine(_settings(data_dir, database_url))
    try:
        upgrade(engine)
        with uow_factory(engine)() as uow:
            yield uow
    finally:
        engine.dispose()


@app.command("sets")
def sets(json_out: Json = False, on: On = None, data_dir: DataDir = None,
         database_url: DatabaseUrl = None) -> None:
    """可比组及其有效证书数 / The comparable sets and their valid certificates."""
    from carbonlabel.services.benchmarks import category
    from carbonlabel.services.benchmarks.as_json import sets_dict

    with _open(data_dir, database_url) as uow:
        found = category.overview(uow, _day(on))
    if json_out:
        _print_json(sets_dict(found, MINIMUM_COUNT))
        return
    for k in found:
        console.print(f"{k.valid:>4}  {k.key.text}  ({k.category})", soft_wrap=True)
    console.print(f"{len(found)} 组 sets; 对标至少需要 {MINIMUM_COUNT} 个 / a benchmark needs "
                  f"{MINIMUM_COUNT}")


@app.command("show")
def show(rule: Annotated[str, typer.Option("--rule", help="code@version")],
         unit: Annotated[str, typer.Option("--unit", help="declared unit / 声明单位")],
         boundary: Annotated[str, typer.Option("--boundary", help="cradle-to-gate ...")],
         json_out: Json = False, on: On = None, data_dir: DataDir = None,
         database_url: DatabaseUrl = None) -> None:
    """同类对标：中位数、四分位数、最优 5 % / A category benchmark, with the results set apart."""
    from carbonlabel.services.benchmarks import category
    from carbonlabel.services.benchmarks.as_json import benchmark_dict

    with _open(data_dir, database_url) as uow:
        found = category.category_benchmark(uow, rule, unit, boundary, _day(on))
    if json_out:
        _print_json(benchmark_dict(found))
        return
    _figures(found.benchmark)
    for c, reason in found.comparison.excluded:
        zh, en = EXCLUSION_NAMES[reason]
        console.print(f"  不可比 apart: {c.number}  {zh} / {en}", soft_wrap=True)


@app.command("certificate")
def certificate(number: Annotated[str, typer.Argument(help="certificate number / 证书编号")],
                json_out: Json = False, on: On = None, data_dir: DataDir = None,
                database_url: DatabaseUrl = None) -> None:
    """一张证书在同类中的位置 / Where a certificate stands in its category."""
    from carbonlabel.services.benchmarks import category
    from carbonlabel.services.benchmarks.as_json import position_dict

    today = _day(on)
    with _open(data_dir, database_url) as uow:
        found = category.certificate_position(uow, number, today)
    if json_out:
        _print_json(position_dict(found, today))
        return
    c = found.product
    console.print(f"{c.number}  {c.certified_value} {c.certified_unit}", soft_wrap=True)
    if found.category is None:
        zh, en = EXCLUSION_NAMES[found.excluded] if found.excluded else ("", "")
        console.print(f"未比较 not compared: {zh} / {en}")
        return
    _figures(found.category.benchmark)
    if found.excluded is not None:
        zh, en = EXCLUSION_NAMES[found.excluded]
        console.print(f"未排位 not placed: {zh} / {en}")
    elif found.band is not None and found.relative is not None and found.percentile is not None:
        zh, en = BAND_NAMES[found.band]
        console.print(f"{zh} / {en}; ÷ 中位数 median = {found.relative:.3f}; "
                      f"{found.percentile * 100:.0f} % 更低 lower")


@app.command("compare")
def compare(numbers: Annotated[list[str], typer.Argument(help="up to four certificate numbers")],
            json_out: Json = False, on: On = None, data_dir: DataDir = None,
            database_url: DatabaseUrl = None) -> None:
    """最多四张证书并列比较 / Up to four certificates side by side."""
    from carbonlabel.services.benchmarks import category
    from carbonlabel.services.benchmarks.as_json import compared_dict

    today = _day(on)
    with _open(data_dir, database_url) as uow:
        found = category.compare_certificates(uow, numbers, today)
    if json_out:
        _print_json(compared_dict(found, today, category.MAX_COMPARED))
        return
    table = Table("证书 certificate", "kg CO2e", "单位 unit", "边界 boundary", "可比 comparable")
    for p in found.positions:
        c, reason = p.product, found.reasons[p.product.number]
        table.add_row(c.number, c.certified_value, c.declared_unit, c.boundary,
                      "✓" if reason is None else " / ".join(EXCLUSION_NAMES[reason]))
    console.print(table)


@app.command("position")
def position(product_id: Annotated[str, typer.Argument(help="your product's id / 产品编号")],
             user: UserEmail, json_out: Json = False, on: On = None,
             data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """本企业产品的位置与薄弱环节 / Your product's position and weak links."""
    from carbonlabel.services.benchmarks import position as positions
    from carbonlabel.services.benchmarks.as_json import product_position_dict

    today = _day(on)
    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        found = positions.product_position(uow, actor, product_id, today)
    if json_out:
        _print_json(product_position_dict(found, today))
        return
    if found.certificate is None or found.position is None:
        console.print("该产品尚无证书 / the product has no certificate")
        return
    if found.position.band is not None and found.position.relative is not None:
        zh, en = BAND_NAMES[found.position.band]
        console.print(f"{found.certificate.number}: {zh} / {en}; ÷ 中位数 median = "
                      f"{found.position.relative:.3f}")
    links = found.weak_links
    if links is None or not links.shown:
        console.print("无薄弱环节对照（不可比或可比数不足）/ no weak links: not comparable or "
                      "too few comparable footprints")
        return
    table = Table("阶段 stage", "占比 share", "同类中位数 median", "薄弱 weak")
    for s in links.stages:
        table.add_row(" / ".join(STAGE_NAMES[s.stage]), f"{s.share * 100:.1f} %",
                      f"{s.median_share * 100:.1f} %", "!" if s.weak else "")
    console.print(table)
