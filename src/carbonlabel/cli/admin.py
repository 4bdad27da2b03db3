"""``carbonlabel admin``: set up organisations and their first administrator."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from carbonlabel.config import Settings
from carbonlabel.domain.tenancy import OrgKind, Role

app = typer.Typer(no_args_is_help=True)
console = Console()


@app.command("create-organisation")
def create_organisation(
    name: Annotated[str, typer.Argument(help="organisation name / 组织名称")],
    kind: Annotated[OrgKind, typer.Option(help="kind of organisation")] = OrgKind.ENTERPRISE,
    region: Annotated[str, typer.Option(help="region code, e.g. CN-GD")] = "CN",
    credit_code: Annotated[str, typer.Option(
        help="统一社会信用代码 / unified social credit code (18 characters)")] = "",
    address: Annotated[str, typer.Option(help="registered address / 注册地址")] = "",
    admin_email: Annotated[str, typer.Option(help="e-mail of its first administrator")] = "",
    admin_name: Annotated[str, typer.Option(help="display name of the administrator")] = "",
    password: Annotated[str, typer.Option(prompt=True, hide_input=True,
                                          confirmation_prompt=True,
                                          envvar="CARBONLABEL_ADMIN_PASSWORD",
                                          help="the administrator's password")] = "",
    data_dir: Annotated[Path | None, typer.Option("--data-dir")] = None,
    database_url: Annotated[str | None, typer.Option("--database-url")] = None,
) -> None:
    """新建组织及其管理员 / Create an organisation and its first administrator."""
    from carbonlabel.adapters.db.engine import platform_engine
    from carbonlabel.adapters.db.migrate import upgrade
    from carbonlabel.adapters.db.uow import uow_factory
    from carbonlabel.errors import InputError
    from carbonlabel.services.accounts import users

    if not admin_email:
        raise InputError(field="admin_email", message_en="give --admin-email",
                         message_zh="请给出 --admin-email")
    values: dict[str, object] = {}
    if data_dir is not None:
        values["data_dir"] = data_dir
    if database_url is not None:
        values["database_url"] = database_url
    settings = Settings(**values)  # type: ignore[arg-type]
    engine = platform_engine(settings)
    try:
        upgrade(engine)
        with uow_factory(engine)(write=True) as uow, uow.atomic():  # both or neither
            org = users.create_organisation(uow, name, kind, region, credit_code=credit_code,
                                            address=address)
            user = users.add_user(uow, org.id, admin_email, admin_name or admin_email,
                                  Role.ADMIN, password, None)
    finally:
        engine.dispose()
    console.print(f"已创建 created: {org.name} ({org.kind.value}, {org.id}); "
                  f"管理员 admin: {user.email}")
