"""The certification rules of issue 14 through the services, on SQLite and PostgreSQL: open
nonconformities block verification, evaluation and the decision; decisions and status
changes give reasons, a restore its evidence; a nonconforming surveillance opens a
nonconformity that stops labels and suspends when its deadline passes; a suspension past the
maximum ends in withdrawal; the holder gets a notice of each; a withdrawal locks out a new
application; everybody who audits, reviews or decides declares impartiality for the case."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.domain.certification.certificate import CertificateAction
from carbonlabel.domain.certification.records import CertificationCase
from carbonlabel.domain.certification.states import CaseAction, CaseState
from carbonlabel.errors import WorkflowError
from carbonlabel.services.certification import cases, impartiality, labels, surveillance
from carbonlabel.services.certification.cases import SCHEME
from carbonlabel.services.certification.surveillance import CheckResult, sweep
from tests.support.certification import (
    NO_CONFLICT,
    Body,
    certify,
    declare_for_case,
    documents,
    engagement_to_opinion,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.platform import Tenant


def _world(make_uow: UowFactory, data_dir: Path,
           code: int = 7) -> tuple[Body, Tenant, str]:
    body = seed_body(make_uow, code=code)
    tenant, footprint = enterprise_with_footprint(make_uow, data_dir)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    return body, tenant, footprint.id


def _to_inspection_done(make_uow: UowFactory, body: Body, tenant: Tenant, footprint_id: str,
                        declare: bool = True) -> CertificationCase:
    """A case through planning and inspection, in the PCF verification step."""
    with make_uow(write=True) as uow:
        case = cases.apply_for_certification(uow, tenant.analyst, footprint_id,
                                             body.organisation_id, documents())
        cases.act(uow, body.admin, case.id, CaseAction.ACCEPT)
        if declare:
            declare_for_case(uow, body, case.id)
        else:
            for auditor in body.auditors:
                impartiality.declare_for_case(uow, auditor, case.id, NO_CONFLICT)
        cases.act(uow, body.admin, case.id, CaseAction.PLAN, cases.StepDetails(
            team=tuple(a.id for a in body.auditors), audit_dates=(date(2026, 12, 1),)))
        lead = body.auditors[0]
        for action in (CaseAction.START_DOCUMENT_REVIEW, CaseAction.COMPLETE_DOCUMENT_REVIEW,
                       CaseAction.COMPLETE_INSPECTION):
            cases.act(uow, lead, case.id, action)
        return case


def test_an_open_nonconformity_blocks_verification_evaluation_and_the_decision(
        make_uow: UowFactory, tmp_path: Path) -> None:
    body, tenant, footprint_id = _world(make_uow, tmp_path)
    lead = body.auditors[0]
    with make_uow(write=True) as uow:
        case = cases.apply_for_certification(uow, tenant.analyst, footprint_id,
                                             body.organisation_id, documents())
        cases.act(uow, body.admin, case.id, CaseAction.ACCEPT)
        declare_for_case(uow, body, case.id)
        cases.act(uow, body.admin, case.id, CaseAction.PLAN, cases.StepDetails(
            team=tuple(a.id for a in body.auditors), audit_dates=(date(2026, 12, 1),)))
        cases.act(uow, lead, case.id, CaseAction.START_DOCUMENT_REVIEW)
        cases.act(uow, lead, case.id, CaseAction.COMPLETE_DOCUMENT_REVIEW)
        # a finding of the inspection, raised with the step that completes it
        cases.act(uow, lead, case.id, CaseAction.COMPLETE_INSPECTION, cases.StepDetails(
            nonconformities=("铭牌与型号不符 / nameplate differs",)))
        cases.record_verification(uow, lead, case.id, "re-run agrees", tmp_path,
                                  tmp_path / "databases")
        engagement_to_opinion(uow, case.id, lead, body.decider)  # the opinion does not do
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as info:
        cases.act(uow, lead, case.id, CaseAction.COMPLETE_VERIFICATION)
    assert info.value.rule == "open_nonconformities"
    with make_uow() as uow:
        stored = uow.cases.get(case.id)
        assert stored is not None
        assert stored.state is CaseState.PCF_VERIFICATION


def test_reject_grant_and_refuse_need_a_reason(make_uow: UowFactory, tmp_path: Path) -> None:
    body, tenant, footprint_id = _world(make_uow, tmp_path)
    with make_uow(write=True) as uow:
        case = cases.apply_for_certification(uow, tenant.analyst, footprint_id,
                                             body.organisation_id, documents())
        with pytest.raises(WorkflowError) as info:
            cases.act(uow, body.admin, case.id, CaseAction.REJECT,
                      cases.StepDetails(reason="  "))
        assert info.value.rule == "reason_required"
    case = _to_inspection_done(make_uow, body, tenant, footprint_id)
    lead = body.auditors[0]
    with make_uow(write=True) as uow:
        cases.record_verification(uow, lead, case.id, "", tmp_path, tmp_path / "databases")
        engagement_to_opinion(uow, case.id, lead, body.decider)
        cases.act(uow, lead, case.id, CaseAction.COMPLETE_VERIFICATION)
        cases.act(uow, lead, case.id, CaseAction.COMPLETE_EVALUATION)
        for action in (CaseAction.GRANT, CaseAction.REFUSE):
            with pytest.raises(WorkflowError) as info:
                cases.act(uow, body.decider, case.id, action)
            assert info.value.rule == "reason_required"
        granted = cases.act(uow, body.decider, case.id, CaseAction.GRANT,
                            cases.StepDetails(reason="  符合要求 / conforms \n"))
        assert uow.cases.events(case.id)[-1].reason == "符合要求 / conforms"
    assert granted.state is CaseState.GRANTED


def test_the_decider_and_the_reviewer_declare_impartiality_for_the_case(
        make_uow: UowFactory, tmp_path: Path) -> None:
    body, tenant, footprint_id = _world(make_uow, tmp_path)
    case = _to_inspection_done(make_uow, body, tenant, footprint_id, declare=False)
    lead = body.auditors[0]
    with make_uow(write=True) as uow:
        cases.record_verification(uow, lead, case.id, "", tmp_path, tmp_path / "databases")
        engagement_to_opinion(uow, case.id, lead, body.decider)
        cases.act(uow, lead, case.id, CaseAction.COMPLETE_VERIFICATION)
        cases.act(uow, lead, case.id, CaseAction.COMPLETE_EVALUATION)
    grant = cases.StepDetails(reason="符合要求 / conforms")
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as info:
        cases.act(uow, body.decider, case.id, CaseAction.GRANT, grant)
    assert info.value.rule == "impartiality"
    with make_uow(write=True) as uow:  # consulted for the applicant a year ago: a conflict
        impartiality.declare_for_case(uow, body.decider, case.id, NO_CONFLICT,
                               last_consultancy_on=date.today() - timedelta(days=365))
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as info:
        cases.act(uow, body.decider, case.id, CaseAction.GRANT, grant)
    assert info.value.rule == "impartiality_consultancy"
    with make_uow(write=True) as uow:  # declared long ago: expired
        impartiality.declare_for_case(uow, body.decider, case.id, NO_CONFLICT,
                               today=date.today() - timedelta(
                                   days=SCHEME.declaration_validity_days + 1))
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as info:
        cases.act(uow, body.decider, case.id, CaseAction.GRANT, grant)
    assert info.value.rule == "impartiality_expired"
    with make_uow(write=True) as uow:
        impartiality.declare_for_case(uow, body.decider, case.id, NO_CONFLICT)
        assert cases.act(uow, body.decider, case.id, CaseAction.GRANT,
                         grant).state is CaseState.GRANTED


def test_an_expired_declaration_keeps_an_auditor_off_the_team(make_uow: UowFactory,
                                                               tmp_path: Path) -> None:
    body, tenant, footprint_id = _world(make_uow, tmp_path)
    with make_uow(write=True) as uow:
        case = cases.apply_for_certification(uow, tenant.analyst, footprint_id,
                                             body.organisation_id, documents())
        cases.act(uow, body.admin, case.id, CaseAction.ACCEPT)
        impartiality.declare_for_case(uow, body.auditors[0], case.id, NO_CONFLICT,
                               today=date.today() - timedelta(days=400))
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as info:
        cases.act(uow, body.admin, case.id, CaseAction.PLAN, cases.StepDetails(
            team=(body.auditors[0].id,), audit_dates=(date(2026, 12, 1),)))
    assert info.value.rule == "impartiality_expired"


def test_a_restore_needs_evidence_and_every_change_writes_a_notice_to_the_holder(
        make_uow: UowFactory, tmp_path: Path) -> None:
    body, tenant, footprint_id = _world(make_uow, tmp_path)
    with make_uow() as uow:
        footprint = uow.footprints.in_org(tenant.organisation.id, footprint_id)
    assert footprint is not None
    certificate_id = certify(make_uow, tmp_path, body, tenant, footprint)
    with make_uow(write=True) as uow:
        with pytest.raises(WorkflowError) as info:
            labels.change_certificate_status(uow, body.decider, certificate_id,
                                             CertificateAction.SUSPEND, "")
        assert info.value.rule == "reason_required"
        labels.change_certificate_status(uow, body.decider, certificate_id,
                                         CertificateAction.SUSPEND, "监督不合格 / failed")
        with pytest.raises(WorkflowError) as info:
            labels.change_certificate_status(uow, body.decider, certificate_id,
                                             CertificateAction.RESTORE, "已整改 / corrected")
        assert info.value.rule == "restore_evidence"
        labels.change_certificate_status(uow, body.decider, certificate_id,
                                         CertificateAction.RESTORE, "已整改 / corrected",
                                         evidence="复查报告 / re-inspection report")
    with make_uow() as uow:
        notices = labels.notices(uow, tenant.admin, certificate_id)
    assert [(n.action, n.holder_id) for n in notices] == [
        ("suspend", tenant.organisation.id), ("restore", tenant.organisation.id)]
    assert "stop using the label" in notices[0].required_en
    assert "停止使用认证标识" in notices[0].required_zh
    assert notices[1].evidence == "复查报告 / re-inspection report"


def test_a_withdrawal_locks_out_a_new_application_for_the_product(
        make_uow: UowFactory, tmp_path: Path) -> None:
    body, tenant, footprint_id = _world(make_uow, tmp_path)
    with make_uow() as uow:
        footprint = uow.footprints.in_org(tenant.organisation.id, footprint_id)
    assert footprint is not None
    certificate_id = certify(make_uow, tmp_path, body, tenant, footprint)
    with make_uow(write=True) as uow:
        labels.change_certificate_status(uow, body.decider, certificate_id,
                                         CertificateAction.WITHDRAW, "数据造假 / falsified")
    ends = date.today() + timedelta(days=SCHEME.reapplication_lockout_days)
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as info:
        cases.apply_for_certification(uow, tenant.analyst, footprint_id,
                                      body.organisation_id, documents())
    assert info.value.rule == "reapplication_lockout"
    assert ends.isoformat() in str(info.value)


def test_a_nonconforming_surveillance_stops_labels_then_suspends_then_withdraws(
        make_uow: UowFactory, tmp_path: Path) -> None:
    body, tenant, footprint_id = _world(make_uow, tmp_path)
    with make_uow() as uow:
        footprint = uow.footprints.in_org(tenant.organisation.id, footprint_id)
    assert footprint is not None
    certificate_id = certify(make_uow, tmp_path, body, tenant, footprint)
    keys = LabelKeys(tmp_path / "keys")
    today = date.today()
    with make_uow(write=True) as uow:
        (check,) = uow.certificates.surveillance(certificate_id)
        surveillance.record_check(uow, body.auditors[1], certificate_id, check.id,
                                  CheckResult.NONCONFORMING, "数据与铭牌不符 / mismatch", today)
        (nc,) = uow.oversight.nonconformities(certificate_id)
        assert nc.due_on == today + timedelta(days=SCHEME.surveillance_nc_days)
        with pytest.raises(WorkflowError) as info:
            labels.issue_label(uow, tenant.admin, certificate_id, keys)
        assert info.value.rule == "surveillance_nonconformity_open"
    with make_uow(write=True) as uow:  # on the deadline: still valid
        assert sweep(uow, nc.due_on).suspended_for_findings == ()
    with make_uow(write=True) as uow:
        result = sweep(uow, nc.due_on + timedelta(days=1))
        assert [c.id for c in result.suspended_for_findings] == [certificate_id]
        stored = uow.certificates.get(certificate_id)
        assert stored is not None
        assert stored.status.value == "suspended"
    suspended_on = nc.due_on + timedelta(days=1)
    last_day = suspended_on + timedelta(days=SCHEME.max_suspension_days)
    with make_uow(write=True) as uow:
        assert sweep(uow, last_day).withdrawn == ()
    with make_uow(write=True) as uow:
        result = sweep(uow, last_day + timedelta(days=1))
        assert [c.id for c in result.withdrawn] == [certificate_id]
    with make_uow() as uow:
        stored = uow.certificates.get(certificate_id)
        assert stored is not None
        assert stored.status.value == "withdrawn"
        notices = uow.oversight.notices(certificate_id)
        changes = uow.certificates.status_changes(certificate_id)
    assert [(n.action, n.actor_id, n.effective_on) for n in notices] == [
        ("suspend", None, suspended_on), ("withdraw", None, last_day + timedelta(days=1))]
    assert [c.actor_id for c in changes] == [None, None]
    assert all(c.reason for c in changes)


def test_closing_the_surveillance_nonconformity_lets_labels_be_issued_again(
        make_uow: UowFactory, tmp_path: Path) -> None:
    body, tenant, footprint_id = _world(make_uow, tmp_path)
    with make_uow() as uow:
        footprint = uow.footprints.in_org(tenant.organisation.id, footprint_id)
    assert footprint is not None
    certificate_id = certify(make_uow, tmp_path, body, tenant, footprint)
    with make_uow(write=True) as uow:
        (check,) = uow.certificates.surveillance(certificate_id)
        surveillance.record_check(uow, body.auditors[1], certificate_id, check.id,
                                  CheckResult.NONCONFORMING, "mismatch", date.today())
        (nc,) = uow.oversight.nonconformities(certificate_id)
        with pytest.raises(WorkflowError) as info:
            surveillance.close_nonconformity(uow, body.auditors[1], certificate_id, nc.id, " ")
        assert info.value.rule == "reason_required"
        surveillance.close_nonconformity(uow, body.auditors[1], certificate_id, nc.id,
                                         "复查合格 / re-inspected")
        label = labels.issue_label(uow, tenant.admin, certificate_id, LabelKeys(tmp_path / "k"))
    assert label.certificate_id == certificate_id
    with make_uow(write=True) as uow:  # closed: the sweep leaves it alone
        assert sweep(uow, nc.due_on + timedelta(days=5)).suspended_for_findings == ()
