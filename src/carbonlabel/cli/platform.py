"""``carbonlabel serve`` and ``carbonlabel audit verify``: the platform from the command line."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer
from rich.console import Console

from carbonlabel.config import Settings

audit_app = typer.Typer(no_args_is_help=True)
console = Console()


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
        from carbonlabel.services.demo_seed import (
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


@audit_app.command("verify")
def audit_verify(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """校验审计日志哈希链 / Verify the audit log's hash chain."""
    from carbonlabel.adapters.db.engine import platform_engine
    from carbonlabel.adapters.db.uow import uow_factory
    from carbonlabel.errors import DataFormatError
    from carbonlabel.services.audit import verify_audit

    settings = _settings(data_dir, database_url)
    engine = platform_engine(settings)
    try:
        count, broken = verify_audit(uow_factory(engine))
    finally:
        engine.dispose()
    if broken is not None:
        raise DataFormatError(field=f"audit_log[{broken.seq}]",
                              message_en=f"audit record {broken.seq} is broken: {broken.reason}",
                              message_zh=f"审计记录 {broken.seq} 已被破坏：{broken.reason}")
    console.print(f"审计日志完好 audit log intact: {count} 条记录 records")
