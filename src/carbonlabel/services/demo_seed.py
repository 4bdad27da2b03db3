"""Demo organisations, users, products, model versions and footprints for a first look.

Idempotent: an organisation that exists (by name) is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from carbonlabel.adapters.db.tables import OrganisationRow
from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.tenancy import OrgKind, Role
from carbonlabel.services import accounts, catalog, footprint_jobs

DEMO_PASSWORD = "carbonlabel-demo"


@dataclass(frozen=True)
class DemoOrg:
    name: str
    kind: OrgKind
    region: str
    users: tuple[tuple[str, str, Role], ...]  # e-mail, display name, role
    products: tuple[tuple[catalog.ProductData, str], ...]  # product, demo model file name


DEMO: tuple[DemoOrg, ...] = (
    DemoOrg("宁德示范电池有限公司 Demo Battery Co.", OrgKind.ENTERPRISE, "CN-FJ",
            (("admin@battery.demo", "王敏 Wang Min", Role.ADMIN),
             ("analyst@battery.demo", "李娜 Li Na", Role.ANALYST)),
            ((catalog.ProductData("磷酸铁锂储能电池包（100 kWh）",
                                  "LFP energy-storage battery pack (100 kWh)",
                                  "lithium battery", "示例产品规则 / illustrative PCR",
                                  None, "LFP-100"), "lfp_battery_pack.yaml"),)),
    DemoOrg("安徽示范水泥股份有限公司 Demo Cement Co.", OrgKind.ENTERPRISE, "CN-AH",
            (("admin@cement.demo", "张伟 Zhang Wei", Role.ADMIN),),
            ((catalog.ProductData("通用硅酸盐水泥 P·O 42.5", "Portland cement P·O 42.5",
                                  "cement", None, None, "PO42.5"), "portland_cement.yaml"),)),
    DemoOrg("示范认证中心 Demo Certification Centre", OrgKind.CERTIFICATION_BODY, "CN-BJ",
            (("auditor@cert.demo", "陈静 Chen Jing", Role.AUDITOR),), ()),
    DemoOrg("示范市市场监督管理局 Demo Market Regulation Bureau", OrgKind.REGULATOR, "CN-SH",
            (("inspector@regulator.demo", "刘洋 Liu Yang", Role.VIEWER),), ()),
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
                org = accounts.create_organisation(uow, demo.name, demo.kind, demo.region)
                users = [accounts.add_user(uow, org.id, email, name, role, DEMO_PASSWORD, None)
                         for email, name, role in demo.users]
                for data, model_file in demo.products:
                    product = catalog.register_product(uow, users[0], data)
                    text = (demo_dir / model_file).read_text(encoding="utf-8")
                    version = catalog.save_model_version(uow, users[0], product.id, text,
                                                         "yaml", data_dir, store_dir)
                    jobs.append(footprint_jobs.start_footprint_job(uow, users[0],
                                                                   version.id).id)
                uow.commit()
        sign_ins += [(demo.name, email, role.value) for email, _, role in demo.users]
    for job_id in jobs:
        footprint_jobs.run_footprint_job(make_uow, job_id, data_dir, store_dir)
    return sign_ins
