"""``carbonlabel pact``: supply-chain exchange from the command line.

Partners (add, list, inbound credentials), supplier requests (ask, inbox, outbox, answer,
reject), PACT files (import, export) and the PACT client (fetch from a partner's host, deliver
the queued events once). Every command acts as one user of the platform, named with
``--user EMAIL``; what that user may do is what the web pages let them do.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from carbonlabel.adapters.db.uow import UnitOfWork, UowFactory
from carbonlabel.cli.files import write_atomically
from carbonlabel.cli.platform import DatabaseUrl, DataDir, _settings
from carbonlabel.cli.progress import status
from carbonlabel.config import Settings
from carbonlabel.domain.exchange.records import REQUEST_STATE_NAMES, SupplierRequest
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import AuthenticationError, InputError, NotFoundError

app = typer.Typer(no_args_is_help=True)
partners_app = typer.Typer(no_args_is_help=True)
app.add_typer(partners_app, name="partners", help="合作伙伴 / PACT partners")
console = Console()

UserOpt = Annotated[str, typer.Option("--user", help="e-mail of the acting user / 操作用户")]


@contextmanager
def platform(data_dir: Path | None, database_url: str | None) -> Iterator[tuple[Settings,
                                                                                UowFactory]]:
    """The platform's database, migrated, for one command."""
    from carbonlabel.adapters.db.engine import platform_engine
    from carbonlabel.adapters.db.migrate import upgrade
    from carbonlabel.adapters.db.uow import uow_factory

    settings = _settings(data_dir, database_url)
    engine = platform_engine(settings)
    try:
        upgrade(engine)
        yield settings, uow_factory(engine)
    finally:
        engine.dispose()


def acting(uow: UnitOfWork, email: str) -> User:
    found = uow.users.by_email(email.strip().lower())
    if found is None:
        raise NotFoundError(field="user", message_en=f"no user {email}",
                            message_zh=f"没有用户 {email}")
    if not found[0].active:
        raise AuthenticationError(field="user", message_en=f"user {email} is deactivated",
                                  message_zh=f"用户 {email} 已停用")
    return found[0]


def _now() -> datetime:
    return datetime.now(UTC)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(field="file", message_en=f"cannot read {path}: {exc}",
                         message_zh=f"无法读取 {path}：{exc}") from exc


def _state(req: SupplierRequest) -> str:
    zh, en = REQUEST_STATE_NAMES[req.state]
    return f"{zh} {en}"


def _requests_table(title: str, rows: list[SupplierRequest], uow: UnitOfWork,
                    own_org: str) -> Table:
    t = Table(title=title, title_justify="left")
    t.add_column("ID", no_wrap=True, min_width=36)  # ids are copied into the next command
    for col in ("产品 product", "对方 counterpart", "状态 state", "时间 asked", "PfIds"):
        t.add_column(col, overflow="fold")
    for r in rows:
        other = (r.supplier_organisation_id if r.requester_organisation_id == own_org
                 else r.requester_organisation_id)
        org = uow.organisations.get(other) if other else None
        partner_id = r.supplier_partner_id or r.requester_partner_id
        partner = uow.partners.get(own_org, partner_id) if partner_id else None
        t.add_row(r.id, r.product_name, org.name if org else partner.name if partner else "—",
                  _state(r), r.created_at.strftime("%Y-%m-%d %H:%M"),
                  " ".join(r.response_pf_ids))
    return t


# -- partners -------------------------------------------------------------------------------

