"""``carbonlabel admin create-organisation --kind operator`` creates the platform operator,
with its unified social credit code (checked) and registered address."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from carbonlabel.adapters.db.engine import platform_engine
from carbonlabel.adapters.db.tables import OrganisationRow
from carbonlabel.adapters.db.uow import uow_factory
from carbonlabel.cli.app import main
from carbonlabel.config import Settings
from carbonlabel.domain.tenancy import OrgKind

STRONG = "平台运营 operator-passphrase 2026"


def test_the_cli_creates_the_operator_with_its_credit_code(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["admin", "create-organisation", "平台运营中心 Platform Operator", "--kind",
                 "operator", "--credit-code", "91350100M000100Y43", "--address", "北京市",
                 "--admin-email", "admin@operator.example.cn", "--password", STRONG,
                 "--data-dir", str(tmp_path)])
    assert code == 0, capsys.readouterr().err
    assert "operator" in capsys.readouterr().out
    engine = platform_engine(Settings(data_dir=tmp_path))
    try:
        with uow_factory(engine)() as uow:
            org_id = uow.session.scalar(select(OrganisationRow.id))
            org = uow.organisations.get(str(org_id))
    finally:
        engine.dispose()
    assert org is not None
    assert (org.kind, org.credit_code, org.registered_address) == (
        OrgKind.OPERATOR, "91350100M000100Y43", "北京市")


def test_the_cli_refuses_a_credit_code_with_a_wrong_check_character(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["admin", "create-organisation", "运营方", "--kind", "operator",
                 "--credit-code", "91350100M000100Y44", "--admin-email", "a@op.example.cn",
                 "--password", STRONG, "--data-dir", str(tmp_path)])
    assert code == 2
    assert "credit_code" in capsys.readouterr().err
