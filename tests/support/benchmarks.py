"""A hand-made set of certificates for the benchmark tests: products of one enterprise, each
on a footprint of its own whose stored result carries hand-made stage shares (everything else
copied from a real certified footprint), certified under hand-made rule releases, units,
boundaries and statuses."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.certification.certificate import CertificateStatus, certificate_number
from carbonlabel.domain.tenancy import User
from carbonlabel.services.accounts.users import new_id
from carbonlabel.services.quantify import catalog

RULE = "TB-RULE@1.0#" + "a" * 64
UNIT = "1 kWh"
GATE = "cradle-to-gate"
#: value, (raw material share, production share); the comparable six (ties at 20)
COMPARABLE = {"A": (10.0, (0.5, 0.5)), "B": (20.0, (0.6, 0.4)), "C": (20.0, (0.6, 0.4)),
              "D": (30.0, (0.7, 0.3)), "E": (40.0, (0.5, 0.5)), "F": (50.0, (0.8, 0.2))}
#: name: (value, rule release, unit, boundary, status, expires) of the non-comparable ones
APART = {
    "G": (1.0, RULE, UNIT, GATE, CertificateStatus.WITHDRAWN, None),
    "H": (2.0, RULE, UNIT, GATE, CertificateStatus.VALID, date(2020, 1, 1)),
    "I": (3.0, "TB-OTHER@1.0#" + "b" * 64, UNIT, GATE, CertificateStatus.VALID, None),
    "J": (4.0, "TB-RULE@2.0#" + "c" * 64, UNIT, GATE, CertificateStatus.VALID, None),
    "K": (5.0, RULE, "1 kg", GATE, CertificateStatus.VALID, None),
    "L": (6.0, RULE, UNIT, "cradle-to-grave", CertificateStatus.VALID, None),
    "N": (7.0, None, UNIT, GATE, CertificateStatus.VALID, None),
}
REASONS = {"G": "not_valid", "H": "not_valid", "I": "other_rule", "J": "other_rule_version",
           "K": "other_unit", "L": "other_boundary", "N": "no_rule"}
SMALL_RULE = "TB-SMALL@1.0#" + "d" * 64
SMALL = {"S1": 33.3, "S2": 44.4, "S3": 55.5}


@dataclass(frozen=True)
class HandMade:
    numbers: dict[str, str]  # name -> certificate number
    products: dict[str, str]  # name -> product id


def _stage_json(value: float, shares: tuple[float, float]) -> list[dict[str, object]]:
    return [{"stage": "raw_material_acquisition", "co2e_kg": value * shares[0],
             "share": shares[0], "transport_co2e_kg": 0.0},
            {"stage": "production", "co2e_kg": value * shares[1], "share": shares[1],
             "transport_co2e_kg": 0.0}]


def hand_made_set(make_uow: UowFactory, admin: User, certificate_id: str,
                  footprint_id: str) -> HandMade:
    """Certificates of products of ``admin``'s organisation, each on a footprint of its own
    whose stored result carries the hand-made stage shares (everything else copied from the
    footprint ``footprint_id``; the certificates from ``certificate_id``)."""
    numbers: dict[str, str] = {}
    products: dict[str, str] = {}
    rows: list[tuple[str, float, str | None, str, str, CertificateStatus, date | None,
                     tuple[float, float]]] = []
    rows += [(n, v, RULE, UNIT, GATE, CertificateStatus.VALID, None, s)
             for n, (v, s) in COMPARABLE.items()]
    rows += [(n, v, r, u, b, st, ex, (0.5, 0.5)) for n, (v, r, u, b, st, ex) in APART.items()]
    rows += [(n, v, SMALL_RULE, UNIT, GATE, CertificateStatus.VALID, None, (0.5, 0.5))
             for n, v in SMALL.items()]
    with make_uow(write=True) as uow:
        template = uow.certificates.get(certificate_id)
        source = uow.footprints.in_org(admin.organisation_id, footprint_id)
        assert template is not None
        assert source is not None
        for serial, (name, value, rule, unit, boundary, status, expires, shares) in \
                enumerate(rows, start=900):
            product = catalog.register_product(uow, admin, catalog.ProductData(
                f"对标产品 {name}", f"bench product {name}", "bench test category", None,
                None, f"TB-{name}"))
            result = json.loads(source.result_json)
            result["by_stage"] = _stage_json(value, shares)
            result["total_co2e_kg"] = value
            footprint = replace(source, id=new_id(), product_id=product.id,
                                total_co2e_kg=value, result_json=json.dumps(result),
                                product_rule_release=rule)
            uow.footprints.add(footprint)
            number = certificate_number(2026, 901, serial)
            uow.certificates.add(replace(
                template, id=new_id(), number=number, product_id=product.id,
                footprint_id=footprint.id, declared_unit=unit, value_co2e_kg=value,
                boundary=boundary, status=status, certified_value=f"{value:.4g}",
                expires_on=expires or date(2099, 12, 31), product_rule_release=rule,
                created_at=datetime.now(UTC)))
            numbers[name], products[name] = number, product.id
        uow.commit()
    return HandMade(numbers, products)


