"""``carbonlabel sharing``: classify, approve, list and revoke as a named user; errors are one
line and an exit code."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.cli.app import main
from carbonlabel.domain.exchange.sharing import Classification, DataKind
from carbonlabel.services.sharing import policy
from tests.support.persistence import quick_tenant
from tests.support.sharing import add_footprint, add_partner


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_an_admin_classifies_approves_lists_and_revokes(
        make_uow: UowFactory, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    tenant = quick_tenant(make_uow, "出口企业")
    footprint_id = add_footprint(make_uow, tenant)
    partner = add_partner(make_uow, tenant.organisation.id, "Acme GmbH", "DE")
    where = ["--data-dir", str(tmp_path), "--database-url", database_url]
    admin = ["--user", tenant.admin.email]

    assert main(["sharing", "classify", footprint_id, "--kind", "footprint", "--as",
                 "export_restricted", *admin, *where]) == 0
    assert main(["sharing", "approve", "--partner", "Acme GmbH", "--footprint", footprint_id,
                 "--purpose", "年度申报", "--recipient", "Acme Einkauf",
                 "--expires", "2099-06-30", *admin, *where]) == 0
    out = capsys.readouterr().out
    approval_id = out.split("approved: ")[1].split()[0]
    assert main(["sharing", "approvals", *admin, *where]) == 0
    listed = capsys.readouterr().out
    assert approval_id in listed
    assert "有效 active" in listed
    assert "2099-07-01" in listed  # valid through 30 June (UTC)
    with make_uow() as uow:
        assert policy.classification_of(uow, DataKind.FOOTPRINT, footprint_id) \
            is Classification.EXPORT_RESTRICTED
        (approval,) = policy.list_approvals(uow, tenant.admin)
    assert (approval.partner_id, approval.footprint_id) == (partner.id, footprint_id)
    assert main(["sharing", "revoke", approval_id, *admin, *where]) == 0
    assert main(["sharing", "approvals", *admin, *where]) == 0
    assert "已撤销 revoked" in capsys.readouterr().out
    with make_uow(write=True) as uow:  # a release through some channel, as the host logs it
        policy.log_release(uow, owner_id=tenant.organisation.id, actor_id=None,
                           footprint_ids=[footprint_id],
                           recipient=policy.recipient_for_partner(partner),
                           channel="file-export", at=datetime.now(UTC))
        uow.commit()
    assert main(["sharing", "releases", *admin, *where]) == 0
    log = capsys.readouterr().out
    assert f"{footprint_id}  → Acme GmbH (DE)  file-export  已提供 released" in log
    assert "1 条记录 records" in log


@pytest.mark.parametrize(("args", "code", "field"), [
    (["classify", "FP", "--kind", "footprint", "--as", "public"], 6, "role"),
    (["approve", "--partner", "Acme GmbH", "--all", "--footprint", "FP", "--purpose", "p",
      "--recipient", "r"], 2, "footprint"),
    (["approve", "--partner", "Nobody", "--all", "--purpose", "p", "--recipient", "r"], 3,
     "partner_id"),
    (["revoke", "no-such-approval"], 6, "role"),
])
def test_refusals_are_one_line_and_an_exit_code(
        make_uow: UowFactory, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], args: list[str], code: int, field: str) -> None:
    tenant = quick_tenant(make_uow, "出口企业")
    footprint_id = add_footprint(make_uow, tenant)
    add_partner(make_uow, tenant.organisation.id, "Acme GmbH", "DE")
    user = tenant.viewer if field == "role" else tenant.admin
    argv = ["sharing", *[footprint_id if a == "FP" else a for a in args],
            "--user", user.email, "--data-dir", str(tmp_path), "--database-url", database_url]
    assert main(argv) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert f"] {field}" in err[0]


def test_an_unknown_user_is_refused(make_uow: UowFactory, database_url: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sharing", "approvals", "--user", "nobody@example.cn", "--data-dir",
                 str(tmp_path), "--database-url", database_url]) == 3
    assert "no active user nobody@example.cn" in capsys.readouterr().err
