"""``carbonlabel serve`` and ``carbonlabel audit verify|head``: the platform from the command
line."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlsplit

import typer
from rich.console import Console

from carbonlabel.config import Settings

if TYPE_CHECKING:
    from carbonlabel.domain.audit import AuditHead
    from carbonlabel.services.platform.audit import AuditCheck

audit_app = typer.Typer(no_args_is_help=True)
# piped or redirected (not a terminal), lines are written whole: rich would otherwise wrap
# them at 80 columns, mid-word in the demo's long sign-in and label lines
console = Console()
console.soft_wrap = not console.is_terminal


def _settings(data_dir: Path | None, database_url: str | None) -> Settings:
    values: dict[str, object] = {}
    if data_dir is not None:
        values["data_dir"] = data_dir
    if database_url is not None:
        values["database_url"] = database_url
    return Settings(**values)  # type: ignore[arg-type]


LOOPBACK_BINDS = frozenset({"127.0.0.1", "localhost", "::1"})


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def check_public_url(public_url: str | None, host: str, fd: int | None) -> None:
    """Development is a platform answering on this machine only (a loopback --host): there
    the links may take the request's loopback address. Anything else needs public_url."""
    from carbonlabel.errors import InputError

    if fd is not None:  # the address the handed-over socket is bound to
        import socket

        sock = socket.socket(fileno=fd)
        try:
            host = str(sock.getsockname()[0])
        finally:
            sock.detach()  # the descriptor stays open for the server
    if public_url is None and host not in LOOPBACK_BINDS:
        raise InputError(field="public_url",
                         message_en=f"serving on {host} needs the public base URL: "
                                    "--public-url https://... (or CARBONLABEL_PUBLIC_URL); "
                                    "labels and links carry it",
                         message_zh="非本机地址提供服务时须设置公开地址：--public-url https://...（"
                                    "或 CARBONLABEL_PUBLIC_URL），标识与链接使用该地址")
    if public_url is not None:
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query \
                or parts.fragment:
            raise InputError(field="public_url",
                             message_en=f"{public_url!r} is not an http(s):// base URL",
                             message_zh=f"{public_url!r} 不是 http(s):// 基础地址")


DataDir = Annotated[Path | None, typer.Option("--data-dir", help="data directory / 数据目录")]
DatabaseUrl = Annotated[str | None, typer.Option(
    "--database-url", help="SQLAlchemy URL (default: SQLite in the data directory)")]


def serve(host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="port")] = 8000,
          demo: Annotated[bool, typer.Option("--demo", help="seed the demo data first")]
          = False,
          data_dir: DataDir = None, database_url: DatabaseUrl = None,
          certfile: Annotated[Path | None, typer.Option(
              "--certfile", help="TLS certificate (PEM): serve HTTPS, as PACT requires")] = None,
          keyfile: Annotated[Path | None, typer.Option(
              "--keyfile", help="TLS private key (PEM) of --certfile")] = None,
          public_url: Annotated[str | None, typer.Option(
              "--public-url", help="the platform's public base URL (https://...) used in "
                                   "labels and links; required unless --host is loopback "
                                   "(setting CARBONLABEL_PUBLIC_URL)")] = None,
          fd: Annotated[int | None, typer.Option(
              "--fd", help="serve on this bound socket (a file descriptor handed over by "
                           "a service manager or a test) instead of binding --host/--port")]
          = None) -> None:
    """启动平台（API 与网页）/ Start the platform (API and web pages)."""
    import uvicorn

    from carbonlabel.errors import InputError

    if (certfile is None) != (keyfile is None):
        raise InputError(field="--certfile", message_en="give --certfile and --keyfile together",
                         message_zh="--certfile 与 --keyfile 须同时给出")

    from carbonlabel.web.app import create_app

    settings = _settings(data_dir, database_url)
    updates: dict[str, object] = {"allow_private_outbound": True} if demo else {}
    if public_url:
        updates["public_url"] = public_url
    settings = settings.model_copy(update=updates)
    check_public_url(settings.public_url, host, fd)
    app = create_app(settings)
    scheme = "https" if certfile else "http"
    base = (settings.public_url or f"{scheme}://{_url_host(host)}:{port}").rstrip("/")
    if demo:
        from carbonlabel.services.platform.demo_seed import (
            DEMO_PACT_FILE,
            DEMO_PASSWORD,
            demo_footprints,
            demo_labels,
            seed_demo,
        )

        with console.status("写入演示数据 seeding the demo data ..."):
            demo_dir = Path(str(resources.files("carbonlabel").joinpath("demo")))
            sign_ins = seed_demo(app.state.uow, demo_dir, settings.data_dir,
                                 settings.databases_dir)
        console.print("演示产品碳足迹 demo product footprints:")
        for name, total, unit in demo_footprints(app.state.uow):
            console.print(f"  {total:10.2f} kg CO2e / {unit:10} {name}")
        console.print("演示账号 demo sign-ins (密码 password: "
                      f"[bold]{DEMO_PASSWORD}[/bold])")
        for org, email, role in sign_ins:
            console.print(f"  {email:28} {role:15} {org}")
        for number, token in demo_labels(app.state.uow):
            console.print(f"演示标识 demo label {number}: 扫码验证 verify at {base}/v/{token}",
                          soft_wrap=True)
    if demo:
        where = (f"token {base}/auth/token, footprints {base}/3/footprints" if certfile else
                 "PACT 需要 HTTPS / PACT needs HTTPS: serve with --certfile and --keyfile")
        console.print(f"PACT 演示客户凭据 demo PACT client credentials: "
                      f"{settings.data_dir / DEMO_PACT_FILE}  ({where})", soft_wrap=True)
    console.print(f"数据 data: {settings.resolved_database_url()}")
    console.print(f"平台地址 platform: [bold]{base}/[/bold]  "
                  f"(API: {base}/api/v1/docs)  Ctrl+C 停止 to stop")
    cert, key = (str(certfile) if certfile else None), (str(keyfile) if keyfile else None)
    if fd is None:
        uvicorn.run(app, host=host, port=port, log_level="warning", ssl_certfile=cert,
                    ssl_keyfile=key)
        return
    import socket

    # the socket's family is read from the descriptor (uvicorn's own --fd assumes AF_UNIX)
    uvicorn.Server(uvicorn.Config(app, log_level="warning", ssl_certfile=cert,
                                  ssl_keyfile=key)).run(
        sockets=[socket.socket(fileno=fd)])


