"""``carbonlabel supervision overview --user EMAIL``: the regulator's home figures (those of
``/supervision``) for the jurisdiction of the acting regulator's staff member, as tables."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from carbonlabel.cli.platform import DatabaseUrl, DataDir
from carbonlabel.cli.sharing import UserEmail, acting
from carbonlabel.errors import InputError

app = typer.Typer(no_args_is_help=False)
console = Console()


def _day(text: str | None) -> date:
    if not text:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(field="today", message_en="give the date as YYYY-MM-DD",
                         message_zh="日期格式应为 YYYY-MM-DD") from exc


@app.callback(invoke_without_command=True)
def overview(user: UserEmail, today: Annotated[str | None, typer.Option(
                 "--today", help="the day to count for (YYYY-MM-DD; default: today, UTC)")] = None,
             data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """辖区监管概览 / The jurisdiction's figures: certified enterprises and products by
    category and body, overdue surveillance, this month's suspensions and withdrawals, open
    alerts."""
    from carbonlabel.domain.certification import catalogue
    from carbonlabel.services.supervision import workspace

    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        o = workspace.overview(uow, actor, _day(today))
    figures = Table(title=f"辖区 jurisdiction {o.jurisdiction} · {o.today.isoformat()}",
                    title_justify="left")
    figures.add_column("指标 figure")
    figures.add_column("数量 count", justify="right")
    for name, value in (("获证企业 certified enterprises", o.enterprises),
                        ("获证产品 certified products", o.products),
                        ("逾期监督检查 overdue surveillance checks", o.overdue_surveillance),
                        ("本月暂停 suspensions this month", o.suspended_this_month),
                        ("本月撤销 withdrawals this month", o.withdrawn_this_month),
                        ("待处理预警 open alerts", o.open_alerts),
                        ("未结监管案件 open supervision cases", o.open_cases)):
        figures.add_row(name, str(value))
    console.print(figures)
    for title, tallies, by_category in (("按产品类别 by product category", o.by_category, True),
                                        ("按认证机构 by certification body", o.by_body, False)):
        table = Table(title=title, title_justify="left")
        for column, justify in (("名称 name", "left"), ("产品 products", "right"),
                                ("企业 enterprises", "right")):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for t in tallies:
            table.add_row(catalogue.label(t.key) if by_category else t.name, str(t.products),
                          str(t.enterprises))
        console.print(table)
