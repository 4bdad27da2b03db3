"""Public reports and supervision cases on SQLite and PostgreSQL: a report raises value_mismatch
or public_report for the regulators of the holder's and the buyer's region; a case taken up from
it runs opened → assigned → investigating → closed (closing its alert) or escalated, each step
audited with its actor; other regulators are told "not found", non-regulators refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.supervision.alerts import AlertRule, AlertState
from carbonlabel.domain.supervision.cases import CaseState, Conclusion, EscalatedTo
from carbonlabel.domain.tenancy import Role
from carbonlabel.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    WorkflowError,
)
from carbonlabel.services.supervision import alerts, cases, reports, workspace
from tests.support.changes import certified
from tests.support.supervision import colleague, regulator
from tests.support.supervision_cases import seed_reports_and_case

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_a_report_raises_a_mismatch_only_beyond_the_printed_rounding(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    value = made.certificate.certified_value  # kg CO2e, as the registry shows it
    guangdong = regulator(make_uow, "CN-GD", "gd@reg.example")  # the holder is in CN-GD
    jiangsu = regulator(make_uow, "CN-JS", "js@reg.example")
    beijing = regulator(make_uow, "CN-BJ", "bj@reg.example")
    with make_uow(write=True) as uow:
        same = reports.file_report(uow, reports.Submission(
            made.certificate.number.lower(), "看起来可疑", value=value, unit="kg CO2e"), "a")
    with make_uow(write=True) as uow:
        tenfold = str(float(value) * 10)
        other = reports.file_report(uow, reports.Submission(
            made.certificate.number, "数值不同", value=tenfold, unit="kg", region="cn-js",
            photo=reports.Photo("pack.png", "image/png", PNG)), "a")
    with make_uow(write=True) as uow:
        forged = reports.file_report(uow, reports.Submission(
            "CFP-2026-999-000001-00", "无此证书", value="1", region="CN-BJ"), "a")
    assert same.alert.rule is AlertRule.PUBLIC_REPORT
    assert other.alert.rule is AlertRule.VALUE_MISMATCH
    assert forged.alert.rule is AlertRule.PUBLIC_REPORT
    assert forged.report.certificate_id is None
    assert other.report.reference.startswith("JB-")
    assert other.report.photo_id
    with make_uow() as uow:
        assert {a.id for a in alerts.alerts_page(uow, guangdong, 0, 50).items} == {
            same.alert.id, other.alert.id}
        assert {a.id for a in alerts.alerts_page(uow, jiangsu, 0, 50).items} == {other.alert.id}
        assert {a.id for a in alerts.alerts_page(uow, beijing, 0, 50).items} == {forged.alert.id}
        photo, content = reports.report_photo(uow, jiangsu, other.report.id)
        assert (photo.media_type, content) == ("image/png", PNG)
        with pytest.raises(NotFoundError):
            reports.get_report(uow, beijing, other.report.id)
        with pytest.raises(PermissionDeniedError):
            reports.get_report(uow, made.holder.admin, other.report.id)


def test_reports_are_refused_when_a_bot_fills_the_trap_or_one_address_floods(
        make_uow: UowFactory) -> None:
    with make_uow(write=True) as uow, pytest.raises(InputError) as trapped:
        reports.file_report(uow, reports.Submission("X-1", "x", trap="http://spam"), "b")
    assert trapped.value.field == "website"
    with make_uow(write=True) as uow, pytest.raises(InputError) as bad_photo:
        reports.file_report(uow, reports.Submission(
            "X-1", "x", photo=reports.Photo("a.gif", "image/gif", b"GIF89a")), "b")
    assert bad_photo.value.field == "photo"
    for _ in range(reports.MAX_PER_HOUR):
        with make_uow(write=True) as uow:
            reports.file_report(uow, reports.Submission("X-1", "x"), "flood")
    with make_uow(write=True) as uow, pytest.raises(InputError) as flood:
        reports.file_report(uow, reports.Submission("X-1", "x"), "flood")
    assert flood.value.field == "number"
    with make_uow(write=True) as uow:  # another address is not held back
        reports.file_report(uow, reports.Submission("X-1", "x"), "another")


def test_a_case_runs_its_steps_audited_and_closing_it_closes_its_alert(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    lead = regulator(make_uow, "CN-GD", "lead@reg.example", Role.ADMIN)
    inspector = colleague(make_uow, lead, "inspector@reg.example", Role.ANALYST)
    viewer = colleague(make_uow, lead, "viewer@reg.example", Role.VIEWER)
    other = regulator(make_uow, "CN-JS", "js@reg.example")
    ids = seed_reports_and_case(make_uow, lead, made.certificate.number)
    with make_uow(write=True) as uow:
        case_id = cases.open_case(uow, lead, alert_id=ids["alert_id"], summary="模糊").id
    with make_uow() as uow:
        case = cases.get_case(uow, lead, case_id)
        alert = uow.alerts.get(case.alert_id or "")
        assert alert is not None
        assert (alert.state, alert.case_id) == (AlertState.IN_CASE, case_id)
        assert alert.rule is AlertRule.PUBLIC_REPORT
        assert case.report_id is not None  # the report behind the alert
        assert (case.assign_by - case.opened_at.date()).days == 3
        with pytest.raises(NotFoundError):
            cases.get_case(uow, other, case_id)
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        cases.assign(uow, viewer, case_id, inspector.id)
    with make_uow(write=True) as uow, pytest.raises(NotFoundError):
        cases.assign(uow, lead, case_id, viewer.id)  # a viewer does not act on cases
    with make_uow(write=True) as uow, pytest.raises(WorkflowError):
        cases.record_findings(uow, lead, case_id, "too early")
    with make_uow(write=True) as uow:
        cases.assign(uow, lead, case_id, inspector.id)
    with make_uow(write=True) as uow:
        cases.investigate(uow, inspector, case_id, "到店核查 / visiting the shop")
    with make_uow(write=True) as uow:
        cases.record_findings(uow, inspector, case_id, "包装印有 99999 t", [
            cases.Evidence("shelf.png", "image/png", PNG)])
    with make_uow(write=True) as uow:
        done = cases.close(uow, inspector, case_id, Conclusion.CONFIRMED, "虚标成立 / confirmed")
    assert (done.state, done.conclusion, done.assignee_id) == (
        CaseState.CLOSED, Conclusion.CONFIRMED, inspector.id)
    with make_uow() as uow:
        seen = cases.view(uow, lead, case_id, done.opened_at.date())
        assert [(s.action, s.actor_id) for s in seen.steps] == [
            ("open", lead.id), ("assign", lead.id), ("investigate", inspector.id),
            ("record_findings", inspector.id), ("close", inspector.id)]
        assert [f.filename for f in seen.evidence] == ["shelf.png"]
        assert cases.evidence_file(uow, lead, case_id, seen.evidence[0].id)[1] == PNG
        with pytest.raises(NotFoundError):  # another case's file, by this case
            cases.evidence_file(uow, lead, case_id, ids["file_id"])
        assert seen.alert is not None
        assert seen.alert.state is AlertState.CLOSED
        audited = [(r.action, r.actor_id) for r in uow.audit.chain()[0]
                   if r.entity_id == case_id]
        assert audited == [("supervision_case.open", lead.id),
                           ("supervision_case.assign", lead.id),
                           ("supervision_case.investigate", inspector.id),
                           ("supervision_case.record_findings", inspector.id),
                           ("supervision_case.close", inspector.id)]
        assert [c.id for c in cases.cases_page(uow, inspector, 0, 10, mine=True).items] == [
            case_id]
        assert [c.id for c in cases.cases_page(uow, lead, 0, 10, mine=True).items] == [
            ids["supervision_case_id"]]  # the seeded case, assigned to the lead
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as again:
        cases.open_case(uow, lead, alert_id=done.alert_id)
    assert again.value.rule == "alert_state"


def test_an_escalated_case_records_where_it_went_and_its_reference(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    lead = regulator(make_uow, "CN-GD", "lead@reg.example", Role.ADMIN)
    ids = seed_reports_and_case(make_uow, lead, made.certificate.number)
    case_id = ids["supervision_case_id"]  # under investigation
    other = regulator(make_uow, "CN-GD", "other@reg.example", Role.ADMIN)  # same province
    with make_uow() as uow:  # the home counts the regulator's own open cases only
        assert workspace.overview(uow, lead, date(2026, 12, 1)).open_cases == 1
        assert workspace.overview(uow, other, date(2026, 12, 1)).open_cases == 0
    with make_uow(write=True) as uow, pytest.raises(InputError):
        cases.escalate(uow, lead, case_id, EscalatedTo.PENALTY, " ")
    with make_uow(write=True) as uow:
        done = cases.escalate(uow, lead, case_id, EscalatedTo.PENALTY, "粤市监罚〔2026〕12号")
    assert (done.state, done.escalated_to, done.escalation_reference) == (
        CaseState.ESCALATED, EscalatedTo.PENALTY, "粤市监罚〔2026〕12号")
    with make_uow() as uow:
        closed = uow.alerts.get(done.alert_id or "")
        untouched = uow.alerts.get(ids["alert_id"])  # another alert, in no case
        assert closed is not None
        assert closed.state is AlertState.CLOSED
        assert untouched is not None
        assert untouched.state is AlertState.OPEN
        assert workspace.overview(uow, lead, date(2026, 12, 1)).open_cases == 0  # concluded


def test_a_report_whose_reference_was_just_taken_is_refused_as_a_conflict(
        make_uow: UowFactory, tmp_path: Path) -> None:
    """Two writers may draw the same serial (count of the year's references + 1): the second
    insert is refused with a 409-style conflict naming the field, and nothing is half-written."""
    made = certified(make_uow, tmp_path)
    with make_uow(write=True) as uow:
        first = reports.file_report(uow, reports.Submission(
            made.certificate.number, "可疑", value="1", unit="kg CO2e"), "a")
    with make_uow(write=True) as uow:
        stored = uow.reports.get(first.report.id)
        assert stored is not None
        twin = replace(stored[0], id="00000000-0000-4000-8000-000000000001")
        with pytest.raises(ConflictError) as caught:
            uow.reports.add(twin, None)
        assert caught.value.field == "reference"
        assert uow.reports.get(twin.id) is None  # the transaction is still usable