AnchorOption = Annotated[str | None, typer.Option(
    "--anchor", help="an exported head (a file, or its JSON or line) the chain must still "
                     "hold / 链须仍包含的已导出链头（文件、JSON 或一行文本）")]


@audit_app.command("verify")
def audit_verify(anchor: AnchorOption = None, data_dir: DataDir = None,
                 database_url: DatabaseUrl = None) -> None:
    """校验审计日志哈希链 / Verify the audit log's keyed hash chain (and an anchored head)."""
    from carbonlabel.domain.audit_anchor import parse_anchor
    from carbonlabel.services.platform.audit import require_intact

    anchored = parse_anchor(_anchor_text(anchor)) if anchor is not None else None
    check = _check_audit(data_dir, database_url, anchored)
    require_intact(check)
    console.print(f"审计日志完好 audit log intact: {check.records} 条记录 records "
                  f"(未用密钥链接的旧记录 unkeyed older records: {check.unkeyed})", soft_wrap=True)
    if anchored is not None:
        console.print(f"包含锚定链头 holds the anchored head: seq {anchored.seq}")


@audit_app.command("head")
def audit_head(as_json: Annotated[bool, typer.Option(
                   "--json", help="print JSON / 输出 JSON")] = False,
               data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """导出已校验的链头以供外部锚定 / Print the verified head of the audit log for an outside
    anchor."""
    import json

    from carbonlabel.errors import NotFoundError
    from carbonlabel.services.platform.audit import require_intact

    check = _check_audit(data_dir, database_url, None)
    require_intact(check)
    if check.head is None:
        raise NotFoundError(field="audit_head", message_en="the audit log has no records yet",
                            message_zh="审计日志尚无记录")
    if as_json:
        print(json.dumps(check.head.as_dict(), ensure_ascii=False))
    else:
        print(check.head.line())


def _anchor_text(anchor: str) -> str:
    """The option's text, or the file it names."""
    from carbonlabel.errors import InputError

    if anchor.lstrip().startswith(("{", "carbonlabel-")):
        return anchor
    try:
        return Path(anchor).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(field="--anchor", message_en=f"cannot read {anchor}: {exc}",
                         message_zh=f"无法读取 {anchor}：{exc}") from exc


def _check_audit(data_dir: Path | None, database_url: str | None,
                 anchor: AuditHead | None) -> AuditCheck:
    from carbonlabel.adapters.db.engine import platform_engine
    from carbonlabel.adapters.db.migrate import upgrade
    from carbonlabel.adapters.db.uow import uow_factory
    from carbonlabel.services.platform.audit import verify_audit

    engine = platform_engine(_settings(data_dir, database_url))
    try:
        upgrade(engine)  # a chain from an older release is keyed on its way up
        return verify_audit(uow_factory(engine), anchor)
    finally:
        engine.dispose()
