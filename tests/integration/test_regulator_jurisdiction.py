"""Regulator organisations: their region is a jurisdiction, checked when they are created, and
only their staff act as regulators."""

from __future__ import annotations

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.tenancy import OrgKind, Role
from carbonlabel.errors import InputError, NotFoundError, PermissionDeniedError
from carbonlabel.services.accounts import users
from carbonlabel.services.supervision.regulators import jurisdiction_of, within

PASSWORD = "correct horse battery staple 7"


def test_a_regulator_whose_region_is_no_jurisdiction_is_refused_and_not_stored(
        make_uow: UowFactory) -> None:
    with make_uow(write=True) as uow, pytest.raises(InputError) as refused:
        users.create_organisation(uow, "某市场监管局", OrgKind.REGULATOR, "CN-GD-320100")
    assert refused.value.field == "region"
    with make_uow() as uow:
        assert not [o for o in uow.organisations.list_all() if o.kind is OrgKind.REGULATOR]


def test_only_a_regulators_staff_have_a_jurisdiction(make_uow: UowFactory) -> None:
    with make_uow(write=True) as uow:
        bureau = users.create_organisation(uow, "广东省市场监督管理局", OrgKind.REGULATOR,
                                           "cn-gd")
        inspector = users.add_user(uow, bureau.id, "inspector@gd.example", "检查员",
                                   Role.VIEWER, PASSWORD, None)
        firm = users.create_organisation(uow, "电池厂", OrgKind.ENTERPRISE, "CN-GD-440300")
        analyst = users.add_user(uow, firm.id, "a@firm.example", "核算员", Role.ANALYST,
                                 PASSWORD, None)
    with make_uow() as uow:
        seen = jurisdiction_of(uow, inspector)
        assert seen.code == "CN-GD"
        within(seen, "CN-GD-440300", "certificate", "证书")
        with pytest.raises(NotFoundError):
            within(seen, "CN-JS", "certificate", "证书")
        with pytest.raises(PermissionDeniedError):
            jurisdiction_of(uow, analyst)
