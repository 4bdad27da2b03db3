"""The certification workflow through the services, on SQLite and PostgreSQL: a case from
application to certificate and label, and the rules that must not be broken."""

from __future__ import annotations

from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect, text

from carbonlabel.adapters.db.migrate import current_revision, head_revision, upgrade
from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.label_keys import LabelKeys, sign_label
from carbonlabel.domain.certification.certificate import (
    CertificateAction,
    anniversary,
    is_valid_number,
)
from carbonlabel.domain.certification.label import LabelPayload, Verdict
from carbonlabel.domain.certification.records import DocumentKind
from carbonlabel.domain.certification.states import CaseAction, CaseState
from carbonlabel.domain.tenancy import Role
from carbonlabel.errors import InputError, PermissionDeniedError, WorkflowError
from carbonlabel.services.accounts import users
from carbonlabel.services.certification import bodies, cases, impartiality, labels
from carbonlabel.services.quantify import catalog
from tests.support.certification import (
    CATEGORY,
    DEMO_MODEL,
    certify,
    declare_for_case,
    documents,
    engagement_to_opinion,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)


def test_a_case_goes_from_application_to_a_verifiable_label(make_uow: UowFactory,
                                                            tmp_path: Path) -> None:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    certificate_id = certify(make_uow, tmp_path, body, tenant, footprint)
    keys = LabelKeys(tmp_path / "keys")
    with make_uow(write=True) as uow:
        certificate = uow.certificates.get(certificate_id)
        assert certificate is not None
        label = labels.issue_label(uow, tenant.admin, certificate_id, keys)
        uow.commit()
    assert is_valid_number(certificate.number)
    assert certificate.value_co2e_kg == footprint.total_co2e_kg
    # valid to the day before the second anniversary (calendar years, not 730 days)
    assert certificate.expires_on + timedelta(days=1) == anniversary(certificate.issued_on, 2)
    assert certificate.certified_value == "43.11"  # 43.1145...: four significant figures
    assert label.value == "43.11"
    today = certificate.issued_on
    with make_uow() as uow:
        outcome = labels.verify_token(uow, label.token, keys.public_keys(), today)
        assert outcome.verdict is Verdict.VALID
        assert labels.verify_code(uow, certificate.number, today).verdict is Verdict.VALID
        assert len(uow.certificates.surveillance(certificate_id)) == 1
    with make_uow(write=True) as uow:
        labels.change_certificate_status(uow, body.decider, certificate_id,
                                         CertificateAction.SUSPEND, "监督不合格")
        uow.commit()
    with make_uow() as uow:
        assert labels.verify_token(uow, label.token, keys.public_keys(),
                                   today).verdict is Verdict.SUSPENDED
        actions = [r.action for r in uow.audit.chain()[0]]
    assert "certificate.issued" in actions
    assert "certificate.suspend" in actions
    assert actions.count("case.grant") == 1


def test_the_decider_may_not_have_audited_the_case(make_uow: UowFactory,
                                                    tmp_path: Path) -> None:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    # the decision maker is also put on the audit team
    qualify_and_declare(make_uow, body, tenant.organisation.id,
                        (body.auditors[0], body.decider))

    with make_uow(write=True) as uow:
        case = cases.apply_for_certification(uow, tenant.analyst, footprint.id,
                                             body.organisation_id, documents())
        cases.act(uow, body.admin, case.id, CaseAction.ACCEPT)
        declare_for_case(uow, body, case.id)
        cases.act(uow, body.admin, case.id, CaseAction.PLAN, cases.StepDetails(
            team=(body.auditors[0].id, body.decider.id), audit_dates=(date(2026, 12, 1),)))
        for action in (CaseAction.START_DOCUMENT_REVIEW, CaseAction.COMPLETE_DOCUMENT_REVIEW,
                       CaseAction.COMPLETE_INSPECTION):
            cases.act(uow, body.decider, case.id, action)
        cases.record_verification(uow, body.decider, case.id, "", tmp_path,
                                  tmp_path / "databases")
        # the team's leader is the auditor; the other auditor, not on the team, reviews
        engagement_to_opinion(uow, case.id, body.auditors[0], body.auditors[1])
        cases.act(uow, body.decider, case.id, CaseAction.COMPLETE_VERIFICATION)
        cases.act(uow, body.decider, case.id, CaseAction.COMPLETE_EVALUATION)
        with pytest.raises(WorkflowError) as info:
            cases.act(uow, body.decider, case.id, CaseAction.GRANT)
        assert info.value.rule == "independent_decision"
        with pytest.raises(PermissionDeniedError):  # an auditor is no decision maker
            cases.act(uow, body.auditors[0], case.id, CaseAction.GRANT)


