"""Supervision alerts: raised once per finding, seen only by regulators of the holder's or the
scans' jurisdiction, dismissed only with a reason; every step audited."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.supervision.alerts import SEVERITY, Alert, AlertRule, AlertState
from carbonlabel.domain.tenancy import Role
from carbonlabel.errors import InputError, NotFoundError, PermissionDeniedError, WorkflowError
from carbonlabel.services.supervision import alerts
from tests.support.supervision import regulator


def _alert(key: str, holder: str | None, seen: str | None) -> Alert:
    rule = AlertRule.DISPERSION
    return Alert(key, rule, SEVERITY[rule], f"dispersion:{key}", "CFP-2026-X", None, None,
                 holder, seen, {"cities": 4}, AlertState.OPEN, datetime.now(UTC))


def test_an_alert_is_raised_once_and_seen_where_holder_or_scans_lie(
        make_uow: UowFactory) -> None:
    guangdong = regulator(make_uow, "CN-GD", "gd@reg.example")
    jiangsu = regulator(make_uow, "CN-JS", "js@reg.example")
    national = regulator(make_uow, "CN", "cn@reg.example", Role.VIEWER)
    with make_uow(write=True) as uow:
        assert alerts.raise_alert(uow, _alert("a1", "CN-GD-440300", "cn-js"))
        assert not alerts.raise_alert(uow, _alert("a1", "CN-GD-440300", "CN-JS"))  # again
        assert alerts.raise_alert(uow, _alert("a2", "CN-GD", None))
        uow.commit()
    with make_uow() as uow:
        assert {a.id for a in alerts.alerts_page(uow, guangdong, 0, 50).items} == {"a1", "a2"}
        assert {a.id for a in alerts.alerts_page(uow, jiangsu, 0, 50).items} == {"a1"}
        assert alerts.alerts_page(uow, national, 0, 50).total == 2
        with pytest.raises(NotFoundError):
            alerts.get_alert(uow, jiangsu, "a2")
        assert [r.action for r in uow.audit.chain()[0] if r.entity_id == "a1"] == [
            "alert.raised"]


def test_an_alert_is_dismissed_with_a_reason_by_staff_who_act(make_uow: UowFactory) -> None:
    inspector = regulator(make_uow, "CN-GD", "gd@reg.example")
    viewer_org = regulator(make_uow, "CN-GD-440300", "sz@reg.example", Role.VIEWER)
    with make_uow(write=True) as uow:
        alerts.raise_alert(uow, _alert("a1", "CN-GD-440300", None))
        uow.commit()
    with make_uow(write=True) as uow:
        with pytest.raises(InputError) as no_reason:
            alerts.dismiss(uow, inspector, "a1", "  ")
        assert no_reason.value.field == "reason"
        with pytest.raises(PermissionDeniedError):
            alerts.dismiss(uow, viewer_org, "a1", "误报")
        done = alerts.dismiss(uow, inspector, "a1", "同一消费者重复扫码 / one customer re-scanning")
    assert (done.state, done.note) == (AlertState.DISMISSED,
                                       "同一消费者重复扫码 / one customer re-scanning")
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as again:
        alerts.dismiss(uow, inspector, "a1", "again")
    assert again.value.rule == "alert_state"
    with make_uow() as uow:
        assert [(r.action, r.organisation_id) for r in uow.audit.chain()[0]
                if r.entity_id == "a1"] == [("alert.raised", None),
                                            ("alert.dismissed", inspector.organisation_id)]
