"""Changes affecting certification on SQLite and PostgreSQL (ISO/IEC 17065 §7.10): the
holder asks for a re-issue with the new model's footprint, a body auditor evaluates it (the
model run again), an independent decision maker decides; every decision clears the
re-evaluation flag; an approval bumps the revision (printed "-R1") and keeps the previous
values; a rejection keeps the certificate as it was; the sweep suspends a flagged
certificate with no change decided within the scheme's days."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.certification.certificate_content import numbered
from carbonlabel.domain.certification.changes import ChangeAction, ChangeKind, ChangeState
from carbonlabel.domain.certification.records import Certificate
from carbonlabel.domain.certification.registry import certified_value
from carbonlabel.errors import InputError, PermissionDeniedError, WorkflowError
from carbonlabel.services.certification import changes
from carbonlabel.services.certification.cases import SCHEME
from carbonlabel.services.certification.surveillance import sweep
from tests.support.changes import Certified, certified, new_model_version

REASON = "符合要求 / conforms"


def current(make_uow: UowFactory, made: Certified) -> Certificate:
    with make_uow() as uow:
        certificate = uow.certificates.get(made.certificate.id)
    assert certificate is not None
    return certificate


def evaluated(make_uow: UowFactory, data_dir: Path, made: Certified,
              request: changes.ChangeRequest, evaluator_index: int = 0) -> str:
    """The holder asks, a body auditor evaluates; returns the change id."""
    auditor = made.body.auditors[evaluator_index]
    with make_uow(write=True) as uow:
        change = changes.request_change(uow, made.holder.analyst, made.certificate.id,
                                        request)
    with make_uow(write=True) as uow:
        changes.start_evaluation(uow, auditor, change.id)
    with make_uow(write=True) as uow:
        done = changes.record_evaluation(uow, auditor, change.id, "重新计算一致 / re-run agrees",
                                         data_dir, data_dir / "databases")
    assert done.evaluation is not None
    return change.id


def test_an_approved_reissue_clears_the_flag_bumps_the_revision_and_keeps_the_old_values(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    footprint = new_model_version(make_uow, tmp_path, made)
    assert current(make_uow, made).reevaluation_required
    change_id = evaluated(make_uow, tmp_path, made, changes.ChangeRequest(
        ChangeKind.REISSUE, "电芯减重 / lighter cells", footprint.id))
    with make_uow() as uow:
        change = uow.changes.get(change_id)
        assert change is not None
        assert change.evaluation is not None
        assert change.evaluation.recomputed_total == pytest.approx(footprint.total_co2e_kg)
        assert not change.evaluation.material
        assert uow.registry.entry(made.certificate.number).under_reevaluation  # type: ignore[union-attr]

    with make_uow(write=True) as uow:
        decided = changes.decide(uow, made.body.decider, change_id, ChangeAction.APPROVE,
                                 REASON)
    assert decided.state is ChangeState.APPROVED
    after = current(make_uow, made)
    assert not after.reevaluation_required
    assert after.reevaluation_since is None
    assert after.revision == 1
    assert numbered(after.number, after.revision) == f"{made.certificate.number}-R1"
    assert after.footprint_id == footprint.id
    assert after.model_version_id == footprint.model_version_id
    assert after.certified_value == certified_value(footprint.total_co2e_kg)
    assert after.certified_value != made.certificate.certified_value
    with make_uow() as uow:
        (kept,) = uow.changes.revisions(made.certificate.id)
        entry = uow.registry.entry(made.certificate.number)
        actions = [r.action for r in uow.audit.for_entity(after.holder_id, after.id)]
    assert (kept.revision, kept.certified_value, kept.footprint_id) == (
        0, made.certificate.certified_value, made.certificate.footprint_id)
    assert entry is not None
    assert not entry.under_reevaluation
    assert entry.certified_value == after.certified_value
    assert {"certificate.change_requested", "certificate.change_evaluation_started",
            "certificate.change_evaluated", "certificate.change_approved"} <= set(actions)


def test_a_rejected_change_keeps_the_certificate_as_it_was_and_clears_the_flag(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    footprint = new_model_version(make_uow, tmp_path, made)
    change_id = evaluated(make_uow, tmp_path, made, changes.ChangeRequest(
        ChangeKind.REISSUE, "新模型 / new model", footprint.id))
    with make_uow(write=True) as uow:
        changes.decide(uow, made.body.decider, change_id, ChangeAction.REJECT,
                       "数据不足 / not enough evidence")
    after = current(make_uow, made)
    assert not after.reevaluation_required
    assert (after.revision, after.certified_value, after.footprint_id, after.status) == (
        0, made.certificate.certified_value, made.certificate.footprint_id,
        CertificateStatus.VALID)
    with make_uow() as uow:
        assert uow.changes.revisions(made.certificate.id) == []
        (change,) = uow.changes.of_certificate(made.certificate.id)
    assert change.state is ChangeState.REJECTED
    assert change.reason == "数据不足 / not enough evidence"


def test_a_scope_extension_is_recorded_with_the_revision(make_uow: UowFactory,
                                                          tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    change_id = evaluated(make_uow, tmp_path, made, changes.ChangeRequest(
        ChangeKind.EXTENSION, "增加 200 kWh 型号 / add the 200 kWh type", scope="100 kWh, 200 kWh"))
    with make_uow(write=True) as uow:
        changes.decide(uow, made.body.decider, change_id, ChangeAction.APPROVE, REASON)
    after = current(make_uow, made)
    assert after.revision == 1
    assert after.certified_value == made.certificate.certified_value
    with make_uow() as uow:
        assert uow.changes.current_scope(after.id) == "100 kWh, 200 kWh"


def test_the_person_who_evaluated_a_change_may_not_decide_it(make_uow: UowFactory,
                                                             tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    footprint = new_model_version(make_uow, tmp_path, made)
    with make_uow(write=True) as uow:
        change = changes.request_change(uow, made.holder.analyst, made.certificate.id,
                                        changes.ChangeRequest(ChangeKind.REISSUE, "新模型",
                                                              footprint.id))
    decider = made.body.decider
    with make_uow(write=True) as uow:
        changes.start_evaluation(uow, decider, change.id)
        changes.record_evaluation(uow, decider, change.id, "已复核 / reviewed", tmp_path,
                                  tmp_path / "databases")
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as refused:
        changes.decide(uow, decider, change.id, ChangeAction.APPROVE, REASON)
    assert refused.value.rule == "independent_decision"
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        changes.decide(uow, made.body.auditors[0], change.id, ChangeAction.APPROVE, REASON)
    assert current(make_uow, made).reevaluation_required  # nothing decided


def test_one_open_change_at_a_time_and_a_reissue_names_the_products_footprint(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    with make_uow(write=True) as uow, pytest.raises(InputError):
        changes.request_change(uow, made.holder.analyst, made.certificate.id,
                               changes.ChangeRequest(ChangeKind.REISSUE, "新模型", "nope"))
    request = changes.ChangeRequest(ChangeKind.REDUCTION, "停产 / discontinued", scope="100 kWh")
    with make_uow(write=True) as uow:
        changes.request_change(uow, made.body.admin, made.certificate.id, request)
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as refused:
        changes.request_change(uow, made.holder.analyst, made.certificate.id, request)
    assert refused.value.rule == "change_open"


def test_the_sweep_suspends_a_flagged_certificate_with_no_change_decided_in_time(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    new_model_version(make_uow, tmp_path, made)
    flagged = current(make_uow, made).reevaluation_since
    assert flagged is not None
    last_day = flagged.date() + timedelta(days=SCHEME.reevaluation_days)
    with make_uow(write=True) as uow:
        assert sweep(uow, last_day).suspended_for_changes == ()
    with make_uow(write=True) as uow:
        result = sweep(uow, last_day + timedelta(days=1))
    assert [c.id for c in result.suspended_for_changes] == [made.certificate.id]
    after = current(make_uow, made)
    assert after.status is CertificateStatus.SUSPENDED
    assert after.reevaluation_required
    with make_uow() as uow:
        (change,) = uow.certificates.status_changes(after.id)
    assert change.actor_id is None
    assert changes.OVERDUE_REASON in change.reason
    with make_uow(write=True) as uow:  # idempotent
        assert sweep(uow, last_day + timedelta(days=2)).suspended_for_changes == ()


def test_a_change_decided_in_time_keeps_the_sweep_away(make_uow: UowFactory,
                                                       tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    footprint = new_model_version(make_uow, tmp_path, made)
    change_id = evaluated(make_uow, tmp_path, made, changes.ChangeRequest(
        ChangeKind.REISSUE, "新模型 / new model", footprint.id))
    with make_uow(write=True) as uow:
        changes.decide(uow, made.body.decider, change_id, ChangeAction.REJECT, "不批准 / no")
    with make_uow(write=True) as uow:
        late = made.certificate.issued_on + timedelta(days=SCHEME.reevaluation_days + 5)
        assert sweep(uow, late).suspended_for_changes == ()
    assert current(make_uow, made).status is CertificateStatus.VALID
