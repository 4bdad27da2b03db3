"""Procurement criteria in and out (rows <-> domain/procurement.Criterion), and the public
registry's certificates of a category or product rule as candidates for a ranking (only what
the registry shows: holder, product, certified value and unit, rule release, boundary,
status, expiry)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import or_, select

from carbonlabel.adapters.db.base import _as_utc
from carbonlabel.adapters.db.certification_tables import CaseRow, CertificateRow
from carbonlabel.adapters.db.procurement_tables import ProcurementCriterionRow
from carbonlabel.adapters.db.repositories import _Repository
from carbonlabel.adapters.db.tables import OrganisationRow, ProductRow
from carbonlabel.domain.benchmark import Candidate, ComparableKey
from carbonlabel.domain.certification.certificate import CertificateStatus, effective_status
from carbonlabel.domain.procurement import Criterion, CriterionKind, Listing

_R = ProcurementCriterionRow


def _criterion(r: ProcurementCriterionRow) -> Criterion:
    published_at = _as_utc(r.published_at)
    assert published_at is not None
    return Criterion(r.id, r.agency_id, r.title,
                     ComparableKey(r.product_rule, r.declared_unit, r.boundary),
                     CriterionKind(r.kind), r.threshold, r.effective_on, r.published_by,
                     published_at, _as_utc(r.withdrawn_at), r.withdrawn_by,
                     r.withdrawal_reason)


class ProcurementCriteria(_Repository):
    def add(self, c: Criterion) -> None:
        self.session.add(_R(
            id=c.id, agency_id=c.agency_id, title=c.title, product_rule=c.key.product_rule,
            declared_unit=c.key.declared_unit, boundary=c.key.boundary, kind=c.kind.value,
            threshold=c.threshold, effective_on=c.effective_on, published_by=c.published_by,
            published_at=c.published_at, withdrawn_at=None, withdrawn_by=None,
            withdrawal_reason=""))
        self.session.flush()

    def get(self, criterion_id: str) -> Criterion | None:
        row = self.session.get(_R, criterion_id)
        return _criterion(row) if row is not None else None

    def withdraw(self, criterion_id: str, by: str, at: datetime, reason: str) -> None:
        row = self.session.get(_R, criterion_id)
        assert row is not None
        row.withdrawn_at, row.withdrawn_by, row.withdrawal_reason = at, by, reason
        self.session.flush()

    def listed(self, agency_id: str | None = None,
               key: ComparableKey | None = None) -> list[Criterion]:
        """Every criterion (of one agency, of one key), withdrawn ones too: the newest
        publication first."""
        q = select(_R)
        if agency_id is not None:
            q = q.where(_R.agency_id == agency_id)
        if key is not None:
            q = q.where(_R.product_rule == key.product_rule,
                        _R.declared_unit == key.declared_unit, _R.boundary == key.boundary)
        return [_criterion(r) for r in
                self.session.scalars(q.order_by(_R.published_at.desc(), _R.id))]


_C = CertificateRow
_P = ProductRow
_H = OrganisationRow


class ProcurementReads(_Repository):
    """The public registry's certificates as candidates for a ranking."""

    def listings(self, category: str | None, rule_code: str | None, on: date) -> list[Listing]:
        """The certificates of ``category`` (a catalogue code: their case's, as the pilots
        count them) or of releases of the product rule ``rule_code`` (either, or both), each
        with its live status on ``on``."""
        conditions = []
        if category:
            conditions.append(CaseRow.category == category)
        if rule_code:
            conditions.append(_C.product_rule_release.startswith(f"{rule_code}@",
                                                                 autoescape=True))
        if not conditions:
            return []
        rows = self.session.execute(
            select(_C.number, _C.product_rule_release, _C.declared_unit, _C.boundary,
                   _C.certified_value, _C.certified_unit, _C.status, _C.expires_on,
                   _H.name, _P.name_zh, _P.name_en, CaseRow.category)
            .select_from(_C).join(_P, _P.id == _C.product_id).join(_H, _H.id == _C.holder_id)
            .join(CaseRow, CaseRow.id == _C.case_id)
            .where(or_(*conditions)).order_by(_C.number)).all()
        found = []
        for r in rows:
            status = effective_status(CertificateStatus(r[6]), r[7], on)
            found.append(Listing(
                Candidate(r[0], r[1], r[2], r[3], float(r[4]),
                          status is CertificateStatus.VALID),
                r[8], r[9], r[10], r[11], r[4], r[5], status.value, r[7]))
        return found
