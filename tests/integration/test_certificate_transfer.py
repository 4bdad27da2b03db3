"""Transfer of a certificate between bodies through the services, on SQLite and PostgreSQL:
the holder asks, the accepting body reviews (a checklist) and accepts; the certificate keeps
its number and history, moves to the accepting body (the old body can no longer suspend it,
the new one can), labels issued before still verify, the registry shows where it came from.
Each refusal rule has its code."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.domain.certification.certificate import CertificateAction, CertificateStatus
from carbonlabel.domain.certification.label import Verdict
from carbonlabel.domain.certification.records import CertificateNonconformity
from carbonlabel.domain.certification.transfer import TransferState
from carbonlabel.errors import NotFoundError, PermissionDeniedError, WorkflowError
from carbonlabel.services.certification import bodies, complaints, labels, transfer
from carbonlabel.services.registry import verification
from tests.support.certification import (
    Body,
    approval,
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
    seed_operator,
)
from tests.support.platform import Tenant


@dataclass(frozen=True)
class World:
    issuing: Body
    accepting: Body
    holder: Tenant
    certificate_id: str
    number: str


@pytest.fixture
def world(make_uow: UowFactory, tmp_path: Path) -> World:
    issuing = seed_body(make_uow)
    accepting = seed_body(make_uow)
    holder, footprint = enterprise_with_footprint(make_uow, tmp_path)
    qualify_and_declare(make_uow, issuing, holder.organisation.id)
    certificate_id = certify(make_uow, tmp_path, issuing, holder, footprint)
    with make_uow() as uow:
        certificate = uow.certificates.get(certificate_id)
    assert certificate is not None
    return World(issuing, accepting, holder, certificate_id, certificate.number)


def _request(make_uow: UowFactory, w: World, to_body: str | None = None) -> str:
    with make_uow(write=True) as uow:
        return transfer.request_transfer(uow, w.holder.admin, w.certificate_id,
                                         to_body or w.accepting.organisation_id,
                                         "迁址 / moved region").id


def test_an_accepted_transfer_moves_the_certificate_and_the_power_to_act_on_it(
        make_uow: UowFactory, world: World, tmp_path: Path) -> None:
    w = world
    keys = LabelKeys(tmp_path / "keys")
    with make_uow(write=True) as uow:
        label = labels.issue_label(uow, w.holder.admin, w.certificate_id, keys)
    transfer_id = _request(make_uow, w)
    with make_uow(write=True) as uow:
        reviewed = transfer.review(uow, w.accepting.decider, transfer_id, "资料齐全")
    assert reviewed.state is TransferState.UNDER_REVIEW
    assert [(i.code, i.passed) for i in reviewed.checklist] == [
        ("certificate_valid", True), ("no_open_nonconformities", True),
        ("no_open_complaints", True), ("surveillance_current", True),
        ("accepting_body_accredited", True)]
    with make_uow(write=True) as uow:
        accepted = transfer.accept(uow, w.accepting.admin, transfer_id)
    assert accepted.state is TransferState.ACCEPTED
    assert accepted.decided_by == w.accepting.admin.id
    with make_uow() as uow:
        certificate = uow.certificates.get(w.certificate_id)
        history = [c.action for c in uow.certificates.status_changes(w.certificate_id)]
        audit = [r.action for r in uow.audit.for_entity(w.holder.organisation.id,
                                                         w.certificate_id)]
        entry = uow.registry.entry(w.number)
        issuing_name = uow.organisations.get(w.issuing.organisation_id)
        seen_by_issuer = transfer.of_organisation(uow, w.issuing.admin)
        issuer_audit = [r.action for r in uow.audit.for_entity(w.issuing.organisation_id,
                                                                w.certificate_id)]
    assert certificate is not None
    assert certificate.number == w.number
    assert certificate.body_id == w.accepting.organisation_id
    assert "transfer" in history
    assert {"certificate.transfer_requested", "certificate.transfer_review",
            "certificate.transfer_accept"} <= set(audit)
    assert [t.id for t in seen_by_issuer] == [transfer_id]  # the issuing body is informed
    assert "certificate.transferred_away" in issuer_audit
    assert entry is not None
    assert issuing_name is not None
    assert entry.transferred_from == issuing_name.name
    assert entry.transferred_on == datetime.now(UTC).date()
    with make_uow(write=True) as uow, pytest.raises(NotFoundError):
        labels.change_certificate_status(uow, w.issuing.decider, w.certificate_id,
                                         CertificateAction.SUSPEND, "old body")
    with make_uow() as uow:  # the label issued before the transfer is still genuine
        result = labels.verify_token(uow, label.token, keys.public_keys(), date.today())
    assert result.genuine
    assert result.verdict is Verdict.VALID
    with make_uow(write=True) as uow:
        suspended = labels.change_certificate_status(
            uow, w.accepting.decider, w.certificate_id, CertificateAction.SUSPEND,
            "监督不合格 / surveillance failed")
    assert suspended.status is CertificateStatus.SUSPENDED


def _suspend(make_uow: UowFactory, w: World) -> None:
    with make_uow(write=True) as uow:
        labels.change_certificate_status(uow, w.issuing.decider, w.certificate_id,
                                         CertificateAction.SUSPEND, "暂停 / suspended")


def _reevaluate(make_uow: UowFactory, w: World) -> None:
    with make_uow(write=True) as uow:
        uow.certificates.update(w.certificate_id, reevaluation_required=True)
        uow.commit()


def _nonconformity(make_uow: UowFactory, w: World) -> None:
    with make_uow(write=True) as uow:
        uow.oversight.add_nonconformity(CertificateNonconformity(
            "nc-transfer-1", w.certificate_id, None, "标识使用不当", w.issuing.auditors[0].id,
            datetime.now(UTC), date.today() + timedelta(days=30), None, None, ""))
        uow.commit()


def _complaint(make_uow: UowFactory, w: World) -> None:
    with make_uow(write=True) as uow:
        complaints.file_complaint(uow, w.number, "标识数值与证书不符", "someone@example.cn")


def _body_changed(make_uow: UowFactory, w: World, change: str) -> None:
    operator = seed_operator(make_uow)
    with make_uow() as uow:
        held = uow.approvals.get(w.accepting.organisation_id)
    assert held is not None
    data = approval(held.body_code or 1)
    data = {"expired": replace(data, accredited_from=date.today() - timedelta(days=30),
                               accredited_to=date.today() - timedelta(days=1)),
            "out_of_scope": replace(data, scope=("16",))}[change]
    with make_uow(write=True) as uow:
        bodies.record_approval(uow, operator, w.accepting.organisation_id, data)


REFUSALS = {
    "suspended": ("transfer_certificate_not_valid", _suspend),
    "reevaluation": ("transfer_reevaluation_required", _reevaluate),
    "nonconformity": ("transfer_nonconformity_open", _nonconformity),
    "complaint": ("transfer_complaint_open", _complaint),
    "expired": ("accreditation_expired", lambda m, w: _body_changed(m, w, "expired")),
    "out_of_scope": ("accreditation_scope", lambda m, w: _body_changed(m, w, "out_of_scope")),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_a_transfer_is_refused_at_the_request_and_at_the_acceptance(
        make_uow: UowFactory, world: World, case: str) -> None:
    rule, make = REFUSALS[case]
    transfer_id = _request(make_uow, world)  # allowed before the change
    with make_uow(write=True) as uow:
        transfer.review(uow, world.accepting.admin, transfer_id)
    make(make_uow, world)
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as at_accept:
        transfer.accept(uow, world.accepting.admin, transfer_id)
    assert at_accept.value.rule == rule
    with make_uow(write=True) as uow:
        reviewed = transfer.review(uow, world.accepting.admin, transfer_id)
        transfer.cancel(uow, world.holder.admin, transfer_id)
    assert [i.code for i in reviewed.checklist if not i.passed]  # the review shows it
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as at_request:
        transfer.request_transfer(uow, world.holder.admin, world.certificate_id,
                                  world.accepting.organisation_id)
    assert at_request.value.rule == rule
    with make_uow() as uow:
        certificate = uow.certificates.get(world.certificate_id)
    assert certificate is not None
    assert certificate.body_id == world.issuing.organisation_id


def test_no_transfer_to_the_same_body_nor_to_an_unapproved_one(
        make_uow: UowFactory, world: World) -> None:
    unapproved = seed_body(make_uow, code=None)
    for body_id, rule in ((world.issuing.organisation_id, "transfer_same_body"),
                          (unapproved.organisation_id, "body_not_approved")):
        with make_uow(write=True) as uow, pytest.raises(WorkflowError) as info:
            transfer.request_transfer(uow, world.holder.admin, world.certificate_id, body_id)
        assert info.value.rule == rule


def test_only_the_parties_act_each_in_its_role_and_one_open_request_at_a_time(
        make_uow: UowFactory, world: World) -> None:
    w = world
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        transfer.request_transfer(uow, w.holder.analyst, w.certificate_id,
                                  w.accepting.organisation_id)
    transfer_id = _request(make_uow, w)
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as twice:
        transfer.request_transfer(uow, w.holder.admin, w.certificate_id,
                                  w.accepting.organisation_id)
    assert twice.value.rule == "transfer_already_open"
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        transfer.review(uow, w.issuing.admin, transfer_id)  # the issuing body only sees it
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        transfer.review(uow, w.accepting.auditors[0], transfer_id)
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        transfer.cancel(uow, w.accepting.admin, transfer_id)
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as unreviewed:
        transfer.accept(uow, w.accepting.admin, transfer_id)
    assert unreviewed.value.rule == "transfer_transition_not_allowed"
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as no_reason:
        transfer.decline(uow, w.accepting.admin, transfer_id, " ")
    assert no_reason.value.rule == "transfer_reason_required"
    with make_uow(write=True) as uow:
        declined = transfer.decline(uow, w.accepting.admin, transfer_id, "不在本机构服务区域")
    assert declined.state is TransferState.DECLINED
    assert declined.reason
    other = seed_body(make_uow)
    with make_uow() as uow, pytest.raises(NotFoundError):
        transfer.get(uow, other.admin, transfer_id)
    with make_uow() as uow:
        certificate = uow.certificates.get(w.certificate_id)
        entry = verification.certificate(uow, w.number)
    assert certificate is not None
    assert certificate.body_id == w.issuing.organisation_id
    assert entry.transferred_from is None  # a declined transfer moves nothing
    _request(make_uow, w)  # a new request once the last one is closed
