"""System certification (体系认证), on SQLite and PostgreSQL: a case in system mode is granted
a system certificate (no product, no value) once its calculation system is assessed; the
holder registers products under it without a case each; the registry shows each registered
product with the mode and the system certificate's number; surveillance draws a seeded,
reproducible sample; a nonconforming sample suspends the system certificate and every product
registered under it, and a restore restores them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.domain.certification.certificate import (
    CertificateAction,
    CertificateStatus,
    is_valid_number,
)
from carbonlabel.domain.certification.certificate_content import CertificationMode
from carbonlabel.domain.certification.label import Verdict
from carbonlabel.domain.certification.system import SampleResult, SystemItem, draw
from carbonlabel.errors import PermissionDeniedError, WorkflowError
from carbonlabel.services.certification import documents, labels, system
from carbonlabel.services.registry import verification
from tests.support.certification import (
    Body,
    certify,
    enterprise_with_footprint,
    product_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.platform import Tenant
from tests.support.system import RULE, grant_case, register_products, take_system_case


@dataclass(frozen=True)
class Granted:
    body: Body
    holder: Tenant
    system_id: str


def granted(make_uow: UowFactory, data_dir: Path) -> Granted:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, data_dir)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    case_id = take_system_case(make_uow, data_dir, body, tenant, footprint)
    with make_uow() as uow:
        made = uow.systems.of_case(case_id)
        assert made is not None
    return Granted(body, tenant, made.id)


def test_a_system_case_is_granted_a_system_certificate_in_the_certificates_number_series(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = granted(make_uow, tmp_path)
    with make_uow() as uow:
        cert = uow.systems.get(made.system_id)
        assert cert is not None
        case = uow.cases.get(cert.case_id)
        assert case is not None
        assert case.certificate_id == cert.id
        assert is_valid_number(cert.number)
        assert cert.status is CertificateStatus.VALID
        assert (cert.category, cert.product_rule) == ("4", RULE)
        assert uow.certificates.get(cert.id) is None  # no product certificate for the case
        assert uow.certificates.of_holder(made.holder.organisation.id) == []
    # a product certificate of the same body takes the next serial, not the system's
    footprint = product_footprint(make_uow, tmp_path, made.holder)
    product_id = certify(make_uow, tmp_path, made.body, made.holder, footprint)
    with make_uow() as uow:
        product = uow.certificates.get(product_id)
        assert product is not None
        assert product.number != cert.number
        assert product.number[:-3].rsplit("-", 1)[1] == "000002"


def test_a_system_case_is_not_granted_until_every_item_of_the_system_is_assessed(
        make_uow: UowFactory, tmp_path: Path) -> None:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    case_id = take_system_case(make_uow, tmp_path, body, tenant, footprint,
                               assess=(SystemItem.PROCEDURES, SystemItem.MODELS), grant=False)
    with pytest.raises(WorkflowError) as refused:
        grant_case(make_uow, body, case_id)
    assert refused.value.rule == "system_assessment_missing"
    with make_uow(write=True) as uow:
        system.assess(uow, body.auditors[0], case_id, SystemItem.COMPETENCE, True, "ok")
        system.assess(uow, body.auditors[0], case_id, SystemItem.DATA_CONTROLS, False,
                      "数据无复核 / no data review")
    with pytest.raises(WorkflowError) as refused:
        grant_case(make_uow, body, case_id)
    assert refused.value.rule == "system_assessment_nonconforming"
    with make_uow(write=True) as uow:
        system.assess(uow, body.auditors[0], case_id, SystemItem.DATA_CONTROLS, True,
                      "已建立复核 / review in place")
    grant_case(make_uow, body, case_id)


def test_the_holder_registers_a_product_without_a_case_and_the_registry_shows_its_mode(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = granted(make_uow, tmp_path)
    (product,) = register_products(make_uow, tmp_path, made.holder, made.system_id, 1)
    with make_uow() as uow:
        cert = uow.systems.get(made.system_id)
        assert cert is not None
        assert product.case_id == cert.case_id  # no case of its own
        assert product.expires_on == cert.expires_on
        assert uow.certificates.surveillance(product.id) == []  # sampling covers it
        entry = uow.registry.entry(product.number)
        assert entry is not None
        assert (entry.mode, entry.system_number) == (CertificationMode.SYSTEM, cert.number)
        assert entry.certified_value == product.certified_value
        assert documents.certificate_content(uow, product).mode is CertificationMode.SYSTEM
        found = verification.search(uow, verification.Search(text=product.number))
        assert [e.mode for e in found.items] == [CertificationMode.SYSTEM]
        assert verification.verify_code(uow.registry, product.number,
                                        date.today()).verdict is Verdict.VALID
    with make_uow(write=True) as uow:  # a registered product gets labels like any
        assert labels.issue_label(uow, made.holder.analyst, product.id,
                                  _keys(tmp_path)).certificate_id == product.id


def _keys(tmp_path: Path) -> LabelKeys:
    keys = LabelKeys(tmp_path / "label-keys")
    keys.rotate()
    return keys


def test_a_product_certificate_is_in_the_registry_in_product_mode(
        make_uow: UowFactory, tmp_path: Path) -> None:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    certificate_id = certify(make_uow, tmp_path, body, tenant, footprint)
    with make_uow() as uow:
        certificate = uow.certificates.get(certificate_id)
        assert certificate is not None
        entry = uow.registry.entry(certificate.number)
        assert entry is not None
        assert (entry.mode, entry.system_number) == (CertificationMode.PRODUCT, None)


def test_registration_is_refused_to_others_out_of_scope_twice_and_while_suspended(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = granted(make_uow, tmp_path)
    footprint = product_footprint(make_uow, tmp_path, made.holder)
    cement = product_footprint(make_uow, tmp_path, made.holder, category="16")
    with make_uow(write=True) as uow:
        with pytest.raises(PermissionDeniedError):
            system.register(uow, made.body.admin, made.system_id, footprint.id)
        with pytest.raises(WorkflowError) as refused:
            system.register(uow, made.holder.analyst, made.system_id, cement.id)
        assert refused.value.rule == "system_scope"
        system.register(uow, made.holder.analyst, made.system_id, footprint.id)
    with make_uow(write=True) as uow:
        with pytest.raises(WorkflowError) as refused:
            system.register(uow, made.holder.analyst, made.system_id, footprint.id)
        assert refused.value.rule == "already_registered"
        system.change_status(uow, made.body.decider, made.system_id,
                             CertificateAction.SUSPEND, "审核发现问题 / findings")
    other = product_footprint(make_uow, tmp_path, made.holder)
    with make_uow(write=True) as uow:
        with pytest.raises(WorkflowError) as refused:
            system.register(uow, made.holder.analyst, made.system_id, other.id)
        assert refused.value.rule == "system_certificate_not_valid"


def test_a_sample_is_the_same_for_its_seed_and_recorded_with_it(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = granted(make_uow, tmp_path)
    products = register_products(make_uow, tmp_path, made.holder, made.system_id, 5)
    ids = [p.id for p in products]
    with make_uow(write=True) as uow:
        first = system.draw_sample(uow, made.body.auditors[0], made.system_id, seed=42)
        again = system.draw_sample(uow, made.body.auditors[1], made.system_id, seed=42)
    picked = [i.certificate_id for i in first.items]
    assert picked == [i.certificate_id for i in again.items] == draw(ids, 42)
    assert len(picked) == 3  # ceil(sqrt(5))
    with make_uow() as uow:
        (stored, _) = uow.systems.samples(made.system_id)
        assert (stored.seed, stored.population) == (42, 5)
        assert [i.certificate_id for i in stored.items] == picked
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        system.draw_sample(uow, made.holder.admin, made.system_id, seed=1)
    with make_uow(write=True) as uow:  # a check by re-running the product's model
        checked = system.recheck(uow, made.body.auditors[0], first.id, picked[0], tmp_path,
                                 tmp_path / "databases")
    assert [(i.certificate_id, i.result) for i in checked.items if i.result] == [
        (picked[0], SampleResult.CONFORMING)]


def test_a_nonconforming_sample_suspends_the_system_and_every_registered_product(
        make_uow: UowFactory, tmp_path: Path) -> None:
    """The acceptance item of issue 14 (system mode), end to end."""
    made = granted(make_uow, tmp_path)
    products = register_products(make_uow, tmp_path, made.holder, made.system_id, 4)
    with make_uow(write=True) as uow:
        sample = system.draw_sample(uow, made.body.auditors[0], made.system_id, seed=7)
    assert [i.certificate_id for i in sample.items] == draw([p.id for p in products], 7)
    first, second = sample.items
    with make_uow(write=True) as uow:
        system.record_finding(uow, made.body.auditors[0], sample.id, first.certificate_id,
                              SampleResult.CONFORMING, "")
    with make_uow() as uow:
        cert = uow.systems.get(made.system_id)
        assert cert is not None
        assert cert.status is CertificateStatus.VALID
    with make_uow(write=True) as uow:
        system.record_finding(uow, made.body.auditors[0], sample.id, second.certificate_id,
                              SampleResult.NONCONFORMING, "模型未按产品规则 / model off the rule")
    with make_uow() as uow:
        cert = uow.systems.get(made.system_id)
        assert cert is not None
        assert cert.status is CertificateStatus.SUSPENDED
        for product in products:
            stored = uow.certificates.get(product.id)
            assert stored is not None
            assert stored.status is CertificateStatus.SUSPENDED
            entry = uow.registry.entry(product.number)
            assert entry is not None
            assert entry.live_status(date.today()) is (
                CertificateStatus.SUSPENDED)
            assert verification.verify_code(uow.registry, product.number,
                                            date.today()).verdict is Verdict.SUSPENDED
            assert uow.oversight.notices(product.id)  # each holder notice written
        (change,) = uow.systems.status_changes(made.system_id)
        assert change.action == "suspend"
        assert "model off the rule" in change.reason
    with make_uow(write=True) as uow:
        with pytest.raises(WorkflowError):  # a restore needs its evidence
            system.change_status(uow, made.body.decider, made.system_id,
                                 CertificateAction.RESTORE, "纠正 / corrected")
        system.change_status(uow, made.body.decider, made.system_id,
                             CertificateAction.RESTORE, "纠正 / corrected",
                             "模型已按规则重算 / models recalculated under the rule")
    with make_uow() as uow:
        cert = uow.systems.get(made.system_id)
        assert cert is not None
        assert cert.status is CertificateStatus.VALID
        assert {c.status for c in (uow.certificates.get(p.id) for p in products)
                if c is not None} == {CertificateStatus.VALID}
