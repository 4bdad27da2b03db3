"""Demo organisations, users, products, model versions and footprints for a first look.

Idempotent: an organisation that exists (by name) is left as it is. Each step that runs several
commands keeps them together (``uow.atomic()``): a demo organisation is made whole or not at
all.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from carbonlabel.adapters.db.tables import OrganisationRow, UserRow
from carbonlabel.adapters.db.uow import UnitOfWork, UowFactory
from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.adapters.security import hash_password
from carbonlabel.domain.certification.engagement import Assurance, OpinionKind, Risk, RiskItem
from carbonlabel.domain.certification.records import REQUIRED_DOCUMENTS
from carbonlabel.domain.certification.states import CaseAction
from carbonlabel.domain.exchange.sharing import Classification, DataKind
from carbonlabel.domain.organisation_identity import ProductionSite, check_character
from carbonlabel.domain.tenancy import OrgKind, Role, User
from carbonlabel.services.accounts import users
from carbonlabel.services.certification import agreement, bodies, cases, impartiality, labels
from carbonlabel.services.certification import engagement as verification
from carbonlabel.services.certification.application import ApplicationDetails
from carbonlabel.services.evidence.demo import DEMO_BANK, DEMO_BANK_EMAIL, seed_demo_bank
from carbonlabel.services.exchange import partners
from carbonlabel.services.procurement.demo import seed_demo_agency
from carbonlabel.services.quantify import catalog, footprint_jobs
from carbonlabel.services.sharing import policy

DEMO_PASSWORD = "carbonlabel-demo"


@dataclass(frozen=True)
class DemoOrg:
    name: str
    kind: OrgKind
    region: str
    users: tuple[tuple[str, str, Role], ...]  # e-mail, display name, role
    products: tuple[tuple[catalog.ProductData, str], ...]  # product, demo model file name
    credit_code: str = ""  # first 17 characters; the check character is computed
    address: str = ""
    site: tuple[str, str, str] | None = None  # name, address, region code


DEMO: tuple[DemoOrg, ...] = (
    DemoOrg("宁德示范电池有限公司 Demo Battery Co.", OrgKind.ENTERPRISE, "CN-FJ",
            (("admin@battery.demo", "王敏 Wang Min", Role.ADMIN),
             ("analyst@battery.demo", "李娜 Li Na", Role.ANALYST)),
            ((catalog.ProductData("磷酸铁锂储能电池包（100 kWh）",
                                  "LFP energy-storage battery pack (100 kWh)",
                                  "lithium battery", "示例产品规则 / illustrative PCR",
                                  None, "LFP-100"), "lfp_battery_pack.yaml"),),
            "91350900MA2YDEM01", "福建省宁德市蕉城区示范路 1 号",
            ("宁德一号工厂 / Ningde plant 1", "福建省宁德市蕉城区工业园 8 号", "350902")),
    DemoOrg("安徽示范水泥股份有限公司 Demo Cement Co.", OrgKind.ENTERPRISE, "CN-AH",
            (("admin@cement.demo", "张伟 Zhang Wei", Role.ADMIN),),
            ((catalog.ProductData("通用硅酸盐水泥 P·O 42.5", "Portland cement P·O 42.5",
                                  "cement", None, None, "PO42.5"), "portland_cement.yaml"),),
            "91341100MA2NDEM02", "安徽省滁州市示范路 2 号",
            ("滁州水泥厂 / Chuzhou cement plant", "安徽省滁州市南谯区水泥路 6 号", "341103")),
    DemoOrg("示范认证中心 Demo Certification Centre", OrgKind.CERTIFICATION_BODY, "CN-BJ",
            (("admin@cert.demo", "赵强 Zhao Qiang", Role.ADMIN),
             ("auditor@cert.demo", "陈静 Chen Jing", Role.AUDITOR),
             ("decider@cert.demo", "孙丽 Sun Li", Role.DECISION_MAKER)), (),
            "12100000400000DEM", "北京市海淀区示范大街 3 号"),
    DemoOrg("示范碳标识平台运营中心 Demo Platform Operator", OrgKind.OPERATOR, "CN-BJ",
            (("admin@operator.demo", "周平 Zhou Ping", Role.ADMIN),), (),
            "12100000400001DEM", "北京市西城区示范胡同 4 号"),
    # national jurisdiction: the regulator's workspace shows every demo enterprise
    DemoOrg("示范市场监督管理总局 Demo Market Regulation Administration", OrgKind.REGULATOR, "CN",
            (("inspector@regulator.demo", "刘洋 Liu Yang", Role.ANALYST),), ()),
)


def demo_footprints(make_uow: UowFactory) -> list[tuple[str, float, str]]:
    """The demo products' latest footprints: (product name, kg CO2e, per unit)."""
    out: list[tuple[str, float, str]] = []
    with make_uow() as uow:
        for demo in DEMO:
            org_id = uow.session.scalar(select(OrganisationRow.id)
                                        .where(OrganisationRow.name == demo.name))
            if org_id is None:
                continue
            names = {p.id: f"{p.name_zh} / {p.name_en}"
                     for p in uow.products.page(org_id, 0, 100).items}
            seen: set[str] = set()
            for record in uow.footprints.page(org_id, 0, 100).items:
                if record.product_id not in seen:
                    seen.add(record.product_id)
                    out.append((names.get(record.product_id, record.product_id),
                                record.total_co2e_kg, record.unit))
    return out


