"""Reads of the public registry: certificates with their holder, product and body, by number
(the verification path: one indexed query, ``BY_NUMBER``) or by search text and filters.

``BY_NUMBER`` is one prebuilt Core statement (compiled once); the verification path runs it
outside a unit of work (``RegistryLookup`` here; ``registry_lookup`` for the web's awaited
read on PostgreSQL), because a single SELECT is consistent on its own and the round trips a
unit of work adds around it (ping, BEGIN, ROLLBACK) cost several times the query.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    ARRAY,
    ColumnClause,
    Engine,
    String,
    any_,
    bindparam,
    func,
    literal_column,
    or_,
    select,
)

from carbonlabel.adapters.db.certification_tables import CertificateRow
from carbonlabel.adapters.db.change_tables import CertificateRevisionRow
from carbonlabel.adapters.db.improvement_tables import CertificateClaimRow
from carbonlabel.adapters.db.repositories import Page, _Repository
from carbonlabel.adapters.db.system_tables import SystemCertificateRow, SystemRegistrationRow
from carbonlabel.adapters.db.tables import OrganisationRow, ProductRow
from carbonlabel.adapters.db.transfer_tables import CertificateTransferRow
from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.certification.certificate_content import CertificationMode
from carbonlabel.domain.certification.registry import (
    RegisteredProduct,
    RegistryEntry,
    SystemRegistryEntry,
)

_C = CertificateRow.__table__.c
_products = ProductRow.__table__
_P = _products.c
_holder = OrganisationRow.__table__.alias("holder")
_body = OrganisationRow.__table__.alias("body")
_T = CertificateTransferRow.__table__.c
_L = CertificateTransferRow.__table__.alias("last_transfer").c
_from = OrganisationRow.__table__.alias("from_body")
_certificates = CertificateRow.__table__
#: a literal, not a bound parameter: the lookup's SQL is compiled once (registry_lookup)
_ACCEPTED: ColumnClause[str] = literal_column("'accepted'")
#: the last accepted transfer of the certificate: when, and the body it came from
_last_at = (select(func.max(_L.decided_at))
            .where(_L.certificate_id == _C.id, _L.state == _ACCEPTED)
            .correlate(_certificates).scalar_subquery())
_TRANSFERRED = (
    select(func.max(_from.c.name)).select_from(CertificateTransferRow.__table__.join(
        _from, _from.c.id == _T.from_body_id))
    .where(_T.certificate_id == _C.id, _T.state == _ACCEPTED, _T.decided_at == _last_at)
    .correlate(_certificates).scalar_subquery(),
    _last_at)

_R = CertificateRevisionRow.__table__.c
#: the certified value and unit of each earlier revision (a re-issue keeps them): a label
#: printed before the re-issue states one of them. Literals, not bound parameters (as above).
_EARLIER = (select(func.aggregate_strings(
    _R.certified_value.concat(literal_column("'\t'")).concat(_R.certified_unit),
    # a SQL literal where the signature says str (a str would become a parameter rendered
    # at execution, which the once-compiled lookup cannot fill)
    cast(str, literal_column("'\n'"))))
    .where(_R.certificate_id == _C.id).correlate(_certificates).scalar_subquery())
_CL = CertificateClaimRow.__table__.c
#: the certificate's granted and lapsed claims beyond the value ("kind\tstate" per line), read
#: with the entry so that a scan shows them live at no extra query. Literals (as above).
_CLAIMS = (select(func.aggregate_strings(
    _CL.kind.concat(literal_column("'\t'")).concat(_CL.state),
    cast(str, literal_column("'\n'"))))
    .where(_CL.certificate_id == _C.id,
           or_(_CL.state == literal_column("'granted'"), _CL.state == literal_column("'lapsed'")))
    .correlate(_certificates).scalar_subquery())
_SR = SystemRegistrationRow.__table__
_S = SystemCertificateRow.__table__

#: only the columns a registry entry shows (Core, no ORM entity built per read)
_ENTRY = (
    select(_C.number, _holder.c.name, _holder.c.region, _P.name_zh, _P.name_en, _P.category,
           _C.product_rule, _C.declared_unit, _C.value_co2e_kg, _C.boundary, _C.standard,
           _C.scheme, _body.c.name, _C.issued_on, _C.expires_on, _C.status,
           _C.certified_value, _C.certified_unit, _C.reevaluation_required,
           *_TRANSFERRED, _EARLIER, _S.c.number, _CLAIMS)
    .select_from(CertificateRow.__table__
                 .join(_products, _P.id == _C.product_id)
                 .join(_holder, _holder.c.id == _C.holder_id)
                 .join(_body, _body.c.id == _C.body_id)
                 # a product registered under a system certificate: that certificate's number
                 .outerjoin(_SR, _SR.c.certificate_id == _C.id)
                 .outerjoin(_S, _S.c.id == _SR.c.system_certificate_id)))
BY_NUMBER = _ENTRY.where(_C.number == bindparam("number"))
#: several at once (PostgreSQL: one statement whatever their count, so one prepared plan)
BY_NUMBERS = _ENTRY.where(_C.number == any_(bindparam("numbers", type_=ARRAY(String()))))


def entry_of(r: Sequence[Any]) -> RegistryEntry:
    return RegistryEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], float(r[8]), r[9],
                         r[10], r[11], r[12], r[13], r[14], CertificateStatus(r[15]), r[16],
                         r[17], transferred_from=r[19], transferred_on=_day(r[20]),
                         under_reevaluation=bool(r[18]), earlier_facts=_facts(r[21]),
                         mode=CertificationMode.SYSTEM if r[22] else CertificationMode.PRODUCT,
                         system_number=r[22], claims=tuple(sorted(_facts(r[23]))))


def _facts(text: str | None) -> tuple[tuple[str, str], ...]:
    """Tab-separated pairs from their aggregated text: the earlier revisions' (certified
    value, unit), the claims' (kind, state)."""
    if not text:
        return ()
    return tuple((value, unit) for value, _, unit in
                 (line.partition("\t") for line in str(text).split("\n")))


def _day(at: Any) -> date | None:
    """The day of a stored time (UTC; SQLite's Core read gives text)."""
    if at is None:
        return None
    return at.date() if isinstance(at, datetime) else date.fromisoformat(str(at)[:10])


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

    def system_entry(self, number: str) -> SystemRegistryEntry | None:
        """The system certificate of this exact number, with the products registered under
        it (by certificate number)."""
        s = _S.c
        row = self.session.execute(
            select(s.id, s.number, _holder.c.name, _holder.c.region, s.category,
                   s.product_rule, s.standard, s.scheme, _body.c.name, s.issued_on,
                   s.expires_on, s.status)
            .select_from(_S.join(_holder, _holder.c.id == s.holder_id)
                         .join(_body, _body.c.id == s.body_id))
            .where(s.number == number)).first()
        if row is None:
            return None
        products = self.session.execute(
            select(_C.number, _P.name_zh, _P.name_en, _C.status, _C.expires_on)
            .select_from(_SR.join(_certificates, _C.id == _SR.c.certificate_id)
                         .join(_products, _P.id == _C.product_id))
            .where(_SR.c.system_certificate_id == row[0]).order_by(_C.number)).all()
        return SystemRegistryEntry(
            row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10],
            CertificateStatus(row[11]),
            tuple(RegisteredProduct(p[0], p[1], p[2], CertificateStatus(p[3]), p[4])
                  for p in products))

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
