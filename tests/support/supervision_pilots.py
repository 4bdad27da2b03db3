"""Test helpers of pilots: enterprises of a supply chain, certificates of a catalogue category
held by them (stored as plain rows: the certification journey is not what these tests pin
down), supply links of the three kinds exchange keeps, and a seeded pilot for route walks."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from carbonlabel.adapters.db.certification_tables import CaseRow, CertificateRow
from carbonlabel.adapters.db.exchange_tables import (
    PartnerRow,
    ReceivedFootprintRow,
    SupplierRequestRow,
)
from carbonlabel.adapters.db.uow import UnitOfWork, UowFactory
from carbonlabel.domain.supervision.pilots import Figure, Segment
from carbonlabel.domain.tenancy import Organisation, OrgKind, Role, User
from carbonlabel.services.accounts import users
from carbonlabel.services.supervision import pilots
from tests.support.persistence import footprint, product, version
from tests.support.platform import credit_code

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
#: the pilot of the route walks: cement (16) in Shenzhen, through 2026
PILOT_START, PILOT_END = date(2026, 1, 1), date(2026, 12, 31)


def _id() -> str:
    return str(uuid.uuid4())


def enterprise(uow: UnitOfWork, name: str, region: str, with_code: bool = True) -> Organisation:
    """An enterprise of ``region`` with a valid credit code (unless told otherwise)."""
    return users.create_organisation(uow, name, OrgKind.ENTERPRISE, region,
                                     credit_code=credit_code() if with_code else None)


def member(uow: UnitOfWork, org: Organisation, role: Role = Role.ANALYST) -> User:
    """A member of the organisation (no password hash worth checking: nobody signs in)."""
    user = User(_id(), org.id, f"{role.value}-{uuid.uuid4().hex[:8]}@example.cn",
                f"{role.value} {org.name}", role, True, T0)
    uow.users.add(user, "not-a-password-hash")
    return user


def certified(uow: UnitOfWork, holder: Organisation, category: str,
              status: str = "valid") -> str:
    """A certificate of ``category`` (a catalogue code) held by ``holder``: its id."""
    person = member(uow, holder)
    item = product(holder.id)
    uow.products.add(item)
    model = version(item.id, person.id, 1)
    uow.model_versions.add(model)
    record = footprint(holder.id, item.id, model.id, person.id)
    uow.footprints.add(record)
    body = users.create_organisation(uow, f"认证机构 {uuid.uuid4().hex[:6]}",
                                     OrgKind.CERTIFICATION_BODY, "CN-BJ")
    case_id, certificate_id = _id(), _id()
    uow.session.add(CaseRow(id=case_id, applicant_id=holder.id, body_id=body.id,
                            product_id=item.id, footprint_id=record.id,
                            model_version_id=model.id, category=category, scheme="pcf-label",
                            state="granted", team=[], audit_dates=[], decider_id=None,
                            certificate_id=certificate_id, created_at=T0, updated_at=T0))
    uow.session.flush()
    uow.session.add(CertificateRow(
        id=certificate_id, number=f"CFP-2026-007-{uuid.uuid4().hex[:8]}", case_id=case_id,
        holder_id=holder.id, body_id=body.id, product_id=item.id, model_version_id=model.id,
        footprint_id=record.id, declared_unit="1 t", value_co2e_kg=1.25, boundary="cradle_to_gate",
        standard="GB/T 24067-2024", product_rule=None, scheme="pcf-label",
        issued_on=date(2026, 1, 1), expires_on=date(2028, 1, 1), status=status,
        reevaluation_required=False, created_at=T0, certified_value="1.25",
        certified_unit="kg CO2e per 1 t", revision=0))
    uow.session.flush()
    return certificate_id


def partner_link(uow: UnitOfWork, buyer: Organisation, supplier: Organisation) -> None:
    uow.session.add(PartnerRow(id=_id(), organisation_id=buyer.id, name=supplier.name,
                               country="CN", spec_version="2.3",
                               partner_organisation_id=supplier.id, active=True,
                               created_at=T0))
    uow.session.flush()


def request_link(uow: UnitOfWork, buyer: Organisation, supplier: Organisation,
                 state: str = "open") -> None:
    uow.session.add(SupplierRequestRow(id=_id(), requester_organisation_id=buyer.id,
                                       supplier_organisation_id=supplier.id,
                                       product_name="熟料 clinker", criteria={}, comment="",
                                       state=state, response_pf_ids=[], created_at=T0,
                                       updated_at=T0))
    uow.session.flush()


def received_link(uow: UnitOfWork, buyer: Organisation, supplier: Organisation) -> None:
    uow.session.add(ReceivedFootprintRow(id=_id(), organisation_id=buyer.id, pf_id=_id(),
                                         supplier_organisation_id=supplier.id,
                                         company_name=supplier.name,
                                         product_name="运输服务 transport", document="{}",
                                         received_at=T0))
    uow.session.flush()


def seed_pilot(make_uow: UowFactory, regulator: User, region: str = "CN-GD-440300",
               responsible: Organisation | None = None) -> dict[str, str]:
    """A cement pilot of ``region`` (within the regulator's jurisdiction) created by
    ``regulator`` with one participant, one declared figure with its evidence and one task
    (of ``responsible`` when given, else of a unit not on the platform). The ids by the
    routes' path-parameter names: ``pilot_id``, ``task_id``, ``evidence_id``."""
    with make_uow(write=True) as uow:
        pilot = pilots.create_pilot(uow, regulator, pilots.PilotInput(
            "深圳水泥碳足迹标识试点", region, "16", PILOT_START, PILOT_END, "覆盖全产业链"))
        pilots.register_participant(uow, regulator, pilot.id, Segment.RECYCLING,
                                    name="深圳再生资源回收站", credit_code=credit_code())
        declared = pilots.declare_figure(
            uow, regulator, pilot.id, Figure.CHAIN_COVERAGE, 0.9, "统计局数据",
            [pilots.EvidenceFile("coverage.pdf", "application/pdf", b"%PDF-1.4 evidence")])
        task = pilots.add_task(uow, regulator, pilot.id, pilots.TaskInput(
            "完成产业链摸底", "走访企业", date(2026, 2, 1), date(2026, 3, 31),
            responsible_name="深圳市建材行业协会",
            responsible_organisation_id=responsible.id if responsible else None))
    return {"pilot_id": pilot.id, "task_id": task.id,
            "evidence_id": declared.evidence[0].id}
