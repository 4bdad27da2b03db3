"""Every path that sets a password keeps to the password rules: the accounts service (API,
pages, the demo seed) and ``carbonlabel admin create-organisation``; nothing is stored when
a password is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.cli.app import main
from carbonlabel.domain.tenancy import OrgKind, Role
from carbonlabel.errors import InputError
from carbonlabel.services.accounts import users


@pytest.mark.parametrize(("password", "rule"), [
    ("aaaaaaaaaa", "one character repeated"),
    ("1234567890", "consecutive characters"),
    ("zhang.wei@cement.example.cn", "e-mail address or the name"),
    ("zhang.wei-secret", "e-mail address or the name"),
    ("张伟 Zhang Wei", "e-mail address or the name"),
    ("password123", "commonly used"),
])
def test_adding_a_user_with_a_weak_password_is_refused_naming_the_rule(
        make_uow: UowFactory, password: str, rule: str) -> None:
    with make_uow(write=True) as uow:
        org = users.create_organisation(uow, "水泥厂 Cement Co", OrgKind.ENTERPRISE, "CN")
        with pytest.raises(InputError) as refused:
            users.add_user(uow, org.id, "Zhang.Wei@cement.example.cn", "张伟 Zhang Wei",
                           Role.ADMIN, password, None)
        assert refused.value.field == "password"
        assert rule in refused.value.message_en
        assert uow.users.by_email("zhang.wei@cement.example.cn") is None


def test_admin_create_organisation_refuses_a_weak_password_with_one_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["admin", "create-organisation", "水泥厂 Cement Co", "--admin-email",
                 "admin@cement.example.cn", "--password", "1234567890",
                 "--data-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().splitlines() == [
        "error[invalid_input] password: 密码不能是连续的字符（如 1234567890 或 abcdefghij） | "
        "password must not be a run of consecutive characters (such as 1234567890 or "
        "abcdefghij)"]
