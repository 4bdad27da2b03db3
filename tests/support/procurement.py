"""Test helpers of low-carbon procurement: certificates stored as plain rows with the facts a
ranking reads (rule release, declared unit, boundary, certified value, status, expiry), and
the hand-made cement category the tests rank (``seed_category``), with the expected answer
worked out by hand in ``EXPECTED``."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

from carbonlabel.adapters.db.certification_tables import CaseRow, CertificateRow
from carbonlabel.adapters.db.uow import UnitOfWork, UowFactory
from carbonlabel.domain.tenancy import Organisation, OrgKind
from carbonlabel.services.accounts import users
from tests.support.persistence import footprint, product, version
from tests.support.platform import credit_code
from tests.support.supervision_pilots import member

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
#: the day the tests rank on
ON = date(2026, 6, 1)
RULE = "PCR-CEMENT@1.0"
SHA = "#" + "ab" * 32
UNIT = "1 t"
BOUNDARY = "cradle-to-gate"
CEMENT = "16"


def certificate(uow: UnitOfWork, holder: Organisation, body: Organisation, number: str,
                value: str, rule: str | None = RULE, unit: str = UNIT,
                boundary: str = BOUNDARY, status: str = "valid",
                expires: date = date(2028, 1, 1), category: str = CEMENT) -> None:
    """A certificate ``number`` of a product of ``category`` held by ``holder``, certified at
    ``value`` kg CO2e per ``unit`` under ``rule`` (a release, stored with a content hash)."""
    person = member(uow, holder)
    item = replace(product(holder.id), category=category, name_zh=f"水泥 {number}",
                   name_en=f"cement {number}")
    uow.products.add(item)
    model = version(item.id, person.id, 1)
    uow.model_versions.add(model)
    record = footprint(holder.id, item.id, model.id, person.id, total=float(value))
    uow.footprints.add(record)
    case_id, certificate_id = str(uuid.uuid4()), str(uuid.uuid4())
    uow.session.add(CaseRow(id=case_id, applicant_id=holder.id, body_id=body.id,
                            product_id=item.id, footprint_id=record.id,
                            model_version_id=model.id, category=category, scheme="pcf-label",
                            state="granted", team=[], audit_dates=[], decider_id=None,
                            certificate_id=certificate_id, created_at=T0, updated_at=T0))
    uow.session.flush()
    uow.session.add(CertificateRow(
        id=certificate_id, number=number, case_id=case_id, holder_id=holder.id,
        body_id=body.id, product_id=item.id, model_version_id=model.id,
        footprint_id=record.id, declared_unit=unit, value_co2e_kg=float(value),
        boundary=boundary, standard="GB/T 24067-2024", product_rule=None, scheme="pcf-label",
        issued_on=date(2026, 1, 1), expires_on=expires, status=status,
        reevaluation_required=False, created_at=T0, certified_value=value,
        certified_unit=f"kg CO2e / {unit}", revision=0,
        product_rule_release=(rule + SHA) if rule else None))
    uow.session.flush()


#: number -> (value, rule, unit, boundary, status, expires, category); the comparable ones
#: are A-F (key PCR-CEMENT@1.0 · 1 t · cradle-to-gate, valid on ON)
CATEGORY: dict[str, tuple[str, str | None, str, str, str, date, str]] = {
    "CFP-A": ("410.0", RULE, UNIT, BOUNDARY, "valid", date(2028, 1, 1), CEMENT),
    "CFP-B": ("380.0", RULE, UNIT, BOUNDARY, "valid", date(2028, 1, 1), CEMENT),
    "CFP-C": ("380.0", RULE, UNIT, BOUNDARY, "valid", date(2028, 1, 1), CEMENT),
    "CFP-D": ("455.0", RULE, UNIT, BOUNDARY, "valid", date(2028, 1, 1), CEMENT),
    "CFP-E": ("520.0", RULE, UNIT, BOUNDARY, "valid", date(2028, 1, 1), CEMENT),
    "CFP-F": ("600.0", RULE, UNIT, BOUNDARY, "valid", date(2028, 1, 1), CEMENT),
    "CFP-G": ("300.0", RULE, UNIT, BOUNDARY, "suspended", date(2028, 1, 1), CEMENT),
    "CFP-H": ("310.0", RULE, UNIT, BOUNDARY, "valid", date(2026, 5, 1), CEMENT),  # expired
    "CFP-I": ("320.0", "PCR-CEMENT@2.0", UNIT, BOUNDARY, "valid", date(2028, 1, 1), CEMENT),
    "CFP-J": ("0.33", RULE, "1 kg", BOUNDARY, "valid", date(2028, 1, 1), CEMENT),
    "CFP-K": ("700.0", RULE, UNIT, "cradle-to-grave", "valid", date(2028, 1, 1), CEMENT),
    "CFP-L": ("350.0", None, UNIT, BOUNDARY, "valid", date(2028, 1, 1), CEMENT),
    "CFP-M": ("360.0", "PCR-OTHER@1.0", UNIT, BOUNDARY, "valid", date(2028, 1, 1), CEMENT),
    "CFP-N": ("90.0", "PCR-BATTERY@1.0", "1 kWh", BOUNDARY, "valid", date(2028, 1, 1), "4"),
}

#: worked by hand: values 380, 380, 410, 455, 520, 600 (n = 6), type-7 h = (n - 1) p:
#: best 5 % h=0.25 -> 380; q1 h=1.25 -> 380 + 0.25*30 = 387.5; median h=2.5 -> 410 + 0.5*45 =
#: 432.5; q3 h=3.75 -> 455 + 0.75*65 = 503.75. Ties share the rank (competition ranking) and
#: are listed by number.
EXPECTED_RANKS = [("CFP-B", 1), ("CFP-C", 1), ("CFP-A", 3), ("CFP-D", 4), ("CFP-E", 5),
                  ("CFP-F", 6)]
EXPECTED_BENCHMARK = (380.0, 387.5, 432.5, 503.75)
EXPECTED_EXCLUDED = {"CFP-G": "not_valid", "CFP-H": "not_valid",
                     "CFP-I": "other_rule_version", "CFP-J": "other_unit",
                     "CFP-K": "other_boundary", "CFP-L": "no_rule", "CFP-M": "other_rule"}


def seed_category(make_uow: UowFactory) -> None:
    """The hand-made cement category (``CATEGORY``) and a battery certificate beside it."""
    with make_uow(write=True) as uow, uow.atomic():
        body = users.create_organisation(uow, "认证机构 CB", OrgKind.CERTIFICATION_BODY,
                                         "CN-BJ")
        for number, (value, rule, unit, boundary, status, expires, category) in (
                CATEGORY.items()):
            holder = users.create_organisation(uow, f"企业 {number}", OrgKind.ENTERPRISE,
                                               "CN-GD", credit_code=credit_code())
            certificate(uow, holder, body, number, value, rule, unit, boundary, status,
                        expires, category)
