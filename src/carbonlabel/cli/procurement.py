"""``carbonlabel procurement``: low-carbon procurement from the command line, as the platform
user named by ``--user EMAIL`` (staff of a procurement agency; ``criteria`` needs nobody).

    procurement rank --category 16 --unit "1 t" [--rule CODE@VERSION] [--boundary B]
                     [--criterion ID] [--format table|csv] [--lang zh|en]
    procurement criteria | publish ... | withdraw CRITERION_ID --reason TEXT
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from carbonlabel.cli.platform import DatabaseUrl, DataDir, _settings
from carbonlabel.cli.sharing import UserEmail, acting
from carbonlabel.domain.procurement import CriterionKind
from carbonlabel.errors import InputError

app = typer.Typer(no_args_is_help=True)
console = Console()


class Format(StrEnum):
    table = "table"
    csv = "csv"


class Lang(StrEnum):
    zh = "zh"
    en = "en"


def _today() -> date:
    return datetime.now(UTC).date()


@app.command("rank")
def rank(user: UserEmail,
         unit: Annotated[str, typer.Option("--unit", help="declared unit / 声明单位")],
         category: Annotated[str | None, typer.Option("--category",
                                                      help="catalogue code 1-17")] = None,
         rule: Annotated[str | None, typer.Option("--rule", help="product rule code or "
                                                                 "code@version")] = None,
         boundary: Annotated[str | None, typer.Option("--boundary")] = None,
         criterion: Annotated[str | None, typer.Option("--criterion",
                                                       help="criterion id to mark")] = None,
         fmt: Annotated[Format, typer.Option("--format", help="table or csv")] = Format.table,
         lang: Annotated[Lang, typer.Option("--lang", help="text cells: zh or en")] = Lang.zh,
         data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """按认证碳足迹排名可比获证产品 / Rank comparable certified products by footprint."""
    from carbonlabel.adapters.formats.table_export import to_csv
    from carbonlabel.services.procurement import ranking
    from carbonlabel.services.procurement.ranking_table import ranked_table

    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        view = ranking.ranking(uow, actor, ranking.RankingQuery(
            category, rule, unit, boundary, criterion), _today())
    if view.ranking is None:
        raise InputError(field="unit", message_en="no valid certified result of this declared "
                                                  "unit; units: " + ", ".join(view.units),
                         message_zh="该声明单位没有有效的认证结果；可选单位："
                                    + "、".join(view.units))
    made = ranked_table(view, lang.value)
    if fmt is Format.csv:
        sys.stdout.write(to_csv(made).decode("utf-8-sig"))
        return
    r = view.ranking
    console.print(f"比较口径 key: {r.key.text}  日期 date: {r.on.isoformat()}  "
                  f"可比 comparable: {len(r.rows)}  未参与 excluded: {len(r.excluded)}",
                  soft_wrap=True)
    table = Table(*(c.header for c in made.columns[2:]))
    for row in made.rows:
        table.add_row(*("" if v is None else str(v) for v in row[2:]))
    console.print(table)


@app.command("criteria")
def list_criteria(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """列出已发布的采购准则（含已撤回）/ List published criteria, withdrawn ones too."""
    from carbonlabel.adapters.db.engine import platform_engine
    from carbonlabel.adapters.db.migrate import upgrade
    from carbonlabel.adapters.db.uow import uow_factory
    from carbonlabel.services.procurement import criteria

    engine = platform_engine(_settings(data_dir, database_url))
    try:
        upgrade(engine)
        with uow_factory(engine)() as uow:
            found = criteria.published(uow)
    finally:
        engine.dispose()
    on = _today()
    for p in found:
        c = p.criterion
        limit = f" {c.threshold:g}" if c.threshold is not None else ""
        console.print(f"{c.id}  {c.state(on).value}  {c.effective_on}  {c.kind.value}{limit}  "
                      f"{c.key.text}  {c.title}  ({p.agency})", soft_wrap=True)
    console.print(f"{len(found)} 条准则 criteria")


@app.command("publish")
def publish(user: UserEmail, title: Annotated[str, typer.Option("--title")],
            rule: Annotated[str, typer.Option("--rule", help="code@version")],
            unit: Annotated[str, typer.Option("--unit", help="declared unit")],
            boundary: Annotated[str, typer.Option("--boundary")],
            kind: Annotated[CriterionKind, typer.Option("--kind")],
            effective: Annotated[str, typer.Option("--effective", help="YYYY-MM-DD")],
            threshold: Annotated[float | None, typer.Option(
                "--threshold", help="kg CO2e per declared unit (kind threshold)")] = None,
            data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """发布采购准则 / Publish a procurement criterion of your agency."""
    from carbonlabel.services.procurement import criteria

    try:
        day = date.fromisoformat(effective)
    except ValueError as exc:
        raise InputError(field="effective_on", message_en="give the date as YYYY-MM-DD",
                         message_zh="日期格式应为 YYYY-MM-DD") from exc
    with acting(user, data_dir, database_url) as (uow, actor):
        made = criteria.publish(uow, actor, criteria.CriterionInput(
            title, rule, unit, boundary, kind, threshold, day))
    console.print(f"已发布 published: {made.id}")


@app.command("withdraw")
def withdraw(criterion_id: Annotated[str, typer.Argument(help="criterion id / 准则编号")],
             user: UserEmail, reason: Annotated[str, typer.Option("--reason")],
             data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """撤回采购准则（保留于历史）/ Withdraw a criterion (kept in the history)."""
    from carbonlabel.services.procurement import criteria

    with acting(user, data_dir, database_url) as (uow, actor):
        criteria.withdraw(uow, actor, criterion_id, reason)
    console.print(f"已撤回 withdrawn: {criterion_id}")
