"""Certification-validity spot checks on SQLite and PostgreSQL: a regulator's campaign draws
the valid certificates of its jurisdiction (open alerts weigh), reproducibly for its seed; a
nonconforming result becomes the body's required action (an open nonconformity naming the
spot check, due in 5 days when serious); the body suspends through its own status change and
the public verification of the label says suspended; unattended, the surveillance sweep
suspends; a withdrawal locks re-application out; regulators of another jurisdiction find
nothing, others are refused; every step audited."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.cli.app import main
from carbonlabel.domain.certification.certificate import CertificateAction, CertificateStatus
from carbonlabel.domain.certification.label import Verdict
from carbonlabel.domain.supervision import spot_checks as sc
from carbonlabel.domain.supervision.alerts import SEVERITY, Alert, AlertRule, AlertState
from carbonlabel.domain.tenancy import Role
from carbonlabel.errors import (
    InputError,
    NotFoundError,
    PermissionDeniedError,
    WorkflowError,
)
from carbonlabel.services.certification import cases, labels
from carbonlabel.services.certification.surveillance import NC_OVERDUE_REASON, sweep
from carbonlabel.services.supervision import alerts, spot_check_disposal, spot_checks
from carbonlabel.services.supervision.regulators import jurisdiction_of
from tests.support.certification import documents
from tests.support.changes import Certified, certified
from tests.support.supervision import colleague, regulator
from tests.support.supervision_spot_checks import draft, seed_spot_check

TODAY = datetime.now(UTC).date()


def _result(outcome: sc.Outcome, findings: str = "", **kw: object) -> sc.Result:
    return sc.Result(outcome, sc.Place.CIRCULATION, TODAY, findings, **kw)  # type: ignore[arg-type]


def _alert_on(make_uow: UowFactory, made: Certified, key: str) -> None:
    rule = AlertRule.VALUE_MISMATCH
    with make_uow(write=True) as uow:
        alerts.raise_alert(uow, Alert(key, rule, SEVERITY[rule], f"vm:{key}",
                                      made.certificate.number, made.certificate.id, None,
                                      "CN-GD", "CN-GD", {"on_pack": "99"}, AlertState.OPEN,
                                      datetime.now(UTC)))
        uow.commit()


def test_a_campaign_draws_the_valid_certificates_of_its_jurisdiction_reproducibly(
        make_uow: UowFactory, tmp_path: Path) -> None:
    risky = certified(make_uow, tmp_path, body_code=11)
    quiet = certified(make_uow, tmp_path, body_code=12)
    _alert_on(make_uow, risky, "a1")
    lead = regulator(make_uow, "CN-GD", "lead@gd.example", Role.DECISION_MAKER)
    jiangsu = regulator(make_uow, "CN-JS", "lead@js.example", Role.DECISION_MAKER)
    settings = sc.Selection(size=1, seed=7, random_share=0.0, alert_weight=5.0)
    with make_uow(write=True) as uow:
        campaign = spot_checks.create_campaign(uow, lead, draft(selection=settings))
    with make_uow(write=True) as uow:
        (item,) = spot_checks.draw(uow, lead, campaign.id, TODAY)
    with make_uow() as uow:
        seen = spot_checks.get_campaign(uow, lead, campaign.id)
        scope = uow.spot_checks.in_scope(jurisdiction_of(uow, lead), (), (), TODAY)
    assert (seen.state, seen.candidates, seen.bodies_in_scope) == (sc.CampaignState.DRAWN, 2, 2)
    assert {s.candidate.certificate_id: s.candidate.open_alerts for s in scope} == {
        risky.certificate.id: 1, quiet.certificate.id: 0}
    # the stored seed and scope draw the same again: the domain's selection over the same
    # candidates names the same certificate with the same weight (1 + 5 * 1 open alert)
    (again,) = sc.select([s.candidate for s in scope], settings)
    assert (item.certificate_id, item.weight) == (again.candidate.certificate_id, again.weight)
    if item.certificate_id == risky.certificate.id:
        assert (item.open_alerts, item.weight) == (1, 6.0)
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as twice:
        spot_checks.draw(uow, lead, campaign.id, TODAY)
    assert twice.value.rule == "spot_check_campaign_state"
    with make_uow(write=True) as uow:
        other = spot_checks.create_campaign(uow, jiangsu, draft())
    with make_uow(write=True) as uow:
        assert spot_checks.draw(uow, jiangsu, other.id, TODAY) == ()
    with make_uow() as uow:
        assert spot_checks.get_campaign(uow, jiangsu, other.id).candidates == 0
        actions = [r.action for r in uow.audit.chain()[0] if r.entity_id == campaign.id]
    assert actions == ["spot_check.campaign_created", "spot_check.sample_drawn"]


def test_only_the_regulators_of_the_jurisdiction_see_a_campaign_and_only_its_own_staff_act(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    lead = regulator(make_uow, "CN-GD", "lead@gd.example", Role.ADMIN)
    city = regulator(make_uow, "CN-GD-440300", "sz@gd.example", Role.ADMIN)
    national = regulator(make_uow, "CN", "cn@samr.example", Role.ADMIN)
    jiangsu = regulator(make_uow, "CN-JS", "js@js.example", Role.ADMIN)
    viewer = colleague(make_uow, lead, "viewer@gd.example", Role.VIEWER)
    ids = seed_spot_check(make_uow, lead, made.certificate.id)
    with make_uow() as uow:
        assert spot_checks.get_campaign(uow, national, ids["campaign_id"]).jurisdiction == "CN-GD"
        assert spot_checks.items(uow, viewer, ids["campaign_id"])[0].id == ids["item_id"]
        for stranger in (jiangsu, city):  # another province; a city below sees no province's
            with pytest.raises(NotFoundError):
                spot_checks.get_campaign(uow, stranger, ids["campaign_id"])
        assert spot_checks.campaigns_page(uow, jiangsu, 0, 10).total == 0
        with pytest.raises(PermissionDeniedError):
            spot_checks.campaigns_page(uow, made.holder.admin, 0, 10)
        with pytest.raises(PermissionDeniedError):
            spot_checks.campaigns_page(uow, made.body.admin, 0, 10)
    with make_uow(write=True) as uow:
        with pytest.raises(PermissionDeniedError):
            spot_checks.create_campaign(uow, viewer, draft())
        with pytest.raises(PermissionDeniedError):  # the national regulator reads, not runs
            spot_checks.record_result(uow, national, ids["campaign_id"], ids["item_id"],
                                      _result(sc.Outcome.CONFORMING))
        with pytest.raises(PermissionDeniedError):  # not the assigned inspector
            spot_checks.record_result(uow, viewer, ids["campaign_id"], ids["item_id"],
                                      _result(sc.Outcome.CONFORMING))
        with pytest.raises(InputError) as outsider:  # an inspector of another regulator
            spot_checks.assign(uow, lead, ids["campaign_id"], ids["item_id"], jiangsu.id)
        assert outsider.value.field == "inspector_id"


def test_a_serious_result_is_the_bodys_required_action_and_its_suspension_shows_on_a_scan(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    keys = LabelKeys(tmp_path / "keys")
    with make_uow(write=True) as uow:
        label = labels.issue_label(uow, made.holder.admin, made.certificate.id, keys)
    lead = regulator(make_uow, "CN-GD", "lead@gd.example", Role.ADMIN)
    inspector = colleague(make_uow, lead, "inspector@gd.example", Role.AUDITOR)
    ids = seed_spot_check(make_uow, lead, made.certificate.id, assign_to=inspector)
    other_body = certified(make_uow, tmp_path, body_code=21).body
    with make_uow(write=True) as uow:
        with pytest.raises(InputError) as silent:
            spot_checks.record_result(uow, inspector, ids["campaign_id"], ids["item_id"],
                                      _result(sc.Outcome.SERIOUS))
        assert silent.value.field == "findings"
        item = spot_checks.record_result(
            uow, inspector, ids["campaign_id"], ids["item_id"],
            _result(sc.Outcome.SERIOUS, "包装标示值低于证书值 / on-pack value below the "
                                        "certificate's", label_conforms=False))
    assert item.state is sc.ItemState.AWAITING_DISPOSAL
    assert item.act_by == TODAY + timedelta(days=5)
    assert item.result is not None
    assert item.result.declared_value == float(made.certificate.certified_value)
    with make_uow() as uow:
        (nc,) = uow.oversight.nonconformities(made.certificate.id)
        (waiting,) = spot_check_disposal.required_actions(uow, made.body.decider)
        assert spot_check_disposal.required_actions(uow, other_body.admin) == []
        with pytest.raises(NotFoundError):
            spot_check_disposal.body_item(uow, other_body.admin, item.id)
    assert (nc.check_id, nc.due_on, nc.open) == (item.id, TODAY + timedelta(days=5), True)
    assert "spot check 2026-1 (serious nonconformity)" in nc.description
    assert waiting.id == item.id
    with make_uow(write=True) as uow:  # no new label while the finding is open
        with pytest.raises(WorkflowError) as no_label:
            labels.issue_label(uow, made.holder.admin, made.certificate.id, keys)
        assert no_label.value.rule == "surveillance_nonconformity_open"
        with pytest.raises(PermissionDeniedError):
            spot_check_disposal.dispose(uow, made.body.auditors[0], item.id,
                                        sc.Disposal.SUSPEND, "x")
        with pytest.raises(WorkflowError) as only_corrected:
            spot_check_disposal.dispose(uow, made.body.decider, item.id,
                                        sc.Disposal.CORRECT, "整改")
        assert only_corrected.value.rule == "spot_check_disposal"
        disposed = spot_check_disposal.dispose(uow, made.body.decider, item.id, sc.Disposal.SUSPEND,
                                       "暂停证书 / certificate suspended")
    assert (disposed.state, disposed.disposal) == (sc.ItemState.DISPOSED, sc.Disposal.SUSPEND)
    with make_uow() as uow:
        certificate = uow.certificates.get(made.certificate.id)
        assert certificate is not None
        assert certificate.status is CertificateStatus.SUSPENDED
        (change,) = uow.certificates.status_changes(made.certificate.id)
        assert change.reason.startswith("认证有效性抽查 2026 第1批 / spot check 2026-1")
        (notice,) = uow.oversight.notices(made.certificate.id)
        assert notice.action == "suspend"
        verdict = labels.verify_token(uow, label.token, keys.public_keys(), TODAY)
        assert verdict.verdict is Verdict.SUSPENDED
        assert labels.verify_code(uow, made.certificate.number, TODAY).verdict is (
            Verdict.SUSPENDED)
        m = spot_checks.campaign_metrics(uow, lead, ids["campaign_id"]).metrics
        actions = [r.action for r in uow.audit.chain()[0] if r.entity_id in (
            ids["item_id"], made.certificate.id)]
    assert (m.items, m.nonconforming, m.serious, m.suspended, m.awaiting_disposal) == (
        1, 1, 1, 1, 0)
    assert actions[-4:] == ["spot_check.item_assigned", "spot_check.result_recorded",
                            "certificate.suspend", "spot_check.disposed"]
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as again:
        spot_check_disposal.dispose(uow, made.body.decider, item.id, sc.Disposal.WITHDRAW, "again")
    assert again.value.rule == "spot_check_item_state"


def test_a_suspension_made_from_the_certificate_page_disposes_of_the_waiting_result(
        make_uow: UowFactory, tmp_path: Path) -> None:
    """The body may suspend from the certificate itself rather than from its required
    actions: the waiting result is then disposed of by that suspension, not left waiting."""
    made = certified(make_uow, tmp_path)
    lead = regulator(make_uow, "CN-GD", "lead@gd.example", Role.ADMIN)
    ids = seed_spot_check(make_uow, lead, made.certificate.id)
    with make_uow(write=True) as uow:
        spot_checks.record_result(uow, lead, ids["campaign_id"], ids["item_id"],
                                  _result(sc.Outcome.SERIOUS, "标示值不符"))
    with make_uow(write=True) as uow:
        labels.change_certificate_status(uow, made.body.decider, made.certificate.id,
                                         CertificateAction.SUSPEND, "暂停 / suspended")
    with make_uow() as uow:
        item = uow.spot_checks.item(ids["item_id"])
        assert spot_check_disposal.required_actions(uow, made.body.decider) == []
        m = spot_checks.campaign_metrics(uow, lead, ids["campaign_id"]).metrics
        (record,) = [r for r in uow.audit.chain()[0] if r.entity_id == ids["item_id"]
                     and r.action == "spot_check.disposed"]
    assert item is not None
    assert (item.state, item.disposal) == (sc.ItemState.DISPOSED, sc.Disposal.SUSPEND)
    assert item.disposed_by == made.body.decider.id
    assert "暂停 / suspended" in item.disposal_note
    assert (m.suspended, m.awaiting_disposal) == (1, 0)
    assert record.after["via"] == "certificate_status"


def test_an_unattended_minor_result_is_suspended_by_the_sweep_after_its_deadline(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    lead = regulator(make_uow, "CN-GD", "lead@gd.example", Role.ADMIN)
    ids = seed_spot_check(make_uow, lead, made.certificate.id)
    with make_uow(write=True) as uow:
        item = spot_checks.record_result(uow, lead, ids["campaign_id"], ids["item_id"],
                                         _result(sc.Outcome.MINOR, "数据质量评级缺失"))
    assert item.act_by == TODAY + timedelta(days=30)
    with make_uow(write=True) as uow:
        assert sweep(uow, TODAY + timedelta(days=30)).suspended_for_findings == ()
    with make_uow(write=True) as uow:
        (suspended,) = sweep(uow, TODAY + timedelta(days=31)).suspended_for_findings
    assert suspended.status is CertificateStatus.SUSPENDED
    with make_uow() as uow:
        (change,) = uow.certificates.status_changes(made.certificate.id)
    assert change.reason.startswith(NC_OVERDUE_REASON)
    assert "spot check 2026-1" in change.reason


def test_a_withdrawal_after_a_spot_check_locks_re_application_out(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    lead = regulator(make_uow, "CN-GD", "lead@gd.example", Role.ADMIN)
    ids = seed_spot_check(make_uow, lead, made.certificate.id)
    with make_uow(write=True) as uow:
        spot_checks.record_result(uow, lead, ids["campaign_id"], ids["item_id"],
                                  _result(sc.Outcome.SERIOUS, "复核值高出 30%",
                                          verified_value=1.3 * float(
                                              made.certificate.certified_value)))
    with make_uow(write=True) as uow:
        spot_check_disposal.dispose(uow, made.body.admin, ids["item_id"], sc.Disposal.WITHDRAW,
                            "撤销证书 / withdrawn")
    with make_uow(write=True) as uow:
        assert uow.certificates.get(made.certificate.id).status is (  # type: ignore[union-attr]
            CertificateStatus.WITHDRAWN)
        with pytest.raises(WorkflowError) as locked:
            cases.apply_for_certification(uow, made.holder.analyst,
                                          made.certificate.footprint_id,
                                          made.body.organisation_id, documents())
    assert locked.value.rule == "reapplication_lockout"
    # by hand: the scheme's 365 days (at least the six months of the official practice)
    assert (TODAY + timedelta(days=365)).isoformat() in locked.value.message_en


def test_a_conforming_result_closes_the_item_and_the_re_run_agrees_with_the_certificate(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    lead = regulator(make_uow, "CN-GD", "lead@gd.example", Role.ADMIN)
    ids = seed_spot_check(make_uow, lead, made.certificate.id)
    with make_uow() as uow:
        again = spot_checks.reverify(uow, lead, ids["campaign_id"], ids["item_id"], tmp_path,
                                     tmp_path / "databases")
        footprint = uow.footprints.in_org(made.holder.organisation.id,
                                          made.certificate.footprint_id)
    assert footprint is not None
    # the certificate declares the footprint's total (as certified, rounded to its digits)
    assert again.declared_value == float(made.certificate.certified_value)
    assert again.recomputed_value == pytest.approx(footprint.total_co2e_kg, rel=1e-9)
    assert again.deviation < 0.01
    off = replace(_result(sc.Outcome.CONFORMING), verified_value=again.declared_value * 1.2)
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as refused:
        spot_checks.record_result(uow, lead, ids["campaign_id"], ids["item_id"], off)
    assert refused.value.rule == "spot_check_value_deviation"
    with make_uow(write=True) as uow:
        done = spot_checks.record_result(
            uow, lead, ids["campaign_id"], ids["item_id"],
            replace(_result(sc.Outcome.CONFORMING), verified_value=again.recomputed_value,
                    place=sc.Place.ONLINE, sampled_on=date(2026, 1, 5)))
    assert done.state is sc.ItemState.CONFORMING
    assert done.result is not None
    assert done.result.verified_unit == made.certificate.certified_unit
    with make_uow() as uow:
        assert uow.oversight.nonconformities(made.certificate.id) == []
    with make_uow(write=True) as uow:
        closed = spot_checks.close_campaign(uow, lead, ids["campaign_id"])
    assert closed.state is sc.CampaignState.CLOSED
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as after:
        spot_checks.refer(uow, lead, ids["campaign_id"], ids["item_id"], "移送")
    assert after.value.rule == "spot_check_campaign_closed"


def test_the_cli_runs_a_campaign_from_creation_to_the_bodys_disposal(
        make_uow: UowFactory, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    made = certified(make_uow, tmp_path)
    lead = regulator(make_uow, "CN-GD", "lead@gd.example", Role.ADMIN)
    where = ["--database-url", database_url, "--data-dir", str(tmp_path)]
    assert main(["supervision", "spot-checks", "create", "--year", "2026", "--round", "3",
                 "--title", "抽查", "--legal-basis", "《认证认可条例》", "--size", "3",
                 "--seed", "9", "--user", lead.email, *where]) == 0
    campaign_id = capsys.readouterr().out.split("created: ")[1].split()[0]
    assert main(["supervision", "spot-checks", "add", campaign_id, made.certificate.number,
                 "--user", lead.email, *where]) == 0
    assert made.certificate.number in capsys.readouterr().out
    assert main(["supervision", "spot-checks", "draw", campaign_id, "--user", lead.email,
                 *where]) == 0
    assert "已抽取 drawn: 0" in capsys.readouterr().out  # the one certificate is in already
    with make_uow() as uow:
        (item,) = uow.spot_checks.items(campaign_id)
    for argv in (["assign", campaign_id, item.id, "--inspector", lead.email],
                 ["result", campaign_id, item.id, "--outcome", "serious", "--place",
                  "production", "--sampled-on", TODAY.isoformat(), "--findings", "数据不实"]):
        assert main(["supervision", "spot-checks", *argv, "--user", lead.email, *where]) == 0
    assert main(["supervision", "spot-checks", "required", "--user", made.body.decider.email,
                 *where]) == 0
    assert item.id in capsys.readouterr().out
    assert main(["supervision", "spot-checks", "dispose", item.id, "--disposal", "suspend",
                 "--note", "暂停", "--user", made.body.decider.email, *where]) == 0
    assert main(["supervision", "spot-checks", "metrics", campaign_id, "--user", lead.email,
                 *where]) == 0
    assert "暂停 suspended 1" in capsys.readouterr().out
    assert main(["supervision", "spot-checks", "show", campaign_id, "--user",
                 made.holder.admin.email, *where]) != 0  # not a regulator: refused


def test_a_targeted_certificate_is_added_once_and_left_out_of_the_draw(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    lead = regulator(make_uow, "CN-GD", "lead@gd.example", Role.ADMIN)
    jiangsu = regulator(make_uow, "CN-JS", "js@js.example", Role.ADMIN)
    with make_uow(write=True) as uow:
        campaign = spot_checks.create_campaign(uow, lead, draft())
    with make_uow(write=True) as uow:
        other = spot_checks.create_campaign(uow, jiangsu, draft())
    with make_uow(write=True) as uow:
        item = spot_checks.add_certificate(uow, lead, campaign.id,
                                           f" {made.certificate.number.lower()} ", TODAY)
    assert (item.certificate_id, item.drawn_by, item.state) == (
        made.certificate.id, sc.DrawnBy.TARGETED, sc.ItemState.SELECTED)
    with make_uow(write=True) as uow:
        with pytest.raises(WorkflowError) as twice:
            spot_checks.add_certificate(uow, lead, campaign.id, made.certificate.number, TODAY)
        assert twice.value.rule == "spot_check_already_in_campaign"
        with pytest.raises(NotFoundError):  # a certificate outside Jiangsu
            spot_checks.add_certificate(uow, jiangsu, other.id, made.certificate.number, TODAY)
        with pytest.raises(NotFoundError):  # another jurisdiction's campaign
            spot_checks.add_certificate(uow, jiangsu, campaign.id, made.certificate.number,
                                        TODAY)
    with make_uow(write=True) as uow:
        assert spot_checks.draw(uow, lead, campaign.id, TODAY) == ()  # the one is taken
    with make_uow() as uow:
        assert [i.id for i in spot_checks.items(uow, lead, campaign.id)] == [item.id]
        assert spot_checks.get_campaign(uow, lead, campaign.id).candidates == 0