def test_each_step_is_kept_by_its_command_and_a_refused_one_keeps_nothing(
        make_uow: UowFactory, tmp_path: Path) -> None:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    with make_uow(write=True) as uow:  # no commit of the caller's: the commands commit
        case = cases.apply_for_certification(uow, tenant.analyst, footprint.id,
                                             body.organisation_id, documents())
        cases.act(uow, body.admin, case.id, CaseAction.ACCEPT, cases.StepDetails(
            reason="齐全 / complete"))
    with make_uow(write=True) as uow, pytest.raises(WorkflowError):
        cases.act(uow, body.admin, case.id, CaseAction.PLAN, cases.StepDetails(
            team=(body.auditors[0].id,), audit_dates=(date(2026, 12, 1),)))  # not qualified
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        cases.act(uow, tenant.admin, case.id, CaseAction.PLAN)  # the body's step
    empty = cases.Upload(DocumentKind.REDUCTION_PLAN, "plan.pdf", "application/pdf", b"")
    with make_uow(write=True) as uow, pytest.raises(InputError):  # after the case was added
        cases.apply_for_certification(uow, tenant.analyst, footprint.id,
                                      body.organisation_id, (*documents()[:3], empty))
    with make_uow() as uow:
        kept = uow.cases.get(case.id)
        assert kept is not None
        assert kept.state is CaseState.ACCEPTED
        assert kept.team == ()
        assert [e.action for e in uow.cases.events(case.id)] == ["apply", "accept"]
        assert [r.action for r in uow.audit.chain()[0]
                if r.entity_id == case.id] == ["case.applied", "case.accept"]
        assert [c.id for c in uow.cases.page(tenant.organisation.id, 0, 10).items] == [
            case.id]


def test_a_body_without_the_category_in_scope_cannot_take_the_case(make_uow: UowFactory,
                                                                   tmp_path: Path) -> None:
    body = seed_body(make_uow, categories=("cement",))
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as info:
        cases.apply_for_certification(uow, tenant.analyst, footprint.id,
                                               body.organisation_id, documents())
    assert info.value.rule == "accreditation_scope"


def test_only_qualified_impartial_auditors_join_the_team(make_uow: UowFactory,
                                                         tmp_path: Path) -> None:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    with make_uow(write=True) as uow:
        case = cases.apply_for_certification(uow, tenant.analyst, footprint.id,
                                             body.organisation_id, documents())
        cases.act(uow, body.admin, case.id, CaseAction.ACCEPT)
        uow.commit()
    plan = cases.StepDetails(team=(body.auditors[0].id,),
                             audit_dates=(date(2026, 12, 1),))
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as info:
        cases.act(uow, body.admin, case.id, CaseAction.PLAN, plan)
    assert info.value.rule == "auditor_qualification"
    with make_uow(write=True) as uow:
        bodies.qualify(uow, body.admin, body.auditors[0].id, CATEGORY)
        uow.commit()
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as info:
        cases.act(uow, body.admin, case.id, CaseAction.PLAN, plan)
    assert info.value.rule == "impartiality"
    with make_uow(write=True) as uow:  # a declaration for the applicant is not enough
        cases.declare_impartiality(uow, body.auditors[0], tenant.organisation.id, "ok")
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as info:
        cases.act(uow, body.admin, case.id, CaseAction.PLAN, plan)
    assert info.value.rule == "impartiality"
    with make_uow(write=True) as uow:  # one for this case is (ISO/IEC 17065 4.2)
        impartiality.declare_for_case(uow, body.auditors[0], case.id, "ok")
        planned = cases.act(uow, body.admin, case.id, CaseAction.PLAN, plan)
        uow.commit()
    assert planned.state is CaseState.PLANNED