def seed_demo(make_uow: UowFactory, demo_dir: Path, data_dir: Path,
              store_dir: Path) -> list[tuple[str, str, str]]:
    """Create what is missing; return the sign-ins (organisation, e-mail, role)."""
    sign_ins: list[tuple[str, str, str]] = []
    jobs: list[str] = []
    for demo in DEMO:
        with make_uow(write=True) as uow:
            exists = uow.session.scalar(select(OrganisationRow.id)
                                        .where(OrganisationRow.name == demo.name))
            if exists is None:
                with uow.atomic():
                    jobs += _new_demo_org(uow, demo, demo_dir, data_dir, store_dir)
        sign_ins += [(demo.name, email, role.value) for email, _, role in demo.users]
    for job_id in jobs:
        footprint_jobs.run_footprint_job(make_uow, job_id, data_dir, store_dir)
    if jobs:  # a fresh demo: the battery pack goes through certification and gets its label
        certificate_id = _certify_battery(make_uow, data_dir, store_dir)
        _share_battery(make_uow, data_dir)
        with make_uow(write=True) as uow:  # a bank the holder granted the certificate to
            seed_demo_bank(uow, _demo_users(uow)["admin@battery.demo"], certificate_id,
                           DEMO_PASSWORD)
        # its peers: enough comparable certified packs for the category benchmark
        _seed_peers(make_uow, demo_dir, data_dir, store_dir)
    sign_ins += [(name, email, Role.ADMIN.value) for name, email, *_ in DEMO_PEERS]
    sign_ins.append((DEMO_BANK, DEMO_BANK_EMAIL, Role.ADMIN.value))
    with make_uow(write=True) as uow:  # a procurement agency reading the rankings
        sign_ins += seed_demo_agency(uow, DEMO_PASSWORD)
    return sign_ins


def _new_demo_org(uow: UnitOfWork, demo: DemoOrg, demo_dir: Path, data_dir: Path,
                  store_dir: Path) -> list[str]:
    """The organisation, its users, products and model versions; the queued jobs' ids."""
    code = demo.credit_code + check_character(demo.credit_code) if demo.credit_code else None
    org = users.create_organisation(uow, demo.name, demo.kind, demo.region, credit_code=code,
                                    address=demo.address)
    if demo.site is not None:
        uow.sites.add(ProductionSite(users.new_id(), org.id, *demo.site))
    members = [users.add_user(uow, org.id, email, name, role, DEMO_PASSWORD, None)
               for email, name, role in demo.users]
    jobs: list[str] = []
    for data, model_file in demo.products:
        product = catalog.register_product(uow, members[0], data)
        text = (demo_dir / model_file).read_text(encoding="utf-8")
        version = catalog.save_model_version(uow, members[0], product.id, text, "yaml",
                                             data_dir, store_dir)
        jobs.append(footprint_jobs.start_footprint_job(uow, members[0], version.id).id)
    return jobs


