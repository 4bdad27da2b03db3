"""Surveillance with dates, on SQLite and PostgreSQL: a scheduled check is an alert from its
due date to the end of the grace period (30 days), then the sweep suspends the certificate as
the system ("overdue surveillance", with its audit record); the sweep is idempotent, a
recorded check is not swept, and the body's calendar (which sweeps when opened) and the CLI
show the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.cli.app import main
from carbonlabel.domain.certification.certificate import CertificateAction
from carbonlabel.domain.certification.records import Certificate
from carbonlabel.errors import PermissionDeniedError
from carbonlabel.services.certification import labels, surveillance
from carbonlabel.services.certification.surveillance import OVERDUE_REASON, CheckResult, sweep
from tests.support.certification import (
    Body,
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.platform import Tenant

GRACE = 30  # the scheme's grace period (domain/certification/certificate.py: Scheme)


@dataclass(frozen=True)
class Certified:
    body: Body
    holder: Tenant
    certificate: Certificate
    due: date  # of its one surveillance check


def certified(make_uow: UowFactory, data_dir: Path, body_code: int = 7) -> Certified:
    """A certificate issued today by a body of its own."""
    body = seed_body(make_uow, code=body_code)
    tenant, footprint = enterprise_with_footprint(make_uow, data_dir)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    certificate_id = certify(make_uow, data_dir, body, tenant, footprint)
    with make_uow() as uow:
        certificate = uow.certificates.get(certificate_id)
        assert certificate is not None
        (check,) = uow.certificates.surveillance(certificate_id)
    assert check.due_on == certificate.issued_on + timedelta(days=365)
    return Certified(body, tenant, certificate, check.due_on)


def swept(make_uow: UowFactory, day: date) -> surveillance.SweepResult:
    with make_uow(write=True) as uow:
        return sweep(uow, day)  # the sweep commits what it did


def numbers(items: tuple[surveillance.SurveillanceItem, ...]) -> list[str]:
    return [i.certificate.number for i in items]


def test_a_check_is_an_alert_in_the_grace_period_then_the_certificate_is_suspended(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    certificate, due = made.certificate, made.due
    number = certificate.number
    before = swept(make_uow, due - timedelta(days=1))
    assert number not in numbers(before.alerts) + numbers(before.overdue)
    for day in (due, due + timedelta(days=GRACE)):  # first and last day of the grace period
        result = swept(make_uow, day)
        assert number in numbers(result.alerts), day
        assert number not in numbers(result.suspended), day
    with make_uow() as uow:
        assert uow.certificates.status_changes(certificate.id) == []

    overdue_day = due + timedelta(days=GRACE + 1)
    result = swept(make_uow, overdue_day)
    assert number in numbers(result.suspended)
    assert number not in numbers(result.alerts)
    with make_uow() as uow:
        stored = uow.certificates.get(certificate.id)
        assert stored is not None
        assert stored.status.value == "suspended"
        (change,) = uow.certificates.status_changes(certificate.id)
        assert (change.actor_id, change.reason, change.to_status) == (
            None, OVERDUE_REASON, "suspended")
        records = [r for r in uow.audit.chain()[0] if r.action == "certificate.suspend"
                   and r.entity_id == certificate.id]
        assert [r.actor_id for r in records] == [None]

    again = swept(make_uow, overdue_day + timedelta(days=1))  # idempotent
    assert number in numbers(again.overdue)
    assert number not in numbers(again.suspended)
    with make_uow() as uow:
        assert len(uow.certificates.status_changes(certificate.id)) == 1


def test_a_recorded_check_or_a_withdrawn_certificate_is_not_swept(make_uow: UowFactory,
                                                                  tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    certificate, body = made.certificate, made.body
    with make_uow(write=True) as uow:
        (check,) = uow.certificates.surveillance(certificate.id)
        with pytest.raises(PermissionDeniedError):  # the holder does not record its own
            surveillance.record_check(uow, made.holder.admin, certificate.id, check.id,
                                      CheckResult.CONFORMING, "", certificate.issued_on)
        surveillance.record_check(uow, body.auditors[1], certificate.id, check.id,
                                  CheckResult.CONFORMING, "抽检合格", certificate.issued_on)
        uow.commit()
    late = made.due + timedelta(days=GRACE + 1)
    assert certificate.number not in numbers(swept(make_uow, late).overdue)

    other = certified(make_uow, tmp_path / "other", body_code=8)
    with make_uow(write=True) as uow:
        labels.change_certificate_status(uow, other.body.decider, other.certificate.id,
                                         CertificateAction.WITHDRAW, "数据造假 / falsified")
        uow.commit()
    result = swept(make_uow, other.due + timedelta(days=GRACE + 1))
    assert other.certificate.number not in numbers(result.overdue) + numbers(result.suspended)


def test_the_sweep_suspends_all_its_certificates_or_none(
        make_uow: UowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = certified(make_uow, tmp_path / "first", body_code=9)
    second = certified(make_uow, tmp_path / "second", body_code=10)
    late = max(first.due, second.due) + timedelta(days=GRACE + 1)
    suspend = surveillance.change_certificate_status
    calls: list[str] = []

    def fails_the_second(*args: Any, **kwargs: Any) -> Certificate:
        calls.append(args[2])
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return suspend(*args, **kwargs)

    monkeypatch.setattr(surveillance, "change_certificate_status", fails_the_second)
    with pytest.raises(RuntimeError):
        swept(make_uow, late)
    assert len(calls) == 2  # the first certificate was suspended, then the sweep failed
    with make_uow() as uow:
        for made in (first, second):
            stored = uow.certificates.get(made.certificate.id)
            assert stored is not None
            assert stored.status.value == "valid"
            assert uow.certificates.status_changes(made.certificate.id) == []
    monkeypatch.setattr(surveillance, "change_certificate_status", suspend)
    result = swept(make_uow, late)
    assert {first.certificate.number, second.certificate.number} <= set(
        numbers(result.suspended))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_calendar_and_the_cli_sweep_as_the_scheme_says(
        make_uow: UowFactory, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    made = certified(make_uow, tmp_path)
    number, due = made.certificate.number, made.due
    with make_uow(write=True) as uow:
        calendar = surveillance.open_calendar(uow, made.body.auditors[0], due - timedelta(30))
        assert [e.item.certificate.number for e in calendar.upcoming] == [number]
        calendar = surveillance.open_calendar(uow, made.body.admin, due + timedelta(days=3))
        assert [e.item.certificate.number for e in calendar.due] == [number]
        assert calendar.due[0].item.grace_ends == due + timedelta(days=GRACE)
        assert calendar.swept.suspended == ()
        with pytest.raises(PermissionDeniedError):  # the calendar is the body's
            surveillance.open_calendar(uow, made.holder.admin, due)

    late = (due + timedelta(days=GRACE + 1)).isoformat()
    argv = ["certification", "sweep", "--date", late, "--database-url", database_url,
            "--data-dir", str(tmp_path)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert number in out
    assert "1 张证书暂停 suspended" in out
    with make_uow() as uow:
        stored = uow.certificates.get(made.certificate.id)
        assert stored is not None
        assert stored.status.value == "suspended"
    assert main([*argv[:3], "31-12-2026"]) == 2  # a wrong date: one line, exit code 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