def test_a_refused_step_names_the_state_and_the_action(make_uow: UowFactory,
                                                       tmp_path: Path) -> None:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    with make_uow(write=True) as uow:
        case = cases.apply_for_certification(uow, tenant.analyst, footprint.id,
                                             body.organisation_id, documents())
        with pytest.raises(WorkflowError) as info:
            cases.act(uow, body.decider, case.id, CaseAction.GRANT)
    assert "'grant'" in info.value.message_en
    assert "'applied'" in info.value.message_en


def test_a_changed_model_blocks_new_labels_until_re_evaluation(make_uow: UowFactory,
                                                               tmp_path: Path) -> None:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    certificate_id = certify(make_uow, tmp_path, body, tenant, footprint)
    with make_uow(write=True) as uow:
        catalog.save_model_version(uow, tenant.analyst, footprint.product_id,
                                   DEMO_MODEL.read_text(encoding="utf-8"), "yaml", tmp_path,
                                   tmp_path / "databases")
        uow.commit()
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as info:
        labels.issue_label(uow, tenant.admin, certificate_id, LabelKeys(tmp_path / "k"))
    assert info.value.rule == "reevaluation_required"


def test_an_enterprise_user_cannot_act_for_the_body(make_uow: UowFactory,
                                                    tmp_path: Path) -> None:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    with make_uow(write=True) as uow:
        case = cases.apply_for_certification(uow, tenant.analyst, footprint.id,
                                             body.organisation_id, documents())
        with pytest.raises(PermissionDeniedError):
            cases.act(uow, tenant.admin, case.id, CaseAction.ACCEPT)
        outsider = users.add_user(uow, tenant.organisation.id, "x-outsider@example.cn", "x",
                                  Role.VIEWER, "a long test password", None)
        with pytest.raises(PermissionDeniedError):
            cases.act(uow, outsider, case.id, CaseAction.WITHDRAW)


def _downgrade(engine: Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(
        resources.files("carbonlabel.adapters.db").joinpath("migrations")))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_the_migration_fixes_the_certified_value_of_existing_certificates(
        engine: Engine, make_uow: UowFactory, tmp_path: Path) -> None:
    """Certificates granted before revision 0005 get their value with the grant's rule (four
    significant figures, ties to even); a label signed then (three digits) stays genuine."""
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    battery = certify(make_uow, tmp_path, body, tenant, footprint)
    cement = certify(make_uow, tmp_path, body, tenant, footprint)
    with make_uow() as uow:
        old = uow.certificates.get(battery)
    assert old is not None
    keys = LabelKeys(tmp_path / "keys")
    kid, key = keys.current()
    # a label of the release before: three significant digits of 43.1145... kg CO2e per kWh
    legacy = sign_label(LabelPayload(kid, old.number, "43.1", "kg CO2e / 1 kWh", old.issued_on,
                                     old.expires_on), key)

    _downgrade(engine, "0004")
    assert "certified_value" not in {c["name"] for c in inspect(engine).get_columns(
        "certificates")}
    with engine.begin() as conn:  # the demo cement's 714.2857... kg CO2e per t
        conn.execute(text("UPDATE certificates SET value_co2e_kg = 714.2857142857143, "
                          "declared_unit = '1 t' WHERE id = :id"), {"id": cement})
    upgrade(engine)

    assert current_revision(engine) == head_revision()
    with make_uow() as uow:
        battery_now, cement_now = uow.certificates.get(battery), uow.certificates.get(cement)
        assert battery_now is not None
        assert cement_now is not None
        # by hand: 43.11|45... -> 43.11; 714.2|857... -> 714.3
        assert (battery_now.certified_value, battery_now.certified_unit) == (
            "43.11", "kg CO2e / 1 kWh")
        assert (cement_now.certified_value, cement_now.certified_unit) == (
            "714.3", "kg CO2e / 1 t")
        assert labels.verify_token(uow, legacy, keys.public_keys(),
                                   old.issued_on).verdict is Verdict.VALID
    with make_uow(write=True) as uow:  # a label issued now signs the stored value
        label = labels.issue_label(uow, tenant.admin, cement, keys)
        uow.commit()
    assert (label.value, label.unit) == ("714.3", "kg CO2e / 1 t")
