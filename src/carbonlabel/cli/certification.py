"""``carbonlabel certification``: the certification body's scheduled work from the command line.

``certification sweep`` is the surveillance sweep
(``services/certification/surveillance.py``): it lists the checks that are due (an alert,
within the grace period) and suspends the certificates whose check is overdue past the grace
period, as the system, with the reason "overdue surveillance".
It is idempotent: run it daily from cron or a systemd timer.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

import typer
from rich.console import Console

from carbonlabel.cli.platform import DatabaseUrl, DataDir, _settings
from carbonlabel.errors import InputError

app = typer.Typer(no_args_is_help=True)
console = Console()


def _day(text: str | None) -> date:
    if not text:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(field="date", message_en="give the date as YYYY-MM-DD",
                         message_zh="日期格式应为 YYYY-MM-DD") from exc


@app.command("sweep")
def sweep(on: Annotated[str | None, typer.Option(
              "--date", help="the day to sweep for, YYYY-MM-DD (default: today, UTC)")] = None,
          data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """监督到期提醒与逾期暂停 / Alert on due surveillance, suspend certificates overdue."""
    from carbonlabel.adapters.db.engine import platform_engine
    from carbonlabel.adapters.db.migrate import upgrade
    from carbonlabel.adapters.db.uow import uow_factory
    from carbonlabel.services.certification.surveillance import sweep as run_sweep

    day = _day(on)
    settings = _settings(data_dir, database_url)
    engine = platform_engine(settings)
    try:
        upgrade(engine)
        with uow_factory(engine)(write=True) as uow:
            result = run_sweep(uow, day, base=settings.data_dir,
                               store_dir=settings.databases_dir)  # commits what it did
    finally:
        engine.dispose()
    for item in result.alerts:
        console.print(f"到期 due      {item.certificate.number}  {item.check.due_on}  "
                      f"(宽限期至 grace period ends {item.grace_ends})")
    for item in result.suspended:
        console.print(f"已暂停 suspended {item.certificate.number}  {item.check.due_on}  "
                      "监督逾期 / overdue surveillance")
    for certificate in result.suspended_for_findings:
        console.print(f"已暂停 suspended {certificate.number}  "
                      "监督不符合项逾期未关闭 / surveillance nonconformity past its deadline")
    for certificate in result.suspended_for_changes:
        console.print(f"已暂停 suspended {certificate.number}  "
                      "变更评价逾期未决定 / change affecting certification not decided in time")
    for claim in result.lapsed_claims:
        console.print(f"声明失效 claim lapsed {claim.kind.value}  {claim.id}  {claim.lapse_reason}")
    for certificate in result.withdrawn:
        console.print(f"已撤销 withdrawn {certificate.number}  "
                      "暂停超过最长期限 / suspended longer than the maximum")
    console.print(f"{day}: {len(result.alerts)} 项到期 due, {len(result.suspended)} 张证书暂停 "
                  f"suspended, {len(result.overdue)} 项逾期 overdue")
