"""Reads of the public registry: certificates with their holder, product and body, by number
(the verification path: one indexed query, ``BY_NUMBER``) or by search text and filters.

``BY_NUMBER`` is one prebuilt Core statement (compiled once); the verification path runs it
outside a unit of work (``RegistryLookup`` here; ``registry_lookup`` for the web's awaited
read on PostgreSQL), because a single SELECT is consistent on its own and the round trips a
unit of work adds around it (ping, BEGIN, ROLLBACK) cost several times the query.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ARRAY, Engine, String, any_, bindparam, func, or_, select

from carbonlabel.adapters.db.certification_tables import CertificateRow
from carbonlabel.adapters.db.repositories import Page, _Repository
from carbonlabel.adapters.db.system_tables import SystemCertificateRow, SystemRegistrationRow
from carbonlabel.adapters.db.tables import OrganisationRow, ProductRow
from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.certification.certificate_content import CertificationMode
from carbonlabel.domain.certification.registry import RegistryEntry

_C = CertificateRow.__table__.c
_products = ProductRow.__table__
_P = _products.c
_holder = OrganisationRow.__table__.alias("holder")
_body = OrganisationRow.__table__.alias("body")
_R = SystemRegistrationRow.__table__
_S = SystemCertificateRow.__table__

#: only the columns a registry entry shows (Core, no ORM entity built per read)
_ENTRY = (
    select(_C.number, _holder.c.name, _holder.c.region, _P.name_zh, _P.name_en, _P.category,
           _C.product_rule, _C.declared_unit, _C.value_co2e_kg, _C.boundary, _C.standard,
           _C.scheme, _body.c.name, _C.issued_on, _C.expires_on, _C.status,
           _C.certified_value, _C.certified_unit, _S.c.number)
    .select_from(CertificateRow.__table__
                 .join(_products, _P.id == _C.product_id)
                 .join(_holder, _holder.c.id == _C.holder_id)
                 .join(_body, _body.c.id == _C.body_id)
                 # a product registered under a system certificate: that certificate's number
                 .outerjoin(_R, _R.c.certificate_id == _C.id)
                 .outerjoin(_S, _S.c.id == _R.c.system_certificate_id)))
BY_NUMBER = _ENTRY.where(_C.number == bindparam("number"))
#: several at once (PostgreSQL: one statement whatever their count, so one prepared plan)
BY_NUMBERS = _ENTRY.where(_C.number == any_(bindparam("numbers", type_=ARRAY(String()))))


def entry_of(r: Sequence[Any]) -> RegistryEntry:
    return RegistryEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], float(r[8]), r[9],
                         r[10], r[11], r[12], r[13], r[14], CertificateStatus(r[15]), r[16],
                         r[17], CertificationMode.SYSTEM if r[18] else CertificationMode.PRODUCT,
                         r[18])


class Registry(_Repository):
    """The registry's reads inside a unit of work (search, the certificate page)."""

    def entry(self, number: str) -> RegistryEntry | None:
        """The certificate of this exact number (the unique index on ``number``)."""
        row = self.session.execute(BY_NUMBER, {"number": number}).first()
        return entry_of(row) if row is not None else None

    def search(self, text: str, category: str | None, region: str | None, offset: int,
               limit: int) -> Page[RegistryEntry]:
        q = _ENTRY
        text = text.strip()
        if text:  # a literal substring: % and _ typed in the box match only themselves
            q = q.where(or_(*(column.icontains(text, autoescape=True) for column in
                              (_P.name_zh, _P.name_en, _holder.c.name, _C.number))))
        if category:
            q = q.where(_P.category == category)
        if region:
            q = q.where(_holder.c.region.startswith(region, autoescape=True))
        total = self.session.scalar(select(func.count()).select_from(q.subquery())) or 0
        rows = self.session.execute(q.order_by(_C.issued_on.desc(), _C.number)
                                    .offset(offset).limit(limit)).all()
        return Page([entry_of(r) for r in rows], int(total), offset, limit)

    def categories(self) -> list[str]:
        """The product categories that have a certificate (for the search filter)."""
        return list(self.session.scalars(
            select(_P.category).distinct()
            .select_from(_products.join(CertificateRow.__table__, _C.product_id == _P.id))
            .order_by(_P.category)))


class RegistryLookup:
    """One certificate by number outside a unit of work (one statement on a pooled
    connection: no session, no ORM)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def entry(self, number: str) -> RegistryEntry | None:
        with self.engine.connect() as conn:
            row = conn.execute(BY_NUMBER, {"number": number}).first()
        return entry_of(row) if row is not None else None