#: the demo importer's PACT client id; its secret is made at random for each data folder
DEMO_PACT_CLIENT_ID = "demo-eu-importer"
#: the file in the data folder (0600) that holds the demo importer's PACT credentials: a
#: secret is never printed, so it cannot end up in a terminal log
DEMO_PACT_FILE = "demo-pact-client.json"


def read_demo_pact_client(data_dir: Path) -> tuple[str, str]:
    """The demo importer's PACT client id and secret, from their file."""
    body = json.loads((data_dir / DEMO_PACT_FILE).read_text(encoding="utf-8"))
    return str(body["client_id"]), str(body["client_secret"])


def _new_demo_pact_client(data_dir: Path) -> tuple[str, str]:
    """A random secret for the demo importer, written 0600 (kept if the file exists)."""
    path = data_dir / DEMO_PACT_FILE
    body = {"client_id": DEMO_PACT_CLIENT_ID, "client_secret": secrets.token_urlsafe(32)}
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return read_demo_pact_client(data_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(body, fh)
    return DEMO_PACT_CLIENT_ID, body["client_secret"]


def _share_battery(make_uow: UowFactory, data_dir: Path) -> None:
    """The battery maker's customer abroad reads its footprint over PACT: the footprint is
    export-restricted, and an approval with purpose and recipient lets it go to that
    customer (docs/data-security.md)."""
    with make_uow(write=True) as uow, uow.atomic():
        row = uow.session.scalar(select(UserRow).where(UserRow.email == "admin@battery.demo"))
        assert row is not None
        admin = uow.users.get(row.id)
        assert admin is not None
        footprint = uow.footprints.page(admin.organisation_id, 0, 1).items[0]
        importer = partners.register_partner(
            uow, admin, name="示范欧洲进口商 Demo EU Importer GmbH", country="DE",
            spec_version="3.0.0", host_url="https://pact.importer.example")
        client_id, secret = _new_demo_pact_client(data_dir)
        uow.partners.set_inbound_secret(importer.id, client_id, hash_password(secret))
        policy.classify(uow, admin, DataKind.FOOTPRINT, footprint.id,
                        Classification.EXPORT_RESTRICTED, datetime.now(UTC))
        policy.approve_release(
            uow, admin, partner_id=importer.id, footprint_id=footprint.id,
            purpose="出口报关与客户碳足迹要求 / export declaration and the customer's PCF request",
            recipient="Demo EU Importer GmbH, purchasing", expires_at=None,
            at=datetime.now(UTC))


def _certify_battery(make_uow: UowFactory, data_dir: Path, store_dir: Path) -> str:
    """The demo certification centre certifies the battery pack; its label is issued; the
    certificate's id."""
    with make_uow(write=True) as uow, uow.atomic():
        users = _demo_users(uow)
        admin, auditor = users["admin@cert.demo"], users["auditor@cert.demo"]
        today = datetime.now(UTC).date()
        bodies.record_approval(uow, users["admin@operator.demo"], admin.organisation_id,
                               bodies.ApprovalData(
                                   1, "CNCA-R-2025-DEMO-001", "CNAS C-DEMO-001",
                                   today - timedelta(days=365),
                                   today + timedelta(days=4 * 365),
                                   ("1", "2", "3", "4", "16")))
        bodies.qualify(uow, admin, auditor.id, "4")  # energy-storage lithium-ion batteries
        certificate_id = _certify(uow, users, users["analyst@battery.demo"], data_dir,
                                  store_dir)
        labels.issue_label(uow, users["admin@battery.demo"], certificate_id,
                           LabelKeys(data_dir / "label-keys"))
    return certificate_id


def _demo_users(uow: UnitOfWork) -> dict[str, User]:
    return {u.email: u for org in uow.organisations.list_all()
            for u in uow.users.page(org.id, 0, 50).items}


def _certify(uow: UnitOfWork, users: dict[str, User], applicant: User, data_dir: Path,
             store_dir: Path) -> str:
    """The applicant's newest footprint from application to grant at the demo centre; the
    certificate's id."""
    admin, auditor = users["admin@cert.demo"], users["auditor@cert.demo"]
    decider = users["decider@cert.demo"]
    current = agreement.in_force(uow)
    if current is not None:
        agreement.accept(uow, applicant, current.version)
    cases.declare_impartiality(uow, auditor, applicant.organisation_id,
                               "与申请方无利益关系 / no conflict of interest")
    footprint = uow.footprints.page(applicant.organisation_id, 0, 1).items[0]
    uploads = tuple(cases.Upload(kind, f"{kind.value}.txt", "text/plain",
                                 f"演示文件 demo document: {kind.value}".encode())
                    for kind in REQUIRED_DOCUMENTS)
    case = cases.apply_for_certification(
        uow, applicant, footprint.id, admin.organisation_id, uploads,
        ApplicationDetails(category="4", product_types=("磷酸铁锂储能电池包 / LFP "
                                                        "energy-storage battery pack",),
                           specifications=("100 kWh, 51.2 V",)))
    cases.act(uow, admin, case.id, CaseAction.ACCEPT)
    for person in (auditor, decider):  # impartiality for this case (ISO/IEC 17065 4.2)
        impartiality.declare_for_case(uow, person, case.id,
                                      "与申请方无利益关系 / no conflict of interest")
    cases.act(uow, admin, case.id, CaseAction.PLAN, cases.StepDetails(
        team=(auditor.id,), audit_dates=(footprint.created_at.date(),)))
    for action in (CaseAction.START_DOCUMENT_REVIEW, CaseAction.COMPLETE_DOCUMENT_REVIEW,
                   CaseAction.COMPLETE_INSPECTION):
        cases.act(uow, auditor, case.id, action)
    cases.record_verification(uow, auditor, case.id, "演示 demo", data_dir, store_dir)
    _verify_battery(uow, auditor, decider, case.id)
    cases.act(uow, auditor, case.id, CaseAction.COMPLETE_VERIFICATION)
    cases.act(uow, auditor, case.id, CaseAction.COMPLETE_EVALUATION)
    granted = cases.act(uow, decider, case.id, CaseAction.GRANT,
                        cases.StepDetails(reason="演示 demo"))
    assert granted.certificate_id is not None
    return granted.certificate_id


#: other makers of the same battery pack, certified under the same product rule release,
#: declared unit and boundary, so that the category benchmark has enough products to show
#: (name, e-mail, credit code's first 17 characters, cells kg, assembly kWh per 100 kWh pack)
DEMO_PEERS: tuple[tuple[str, str, str, float, float], ...] = (
    ("示范储能甲有限公司 Demo Storage A Co.", "admin@storage-a.demo", "91350900MA2YPER01",
     450, 180),
    ("示范储能乙有限公司 Demo Storage B Co.", "admin@storage-b.demo", "91350900MA2YPER02",
     500, 400),
    ("示范储能丙有限公司 Demo Storage C Co.", "admin@storage-c.demo", "91350900MA2YPER03",
     470, 900),
    ("示范储能丁有限公司 Demo Storage D Co.", "admin@storage-d.demo", "91350900MA2YPER04",
     520, 300),
    ("示范储能戊有限公司 Demo Storage E Co.", "admin@storage-e.demo", "91350900MA2YPER05",
     430, 220),
)


def _peer_model(text: str, cells_kg: float, assembly_kwh: float) -> str:
    """The demo battery model with another bill of cells and another assembly electricity."""
    cells, electricity = "        amount: 480\n", "        amount: 250\n"
    assert text.count(cells) == 1
    assert text.count(electricity) == 1
    return (text.replace(cells, f"        amount: {cells_kg:g}\n")
            .replace(electricity, f"        amount: {assembly_kwh:g}\n"))


def _seed_peers(make_uow: UowFactory, demo_dir: Path, data_dir: Path, store_dir: Path) -> None:
    """The peers, their footprints and certificates."""
    text = (demo_dir / "lfp_battery_pack.yaml").read_text(encoding="utf-8")
    jobs: list[str] = []
    admins: list[str] = []
    for name, email, code, cells_kg, kwh in DEMO_PEERS:
        with make_uow(write=True) as uow, uow.atomic():
            org = users.create_organisation(uow, name, OrgKind.ENTERPRISE, "CN-FJ",
                                            credit_code=code + check_character(code),
                                            address="福建省宁德市示范路 9 号")
            uow.sites.add(ProductionSite(users.new_id(), org.id, "示范工厂 / demo plant",
                                         "福建省宁德市工业园 9 号", "350902"))
            admin = users.add_user(uow, org.id, email, "示范 Demo", Role.ADMIN,
                                   DEMO_PASSWORD, None)
            product = catalog.register_product(uow, admin, catalog.ProductData(
                "磷酸铁锂储能电池包（100 kWh）", "LFP energy-storage battery pack (100 kWh)",
                "lithium battery", None, None, "LFP-100"))
            version = catalog.save_model_version(uow, admin, product.id,
                                                 _peer_model(text, cells_kg, kwh), "yaml",
                                                 data_dir, store_dir)
            jobs.append(footprint_jobs.start_footprint_job(uow, admin, version.id).id)
            admins.append(email)
    for job_id in jobs:
        footprint_jobs.run_footprint_job(make_uow, job_id, data_dir, store_dir)
    with make_uow(write=True) as uow, uow.atomic():
        known = _demo_users(uow)
        for email in admins:
            _certify(uow, known, known[email], data_dir, store_dir)


#: the demo engagement's sample seed: the same lines are drawn on every demo database
DEMO_SAMPLE_SEED = 20250101


def _verify_battery(uow: UnitOfWork, auditor: User, decider: User, case_id: str) -> None:
    """The verification engagement of the demo case (ISO 14064-3): terms, risk assessment and
    plan approved by the auditor (the team of one, its leader), a sample with a fixed seed,
    evidence for each sampled line, the decider's independent review (not on the team), an
    unmodified opinion."""
    verification.set_up(uow, auditor, case_id, verification.Terms(
        Assurance.REASONABLE, 0.05,
        "核查储能电池包碳足迹声明 / verify the battery pack's PCF claim",
        "GB/T 24067-2024", "从摇篮到大门 / cradle-to-gate",
        "认证机构、采购方 / the body, buyers"))
    verification.record_plan(
        uow, auditor, case_id,
        (RiskItem("production", Risk.HIGH, Risk.MEDIUM, "电芯生产电耗 / cell electricity"),
         RiskItem("raw_materials", Risk.MEDIUM, Risk.LOW, "正极材料 / cathode material")),
        "现场核对电表与台账、抽样追溯、复算 / meters and ledgers on site, sampling, re-run", 8)
    verification.approve_plan(uow, auditor, case_id)
    for line in verification.draw_sample(uow, auditor, case_id, DEMO_SAMPLE_SEED):
        amount = line.co2e_kg or 1.0  # the demo's records agree with the model's line
        verification.record_evidence(uow, auditor, case_id, line.seq, verification.Evidence(
            "演示台账 / demo ledger 2025", amount, amount, "kg CO2e",
            "与模型一致 / agrees with the model"))
    verification.review(uow, decider, case_id, True, "证据充分 / sufficient evidence")
    verification.issue_opinion(uow, auditor, case_id, OpinionKind.UNMODIFIED, "")


def demo_labels(make_uow: UowFactory) -> list[tuple[str, str]]:
    """(certificate number, label token) of the demo's issued labels."""
    with make_uow() as uow:
        page = uow.certificates.search("", None, None, 0, 20)
        return [(certificate.number, label.token)
                for certificate, *_ in page.items
                for label in uow.labels.for_certificate(certificate.id)[-1:]]
