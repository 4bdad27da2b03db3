"""A certification body, an enterprise with a calculated footprint, and a case taken through
the workflow: the building blocks of the certification tests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from carbonlabel.adapters.db.uow import UnitOfWork, UowFactory
from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.domain.certification.engagement import Assurance, OpinionKind, Risk, RiskItem
from carbonlabel.domain.certification.records import Certificate, DocumentKind, Label
from carbonlabel.domain.certification.states import CaseAction
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.domain.tenancy import OrgKind, Role, User
from carbonlabel.services.accounts import users
from carbonlabel.services.certification import agreement, bodies, cases, impartiality, labels
from carbonlabel.services.certification import engagement as verification
from carbonlabel.services.certification.application import ApplicationDetails
from carbonlabel.services.quantify import catalog, footprint_jobs
from tests.support.platform import PASSWORD, Tenant, seed_tenant

#: the certification tests' catalogue entry: 4, energy-storage lithium-ion batteries (the demo
#: battery pack); products keep the free-text category "lithium battery"
CATEGORY = "4"
PRODUCT_CATEGORY = "lithium battery"
DEMO_MODEL = Path(str(resources.files("carbonlabel").joinpath("demo/lfp_battery_pack.yaml")))


@dataclass(frozen=True)
class Body:
    organisation_id: str
    admin: User
    auditors: tuple[User, User]
    decider: User


def seed_operator(make_uow: UowFactory) -> User:
    """The platform operator's admin (one per database)."""
    with make_uow(write=True) as uow:
        for org in uow.organisations.list_all():
            if org.kind is OrgKind.OPERATOR:
                return next(u for u in uow.users.page(org.id, 0, 10).items
                            if u.role is Role.ADMIN)
        org = users.create_organisation(uow, "平台运营方 operator", OrgKind.OPERATOR, "CN-BJ")
        admin = users.add_user(uow, org.id, f"operator-{uuid.uuid4().hex[:8]}@op.example.cn",
                               "operator admin", Role.ADMIN, PASSWORD, None)
        uow.commit()
    return admin


def approval(code: int, categories: tuple[str, ...] = (CATEGORY,)) -> bodies.ApprovalData:
    """An approval valid from a year ago for five years (numbers made from the code)."""
    today = date.today()
    return bodies.ApprovalData(code, f"CNCA-R-2025-{code:03d}", f"CNAS C{code:04d}-P",
                               today - timedelta(days=365), today + timedelta(days=4 * 365),
                               categories)


def seed_body(make_uow: UowFactory, categories: tuple[str, ...] = (CATEGORY,),
              code: int | None = 7) -> Body:
    """A body with admin, two auditors and a decider; approved by the operator for
    ``categories`` (catalogue codes, or free text mapped by the catalogue) under ``code``
    (a code held by another body in this database: the next free one; None: not approved)."""
    operator = seed_operator(make_uow) if code is not None else None
    slug = uuid.uuid4().hex[:8]
    with make_uow(write=True) as uow:
        org = users.create_organisation(uow, f"认证中心 {slug}", OrgKind.CERTIFICATION_BODY,
                                        "CN-BJ")

        def user(role: Role, name: str) -> User:
            return users.add_user(uow, org.id, f"{name}-{slug}@cert.example.cn", name, role,
                                  PASSWORD, None)

        admin = user(Role.ADMIN, "admin")
        a1, a2 = user(Role.AUDITOR, "auditor1"), user(Role.AUDITOR, "auditor2")
        decider = user(Role.DECISION_MAKER, "decider")
        uow.commit()
        if operator is not None and code is not None:
            while uow.approvals.holder_of_code(code) is not None:
                code = code % 999 + 1
            bodies.record_approval(uow, operator, org.id, approval(code, categories))
    return Body(org.id, admin, (a1, a2), decider)


def qualify_and_declare(make_uow: UowFactory, body: Body, applicant_id: str,
                        auditors: tuple[User, ...] | None = None) -> None:
    with make_uow(write=True) as uow, uow.atomic():  # each command commits: all or none
        for auditor in auditors or body.auditors:
            bodies.qualify(uow, body.admin, auditor.id, CATEGORY)
            cases.declare_impartiality(uow, auditor, applicant_id,
                                       "与申请方无利益关系 / no conflict of interest")
        accept_agreement(uow, applicant_id)


