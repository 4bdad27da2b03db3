"""``carbonlabel sharing``: classify data and approve export-restricted releases.

The command acts as the platform user named by ``--user EMAIL`` (whoever may run the command
on the server may act for the platform's users, as ``admin`` does); that user's role and
organisation decide what the command may do, exactly as in the web pages, and every change
leaves an audit record in that user's name.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from carbonlabel.cli.platform import DatabaseUrl, DataDir, _settings
from carbonlabel.domain.exchange.sharing import Classification, DataKind
from carbonlabel.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from carbonlabel.adapters.db.uow import UnitOfWork
    from carbonlabel.domain.tenancy import User

app = typer.Typer(no_args_is_help=True)
console = Console()

UserEmail = Annotated[str, typer.Option("--user", help="acting user's e-mail / 操作人邮箱")]


@contextmanager
def acting(email: str, data_dir: DataDir, database_url: DatabaseUrl,
           write: bool = True) -> Iterator[tuple[UnitOfWork, User]]:
    """A unit of work on the platform's database and the user it acts as."""
    from carbonlabel.adapters.db.engine import platform_engine
    from carbonlabel.adapters.db.migrate import upgrade
    from carbonlabel.adapters.db.uow import uow_factory

    engine = platform_engine(_settings(data_dir, database_url))
    try:
        upgrade(engine)
        with uow_factory(engine)(write=write) as uow:
            found = uow.users.by_email(email.strip().lower())
            if found is None or not found[0].active:
                raise NotFoundError(field="user", message_en=f"no active user {email}",
                                    message_zh=f"没有启用的用户 {email}")
            yield uow, found[0]
    finally:
        engine.dispose()


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(field="expires", message_en="give the date as YYYY-MM-DD",
                         message_zh="日期格式应为 YYYY-MM-DD") from exc


@app.command("classify")
def classify(footprint_id: Annotated[str, typer.Argument(help="footprint id / 碳足迹编号")],
             kind: Annotated[DataKind, typer.Option("--kind", help="footprint or inventory")],
             classification: Annotated[Classification, typer.Option(
                 "--as", help="public, shared, confidential or export_restricted")],
             user: UserEmail, data_dir: DataDir = None,
             database_url: DatabaseUrl = None) -> None:
    """设置碳足迹或清单的数据分级 / Classify a footprint or its inventory."""
    from carbonlabel.services.sharing import policy

    with acting(user, data_dir, database_url) as (uow, actor):
        policy.classify(uow, actor, kind, footprint_id, classification, datetime.now(UTC))
    console.print(f"已分级 classified: {kind.value} {footprint_id} → {classification.value}")


@app.command("approve")
def approve(partner: Annotated[str, typer.Option("--partner",
                                                 help="partner id or name / 合作伙伴")],
            purpose: Annotated[str, typer.Option("--purpose", help="purpose / 目的")],
            recipient: Annotated[str, typer.Option("--recipient", help="recipient / 接收方")],
            user: UserEmail,
            footprint: Annotated[str | None, typer.Option(
                "--footprint", help="one footprint id / 单个碳足迹")] = None,
            every: Annotated[bool, typer.Option(
                "--all", help="every export-restricted footprint / 全部碳足迹")] = False,
            expires: Annotated[str | None, typer.Option(
                "--expires", help="valid through this day (UTC), YYYY-MM-DD")] = None,
            data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """批准出境受限数据向境外合作伙伴提供 / Approve export-restricted data for a partner."""
    from carbonlabel.services.sharing import policy

    if (footprint is None) == (not every):
        raise InputError(field="footprint", message_en="give --footprint ID or --all",
                         message_zh="请给出 --footprint ID 或 --all（二选一）")
    until = policy.end_of_day(_day(expires)) if expires else None
    with acting(user, data_dir, database_url) as (uow, actor):
        found = policy.find_partner(uow, actor, partner)
        approval = policy.approve_release(
            uow, actor, partner_id=found.id, footprint_id=footprint, purpose=purpose,
            recipient=recipient, expires_at=until, at=datetime.now(UTC))
    console.print(f"已批准 approved: {approval.id} ({found.name}, {found.country}; "
                  f"{footprint or '全部 all'})")


@app.command("approvals")
def approvals(user: UserEmail, data_dir: DataDir = None,
              database_url: DatabaseUrl = None) -> None:
    """列出出境审批 / List the release approvals of the user's organisation."""
    from carbonlabel.services.sharing import policy

    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        found = policy.list_approvals(uow, actor)
        names = {p.id: p.name for p in uow.partners.of_org(actor.organisation_id)}
    now = datetime.now(UTC)
    for a in found:
        state = ("已撤销 revoked" if a.revoked_at else
                 "已过期 expired" if a.expires_at and a.expires_at <= now else "有效 active")
        until = a.expires_at.date().isoformat() if a.expires_at else "-"
        console.print(f"{a.id}  {state}  {names.get(a.partner_id, a.partner_id)}  "
                      f"{a.footprint_id or '全部 all'}  → {until}  {a.recipient}: {a.purpose}",
                      soft_wrap=True)
    console.print(f"{len(found)} 项审批 approvals")


@app.command("revoke")
def revoke(approval_id: Annotated[str, typer.Argument(help="approval id / 审批编号")],
           user: UserEmail, data_dir: DataDir = None,
           database_url: DatabaseUrl = None) -> None:
    """撤销出境审批 / Revoke a release approval."""
    from carbonlabel.services.sharing import policy

    with acting(user, data_dir, database_url) as (uow, actor):
        policy.revoke_approval(uow, actor, approval_id, datetime.now(UTC))
    console.print(f"已撤销 revoked: {approval_id}")


@app.command("releases")
def releases(user: UserEmail, data_dir: DataDir = None,
             database_url: DatabaseUrl = None) -> None:
    """对外提供记录 / The release log: what left the organisation, and what was refused."""
    from carbonlabel.services.sharing.overview import release_rows

    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        rows = release_rows(uow, actor)
    for r in rows:
        approval = f" (审批 approval {r.approval_id})" if r.approval_id else ""
        outcome = (f"已提供 released{approval}" if r.released
                   else f"已拒绝 refused: {r.refusal or ''}")
        console.print(f"{r.at:%Y-%m-%d %H:%M}  {r.footprint_id}  → {r.recipient or '任何人 anyone'}"
                      f"{' (' + r.country + ')' if r.country else ''}  {r.channel}  {outcome}",
                      soft_wrap=True)
    console.print(f"{len(rows)} 条记录 records")
