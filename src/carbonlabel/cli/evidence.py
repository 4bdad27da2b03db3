"""``carbonlabel evidence``: green-finance evidence packages.

``evidence verify FILE --keys keys.json`` checks a downloaded package offline: its Ed25519
signature over the canonical bytes of the package (docs/evidence.md), with the platform's
published keys (``GET /api/v1/registry/keys`` or ``carbonlabel label keys export``).
Exit codes: 0 genuine; 1 NOT GENUINE (altered, unknown key, not a package); 2 bad input (no
keys, unreadable file).

The other commands act as the platform user named by ``--user EMAIL``, as ``sharing`` does:
grant a bank access to a certificate, revoke it, list grants, read a grant's access log, and
(as a bank's user) write a grant's signed package to a file.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from carbonlabel.cli.label import _public_keys
from carbonlabel.cli.platform import DatabaseUrl, DataDir
from carbonlabel.cli.sharing import UserEmail, acting
from carbonlabel.errors import InputError

app = typer.Typer(no_args_is_help=True)
console = Console()
EXIT_NOT_GENUINE = 1


def _read(file: Path) -> object:
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(field="FILE", message_en=f"cannot read {file}: {exc.strerror}",
                         message_zh=f"无法读取 {file}") from exc
    except ValueError:
        return None  # not JSON: judged below as "not an evidence package"


@app.command("verify")
def verify(
    file: Annotated[Path, typer.Argument(help="the downloaded package (JSON) / 证据包文件")],
    keys: Annotated[Path | None, typer.Option(
        "--keys", help="public keys JSON, as served by GET /api/v1/registry/keys")] = None,
    data_dir: DataDir = None,
) -> None:
    """离线核验证据包签名 / Verify an evidence package's signature offline."""
    from carbonlabel.adapters.evidence_signature import check_envelope

    public_keys, source = _public_keys(keys, None, data_dir)
    envelope, why = check_envelope(_read(file), public_keys)
    if envelope is None:
        typer.echo(f"✗ 非真实证据包 NOT GENUINE: {why}")
        raise typer.Exit(EXIT_NOT_GENUINE)
    certificate = envelope.package.get("certificate")
    if isinstance(certificate, dict):
        typer.echo(f"  证书编号 certificate   {certificate.get('number')}")
        typer.echo(f"  碳足迹 footprint       {certificate.get('certified_value')} "
                   f"{certificate.get('certified_unit')}")
        typer.echo(f"  出具时状态 status then  {certificate.get('status')}")
    typer.echo(f"  出具时间 issued at      {envelope.package.get('issued_at')}")
    typer.echo(f"✓ 签名真实 genuine signature (密钥 key {envelope.kid}; 公钥 keys: {source})")


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(field="--expires", message_en="give the date as YYYY-MM-DD",
                         message_zh="日期格式应为 YYYY-MM-DD") from exc


@app.command("grant")
def grant(certificate_id: Annotated[str, typer.Argument(help="certificate id / 证书编号")],
          bank: Annotated[str, typer.Option("--bank", help="bank organisation id / 银行")],
          user: UserEmail,
          purpose: Annotated[str, typer.Option("--purpose", help="purpose / 用途")] = "",
          reference: Annotated[str, typer.Option("--reference",
                                                 help="loan reference / 业务编号")] = "",
          expires: Annotated[str | None, typer.Option(
              "--expires", help="last day of access, YYYY-MM-DD / 截止日期")] = None,
          data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """授权银行访问证书证据 / Grant a bank access to a certificate's evidence."""
    from carbonlabel.services.evidence import grants

    with acting(user, data_dir, database_url) as (uow, actor):
        made = grants.grant(uow, actor, certificate_id, bank, purpose, reference,
                            _day(expires), datetime.now(UTC))
    console.print(f"已授权 granted: {made.id}")


@app.command("revoke")
def revoke(grant_id: Annotated[str, typer.Argument(help="grant id / 授权编号")],
           user: UserEmail, data_dir: DataDir = None,
           database_url: DatabaseUrl = None) -> None:
    """撤销授权 / Revoke a grant: the bank is refused from now on."""
    from carbonlabel.services.evidence import grants

    with acting(user, data_dir, database_url) as (uow, actor):
        grants.revoke(uow, actor, grant_id, datetime.now(UTC))
    console.print(f"已撤销 revoked: {grant_id}")


@app.command("grants")
def list_grants(user: UserEmail, data_dir: DataDir = None,
                database_url: DatabaseUrl = None) -> None:
    """列出授权（持有方：已作出的；银行：收到的）/ Grants made (holder) or received (bank)."""
    from carbonlabel.services.evidence import grants

    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        rows = grants.rows_of(uow, actor, datetime.now(UTC).date())
    table = Table(title="证据授权 Evidence grants", title_justify="left")
    for column in ("id", "证书 certificate", "持有方 holder", "银行 bank", "状态 state",
                   "截止 until"):
        table.add_column(column)
    for r in rows:
        table.add_row(r.grant.id, r.certificate_number, r.holder_name, r.bank_name,
                      r.state.value, r.grant.expires_on.isoformat() if r.grant.expires_on
                      else "—")
    console.print(table)


@app.command("log")
def access_log(grant_id: Annotated[str, typer.Argument(help="grant id / 授权编号")],
               user: UserEmail, data_dir: DataDir = None,
               database_url: DatabaseUrl = None) -> None:
    """银行的访问记录（持有方）/ The bank's accesses under a grant (for the holder)."""
    from carbonlabel.services.evidence import grants

    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        entries = grants.access_log(uow, actor, grant_id)
        names = grants.people(uow, entries)
    table = Table(title="访问记录 Access log", title_justify="left")
    for column in ("时间 at", "谁 who", "内容 what", "渠道 channel", "结果 outcome"):
        table.add_column(column)
    for e in entries:
        table.add_row(e.at.isoformat(timespec="seconds"), names.get(e.user_id, ""),
                      e.what.value, e.channel.value,
                      e.outcome.value + (f" ({e.reason})" if e.reason else ""))
    console.print(table)


@app.command("package")
def package(grant_id: Annotated[str, typer.Argument(help="grant id / 授权编号")],
            out: Annotated[Path, typer.Option("--out", help="write the package here")],
            user: UserEmail, data_dir: DataDir = None,
            database_url: DatabaseUrl = None) -> None:
    """银行取得签名证据包（记录访问）/ A bank's user writes the signed package to a file."""
    from carbonlabel.adapters.label_keys import LabelKeys
    from carbonlabel.cli.platform import _settings
    from carbonlabel.domain.evidence import AccessWhat, Channel, envelope_dict
    from carbonlabel.services.evidence.package import open_package

    keys = LabelKeys(_settings(data_dir, database_url).label_keys_dir)
    with acting(user, data_dir, database_url) as (uow, actor):
        opened = open_package(uow, actor, grant_id, AccessWhat.PACKAGE, Channel.CLI, keys)
    out.write_text(json.dumps(envelope_dict(opened.envelope), ensure_ascii=False, indent=2)
                   + "\n", encoding="utf-8")
    console.print(f"证据包已写入 package written to {out}")
