"""The regulator's workspace reads across certification bodies within its jurisdiction only:
the home figures, certificates, cases and surveillance of two provinces' seeded records
(tests/support/supervision_workspace.py tabulates them), counted by hand below."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.cli.app import main
from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.supervision.alerts import SEVERITY, Alert, AlertRule, AlertState
from carbonlabel.domain.supervision.workspace import month_of
from carbonlabel.domain.tenancy import Role
from carbonlabel.errors import NotFoundError, PermissionDeniedError
from carbonlabel.services.supervision import alerts, workspace
from tests.support.platform import seed_tenant
from tests.support.supervision import regulator
from tests.support.supervision_workspace import Seeded, seed_two_provinces

TODAY = date(2026, 12, 15)


def _alert(key: str, holder: str, state: AlertState) -> Alert:
    rule = AlertRule.VOLUME
    return Alert(key, rule, SEVERITY[rule], f"volume:{key}", "CFP-X", None, None, holder,
                 None, {}, state, datetime(2026, 12, 10, tzinfo=UTC))


@pytest.fixture
def seeded(make_uow: UowFactory) -> Seeded:
    seeded = seed_two_provinces(make_uow)
    with make_uow(write=True) as uow:
        alerts.raise_alert(uow, _alert("gd-open", "CN-GD-440300", AlertState.OPEN))
        alerts.raise_alert(uow, _alert("gd-gone", "CN-GD", AlertState.DISMISSED))
        alerts.raise_alert(uow, _alert("js-open", "CN-JS", AlertState.OPEN))
        uow.commit()
    return seeded


def test_the_home_figures_count_the_jurisdiction_by_hand(make_uow: UowFactory,
                                                         seeded: Seeded) -> None:
    guangdong = regulator(make_uow, "CN-GD", "gd@reg.example", Role.VIEWER)
    with make_uow() as uow:
        o = workspace.overview(uow, guangdong, TODAY)
    # in force: c1, c2, c3 (E1) and c4 (E2); c5 suspended, c6 withdrawn, c7 expired
    assert (o.enterprises, o.products) == (2, 4)
    # category 4: c1, c2 (E1), c4 (E2); category 16: c3 (E1)
    assert [(t.key, t.enterprises, t.products) for t in o.by_category] == [
        ("4", 2, 3), ("16", 1, 1)]
    # B1: c1, c2 (E1); B2: c3 (E1), c4 (E2): two products each, B2 first by enterprises
    assert [(t.key, t.enterprises, t.products) for t in o.by_body] == [
        (seeded.bodies["B2"], 2, 2), (seeded.bodies["B1"], 1, 2)]
    assert o.by_body[0].name == "认证机构二 Body Two"
    # open, due before 2026-11-15 (30 days' grace), of a valid or suspended certificate in
    # force: c1's 2026-10-01 and c5's; not c1's 2026-11-20, c2's done, c6's withdrawn, c7's
    # expired, nor Jiangsu's c8
    assert o.overdue_surveillance == 2
    # December: c5 suspended on the 3rd, c6 withdrawn on the 1st (its suspension was in
    # November); Jiangsu's c8 suspension is not Guangdong's
    assert (o.suspended_this_month, o.withdrawn_this_month) == (1, 1)
    assert o.open_alerts == 1


def test_each_jurisdiction_counts_only_its_own(make_uow: UowFactory, seeded: Seeded) -> None:
    jiangsu = regulator(make_uow, "CN-JS", "js@reg.example")
    shenzhen = regulator(make_uow, "CN-GD-440300", "sz@reg.example")
    national = regulator(make_uow, "CN", "cn@reg.example")
    with make_uow() as uow:
        js = workspace.overview(uow, jiangsu, TODAY)
        sz = workspace.overview(uow, shenzhen, TODAY)
        cn = workspace.overview(uow, national, TODAY)
    assert (js.enterprises, js.products, js.overdue_surveillance, js.suspended_this_month,
            js.withdrawn_this_month, js.open_alerts) == (1, 1, 1, 1, 0, 1)
    assert [(t.key, t.enterprises, t.products) for t in js.by_body] == [
        (seeded.bodies["B1"], 1, 1)]
    # Shenzhen: E1 only (c1, c2 at B1; c3 at B2); c1's check is overdue
    assert (sz.enterprises, sz.products, sz.overdue_surveillance) == (1, 3, 1)
    assert (sz.suspended_this_month, sz.withdrawn_this_month, sz.open_alerts) == (0, 0, 1)
    # the nation: E1, E2, E3 and c1-c4, c8
    assert (cn.enterprises, cn.products, cn.overdue_surveillance) == (3, 5, 3)
    assert (cn.suspended_this_month, cn.withdrawn_this_month, cn.open_alerts) == (2, 1, 2)


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, {"c1", "c2", "c3", "c4", "c5", "c6", "c7"}),
    ({"category": "16"}, {"c3", "c5"}),
    ({"body": "B2"}, {"c3", "c4", "c7"}),
    ({"status": CertificateStatus.VALID}, {"c1", "c2", "c3", "c4"}),
    ({"status": CertificateStatus.EXPIRED}, {"c7"}),
    ({"status": CertificateStatus.SUSPENDED}, {"c5"}),
    ({"status": CertificateStatus.WITHDRAWN}, {"c6"}),
    ({"category": "4", "body": "B1", "status": CertificateStatus.VALID}, {"c1", "c2"}),
])
def test_certificates_are_listed_across_bodies_with_filters(
        make_uow: UowFactory, seeded: Seeded, filters: dict[str, object],
        expected: set[str]) -> None:
    guangdong = regulator(make_uow, "CN-GD", "gd@reg.example")
    body = seeded.bodies[str(filters["body"])] if "body" in filters else None
    with make_uow() as uow:
        page = workspace.certificates_page(
            uow, guangdong, TODAY, 0, 50, filters.get("category"),  # type: ignore[arg-type]
            body, filters.get("status"))  # type: ignore[arg-type]
    by_id = {v: k for k, v in seeded.certificates.items()}
    assert {by_id[c.id] for c in page.items} == expected
    assert page.total == len(expected)


def test_a_certificate_shows_its_history_and_checks_and_is_not_found_elsewhere(
        make_uow: UowFactory, seeded: Seeded) -> None:
    guangdong = regulator(make_uow, "CN-GD", "gd@reg.example")
    jiangsu = regulator(make_uow, "CN-JS", "js@reg.example")
    enterprise = seed_tenant(make_uow, "某企业")
    c1, c6 = seeded.certificates["c1"], seeded.certificates["c6"]
    with make_uow() as uow:
        withdrawn = workspace.certificate_detail(uow, guangdong, c6, TODAY)
        assert [(h.from_status, h.to_status) for h in withdrawn.history] == [
            ("valid", "suspended"), ("suspended", "withdrawn")]
        first = workspace.certificate_detail(uow, guangdong, c1, TODAY)
        assert [(s.id, s.overdue) for s in first.surveillance] == [
            (seeded.checks["k1"], True), (seeded.checks["k2"], False)]
        assert first.certificate.holder_region == "CN-GD-440300"
        with pytest.raises(NotFoundError) as elsewhere:
            workspace.certificate_detail(uow, jiangsu, c1, TODAY)
        with pytest.raises(NotFoundError) as unknown:
            workspace.certificate_detail(uow, jiangsu, "no-such-id", TODAY)
        assert str(elsewhere.value) == str(unknown.value)
        with pytest.raises(PermissionDeniedError):
            workspace.certificate_detail(uow, enterprise.admin, c1, TODAY)
        with pytest.raises(PermissionDeniedError):
            workspace.overview(uow, enterprise.admin, TODAY)


def test_cases_are_listed_and_read_within_the_jurisdiction(make_uow: UowFactory,
                                                           seeded: Seeded) -> None:
    guangdong = regulator(make_uow, "CN-GD", "gd@reg.example")
    jiangsu = regulator(make_uow, "CN-JS", "js@reg.example")
    with make_uow() as uow:
        everything = workspace.cases_page(uow, guangdong, 0, 50)
        open_ones = workspace.cases_page(uow, guangdong, 0, 50, "document_review")
        theirs = workspace.cases_page(uow, jiangsu, 0, 50)
        paged = workspace.cases_page(uow, guangdong, 5, 5)
        one = workspace.case_detail(uow, guangdong, seeded.cases["o1"])
        with pytest.raises(NotFoundError):
            workspace.case_detail(uow, jiangsu, seeded.cases["o1"])
    assert everything.total == 8  # c1-c7 and the open o1
    assert [c.id for c in open_ones.items] == [seeded.cases["o1"]]
    assert [c.id for c in theirs.items] == [seeded.cases["c8"]]
    assert (len(paged.items), paged.total) == (3, 8)
    assert (one.case.certificate_id, one.case.category) == (None, "16")


def test_surveillance_lists_open_checks_first_and_flags_the_overdue(
        make_uow: UowFactory, seeded: Seeded) -> None:
    guangdong = regulator(make_uow, "CN-GD", "gd@reg.example")
    with make_uow() as uow:
        every = workspace.surveillance_page(uow, guangdong, TODAY, 0, 50)
        overdue = workspace.surveillance_page(uow, guangdong, TODAY, 0, 50, overdue_only=True)
    k = seeded.checks
    assert [s.id for s in every.items][-1] == k["k3"]  # the one done, last
    assert {s.id for s in every.items} == {k["k1"], k["k2"], k["k3"], k["k5"], k["k6"],
                                           k["k7"]}
    assert {s.id for s in every.items if s.overdue} == {k["k1"], k["k5"]}
    assert [s.id for s in overdue.items] == [k["k1"], k["k5"]]  # by due date
    assert overdue.total == 2


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 12, 15), (date(2026, 12, 1), date(2027, 1, 1))),
    (date(2026, 1, 31), (date(2026, 1, 1), date(2026, 2, 1))),
    (date(2028, 2, 29), (date(2028, 2, 1), date(2028, 3, 1))),
])
def test_this_month_runs_from_its_first_day_to_the_next_months(
        today: date, expected: tuple[date, date]) -> None:
    assert month_of(today) == expected


def _row(out: str, name: str) -> list[str]:
    """The cells of the table row that names ``name`` (rich draws │ between cells)."""
    line = next(line for line in out.splitlines() if name in line)
    return [cell.strip() for cell in line.strip("│ ").split("│")]


def test_the_cli_prints_the_home_figures_of_the_acting_regulator(
        make_uow: UowFactory, seeded: Seeded, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    guangdong = regulator(make_uow, "CN-GD", "gd@reg.example", Role.VIEWER)
    code = main(["supervision", "overview", "--user", guangdong.email, "--today",
                 TODAY.isoformat(), "--data-dir", str(tmp_path), "--database-url",
                 database_url])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "CN-GD" in out
    assert _row(out, "certified enterprises")[1] == "2"
    assert _row(out, "certified products")[1] == "4"
    assert _row(out, "overdue surveillance")[1] == "2"
    assert _row(out, "suspensions this month")[1] == "1"
    assert _row(out, "withdrawals this month")[1] == "1"
    assert _row(out, "open alerts")[1] == "1"
    assert _row(out, "Body Two")[1:] == ["2", "2"]  # products, enterprises
    assert _row(out, "认证机构一")[1:] == ["2", "1"]


def test_the_cli_refuses_a_user_who_is_no_regulator(
        make_uow: UowFactory, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    enterprise = seed_tenant(make_uow, "某企业")
    code = main(["supervision", "overview", "--user", enterprise.admin.email,
                 "--data-dir", str(tmp_path), "--database-url", database_url])
    assert code != 0
    assert "organisation" in capsys.readouterr().err