def accept_agreement(uow: UnitOfWork, applicant_id: str) -> None:
    """The applicant's admin accepts the agreement in force (once)."""
    if agreement.accepted_current(uow, applicant_id):
        return
    current = agreement.in_force(uow)
    assert current is not None
    admin = next(u for u in uow.users.page(applicant_id, 0, 10).items if u.role is Role.ADMIN)
    agreement.accept(uow, admin, current.version)


def enterprise_with_footprint(make_uow: UowFactory, data_dir: Path,
                              category: str = PRODUCT_CATEGORY,
                              ) -> tuple[Tenant, FootprintRecord]:
    tenant = seed_tenant(make_uow, f"电池企业 {uuid.uuid4().hex[:6]}")
    return tenant, product_footprint(make_uow, data_dir, tenant, category)


def product_footprint(make_uow: UowFactory, data_dir: Path, tenant: Tenant,
                      category: str = CATEGORY) -> FootprintRecord:
    """A new product of the tenant with a calculated footprint (a product of its own: a
    withdrawal of its certificate locks out only this product)."""
    with make_uow(write=True) as uow:
        product = catalog.register_product(uow, tenant.analyst, catalog.ProductData(
            "储能电池包", "battery pack", category, None, None, None))
        version = catalog.save_model_version(uow, tenant.analyst, product.id,
                                             DEMO_MODEL.read_text(encoding="utf-8"), "yaml",
                                             data_dir, data_dir / "databases")
        job = footprint_jobs.start_footprint_job(uow, tenant.analyst, version.id)
        uow.commit()
        accept_agreement(uow, tenant.organisation.id)  # the applicant's standing undertaking
    footprint_jobs.run_footprint_job(make_uow, job.id, data_dir, data_dir / "databases")
    with make_uow() as uow:
        done = uow.jobs.get(job.id)
        assert done is not None
        assert done.result_id is not None
        record = uow.footprints.in_org(tenant.organisation.id, done.result_id)
        assert record is not None
    return record


def documents() -> tuple[cases.Upload, ...]:
    return tuple(cases.Upload(kind, f"{kind.value}.pdf", "application/pdf",
                              f"%PDF-1.4 {kind.value}".encode())
                 for kind in (DocumentKind.STUDY_REPORT, DocumentKind.PROCESS_FLOW_DIAGRAM,
                              DocumentKind.DATA_INVENTORY, DocumentKind.REDUCTION_PLAN))


NO_CONFLICT = "与申请方无利益关系 / no conflict of interest"


def declare_for_case(uow: UnitOfWork, body: Body, case_id: str) -> None:
    """The team and the decider declare impartiality for the case (ISO/IEC 17065 4.2)."""
    for person in (*body.auditors, body.decider):
        impartiality.declare_for_case(uow, person, case_id, NO_CONFLICT)


#: the verification engagement's terms, risk assessment (8 lines to test) and sample seed
TERMS = verification.Terms(
    Assurance.REASONABLE, 0.05, "核查碳足迹声明 / verify the footprint claim",
    "GB/T 24067-2024; 产品种类规则 / product rule", "从摇篮到大门 / cradle-to-gate",
    "认证机构、采购方 / the body, buyers")
RISKS = (RiskItem("production", Risk.HIGH, Risk.MEDIUM, "电耗 / electricity"),
         RiskItem("raw_materials", Risk.MEDIUM, Risk.LOW))
SEED = 20261207


def engagement_sampled(uow: UnitOfWork, case_id: str, lead: User) -> list[int]:
    """The engagement of a case in the PCF verification step whose re-run is recorded, up to
    its sample: the team leader (``lead``, the team's first member) agrees the terms, records
    and approves the plan and draws the sample (``SEED``); returns the sampled lines."""
    verification.set_up(uow, lead, case_id, TERMS)
    verification.record_plan(uow, lead, case_id, RISKS,
                             "现场访问、数据抽样、复算 / site visit, sampling, recalculation", 8)
    verification.approve_plan(uow, lead, case_id)
    return [line.seq for line in verification.draw_sample(uow, lead, case_id, SEED)]


def engagement_concluded(uow: UnitOfWork, case_id: str, lead: User, reviewer: User,
                         lines: list[int]) -> None:
    """Evidence that agrees with the model for each sampled line, the review by ``reviewer``
    (of the body, not on the team) and the leader's unmodified opinion."""
    for seq in lines:
        verification.record_evidence(uow, lead, case_id, seq, verification.Evidence(
            "电费单 2026-03 / power bill", 100.0, 100.0, "kWh"))
    verification.review(uow, reviewer, case_id, True, "证据充分 / sufficient evidence")
    verification.issue_opinion(uow, lead, case_id, OpinionKind.UNMODIFIED, "")