@partners_app.command("add")
def partners_add(name: Annotated[str, typer.Argument(help="partner name / 名称")],
                 user: UserOpt,
                 country: Annotated[str, typer.Option(help="ISO country code, e.g. DE")],
                 spec_version: Annotated[str, typer.Option(help="2.3.0 or 3.0.0")] = "3.0.0",
                 host_url: Annotated[str | None, typer.Option(help="its PACT host")] = None,
                 auth_url: Annotated[str | None, typer.Option(help="its auth URL")] = None,
                 client_id: Annotated[str | None, typer.Option(
                     help="our client id at its host")] = None,
                 client_secret: Annotated[str | None, typer.Option(
                     envvar="CARBONLABEL_PARTNER_SECRET",
                     help="our client secret at its host (or the environment variable)")] = None,
                 data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """登记合作伙伴 / Register a PACT partner."""
    from carbonlabel.services.exchange.partners import register_partner

    with platform(data_dir, database_url) as (settings, make_uow), make_uow(write=True) as uow:
        partner = register_partner(uow, acting(uow, user), name=name, country=country,
                                   spec_version=spec_version, host_url=host_url,
                                   auth_url=auth_url, outbound_client_id=client_id,
                                   outbound_client_secret=client_secret,
                                   allow_http=settings.pact_allow_http,
                                   allow_private=settings.allow_private_outbound)
    console.print(f"已登记 registered: {partner.name} ({partner.country}) {partner.id}")


@partners_app.command("list")
def partners_list(user: UserOpt, data_dir: DataDir = None,
                  database_url: DatabaseUrl = None) -> None:
    """列出合作伙伴 / List the partners."""
    from carbonlabel.services.exchange.overview import partners_view

    with platform(data_dir, database_url) as (_, make_uow), make_uow() as uow:
        view = partners_view(uow, acting(uow, user))
    t = Table(title="合作伙伴 Partners", title_justify="left")
    t.add_column("ID", no_wrap=True, min_width=36)
    for col in ("名称 name", "国家 country", "PACT", "主机 host", "入站客户端 inbound"):
        t.add_column(col, overflow="fold")
    for p in view.partners:
        t.add_row(p.id, p.name, p.country, p.spec_version, p.host_url or "—",
                  p.inbound_client_id or "—")
    console.print(t)


@partners_app.command("credentials")
def partners_credentials(partner_id: Annotated[str, typer.Argument(help="partner id")],
                         user: UserOpt, data_dir: DataDir = None,
                         database_url: DatabaseUrl = None) -> None:
    """签发入站凭据（密钥仅显示一次）/ Issue inbound credentials (the secret shows once)."""
    from carbonlabel.services.exchange.partners import issue_inbound_credentials

    with platform(data_dir, database_url) as (_, make_uow), make_uow(write=True) as uow:
        client_id, secret = issue_inbound_credentials(uow, acting(uow, user), partner_id)
    console.print(f"client_id:     {client_id}")
    console.print(f"client_secret: {secret}")
    console.print("密钥不会再次显示 / the secret is not shown again")


# -- requests -------------------------------------------------------------------------------

@app.command("ask")
def ask(user: UserOpt,
        product: Annotated[str, typer.Option(help="the purchased product / 采购产品")],
        org: Annotated[str | None, typer.Option(help="supplier organisation id")] = None,
        partner: Annotated[str | None, typer.Option(help="supplier partner id (PACT)")] = None,
        product_id: Annotated[list[str] | None, typer.Option(
            help="product URN, e.g. urn:gtin:..., repeatable")] = None,
        comment: Annotated[str, typer.Option(help="message to the supplier")] = "",
        data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """向供应商请求碳足迹 / Ask a supplier for a product footprint."""
    from carbonlabel.services.exchange.supplier_requests import ask_supplier

    with platform(data_dir, database_url) as (settings, make_uow), make_uow(write=True) as uow:
        req = ask_supplier(uow, acting(uow, user), supplier_organisation_id=org,
                           partner_id=partner, product_name=product,
                           product_ids=product_id or [], comment=comment, at=_now(),
                           platform_url=settings.public_url)
    console.print(f"已发出请求 request sent: {req.id}")


@app.command("inbox")
def inbox(user: UserOpt, data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """发给我方的请求 / Requests to us."""
    from carbonlabel.services.exchange.supplier_requests import inbox as list_inbox

    with platform(data_dir, database_url) as (_, make_uow), make_uow() as uow:
        actor = acting(uow, user)
        console.print(_requests_table("收件箱 Inbox", list_inbox(uow, actor), uow,
                                      actor.organisation_id))


@app.command("outbox")
def outbox(user: UserOpt, data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """我方发出的请求 / Our requests."""
    from carbonlabel.services.exchange.supplier_requests import outbox as list_outbox

    with platform(data_dir, database_url) as (_, make_uow), make_uow() as uow:
        actor = acting(uow, user)
        console.print(_requests_table("发件箱 Outbox", list_outbox(uow, actor), uow,
                                      actor.organisation_id))


@app.command("answer")
def answer(request_id: Annotated[str, typer.Argument(help="request id")], user: UserOpt,
           footprint: Annotated[str | None, typer.Option(help="one of our footprints")] = None,
           file: Annotated[Path | None, typer.Option(help="or a PACT JSON file")] = None,
           data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """答复请求 / Answer a request with a footprint or a PACT file."""
    from carbonlabel.services.exchange import supplier_requests

    if (footprint is None) == (file is None):
        raise InputError(field="footprint", message_en="give --footprint or --file",
                         message_zh="请给出 --footprint 或 --file 之一")
    text = _read(file) if file is not None else ""
    with platform(data_dir, database_url) as (settings, make_uow), make_uow(write=True) as uow:
        actor = acting(uow, user)
        if footprint is not None:
            done = supplier_requests.answer_with_footprint(
                uow, actor, request_id, footprint, _now(),
                platform_url=settings.public_url or "")
        else:
            done = supplier_requests.answer_with_upload(uow, actor, request_id, text, _now())
    console.print(f"已答复 answered: {done.id} → {' '.join(done.response_pf_ids)}")


@app.command("reject")
def reject(request_id: Annotated[str, typer.Argument(help="request id")], user: UserOpt,
           reason: Annotated[str, typer.Option(help="why / 原因")],
           data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """拒绝请求 / Decline a request."""
    from carbonlabel.services.exchange.supplier_requests import reject as reject_request

    with platform(data_dir, database_url) as (_, make_uow), make_uow(write=True) as uow:
        done = reject_request(uow, acting(uow, user), request_id, reason, _now())
    console.print(f"已拒绝 declined: {done.id}")


# -- files ----------------------------------------------------------------------------------

@app.command("import")
def import_file(file: Annotated[Path, typer.Argument(help="PACT JSON file")], user: UserOpt,
                partner: Annotated[str | None, typer.Option(
                    help="the partner that sent it")] = None,
                data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """导入供应商 PACT 文件 / Import a PACT file a supplier sent."""
    from carbonlabel.services.exchange.supplier_requests import import_footprints

    text = _read(file)
    with platform(data_dir, database_url) as (_, make_uow), make_uow(write=True) as uow:
        taken = import_footprints(uow, acting(uow, user), text, _now(), partner_id=partner)
    for r in taken:
        console.print(f"已导入 imported: {r.pf_id}  {r.company_name} · {r.product_name}")


@app.command("export")
def export(footprint_id: Annotated[str, typer.Argument(help="our footprint id")],
           user: UserOpt,
           output: Annotated[Path, typer.Option("--output", "-o", help="file to write")],
           version: Annotated[str, typer.Option(help="PACT version 2.3.0 or 3.0.0")] = "3.0.0",
           recipient: Annotated[str | None, typer.Option(
               help="partner id it is for (none: anyone, public footprints only)")] = None,
           data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """导出为 PACT 文件（按共享策略）/ Export our footprint as PACT JSON (sharing policy)."""
    from carbonlabel.services.exchange.supplier_requests import export_footprint

    with platform(data_dir, database_url) as (settings, make_uow), make_uow(write=True) as uow:
        # committed (the release logged) before the file is written: none goes unlogged
        body = export_footprint(uow, acting(uow, user), footprint_id, version, recipient,
                                _now(), platform_url=settings.public_url or "")
    write_atomically(output, json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    console.print(f"已导出 exported: {output}")


# -- the PACT client ------------------------------------------------------------------------

@app.command("fetch")
def fetch(partner_id: Annotated[str, typer.Argument(help="partner id")], user: UserOpt,
          odata_filter: Annotated[str | None, typer.Option(
              "--filter", help="v2 $filter, e.g. \"productIds/any(p:p eq 'urn:...')\"")] = None,
          limit: Annotated[int | None, typer.Option(min=1, help="page size")] = None,
          data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """从合作伙伴主机获取碳足迹 / Fetch footprints from a partner's host."""
    from carbonlabel.services.exchange.pact_exchange import fetch_from_partner

    with platform(data_dir, database_url) as (settings, make_uow):
        with make_uow() as uow:
            actor = acting(uow, user)
        with status(console, "获取中 fetching"):
            stored = fetch_from_partner(make_uow, actor=actor, partner_id=partner_id,
                                        odata_filter=odata_filter, limit=limit,
                                        settings=settings)
    for r in stored:
        console.print(f"已收到 received: {r.pf_id}  {r.company_name} · {r.product_name}")
    console.print(f"{len(stored)} 个新碳足迹 new footprint(s)")


@app.command("deliver")
def deliver(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """发送待发的 PACT 事件一次 / Deliver the queued PACT events once."""
    from carbonlabel.services.exchange.pact_outbox import deliver_once

    with platform(data_dir, database_url) as (settings, make_uow), \
            status(console, "发送中 delivering"):
        count = deliver_once(make_uow, settings)
    console.print(f"已送达 delivered: {count}")
