"""Two provinces' certification records written straight as rows (fast: no footprint run),
for the regulator workspace's reads: enterprises of Guangdong (one in Shenzhen) and of
Jiangsu, two certification bodies, certificates of several categories and statuses, their
status changes, surveillance checks and cases. ``Seeded`` names every record, so tests count
by hand what each jurisdiction sees (tests/integration/test_supervision_workspace.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from carbonlabel.adapters.db.certification_tables import (
    CaseRow,
    CertificateRow,
    StatusChangeRow,
    SurveillanceRow,
)
from carbonlabel.adapters.db.tables import (
    FootprintRow,
    ModelVersionRow,
    OrganisationRow,
    ProductRow,
    UserRow,
)
from carbonlabel.adapters.db.uow import UnitOfWork, UowFactory

CREATED = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


def _id() -> str:
    return str(uuid.uuid4())


def organisation(uow: UnitOfWork, name: str, kind: str, region: str) -> tuple[str, str]:
    """(organisation id, id of one user of it)."""
    org_id, user_id = _id(), _id()
    uow.session.add(OrganisationRow(id=org_id, name=name, kind=kind, region=region,
                                    created_at=CREATED))
    uow.session.flush()
    uow.session.add(UserRow(id=user_id, organisation_id=org_id,
                            email=f"{user_id[:8]}@seed.example.cn", display_name=name,
                            password_hash="x", role="admin", active=True, created_at=CREATED))
    uow.session.flush()
    return org_id, user_id


@dataclass
class Seeded:
    enterprises: dict[str, str] = field(default_factory=dict)  # name -> id
    bodies: dict[str, str] = field(default_factory=dict)
    certificates: dict[str, str] = field(default_factory=dict)  # key -> id
    products: dict[str, str] = field(default_factory=dict)  # certificate key -> product id
    cases: dict[str, str] = field(default_factory=dict)  # key -> case id
    checks: dict[str, str] = field(default_factory=dict)


def certificate(uow: UnitOfWork, seeded: Seeded, key: str, holder: tuple[str, str],
                body: str, category: str, status: str, expires_on: date,
                case_state: str = "granted") -> None:
    """A product of ``holder`` with its model, footprint and case at ``body``; unless the
    case is still open, its certificate (``status`` as stored)."""
    holder_id, user_id = holder
    product_id, version_id, footprint_id, case_id = _id(), _id(), _id(), _id()
    uow.session.add(ProductRow(id=product_id, organisation_id=holder_id,
                               name_zh=f"产品{key}", name_en=f"product {key}",
                               category="lithium battery", created_at=CREATED))
    uow.session.flush()
    uow.session.add(ModelVersionRow(id=version_id, product_id=product_id, version=1,
                                    format="yaml", content="{}", content_hash="0" * 64,
                                    created_by=user_id, created_at=CREATED))
    uow.session.flush()
    uow.session.add(FootprintRow(id=footprint_id, organisation_id=holder_id,
                                 product_id=product_id, model_version_id=version_id,
                                 total_co2e_kg=1.0, unit="kWh", gwp_set="AR6",
                                 input_hash="0" * 64, engine_version="1", result_json="{}",
                                 created_by=user_id, created_at=CREATED))
    uow.session.flush()
    certificate_id = _id() if case_state == "granted" else None
    uow.session.add(CaseRow(id=case_id, applicant_id=holder_id, body_id=body,
                            product_id=product_id, footprint_id=footprint_id,
                            model_version_id=version_id, category=category,
                            scheme="CN-PCF-2025", state=case_state, team=[], audit_dates=[],
                            certificate_id=certificate_id, created_at=CREATED,
                            updated_at=CREATED))
    uow.session.flush()
    seeded.cases[key] = case_id
    seeded.products[key] = product_id
    if certificate_id is None:
        return
    uow.session.add(CertificateRow(
        id=certificate_id, number=f"CFP-2026-{key}-{certificate_id[:6]}", case_id=case_id,
        holder_id=holder_id, body_id=body, product_id=product_id,
        model_version_id=version_id, footprint_id=footprint_id, declared_unit="1 kWh",
        value_co2e_kg=1.0, boundary="cradle-to-gate", standard="GB/T 24067-2024",
        scheme="CN-PCF-2025", issued_on=date(2026, 1, 10), expires_on=expires_on,
        status=status, created_at=CREATED, certified_value="1.0", certified_unit="kg CO2e"))
    uow.session.flush()
    seeded.certificates[key] = certificate_id


def status_change(uow: UnitOfWork, certificate_id: str, from_status: str, to_status: str,
                  on: date) -> None:
    uow.session.add(StatusChangeRow(certificate_id=certificate_id, action=to_status,
                                    from_status=from_status, to_status=to_status,
                                    actor_id=None, at=datetime(on.year, on.month, on.day, 9,
                                                               tzinfo=UTC), reason="seeded"))


def check(uow: UnitOfWork, seeded: Seeded, key: str, certificate_key: str, due_on: date,
          done_on: date | None = None) -> None:
    check_id = _id()
    uow.session.add(SurveillanceRow(id=check_id, certificate_id=seeded.certificates[
        certificate_key], due_on=due_on, done_on=done_on,
        result="conforming" if done_on else None, notes=""))
    seeded.checks[key] = check_id


def seed_two_provinces(make_uow: UowFactory) -> Seeded:
    """Guangdong: E1 (Shenzhen, CN-GD-440300) and E2 (CN-GD); Jiangsu: E3 (CN-JS); bodies B1
    and B2 (Beijing). Certificates (category, body, status):

    ==  ======  ========  ====  ======================================================
    c1  E1      4         B1    valid
    c2  E1      4         B1    valid
    c3  E1      16        B2    valid
    c4  E2      4         B2    valid
    c5  E2      16        B1    suspended on 2026-12-03
    c6  E2      4         B1    suspended 2026-11-20, withdrawn 2026-12-01
    c7  E2      4         B2    valid but expired on 2026-12-01
    c8  E3      4         B1    valid (suspended 2026-12-05, restored 2026-12-08)
    ==  ======  ========  ====  ======================================================

    and an open case of E1 (o1, category 16, at B2, in document review). Surveillance checks:
    c1 due 2026-10-01 open and due 2026-11-20 open, c2 due 2026-09-01 done, c5, c6 and c7
    each due 2026-10-10 open, c8 due 2026-10-01 open.
    """
    seeded = Seeded()
    with make_uow(write=True) as uow:
        e1 = organisation(uow, "深圳电池甲 Shenzhen E1", "enterprise", "CN-GD-440300")
        e2 = organisation(uow, "广州水泥乙 Guangzhou E2", "enterprise", "CN-GD")
        e3 = organisation(uow, "苏州电池丙 Suzhou E3", "enterprise", "CN-JS")
        b1 = organisation(uow, "认证机构一 Body One", "certification_body", "CN-BJ")[0]
        b2 = organisation(uow, "认证机构二 Body Two", "certification_body", "CN-BJ")[0]
        seeded.enterprises.update({"E1": e1[0], "E2": e2[0], "E3": e3[0]})
        seeded.bodies.update({"B1": b1, "B2": b2})
        later, ended = date(2029, 1, 9), date(2026, 12, 1)
        for key, holder, category, body, status, expires in (
                ("c1", e1, "4", b1, "valid", later), ("c2", e1, "4", b1, "valid", later),
                ("c3", e1, "16", b2, "valid", later), ("c4", e2, "4", b2, "valid", later),
                ("c5", e2, "16", b1, "suspended", later),
                ("c6", e2, "4", b1, "withdrawn", later), ("c7", e2, "4", b2, "valid", ended),
                ("c8", e3, "4", b1, "valid", later)):
            certificate(uow, seeded, key, holder, body, category, status, expires)
        certificate(uow, seeded, "o1", e1, b2, "16", "", later, case_state="document_review")
        c = seeded.certificates
        status_change(uow, c["c5"], "valid", "suspended", date(2026, 12, 3))
        status_change(uow, c["c6"], "valid", "suspended", date(2026, 11, 20))
        status_change(uow, c["c6"], "suspended", "withdrawn", date(2026, 12, 1))
        status_change(uow, c["c8"], "valid", "suspended", date(2026, 12, 5))
        status_change(uow, c["c8"], "suspended", "valid", date(2026, 12, 8))
        check(uow, seeded, "k1", "c1", date(2026, 10, 1))
        check(uow, seeded, "k2", "c1", date(2026, 11, 20))
        check(uow, seeded, "k3", "c2", date(2026, 9, 1), date(2026, 9, 5))
        check(uow, seeded, "k5", "c5", date(2026, 10, 10))
        check(uow, seeded, "k6", "c6", date(2026, 10, 10))
        check(uow, seeded, "k7", "c7", date(2026, 10, 10))
        check(uow, seeded, "k8", "c8", date(2026, 10, 1))
        uow.commit()
    return seeded
