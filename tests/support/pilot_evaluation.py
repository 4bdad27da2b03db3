"""A seeded pilot for the effect evaluation: cement (16) in Shenzhen through 2025-2026, its
enterprises and certificates of two periods (stored as plain rows: the certification journey is
not what these tests pin down), a spot check with a nonconforming batch, surveillance,
findings, labels, supervision cases, scans, complaints, a published penalty and declared
inputs with evidence.

Hand figures of 2026 (the evaluated period) are written next to what makes them.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from carbonlabel.adapters.db.certification_tables import (
    CaseEventRow,
    CaseRow,
    CertificateRow,
    LabelRow,
    NonconformityRow,
    ScanRow,
    SurveillanceRow,
)
from carbonlabel.adapters.db.complaint_tables import ComplaintRow
from carbonlabel.adapters.db.penalty_tables import PenaltyRow
from carbonlabel.adapters.db.spot_check_tables import SpotCheckCampaignRow, SpotCheckItemRow
from carbonlabel.adapters.db.supervision_case_tables import SupervisionCaseRow
from carbonlabel.adapters.db.tables import FootprintRow, ModelVersionRow, ProductRow
from carbonlabel.adapters.db.uow import UnitOfWork, UowFactory
from carbonlabel.domain.supervision.evaluation import InputKind
from carbonlabel.domain.tenancy import Organisation, OrgKind, User
from carbonlabel.services.accounts import users
from carbonlabel.services.supervision import evaluation, pilots
from tests.support.supervision_pilots import enterprise, member, seed_pilot

SHENZHEN, CEMENT = "CN-GD-440300", "16"
START, END = date(2025, 1, 1), date(2026, 12, 31)
RULE = "PCR-CN-16@1.0#" + "a" * 64
V1, V2 = [["CN-factors", "2024"]], [["CN-factors", "2025"]]


def _id() -> str:
    return str(uuid.uuid4())


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@dataclass
class SeededPilot:
    pilot_id: str
    regulator: User
    certificates: dict[str, str] = field(default_factory=dict)  # key -> number
    certificate_ids: dict[str, str] = field(default_factory=dict)
    cases: dict[str, str] = field(default_factory=dict)
    footprints: dict[str, str] = field(default_factory=dict)


class _Seeder:
    def __init__(self, uow: UnitOfWork, seeded: SeededPilot) -> None:
        self.uow, self.s = uow, seeded
        self.body = users.create_organisation(uow, "认证机构 CB", OrgKind.CERTIFICATION_BODY,
                                              "CN-BJ")
        self.products: dict[str, str] = {}
        self.people: dict[str, User] = {}

    def certificate(self, key: str, holder: Organisation, product: str, issued: date,
                    total: float, *, dqr: float | None, pds: float | None,
                    factors: list[list[str]], applied: date, status: str = "valid") -> None:
        uow = self.uow
        person = self.people.setdefault(holder.id, member(uow, holder))
        if product not in self.products:
            pid = _id()
            uow.session.add(ProductRow(id=pid, organisation_id=holder.id, name_zh=f"水泥 {product}",
                                       name_en=f"cement {product}", category="cement",
                                       created_at=_at(START)))
            uow.session.flush()
            self.products[product] = pid
        pid = self.products[product]
        vid, fid, case_id, cid = _id(), _id(), _id(), _id()
        uow.session.add(ModelVersionRow(id=vid, product_id=pid, version=len(self.s.cases) + 1,
                                        format="yaml", content="{}", content_hash="0" * 64,
                                        created_by=person.id, created_at=_at(applied)))
        uow.session.flush()
        body: dict[str, object] = {"total_co2e_kg": total,
                                   "provenance": {"factor_sets": factors}}
        if dqr is not None:
            body["quality"] = {"dqr": dqr}
        if pds is not None:
            body["primary_data_share"] = pds
        uow.session.add(FootprintRow(id=fid, organisation_id=holder.id, product_id=pid,
                                     model_version_id=vid, total_co2e_kg=total, unit="1 t",
                                     gwp_set="AR6", input_hash="0" * 64, engine_version="1",
                                     result_json=json.dumps(body), created_by=person.id,
                                     created_at=_at(applied), product_rule_release=RULE))
        uow.session.flush()
        uow.session.add(CaseRow(id=case_id, applicant_id=holder.id, body_id=self.body.id,
                                product_id=pid, footprint_id=fid, model_version_id=vid,
                                category=CEMENT, scheme="pcf-label", state="granted", team=[],
                                audit_dates=[], certificate_id=cid, created_at=_at(applied),
                                updated_at=_at(issued)))
        uow.session.flush()
        uow.session.add(CaseEventRow(case_id=case_id, seq=1, action="grant",
                                     from_state="decision", to_state="granted",
                                     actor_id=person.id, at=_at(issued), reason="",
                                     attachments=[]))
        number = f"CFP-{issued.year}-016-{key}"
        uow.session.add(CertificateRow(
            id=cid, number=number, case_id=case_id, holder_id=holder.id, body_id=self.body.id,
            product_id=pid, model_version_id=vid, footprint_id=fid, declared_unit="1 t",
            value_co2e_kg=total, boundary="cradle_to_gate", standard="GB/T 24067-2024",
            product_rule="PCR-CN-16", scheme="pcf-label", issued_on=issued,
            expires_on=date(issued.year + 2, issued.month, issued.day), status=status,
            reevaluation_required=False, created_at=_at(issued), certified_value=str(total),
            certified_unit="kg CO2e per 1 t", revision=0, product_rule_release=RULE))
        uow.session.flush()
        self.s.certificates[key] = number
        self.s.certificate_ids[key] = cid
        self.s.cases[key] = case_id
        self.s.footprints[key] = fid


def seed_evaluated_pilot(make_uow: UowFactory, regulator: User) -> SeededPilot:
    """The pilot and its records. 2025 (prior period): certificates a1, b1, c1 (3 certificates,
    3 enterprises, 3 products). 2026: a2 (a1's product again, same factors: 100 → 90), b2 (b1's
    product, factors changed: 200 → 150), a3 (a new product of A), d1 (holder D), e1 (holder E)
    and, outside the pilot, x1 (Jiangsu)."""
    with make_uow(write=True) as uow:
        pilot = pilots.create_pilot(uow, regulator, pilots.PilotInput(
            "深圳水泥碳足迹标识试点", SHENZHEN, CEMENT, START, END, "覆盖全产业链"))
    seeded = SeededPilot(pilot.id, regulator)
    with make_uow(write=True) as uow, uow.atomic():
        s = _Seeder(uow, seeded)
        a, b, c, d, e = (enterprise(uow, f"水泥厂 {n}", SHENZHEN) for n in "ABCDE")
        x = enterprise(uow, "水泥厂 X (江苏)", "CN-JS")
        # 2025
        s.certificate("a1", a, "pa", date(2025, 3, 1), 100.0, dqr=2.0, pds=0.5, factors=V1,
                      applied=date(2025, 1, 20))
        s.certificate("b1", b, "pb", date(2025, 6, 1), 200.0, dqr=2.5, pds=0.4, factors=V1,
                      applied=date(2025, 4, 1))
        s.certificate("c1", c, "pc", date(2025, 9, 1), 120.0, dqr=3.0, pds=None, factors=V1,
                      applied=date(2025, 8, 1))
        # 2026: decision days 10, 20, 30, 40, 50 (applied → granted)
        s.certificate("a2", a, "pa", date(2026, 2, 11), 90.0, dqr=1.5, pds=0.6, factors=V1,
                      applied=date(2026, 2, 1))
        s.certificate("b2", b, "pb", date(2026, 3, 21), 150.0, dqr=2.0, pds=0.7, factors=V2,
                      applied=date(2026, 3, 1))
        s.certificate("a3", a, "pa3", date(2026, 5, 31), 110.0, dqr=3.0, pds=None, factors=V2,
                      applied=date(2026, 5, 1))
        s.certificate("d1", d, "pd", date(2026, 7, 11), 130.0, dqr=None, pds=0.2, factors=V2,
                      applied=date(2026, 6, 1))
        s.certificate("e1", e, "pe", date(2026, 8, 20), 140.0, dqr=4.0, pds=0.3, factors=V2,
                      applied=date(2026, 7, 1))
        s.certificate("x1", x, "px", date(2026, 4, 1), 95.0, dqr=1.0, pds=0.9, factors=V2,
                      applied=date(2026, 3, 1))
        _seed_supervision(uow, seeded, regulator, s.body.id)
    _declare(make_uow, seeded)
    return seeded


def _seed_supervision(uow: UnitOfWork, seeded: SeededPilot, regulator: User,
                      body_id: str) -> None:
    c, ids = seeded.certificates, seeded.certificate_ids
    # a spot check of 2026: a2 conforming, b2 nonconforming (awaiting disposal), d1 conforming,
    # e1 drawn but not yet recorded; x1 (outside the pilot) nonconforming
    campaign = _id()
    uow.session.add(SpotCheckCampaignRow(
        id=campaign, regulator_id=regulator.organisation_id, jurisdiction="CN-GD", year=2026,
        round=1, title="2026 抽查", legal_basis="认证认可条例", categories='["16"]',
        body_ids="[]", selection="{}", state="drawn", created_by=regulator.id,
        created_at=_at(date(2026, 4, 1)), candidates=6, bodies_in_scope=1))
    uow.session.flush()
    for key, state in (("a2", "conforming"), ("b2", "awaiting_disposal"),
                       ("d1", "conforming"), ("e1", "assigned"), ("x1", "awaiting_disposal")):
        uow.session.add(SpotCheckItemRow(
            id=_id(), campaign_id=campaign, certificate_id=ids[key], certificate_number=c[key],
            body_id=body_id, holder_id=regulator.organisation_id, holder_region=SHENZHEN,
            category="16", drawn_by="random", weight=1.0, open_alerts=0, state=state,
            recorded_at=None if state == "assigned" else _at(date(2026, 9, 1))))
    # surveillance due in 2026: a1 on time, b1 late, c1 not done; due in 2027: a2 (not counted)
    for key, due, done in (("a1", date(2026, 3, 1), date(2026, 2, 20)),
                           ("b1", date(2026, 6, 1), date(2026, 6, 15)),
                           ("c1", date(2026, 9, 1), None),
                           ("a2", date(2027, 2, 11), None)):
        uow.session.add(SurveillanceRow(id=_id(), certificate_id=ids[key], due_on=due,
                                        done_on=done, notes=""))
    # verification findings raised in 2026: closed in 10 days, in 40 days, open; 2025: one
    for key, raised, closed in (("a2", date(2026, 2, 5), date(2026, 2, 15)),
                                ("b2", date(2026, 3, 5), date(2026, 4, 14)),
                                ("a3", date(2026, 5, 5), None),
                                ("a1", date(2025, 2, 1), date(2025, 2, 3))):
        uow.session.add(NonconformityRow(id=_id(), case_id=seeded.cases[key],
                                         description="发现 finding", raised_by=regulator.id,
                                         raised_at=_at(raised),
                                         closed_at=_at(closed) if closed else None))
    # labels issued in 2026: a2, b2, a3, d1 (e1 has none); 2025: a1
    for key, on in (("a2", date(2026, 2, 12)), ("b2", date(2026, 3, 22)),
                    ("a3", date(2026, 6, 1)), ("d1", date(2026, 7, 12)),
                    ("a1", date(2025, 3, 2))):
        token = f"token-{key}"
        uow.session.add(LabelRow(id=_id(), certificate_id=ids[key], code=f"L-{key}",
                                 token=token, token_sha256=hashlib.sha256(
                                     token.encode()).hexdigest(), kid="k1", value="1",
                                 unit="kg CO2e", issued_on=on,
                                 expires_on=date(on.year + 2, 1, 1), created_at=_at(on)))
    # supervision cases opened in 2026: one confirmed (b2), one not confirmed (a2)
    for n, (key, conclusion) in enumerate((("b2", "confirmed"), ("a2", "not_confirmed"))):
        uow.session.add(SupervisionCaseRow(
            id=_id(), reference=f"SC-2026-{uuid.uuid4().hex[:6]}-{n}",
            regulator_id=regulator.organisation_id, source="report", certificate_id=ids[key],
            claimed_number=c[key], summary="标识核查", state="closed", conclusion=conclusion,
            opened_by=regulator.id, opened_at=_at(date(2026, 10, 1)),
            assign_by=date(2026, 10, 8), conclude_by=date(2026, 11, 1),
            updated_at=_at(date(2026, 10, 20))))
    # scans naming pilot certificates in 2026: 3 page + 2 api; 2025: 1; x1: 1 (outside)
    for key, at, channel in (("a2", date(2026, 3, 1), "page"), ("a2", date(2026, 4, 1), "page"),
                             ("b2", date(2026, 5, 1), "page"), ("d1", date(2026, 8, 1), "api"),
                             ("a3", date(2026, 9, 1), "api"), ("a1", date(2025, 5, 1), "page"),
                             ("x1", date(2026, 5, 1), "page")):
        uow.session.add(ScanRow(at=_at(at), code="0" * 64, outcome="valid", channel=channel,
                                claimed_number=c[key]))
    # complaints received in 2026: decided in time, decided late, open (not in time)
    for n, (key, decide_by, decided) in enumerate((
            ("a2", date(2026, 5, 1), date(2026, 4, 20)),
            ("b2", date(2026, 6, 1), date(2026, 6, 10)),
            ("d1", date(2026, 12, 1), None))):
        uow.session.add(ComplaintRow(
            id=_id(), reference=f"CP-{uuid.uuid4().hex[:8]}-{n}", kind="complaint",
            body_id=body_id, certificate_id=ids[key], subject="标识", description="投诉",
            state="decided" if decided else "received", received_at=_at(date(2026, 4, 1)),
            acknowledge_by=date(2026, 4, 8), decide_by=decide_by,
            decided_at=_at(decided) if decided else None, updated_at=_at(date(2026, 4, 1))))
    uow.session.add(_penalty(regulator, c["b2"], _at(date(2026, 11, 1))))
    uow.session.add(_penalty(regulator, c["b2"], None))  # recorded, not published
    uow.session.flush()


def _penalty(regulator: User, number: str, published: datetime | None) -> PenaltyRow:
    return PenaltyRow(
        id=_id(), regulator_id=regulator.organisation_id,
        state="published" if published else "draft", party_name="水泥厂 B",
        party_kind="legal_person", party_region=SHENZHEN, credit_code="91440300000000000X",
        registration_number="", organisation_code="", tax_number="", institution_number="",
        social_org_number="", legal_representative="张三", id_type="", id_number="",
        decision_number=f"深市监罚〔2026〕{uuid.uuid4().hex[:4]}号", violation="false_label",
        facts="虚标", legal_basis="条例", classes="warning", content="警告", fine=None,
        confiscated=None, licence="", decided_on=date(2026, 10, 25),
        valid_until=date(2029, 10, 25), note="", publicity_class="normal",
        restriction_end=None, law_requires_publicity=True, case_id="", certificate_number=number,
        alert_id="", authority="深圳市市场监督管理局", authority_code="11440300000000000X",
        recorded_by=regulator.id, recorded_at=_at(date(2026, 10, 26)), edited_by=regulator.id,
        reviewed_by=None, reviewed_at=None, published_at=published, publicity_start=None,
        publicity_end=None, closed_at=None, closing_note="", redactions="[]")


def _declare(make_uow: UowFactory, seeded: SeededPilot) -> None:
    """Declared inputs of 2026; the output value is corrected once (8000 → 9000)."""
    r, c = seeded.regulator, seeded.certificates
    doc = pilots.EvidenceFile("统计年报.pdf", "application/pdf", b"%PDF-1.4 stats")

    def put(kind: InputKind, value: float, subject: str | None = None) -> str:
        with make_uow(write=True) as uow:
            return evaluation.declare_input(uow, r, seeded.pilot_id, evaluation.InputData(
                2026, kind, value, "深圳市统计局 2026 年报 p.12", subject,
                document=doc)).id

    first = put(InputKind.OUTPUT_VALUE, 8000)
    with make_uow(write=True) as uow:
        evaluation.correct_input(uow, r, seeded.pilot_id, first, evaluation.InputData(
            2026, InputKind.OUTPUT_VALUE, 9000, "深圳市统计局 2026 年报（修订）p.12",
            note="更正 correction"))
    put(InputKind.CATEGORY_OUTPUT_VALUE, 36000)
    put(InputKind.EXPORT_VALUE, 1200)
    put(InputKind.LOANS, 3)
    put(InputKind.LOAN_AMOUNT, 4500)
    put(InputKind.TRAINING_PARTICIPANTS, 260)
    put(InputKind.CERTIFICATION_FEES, 50)
    put(InputKind.PRODUCTION_VOLUME, 20000, c["a2"])  # t of cement
    put(InputKind.PRODUCTION_VOLUME, 10000, c["b2"])


def seed_pilot_with_input(make_uow: UowFactory, gd: User) -> dict[str, str]:
    """The route walks' pilot (tests/support/supervision_pilots.seed_pilot) with a declared
    evaluation input of 2026 and its evidence file: its ids and ``input_id``."""
    ids = seed_pilot(make_uow, gd)
    with make_uow(write=True) as uow:
        made = evaluation.declare_input(uow, gd, ids["pilot_id"], evaluation.InputData(
            2026, InputKind.LOANS, 2, "银行函", document=pilots.EvidenceFile(
                "bank.pdf", "application/pdf", b"%PDF-1.4 bank")))
    return {**ids, "input_id": made.id}
