"""Reads for category benchmarks: the certificates that may compare with a product rule release
(with their product, holder and footprint), a few certificates by number, and the stored
results of their footprints. Public by policy (what the registry shows) except the footprint
results, which only the benchmark's medians use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, or_, select

from carbonlabel.adapters.db.certification_tables import CertificateRow
from carbonlabel.adapters.db.repositories import _Repository
from carbonlabel.adapters.db.tables import FootprintRow, OrganisationRow, ProductRow
from carbonlabel.domain.certification.certificate import CertificateStatus

_C = CertificateRow.__table__.c
_P = ProductRow.__table__.c
_O = OrganisationRow.__table__.c
#: more candidates than this are not read (a benchmark of one rule release stays far below)
MAX_CANDIDATES = 5000


@dataclass(frozen=True)
class CertifiedProduct:
    """A certificate as a benchmark sees it."""

    number: str
    holder_id: str
    holder: str
    product_id: str
    product_zh: str
    product_en: str
    category: str
    product_rule_release: str | None  # code@version#sha256 of its footprint's rule
    declared_unit: str
    boundary: str
    value_co2e_kg: float
    certified_value: str
    certified_unit: str
    status: CertificateStatus  # as stored
    expires_on: date
    footprint_id: str


_SELECT = (select(_C.number, _C.holder_id, _O.name, _C.product_id, _P.name_zh, _P.name_en,
                  _P.category, _C.product_rule_release, _C.declared_unit, _C.boundary,
                  _C.value_co2e_kg, _C.certified_value, _C.certified_unit, _C.status,
                  _C.expires_on, _C.footprint_id)
           .select_from(CertificateRow.__table__
                        .join(ProductRow.__table__, _P.id == _C.product_id)
                        .join(OrganisationRow.__table__, _O.id == _C.holder_id)))


def _of(r: Sequence[Any]) -> CertifiedProduct:
    return CertifiedProduct(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9],
                            float(r[10]), r[11], r[12], CertificateStatus(r[13]), r[14], r[15])


class Benchmarks(_Repository):
    def _all(self, q: Select[Any]) -> list[CertifiedProduct]:
        return [_of(r) for r in self.session.execute(
            q.order_by(_C.number).limit(MAX_CANDIDATES)).all()]

    def candidates(self, rule_code: str) -> list[CertifiedProduct]:
        """Every certificate of a release of the rule ``rule_code`` (any status), and every
        certificate of a product in the same categories (other rules, no rule): the
        candidates a benchmark of that rule sets apart with their reasons."""
        prefix = f"{rule_code}@"
        categories = (select(_P.category).distinct()
                      .select_from(CertificateRow.__table__
                                   .join(ProductRow.__table__, _P.id == _C.product_id))
                      .where(_C.product_rule_release.startswith(prefix, autoescape=True)))
        return self._all(_SELECT.where(or_(
            _C.product_rule_release.startswith(prefix, autoescape=True),
            _P.category.in_(categories.scalar_subquery()))))

    def by_numbers(self, numbers: Sequence[str]) -> dict[str, CertifiedProduct]:
        if not numbers:
            return {}
        return {c.number: c for c in self._all(_SELECT.where(_C.number.in_(list(numbers))))}

    def of_product(self, holder_id: str, product_id: str) -> list[CertifiedProduct]:
        """The holder's certificates of one product, oldest number first."""
        return self._all(_SELECT.where(_C.holder_id == holder_id, _C.product_id == product_id))

    def of_footprint(self, holder_id: str, footprint_id: str) -> list[CertifiedProduct]:
        return self._all(_SELECT.where(_C.holder_id == holder_id,
                                       _C.footprint_id == footprint_id))

    def releases(self) -> list[tuple[str | None, str, str, str, CertificateStatus, date]]:
        """(rule release, declared unit, boundary, category, status, expiry) of every
        certificate: what the overview of benchmarks groups."""
        rows = self.session.execute(
            select(_C.product_rule_release, _C.declared_unit, _C.boundary, _P.category,
                   _C.status, _C.expires_on)
            .select_from(CertificateRow.__table__
                         .join(ProductRow.__table__, _P.id == _C.product_id))
            .limit(MAX_CANDIDATES * 4)).all()
        return [(r[0], r[1], r[2], r[3], CertificateStatus(r[4]), r[5]) for r in rows]

    def result_texts(self, footprint_ids: Sequence[str]) -> dict[str, str]:
        """The stored result (JSON text) of each footprint, by id."""
        if not footprint_ids:
            return {}
        rows = self.session.execute(select(FootprintRow.id, FootprintRow.result_json)
                                    .where(FootprintRow.id.in_(list(footprint_ids)))).all()
        return {r[0]: r[1] for r in rows}