def engagement_to_opinion(uow: UnitOfWork, case_id: str, lead: User, reviewer: User) -> None:
    """The verification engagement of a case in the PCF verification step whose re-run is
    recorded, from its terms to an unmodified opinion (:func:`engagement_sampled`, then
    :func:`engagement_concluded`)."""
    engagement_concluded(uow, case_id, lead, reviewer, engagement_sampled(uow, case_id, lead))


def certify(make_uow: UowFactory, data_dir: Path, body: Body, tenant: Tenant,
            footprint: FootprintRecord, nonconformity: bool = False,
            details: ApplicationDetails | None = None) -> str:
    """Take a case from application to grant; returns the certificate id. The verification
    engagement goes to an unmodified opinion (reviewed by the decider); with
    ``nonconformity`` the verification raises one after the sample instead, the applicant
    answers it, the team closes it and the engagement's opinion follows the correction.
    ``details``: what the application names beside the footprint."""

    team = tuple(a.id for a in body.auditors)
    with make_uow(write=True) as uow, uow.atomic():  # the whole journey, or none of it
        accept_agreement(uow, tenant.organisation.id)
        case = cases.apply_for_certification(uow, tenant.analyst, footprint.id,
                                             body.organisation_id, documents(), details)
        cases.act(uow, body.admin, case.id, CaseAction.ACCEPT)
        declare_for_case(uow, body, case.id)
        cases.act(uow, body.admin, case.id, CaseAction.PLAN, cases.StepDetails(
            team=team, audit_dates=(date(2026, 12, 1),)))
        lead = body.auditors[0]
        for action in (CaseAction.START_DOCUMENT_REVIEW, CaseAction.COMPLETE_DOCUMENT_REVIEW,
                       CaseAction.COMPLETE_INSPECTION):
            cases.act(uow, lead, case.id, action)
        cases.record_verification(uow, lead, case.id, "re-run agrees", data_dir,
                                  data_dir / "databases")
        if nonconformity:  # sampled, then the finding; the opinion after the correction
            lines = engagement_sampled(uow, case.id, lead)
            cases.act(uow, lead, case.id, CaseAction.RAISE_NONCONFORMITIES,
                      cases.StepDetails(nonconformities=("电表未校准 / "
                                                                         "meter not calibrated",)))
            (nc,) = uow.cases.nonconformities(case.id)
            cases.answer_nonconformity(uow, tenant.analyst, case.id, nc.id,
                                       "已校准 / calibrated")
            cases.close_nonconformity(uow, lead, case.id, nc.id)
            engagement_concluded(uow, case.id, lead, body.decider, lines)
            cases.act(uow, lead, case.id, CaseAction.CLOSE_NONCONFORMITIES)
        else:  # reviewed by the decider, who is not on the team
            engagement_to_opinion(uow, case.id, lead, body.decider)
            cases.act(uow, lead, case.id, CaseAction.COMPLETE_VERIFICATION)
        cases.act(uow, lead, case.id, CaseAction.COMPLETE_EVALUATION)
        granted = cases.act(uow, body.decider, case.id, CaseAction.GRANT,
                            cases.StepDetails(reason="符合要求 / conforms"))
    assert granted.certificate_id is not None
    return granted.certificate_id


@dataclass(frozen=True)
class Labelled:
    """A body, a holder in CN-GD with a certified footprint, its certificate and one label."""

    body: Body
    holder: Tenant
    certificate: Certificate
    label: Label


def labelled_certificate(make_uow: UowFactory, data_dir: Path, keys_dir: Path) -> Labelled:
    """Seed a body, certify a holder's footprint there and issue one label (keys in
    ``keys_dir``): the scene of the journeys that start from a label in a shop."""
    body = seed_body(make_uow)
    holder, footprint = enterprise_with_footprint(make_uow, data_dir)
    qualify_and_declare(make_uow, body, holder.organisation.id)
    certificate_id = certify(make_uow, data_dir, body, holder, footprint)
    with make_uow(write=True) as uow:
        label = labels.issue_label(uow, holder.admin, certificate_id, LabelKeys(keys_dir))
    with make_uow() as uow:
        certificate = uow.certificates.get(certificate_id)
    assert certificate is not None
    return Labelled(body, holder, certificate, label)
