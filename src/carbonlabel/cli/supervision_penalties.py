"""``carbonlabel supervision penalties``: penalty records (双公示) from the command line.

``record --file`` takes a record as JSON (the API's ``PenaltyCreate`` shape); ``review``,
``publish``, ``withdraw`` and ``repair`` take its steps as the user named by ``--user``;
``export`` writes the user's regulator's records (CSV, XLSX or JSON, with their status) to a
file; ``expire`` is the daily sweep (as the system) that ends the publicity of records past
their period.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from carbonlabel.cli.platform import DatabaseUrl, DataDir, _settings
from carbonlabel.cli.sharing import UserEmail, acting
from carbonlabel.domain.supervision.penalties import STATE_NAMES, PenaltyState
from carbonlabel.errors import InputError
from carbonlabel.services.supervision.penalty_exports import ExportFormat

app = typer.Typer(no_args_is_help=True)
console = Console()
MAX_FILE = 1_000_000

PenaltyId = Annotated[str, typer.Argument(help="penalty record id / 处罚信息编号")]


def _day(text: str | None, field: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(field=field, message_en="give the date as YYYY-MM-DD",
                         message_zh="日期格式应为 YYYY-MM-DD") from exc


@app.command("record")
def record(file: Annotated[Path, typer.Option("--file", help="the record as JSON / 处罚信息 "
                                                            "JSON 文件")],
           user: UserEmail, data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """登记行政处罚信息（草稿）/ Record a penalty (a draft)."""
    from carbonlabel.services.supervision import penalties
    from carbonlabel.web.supervision.penalty_schemas import PenaltyCreate

    if not file.is_file() or file.stat().st_size > MAX_FILE:
        raise InputError(field="file", message_en=f"no readable file {file} (at most 1 MB)",
                         message_zh=f"无法读取文件 {file}（不超过 1 MB）")
    try:
        body = PenaltyCreate.model_validate_json(file.read_bytes())
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(field=where or "file", message_en=f"{where}: {first['msg']}",
                         message_zh=f"{where}：{first['msg']}") from exc
    with acting(user, data_dir, database_url) as (uow, actor):
        made = penalties.record(uow, actor, body.fields())
    console.print(f"已登记 recorded: {made.id}  {made.fields.decision_number}")


@app.command("list")
def list_records(user: UserEmail, state: Annotated[PenaltyState | None, typer.Option(
                     "--state", help="draft, reviewed, published, ...")] = None,
                 data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """列出辖区内的行政处罚信息 / List the penalty records of the jurisdiction."""
    from carbonlabel.services.supervision import penalties

    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        page = penalties.penalties_page(uow, actor, 0, 1000, state)
    for p in page.items:
        until = p.publicity_end.isoformat() if p.publicity_end else "-"
        console.print(f"{p.id}  {p.fields.decision_number}  {p.fields.party_name}  "
                      f"{STATE_NAMES[p.state][0]} {p.state.value}  → {until}", soft_wrap=True)
    console.print(f"{page.total} 条 records")


@app.command("review")
def review(penalty_id: PenaltyId, user: UserEmail,
           confidentiality_checked: Annotated[bool, typer.Option(
               "--confidentiality-checked", help="no state secrets / 已完成保密审查")] = False,
           data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """审核（非登记人）/ Review a draft (another person than its recorder)."""
    from carbonlabel.services.supervision import penalties

    with acting(user, data_dir, database_url) as (uow, actor):
        penalties.review(uow, actor, penalty_id, confidentiality_checked)
    console.print(f"已审核 reviewed: {penalty_id}")


@app.command("publish")
def publish(penalty_id: PenaltyId, user: UserEmail,
            on: Annotated[str | None, typer.Option(
                "--on", help="first day of publicity, YYYY-MM-DD (default today)")] = None,
            data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """公示 / Publish a reviewed record for its publicity period."""
    from carbonlabel.services.supervision import penalties

    with acting(user, data_dir, database_url) as (uow, actor):
        done = penalties.publish(uow, actor, penalty_id, on=_day(on, "on"))
    console.print(f"已公示 published: {penalty_id}  {done.publicity_start} → "
                  f"{done.publicity_end}")


@app.command("withdraw")
def withdraw(penalty_id: PenaltyId, user: UserEmail,
             reason: Annotated[str, typer.Option("--reason", help="why / 撤回理由")],
             data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """撤回 / Withdraw a record, with its reason."""
    from carbonlabel.services.supervision import penalties

    with acting(user, data_dir, database_url) as (uow, actor):
        penalties.withdraw(uow, actor, penalty_id, reason)
    console.print(f"已撤回 withdrawn: {penalty_id}")


@app.command("repair")
def repair(penalty_id: PenaltyId, user: UserEmail,
           note: Annotated[str, typer.Option("--note", help="credit repair decision / "
                                                            "信用修复决定")],
           data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """信用修复 / End the publicity by credit repair (not for a serious case)."""
    from carbonlabel.services.supervision import penalties

    with acting(user, data_dir, database_url) as (uow, actor):
        penalties.repair(uow, actor, penalty_id, note)
    console.print(f"已信用修复 repaired: {penalty_id}")


@app.command("export")
def export(user: UserEmail,
           output: Annotated[Path, typer.Option("--output", "-o", help="file to write")],
           fmt: Annotated[ExportFormat, typer.Option("--format", help="csv, xlsx or json")] = (
               ExportFormat.CSV),
           data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """导出本机关全部处罚信息（“双公示”格式）/ Export the regulator's records to a file."""
    from carbonlabel.services.supervision.penalty_exports import export as run_export

    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        made = run_export(uow, actor, fmt, datetime.now(UTC).date())
    output.write_bytes(made.content)  # after the read: nothing uncommitted is referred to
    console.print(f"已导出 exported: {output} ({len(made.content)} bytes)")


@app.command("expire")
def expire(on: Annotated[str | None, typer.Option(
               "--date", help="the day to sweep for, YYYY-MM-DD (default: today, UTC)")] = None,
           data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """公示期满处理 / End the publicity of records past their period (run daily)."""
    from carbonlabel.adapters.db.engine import platform_engine
    from carbonlabel.adapters.db.migrate import upgrade
    from carbonlabel.adapters.db.uow import uow_factory
    from carbonlabel.services.supervision import penalties

    day = _day(on, "date") or datetime.now(UTC).date()
    engine = platform_engine(_settings(data_dir, database_url))
    try:
        upgrade(engine)
        with uow_factory(engine)(write=True) as uow:
            expired = penalties.expire_due(uow, day)
    finally:
        engine.dispose()
    for p in expired:
        console.print(f"公示期满 expired: {p.id}  {p.fields.decision_number}  "
                      f"{p.publicity_end}")
    console.print(f"{len(expired)} 条 records")
