"""``carbonlabel tokens``: the operator lists a user's tokens (never a secret) and revokes
one, which the API then refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.cli.app import main
from carbonlabel.errors import AuthenticationError
from carbonlabel.services.accounts import api_tokens, users
from tests.support.persistence import quick_tenant


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_the_operator_lists_and_revokes_a_users_token(
        make_uow: UowFactory, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    tenant = quick_tenant(make_uow, "令牌 Tokens Co.")
    with make_uow(write=True) as uow:
        token, secret = users.create_token(uow, tenant.analyst, "nightly export", 30)
        uow.commit()
    where = ["--data-dir", str(tmp_path), "--database-url", database_url]

    assert main(["tokens", "list", "--email", tenant.analyst.email, *where]) == 0
    listed = capsys.readouterr().out
    assert token.id in listed
    assert "nightly export" in listed
    assert "有效 active" in listed
    assert secret not in listed

    assert main(["tokens", "revoke", token.id, *where]) == 0
    assert "已撤销 revoked" in capsys.readouterr().out
    assert main(["tokens", "list", "--email", tenant.analyst.email, *where]) == 0
    assert "已撤销 revoked" in capsys.readouterr().out
    with make_uow() as uow:
        with pytest.raises(AuthenticationError, match="revoked"):
            api_tokens.token_user(uow, secret)
        (revoked,) = uow.audit.of_actions(tenant.organisation.id, ["api_token.revoked"])
    assert revoked.entity_id == token.id
    assert revoked.actor_id is None  # the operator on the server


def test_an_unknown_token_or_user_is_one_line_and_exit_3(
        make_uow: UowFactory, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    where = ["--data-dir", str(tmp_path), "--database-url", database_url]
    assert main(["tokens", "revoke", "no-such-token", *where]) == 3
    assert main(["tokens", "list", "--email", "nobody@example.cn", *where]) == 3
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 2
