"""The certification body's workspace over HTTP (no browser): its staff land on it (not on the
enterprise dashboard); the queue puts the cases waiting on the reader first, by role and team;
a case's page shows the stepper (where the case is, what is next, who acts) with the re-run
form above "complete the verification"; the body opens the applicant's submitted model and
study report from the case (another body or enterprise: 404); planning with nobody eligible
says why and where to put it right; irreversible steps need "I confirm" ticked."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.domain.certification.complaints import Kind
from carbonlabel.domain.certification.records import CertificateNonconformity, SurveillanceCheck
from carbonlabel.domain.certification.states import CaseAction
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.certification import cases, complaints
from carbonlabel.services.certification.cases import StepDetails
from carbonlabel.web.certification.confirm import check_confirmed
from tests.browser.support import make_app
from tests.support.certification import (
    Body,
    certify,
    declare_for_case,
    documents,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.platform import PASSWORD, Tenant, seed_tenant

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class World:
    app: FastAPI
    body: Body
    other_body: Body
    holder: Tenant
    stranger: Tenant
    footprint: FootprintRecord
    applied: str  # a case just applied for: the managers' move
    planned: str  # planned with the first auditor alone on the team: the team's move
    accepted: str  # accepted, nobody declared for it: planning finds nobody eligible
    verifying: str  # in PCF verification (first auditor on the team)
    certificate_id: str


def _case(app: FastAPI, world_body: Body, holder: Tenant, footprint: FootprintRecord,
          *steps: CaseAction) -> str:
    with app.state.uow(write=True) as uow, uow.atomic():
        case = cases.apply_for_certification(uow, holder.analyst, footprint.id,
                                             world_body.organisation_id, documents())
        for action in steps:
            if action is CaseAction.PLAN:
                declare_for_case(uow, world_body, case.id)
                cases.act(uow, world_body.admin, case.id, action, StepDetails(
                    team=(world_body.auditors[0].id,), audit_dates=(date(2026, 12, 1),)))
            elif action is CaseAction.ACCEPT:
                cases.act(uow, world_body.admin, case.id, action)
            else:
                cases.act(uow, world_body.auditors[0], case.id, action)
    return case.id


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    data_dir = tmp_path_factory.mktemp("body-workspace")
    app = make_app(data_dir)
    make_uow = app.state.uow
    body, other_body = seed_body(make_uow), seed_body(make_uow)
    holder, footprint = enterprise_with_footprint(make_uow, data_dir)
    stranger = seed_tenant(make_uow, "另一家企业")
    qualify_and_declare(make_uow, body, holder.organisation.id)
    certificate_id = certify(make_uow, data_dir, body, holder, footprint)
    a = CaseAction
    with TestClient(app):
        yield World(
            app, body, other_body, holder, stranger, footprint,
            _case(app, body, holder, footprint),
            _case(app, body, holder, footprint, a.ACCEPT, a.PLAN),
            _case(app, body, holder, footprint, a.ACCEPT),
            _case(app, body, holder, footprint, a.ACCEPT, a.PLAN, a.START_DOCUMENT_REVIEW,
                  a.COMPLETE_DOCUMENT_REVIEW, a.COMPLETE_INSPECTION),
            certificate_id)


def signed_in(world: World, user: User, lang: str = "zh-CN") -> tuple[TestClient, str]:
    client = TestClient(world.app, headers={"Accept-Language": lang}, follow_redirects=False)
    token = CSRF.search(client.get("/signin").text).group(1)  # type: ignore[union-attr]
    answer = client.post("/signin", data={"email": user.email, "password": PASSWORD,
                                          "csrf_token": token})
    assert answer.status_code == 303
    staff = user.organisation_id in (world.body.organisation_id,
                                     world.other_body.organisation_id)
    assert answer.headers["location"] == ("/certification" if staff else "/dashboard")
    page = client.get("/certification")
    return client, CSRF.search(page.text).group(1)  # type: ignore[union-attr]


def section(page: str, start: str, end: str) -> str:
    return page.split(f'id="{start}"')[1].split(f'id="{end}"')[0]


def test_a_body_member_lands_on_the_workspace_and_an_enterprise_on_its_dashboard(
        world: World) -> None:
    client, _ = signed_in(world, world.body.auditors[0])
    landing = client.get("/dashboard")
    assert landing.status_code == 303
    assert landing.headers["location"] == "/certification"
    home = client.get("/", follow_redirects=True)
    assert str(home.url).endswith("/certification")
    assert 'id="waiting-on-me"' in home.text
    enterprise, _ = signed_in(world, world.holder.analyst)
    dashboard = enterprise.get("/dashboard")
    assert dashboard.status_code == 200
    assert 'id="waiting-on-me"' not in enterprise.get("/certification").text


@pytest.mark.parametrize(("who", "mine", "not_mine"), [
    ("admin", ("applied", "accepted"), ("planned", "verifying")),
    ("decider", ("applied", "accepted"), ("planned",)),
    ("lead", ("planned", "verifying"), ("applied", "accepted")),
    ("second", (), ("applied", "planned", "verifying")),  # an auditor on no team
])
def test_the_home_lists_first_the_cases_waiting_on_the_reader(
        world: World, who: str, mine: tuple[str, ...], not_mine: tuple[str, ...]) -> None:
    user = {"admin": world.body.admin, "decider": world.body.decider,
            "lead": world.body.auditors[0], "second": world.body.auditors[1]}[who]
    client, _ = signed_in(world, user)
    page = client.get("/certification").text
    waiting = section(page, "waiting-on-me", "overdue-items")
    others = section(page, "queue", "surveillance-calendar")
    for name in mine:
        assert f'data-case="{getattr(world, name)}"' in waiting
    for name in not_mine:
        case_id = getattr(world, name)
        assert f'data-case="{case_id}"' not in waiting
        assert f'data-case="{case_id}"' in others
    assert 'id="overdue-items"' in page
    assert 'href="/certification/calendar"' in page
    english, _ = signed_in(world, user, "en")
    assert "Waiting on me" in english.get("/certification").text


def test_the_case_page_shows_the_stepper_the_next_step_and_who_acts(world: World) -> None:
    client, _ = signed_in(world, world.body.auditors[0])
    page = client.get(f"/certification/cases/{world.planned}").text
    stepper = section(page, "stepper", "summary")
    states = re.findall(r'data-state="([a-z_]+)" data-status="([a-z]+)"', stepper)
    assert states[:4] == [("applied", "done"), ("accepted", "done"), ("planned", "current"),
                          ("document_review", "todo")]
    assert [s for s, _ in states][-1] == "granted"
    assert "开始文件评审" in stepper  # what is next
    assert 'data-mover="team"' in stepper
    assert 'id="waiting-on-you"' in stepper
    applicant, _ = signed_in(world, world.holder.analyst)
    theirs = applicant.get(f"/certification/cases/{world.planned}").text
    assert 'id="stepper"' in theirs
    assert 'id="waiting-on-you"' not in theirs


def test_the_rerun_form_comes_before_completing_the_verification(world: World) -> None:
    client, _ = signed_in(world, world.body.auditors[0])
    page = client.get(f"/certification/cases/{world.verifying}").text
    assert 'data-state="pcf_verification" data-status="current"' in page
    assert page.index('id="verification-form"') < page.index(
        'data-action="complete_verification"')


def test_the_body_opens_the_submitted_model_and_study_report_from_the_case(
        world: World) -> None:
    with world.app.state.uow() as uow:
        version = uow.model_versions.in_org(world.holder.organisation.id,
                                            world.footprint.model_version_id)
        assert version is not None
    client, _ = signed_in(world, world.body.auditors[1])
    case_page = client.get(f"/certification/cases/{world.applied}").text
    for link in ("model-link", "model-download", "footprint-link", "study-report-zh",
                 "study-report-en"):
        assert f'id="{link}"' in case_page
    model = client.get(f"/certification/cases/{world.applied}/model")
    assert model.status_code == 200
    assert version.content_hash in model.text
    download = client.get(f"/certification/cases/{world.applied}/model/download")
    assert download.status_code == 200
    assert download.text == version.content
    assert download.headers["cache-control"] == "private, no-store"
    footprint = client.get(f"/certification/cases/{world.applied}/footprint")
    assert footprint.status_code == 200
    assert f'href="/certification/cases/{world.applied}/model"' in footprint.text
    assert 'href="/products/' not in footprint.text  # no link into the applicant's pages
    assert 'id="conformance"' in footprint.text  # the body sees the rule conformance too
    assert "montecarlo-form" not in footprint.text  # and starts no run of the holder's model
    report = client.get(f"/certification/cases/{world.applied}/study-report.pdf?lang=en")
    assert report.status_code == 200
    assert report.content.startswith(b"%PDF")
    for outsider in (world.other_body.admin, world.stranger.admin):
        other, _ = signed_in(world, outsider)
        for path in ("model", "model/download", "footprint", "study-report.pdf"):
            assert other.get(f"/certification/cases/{world.applied}/{path}").status_code == 404


def test_planning_with_nobody_eligible_says_why_and_where_to_put_it_right(
        world: World) -> None:
    client, _ = signed_in(world, world.body.admin, "en")
    page = client.get(f"/certification/cases/{world.accepted}").text
    hints = section(page, "plan-hints", "audit-date-1")
    assert "Nobody may join the audit team yet." in hints
    assert hints.count('class="hint"') == 4  # admin, two auditors, decider
    assert 'data-rule="impartiality"' in hints
    assert 'href="#impartiality"' in hints  # declare on this case's page
    assert 'data-rule="auditor_qualification"' in hints  # the admin and the decider
    assert 'href="/certification/setup#staff"' in hints
    auditor = hints.split(f'data-user="{world.body.auditors[0].id}"')[1].split("</li>")[0]
    assert "auditor_qualification" not in auditor  # qualified: only the declaration misses
    planned = client.get(f"/certification/cases/{world.planned}").text
    assert 'id="plan-hints"' not in planned


def test_withdrawing_a_case_needs_i_confirm_ticked(world: World) -> None:
    case_id = _case(world.app, world.body, world.holder, world.footprint)
    client, token = signed_in(world, world.holder.analyst, "en")
    form = client.get(f"/certification/cases/{case_id}").text
    assert 'name="confirm" value="yes" required' in form.split('id="withdraw"')[1]
    refused = client.post(f"/certification/cases/{case_id}/actions", data={
        "csrf_token": token, "action": "withdraw", "reason": "later"})
    assert refused.status_code == 422
    assert 'id="refused"' in refused.text
    assert "I confirm" in refused.text.split('id="refused"')[1][:300]
    with world.app.state.uow() as uow:
        case = uow.cases.get(case_id)
        assert case is not None
        assert case.state == "applied"
    done = client.post(f"/certification/cases/{case_id}/actions", data={
        "csrf_token": token, "action": "withdraw", "reason": "later", "confirm": "yes"})
    assert done.status_code == 303
    with world.app.state.uow() as uow:
        case = uow.cases.get(case_id)
        assert case is not None
        assert case.state == "withdrawn"


def test_irreversible_steps_are_refused_unless_confirmed() -> None:
    for action in ("withdraw", "refuse", "cancel"):
        with pytest.raises(InputError) as refused:
            check_confirmed(action, "")
        assert refused.value.field == "confirm"
        check_confirmed(action, "yes")
    for action in ("accept", "grant", "suspend", "restore", "complete_verification"):
        check_confirmed(action, "")  # reversible or not destructive: no box


def test_cancelling_a_certificate_needs_i_confirm_ticked(world: World) -> None:
    client, token = signed_in(world, world.body.admin)
    path = f"/certification/certificates/{world.certificate_id}"
    assert 'id="confirm-status"' in client.get(path).text
    refused = client.post(f"{path}/status", data={
        "csrf_token": token, "action": "cancel", "reason": "持证人申请注销"})
    assert refused.status_code == 422
    assert "我确认" in refused.text.split('id="refused"')[1][:300]
    with world.app.state.uow() as uow:
        certificate = uow.certificates.get(world.certificate_id)
        assert certificate is not None
        assert certificate.status == "valid"
    suspended = client.post(f"{path}/status", data={  # reversible: no box needed
        "csrf_token": token, "action": "suspend", "reason": "监督逾期"})
    assert suspended.status_code == 303
    done = client.post(f"{path}/status", data={
        "csrf_token": token, "action": "cancel", "reason": "持证人申请注销", "confirm": "yes"})
    assert done.status_code == 303
    with world.app.state.uow() as uow:
        certificate = uow.certificates.get(world.certificate_id)
        assert certificate is not None
        assert certificate.status == "cancelled"


def test_the_home_lists_what_is_overdue_with_links_and_suspends_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    make_uow = app.state.uow
    body = seed_body(make_uow)
    holder, footprint = enterprise_with_footprint(make_uow, tmp_path)
    qualify_and_declare(make_uow, body, holder.organisation.id)
    certificate_id = certify(make_uow, tmp_path, body, holder, footprint)
    today = date.today()
    with make_uow(write=True) as uow:  # a check 40 days late, a finding 10 days past due
        uow.certificates.add_surveillance(SurveillanceCheck(
            str(uuid.uuid4()), certificate_id, today - timedelta(days=40), None, None, "", None))
        uow.oversight.add_nonconformity(CertificateNonconformity(
            str(uuid.uuid4()), certificate_id, None, "标识使用不当 / label misused",
            body.auditors[0].id, datetime.now(UTC) - timedelta(days=40),
            today - timedelta(days=10), None, None, ""))
        complaint = complaints.new_complaint(  # received four months ago, never acknowledged
            uow, Kind.COMPLAINT, body.organisation_id, "CFP-2026-007-000001-68",
            "标识可疑 / suspicious label", datetime.now(UTC) - timedelta(days=120))
        complaints.record_lodged(uow, complaint, None, None)
        uow.commit()
    with TestClient(app):
        world = World(app, body, body, holder, holder, footprint, "", "", "", "", certificate_id)
        client, _ = signed_in(world, body.auditors[1])
        page = client.get("/certification").text
        overdue = section(page, "overdue-items", "queue")
        assert 'class="overdue-surveillance"' in overdue
        assert 'class="overdue-finding"' in overdue
        assert f'href="/certification/complaints/{complaint.id}"' in overdue
        assert complaint.reference in overdue
        assert "label misused" in overdue
        assert f'href="/certification/certificates/{certificate_id}#surveillance"' in overdue
        assert f'href="/certification/certificates/{certificate_id}#findings"' in overdue
        with make_uow() as uow:  # the home only reads: the calendar page runs the sweep
            certificate = uow.certificates.get(certificate_id)
            assert certificate is not None
            assert certificate.status == "valid"
