"""Complaints and appeals through the services, on SQLite and PostgreSQL: the public files a
complaint about a label (reference, tracking token kept only as a digest, no other complaint
disclosed), the body acknowledges, assigns an investigator who was not involved, decides by an
uninvolved person and closes, every step in the audit log; the holder appeals a suspension in
time, an uninvolved decider upholds it and the certificate is valid again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from carbonlabel.adapters.db.complaint_tables import ComplaintRow
from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.certification.certificate import CertificateAction, CertificateStatus
from carbonlabel.domain.certification.complaints import (
    AppealAgainst,
    ComplaintState,
    Kind,
    Outcome,
)
from carbonlabel.domain.certification.states import CaseAction
from carbonlabel.domain.tenancy import Role, User
from carbonlabel.errors import NotFoundError, PermissionDeniedError, WorkflowError
from carbonlabel.services.accounts import users
from carbonlabel.services.certification import (
    appeals,
    cases,
    complaint_views,
    complaints,
    labels,
)
from carbonlabel.services.certification.complaint_decisions import decide
from tests.support.certification import (
    Body,
    certify,
    declare_for_case,
    documents,
    engagement_to_opinion,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.platform import PASSWORD, Tenant


@dataclass(frozen=True)
class World:
    body: Body
    holder: Tenant
    certificate_id: str
    number: str
    outsider: User  # a decision maker of the body, on no team: may investigate and decide


@pytest.fixture
def world(make_uow: UowFactory, tmp_path: Path) -> World:
    body = seed_body(make_uow)
    holder, footprint = enterprise_with_footprint(make_uow, tmp_path)
    qualify_and_declare(make_uow, body, holder.organisation.id)
    certificate_id = certify(make_uow, tmp_path, body, holder, footprint)
    with make_uow(write=True) as uow:
        outsider = users.add_user(uow, body.organisation_id, "second-decider@cert.example.cn",
                                  "second decider", Role.DECISION_MAKER, PASSWORD, None)
        certificate = uow.certificates.get(certificate_id)
        assert certificate is not None
        uow.commit()
    return World(body, holder, certificate_id, certificate.number, outsider)


def test_a_public_complaint_runs_from_receipt_to_closure_by_uninvolved_people(
        make_uow: UowFactory, world: World) -> None:
    with make_uow(write=True) as uow:
        filed = complaints.file_complaint(uow, world.number.lower(), "标识数值与证书不符",
                                          "someone@example.cn")
    complaint = filed.complaint
    assert complaint.reference.startswith("TS-")
    assert complaint.body_id == world.body.organisation_id
    assert complaint.certificate_id == world.certificate_id
    assert complaint.decide_by == complaint.received_at.date() + timedelta(days=60)
    body = world.body
    with make_uow(write=True) as uow:
        complaints.acknowledge(uow, body.admin, complaint.id)
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as on_team:
        complaints.assign(uow, body.admin, complaint.id, body.auditors[0].id)
    assert on_team.value.rule == "investigator_involved"
    with make_uow(write=True) as uow:
        complaints.assign(uow, body.admin, complaint.id, world.outsider.id)
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        complaints.record_findings(uow, body.admin, complaint.id, "not the investigator")
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as no_findings:
        decide(uow, world.outsider, complaint.id, Outcome.UPHELD, "成立")
    assert no_findings.value.rule == "findings_required"
    with make_uow(write=True) as uow:
        complaints.record_findings(uow, world.outsider, complaint.id, "标识为伪造 / forged")
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as granted_it:
        decide(uow, body.decider, complaint.id, Outcome.UPHELD, "成立")
    assert granted_it.value.rule == "decider_involved"  # the decider of the certificate
    with make_uow(write=True) as uow:
        decide(uow, world.outsider, complaint.id, Outcome.UPHELD, "投诉成立，已通报")
        complaints.close(uow, body.admin, complaint.id)
    with make_uow() as uow:
        seen = complaint_views.tracking(uow, filed.tracking_token)
        audit = [r.action for r in uow.audit.for_entity(body.organisation_id, complaint.id)]
    assert seen.complaint.state is ComplaintState.CLOSED
    assert seen.complaint.outcome is Outcome.UPHELD
    assert [a for a, _ in seen.steps] == ["lodge", "acknowledge", "assign", "decide", "close"]
    assert audit == ["complaint.received", "complaint.acknowledge", "complaint.assign",
                     "complaint.record_findings", "complaint.decide", "complaint.close"]


def test_the_tracking_token_is_stored_hashed_and_opens_only_its_complaint(
        make_uow: UowFactory, world: World) -> None:
    with make_uow(write=True) as uow:
        first = complaints.file_complaint(uow, world.number, "one")
    with make_uow(write=True) as uow:
        second = complaints.file_complaint(uow, world.number, "two")
    with make_uow() as uow:
        stored = {r.tracking_sha256 for r in uow.session.query(ComplaintRow)}
        assert first.tracking_token not in stored
        assert complaints.tracking_digest(first.tracking_token) in stored
        assert complaint_views.tracking(uow, first.tracking_token).complaint.description == "one"
        last = first.tracking_token[-1]
        altered = first.tracking_token[:-1] + ("y" if last == "x" else "x")
        with pytest.raises(NotFoundError):
            complaint_views.tracking(uow, altered)
    assert first.complaint.reference != second.complaint.reference


def test_a_code_that_names_no_body_is_refused_with_where_to_report(
        make_uow: UowFactory, world: World) -> None:
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as refused:
        complaints.file_complaint(uow, "NOT-A-CODE", "fake label")
    assert refused.value.rule == "complaint_no_body"
    assert "12315" in refused.value.message_zh
    forged = world.number[:13] + "999999-00"  # the body's code, a serial it never issued
    with make_uow(write=True) as uow:
        filed = complaints.file_complaint(uow, forged, "forged label")
    assert filed.complaint.body_id == world.body.organisation_id
    assert filed.complaint.certificate_id is None


def test_another_organisation_sees_no_complaint(make_uow: UowFactory, world: World) -> None:
    with make_uow(write=True) as uow:
        filed = complaints.file_complaint(uow, world.number, "x")
    with make_uow() as uow:
        with pytest.raises(NotFoundError):  # the holder did not lodge it
            complaints.get(uow, world.holder.admin, filed.complaint.id)
        assert complaint_views.queue(uow, world.holder.admin, filed.complaint.decide_by) == []


def suspend(make_uow: UowFactory, world: World) -> None:
    with make_uow(write=True) as uow:
        labels.change_certificate_status(uow, world.body.admin, world.certificate_id,
                                         CertificateAction.SUSPEND, "监督发现问题")


def test_an_appeal_against_a_suspension_upheld_restores_the_certificate(
        make_uow: UowFactory, world: World) -> None:
    suspend(make_uow, world)
    body = world.body
    with make_uow(write=True) as uow:
        appeal = appeals.lodge_appeal(uow, world.holder.admin, AppealAgainst.SUSPENSION,
                                      world.certificate_id, "暂停依据不成立")
    assert appeal.reference.startswith("SS-")
    assert appeal.kind is Kind.APPEAL
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as twice:
        appeals.lodge_appeal(uow, world.holder.admin, AppealAgainst.SUSPENSION,
                             world.certificate_id, "again")
    assert twice.value.rule == "appeal_open"
    with make_uow(write=True) as uow:
        complaints.acknowledge(uow, body.decider, appeal.id)
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as suspender:
        complaints.assign(uow, body.decider, appeal.id, body.admin.id)
    assert suspender.value.rule == "investigator_involved"  # the admin suspended it
    with make_uow(write=True) as uow:
        complaints.assign(uow, body.decider, appeal.id, world.outsider.id)
        complaints.record_findings(uow, world.outsider, appeal.id, "检查记录有误")
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as involved:
        decide(uow, body.admin, appeal.id, Outcome.UPHELD, "申诉成立")
    assert involved.value.rule == "decider_involved"
    with make_uow(write=True) as uow:
        decide(uow, world.outsider, appeal.id, Outcome.UPHELD, "申诉成立")
    with make_uow() as uow:
        certificate = uow.certificates.get(world.certificate_id)
        assert certificate is not None
        assert certificate.status is CertificateStatus.VALID
        last = uow.certificates.status_changes(world.certificate_id)[-1]
        assert last.action == "restore"
        assert appeal.reference in last.reason
        assert last.actor_id == world.outsider.id
        seen = complaints.get(uow, world.holder.admin, appeal.id)  # the appellant sees it
        assert seen.outcome is Outcome.UPHELD


def test_an_appeal_is_lodged_only_by_the_holder_in_time_against_the_right_status(
        make_uow: UowFactory, world: World) -> None:
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as valid:
        appeals.lodge_appeal(uow, world.holder.admin, AppealAgainst.SUSPENSION,
                             world.certificate_id, "x")
    assert valid.value.rule == "appeal_subject"
    suspend(make_uow, world)
    with make_uow(write=True) as uow, pytest.raises(NotFoundError):
        appeals.lodge_appeal(uow, world.body.admin, AppealAgainst.SUSPENSION,
                             world.certificate_id, "not the holder")
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        appeals.lodge_appeal(uow, world.holder.viewer, AppealAgainst.SUSPENSION,
                             world.certificate_id, "a viewer")
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as late:
        appeals.lodge_appeal(uow, world.holder.admin, AppealAgainst.SUSPENSION,
                             world.certificate_id, "late",
                             today=complaints.now().date() + timedelta(days=31))
    assert late.value.rule == "appeal_period_over"


def test_a_dismissed_appeal_leaves_the_certificate_suspended(
        make_uow: UowFactory, world: World) -> None:
    suspend(make_uow, world)
    with make_uow(write=True) as uow:
        appeal = appeals.lodge_appeal(uow, world.holder.analyst, AppealAgainst.SUSPENSION,
                                      world.certificate_id, "理由")
        complaints.acknowledge(uow, world.body.decider, appeal.id)
        complaints.assign(uow, world.body.decider, appeal.id, world.outsider.id)
        complaints.record_findings(uow, world.outsider, appeal.id, "暂停有据")
        decide(uow, world.outsider, appeal.id, Outcome.DISMISSED, "驳回")
    with make_uow() as uow:
        certificate = uow.certificates.get(world.certificate_id)
        assert certificate is not None
        assert certificate.status is CertificateStatus.SUSPENDED


def handled_and_upheld(make_uow: UowFactory, world: World, appeal_id: str) -> None:
    with make_uow(write=True) as uow:
        complaints.acknowledge(uow, world.body.decider, appeal_id)
        complaints.assign(uow, world.body.decider, appeal_id, world.outsider.id)
        complaints.record_findings(uow, world.outsider, appeal_id, "依据不足")
        decide(uow, world.outsider, appeal_id, Outcome.UPHELD, "申诉成立")


def test_an_upheld_appeal_against_a_withdrawal_is_recorded_the_certificate_stays_withdrawn(
        make_uow: UowFactory, world: World) -> None:
    with make_uow(write=True) as uow:
        labels.change_certificate_status(uow, world.body.admin, world.certificate_id,
                                         CertificateAction.WITHDRAW, "严重不符合")
        appeal = appeals.lodge_appeal(uow, world.holder.admin, AppealAgainst.WITHDRAWAL,
                                      world.certificate_id, "撤销依据有误")
    handled_and_upheld(make_uow, world, appeal.id)
    with make_uow() as uow:
        certificate = uow.certificates.get(world.certificate_id)
        assert certificate is not None
        assert certificate.status is CertificateStatus.WITHDRAWN
        decided = uow.complaints.events(appeal.id)[-1]
    assert decided.action == "decide"
    assert "new certification decision" in decided.note


def test_an_appeal_against_a_refusal_is_decided_by_someone_outside_the_refused_case(
        make_uow: UowFactory, world: World, tmp_path: Path) -> None:
    case_id = refused_case(make_uow, world, tmp_path)
    with make_uow(write=True) as uow, pytest.raises(NotFoundError):
        appeals.lodge_appeal(uow, world.holder.admin, AppealAgainst.REFUSAL, world.certificate_id,
                             "a certificate is not a refused case")
    with make_uow(write=True) as uow:
        appeal = appeals.lodge_appeal(uow, world.holder.admin, AppealAgainst.REFUSAL, case_id,
                                      "拒绝理由不成立")
    with make_uow(write=True) as uow:
        complaints.acknowledge(uow, world.body.admin, appeal.id)
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as refuser:
        complaints.assign(uow, world.body.admin, appeal.id, world.body.decider.id)
    assert refuser.value.rule == "investigator_involved"
    with make_uow(write=True) as uow:
        complaints.assign(uow, world.body.admin, appeal.id, world.outsider.id)
        complaints.record_findings(uow, world.outsider, appeal.id, "依据不足")
        decide(uow, world.outsider, appeal.id, Outcome.UPHELD, "申诉成立，重新决定")
    with make_uow() as uow:
        case = uow.cases.get(case_id)
        assert case is not None
        assert case.state.value == "refused"  # the workflow has no reopening: recorded
        assert "apply again" in uow.complaints.events(appeal.id)[-1].note


def refused_case(make_uow: UowFactory, world: World, data_dir: Path) -> str:
    """A second application of the holder, refused by the body's decider."""
    with make_uow() as uow:
        certificate = uow.certificates.get(world.certificate_id)
        assert certificate is not None
        footprint_id = certificate.footprint_id
    team = tuple(a.id for a in world.body.auditors)
    with make_uow(write=True) as uow, uow.atomic():
        case = cases.apply_for_certification(uow, world.holder.analyst, footprint_id,
                                             world.body.organisation_id, documents())
        cases.act(uow, world.body.admin, case.id, CaseAction.ACCEPT)
        declare_for_case(uow, world.body, case.id)
        cases.act(uow, world.body.admin, case.id, CaseAction.PLAN, cases.StepDetails(
            team=team, audit_dates=(complaints.now().date(),)))
        lead = world.body.auditors[0]
        for action in (CaseAction.START_DOCUMENT_REVIEW, CaseAction.COMPLETE_DOCUMENT_REVIEW,
                       CaseAction.COMPLETE_INSPECTION):
            cases.act(uow, lead, case.id, action)
        cases.record_verification(uow, lead, case.id, "re-run", data_dir,
                                  data_dir / "databases")
        engagement_to_opinion(uow, case.id, lead, world.body.decider)
        cases.act(uow, lead, case.id, CaseAction.COMPLETE_VERIFICATION)
        cases.act(uow, lead, case.id, CaseAction.COMPLETE_EVALUATION)
        cases.act(uow, world.body.decider, case.id, CaseAction.REFUSE,
                  cases.StepDetails(reason="数据不足"))
    return case.id


def test_the_complainant_withdraws_by_the_tracking_token_and_sees_no_findings(
        make_uow: UowFactory, world: World) -> None:
    with make_uow(write=True) as uow:
        filed = complaints.file_complaint(uow, world.number, "误报")
        complaints.acknowledge(uow, world.body.admin, filed.complaint.id)
        complaints.assign(uow, world.body.admin, filed.complaint.id, world.outsider.id)
        complaints.record_findings(uow, world.outsider, filed.complaint.id, "内部调查记录")
    with make_uow() as uow:
        steps = [a for a, _ in complaint_views.tracking(uow, filed.tracking_token).steps]
    assert steps == ["lodge", "acknowledge", "assign"]  # the findings are the body's
    with make_uow(write=True) as uow:
        withdrawn = complaints.withdraw_by_token(uow, filed.tracking_token)
    assert withdrawn.state is ComplaintState.WITHDRAWN
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as again:
        complaints.withdraw_by_token(uow, filed.tracking_token)
    assert again.value.rule == "complaint_transition_not_allowed"
