"""The unit of work on SQLite and PostgreSQL: nothing is kept unless committed."""

from __future__ import annotations

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.tenancy import OrgKind
from carbonlabel.services import accounts


def test_nothing_is_kept_without_commit(make_uow: UowFactory) -> None:
    with make_uow(write=True) as uow:
        org = accounts.create_organisation(uow, "未提交 Uncommitted", OrgKind.ENTERPRISE, "CN")
    with make_uow() as uow:
        assert uow.organisations.get(org.id) is None
        assert uow.audit.chain() == ([], None)


def test_an_error_rolls_back_the_change_and_its_audit_record(make_uow: UowFactory) -> None:
    made: list[str] = []

    def failing_change() -> None:
        with make_uow(write=True) as uow:
            made.append(accounts.create_organisation(uow, "出错 Failing", OrgKind.ENTERPRISE,
                                                     "CN").id)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        failing_change()
    with make_uow() as uow:
        assert uow.organisations.get(made[0]) is None
        assert uow.audit.chain()[0] == []


def test_a_commit_keeps_the_change_with_its_audit_record(make_uow: UowFactory) -> None:
    with make_uow(write=True) as uow:
        org = accounts.create_organisation(uow, "已提交 Committed", OrgKind.ENTERPRISE, "CN-GD")
        uow.commit()
    with make_uow() as uow:
        stored = uow.organisations.get(org.id)
        records, head = uow.audit.chain()
    assert stored == org
    assert [r.action for r in records] == ["organisation.created"]
    assert head == (1, records[0].hash)
