"""``carbonlabel tokens``: the operator lists a user's API tokens and revokes one, on the
platform's database (whoever runs commands on the server may, as ``admin`` does). A revoked
token is refused at once; the revocation leaves an audit record without an acting user."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from carbonlabel.cli.platform import DatabaseUrl, DataDir, _settings

if TYPE_CHECKING:
    from carbonlabel.adapters.db.uow import UnitOfWork

app = typer.Typer(no_args_is_help=True)
console = Console()

STATES = {"active": "有效 active", "expired": "已过期 expired", "revoked": "已撤销 revoked"}


@contextmanager
def _database(data_dir: DataDir, database_url: DatabaseUrl,
              write: bool) -> Iterator[UnitOfWork]:
    from carbonlabel.adapters.db.engine import platform_engine
    from carbonlabel.adapters.db.migrate import upgrade
    from carbonlabel.adapters.db.uow import uow_factory

    engine = platform_engine(_settings(data_dir, database_url))
    try:
        upgrade(engine)
        with uow_factory(engine)(write=write) as uow:
            yield uow
    finally:
        engine.dispose()


def _when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") if at else "-"


@app.command("list")
def list_tokens(email: Annotated[str, typer.Option("--email", help="the user's e-mail")],
                data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """列出用户的 API 令牌（不含密钥）/ List a user's API tokens (never their secrets)."""
    from carbonlabel.errors import NotFoundError
    from carbonlabel.services.accounts import api_tokens

    with _database(data_dir, database_url, write=False) as uow:
        found = uow.users.by_email(email.strip().lower())
        if found is None:
            raise NotFoundError(field="email", message_en=f"no user {email}",
                                message_zh=f"没有用户 {email}")
        tokens = api_tokens.list_tokens(uow, found[0])
    now = datetime.now(UTC)
    console.print(f"{found[0].email}: {len(tokens)} 个令牌 tokens "
                  "(id, 名称 name, 创建 created, 到期 expires, 最近使用 last used, 状态 state)")
    for t in tokens:
        console.print(f"  {t.id}  {t.name:20}  {_when(t.created_at)}  {_when(t.expires_at)}  "
                      f"{_when(t.last_used_at)}  {STATES[api_tokens.token_state(t, now)]}",
                      soft_wrap=True)


@app.command("revoke")
def revoke(token_id: Annotated[str, typer.Argument(help="the token's id (tokens list)")],
           data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """撤销一个 API 令牌 / Revoke an API token: it is refused from now on."""
    from carbonlabel.services.accounts import api_tokens

    with _database(data_dir, database_url, write=True) as uow:
        token, owner = api_tokens.revoke_token_as_operator(uow, token_id)
    console.print(f"已撤销 revoked: {token.id} ({token.name}) of {owner.email}")
