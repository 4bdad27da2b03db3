"""Repositories of scan analytics: the scans a run of the rules reads, the facts of their
labels, the runs' watermark, and the regulators' read of the scan log by jurisdiction (a scan
lies within one by its coarse region or by the region of the holder of the certificate it
claims). Reads only, and runs appended: the scan log itself is never changed here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from sqlalchemy import func, or_, select

from carbonlabel.adapters.db.certification_tables import CertificateRow, LabelRow, ScanRow
from carbonlabel.adapters.db.repositories import Page, _Repository
from carbonlabel.adapters.db.scan_tables import ScanAnalysisRunRow
from carbonlabel.adapters.db.supervision_repositories import region_within
from carbonlabel.adapters.db.tables import OrganisationRow
from carbonlabel.domain.supervision.jurisdiction import Jurisdiction
from carbonlabel.domain.supervision.scan_log import AnalysisRun, LoggedScan
from carbonlabel.domain.supervision.scan_rules import CLIENT_REF, LabelFacts

_S = ScanRow
_CHUNK = 500
#: (scan id, at, digest, claimed number, verdict, failure, region, client hash)
ScanTuple = tuple[int, datetime, str, str | None, str, str | None, str | None, str | None]


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


class ScanAnalytics(_Repository):
    def watermark(self) -> int:
        """The highest scan id a run has read (0 before the first run)."""
        return int(self.session.scalar(select(func.max(ScanAnalysisRunRow.last_scan_id))) or 0)

    def last_run(self) -> AnalysisRun | None:
        row = self.session.scalar(select(ScanAnalysisRunRow)
                                  .order_by(ScanAnalysisRunRow.id.desc()).limit(1))
        return (AnalysisRun(row.at, row.last_scan_id, row.scans, row.findings, row.raised)
                if row is not None else None)

    def add_run(self, run: AnalysisRun) -> None:
        self.session.add(ScanAnalysisRunRow(at=run.at, last_scan_id=run.last_scan_id,
                                            scans=run.scans, findings=run.findings,
                                            raised=run.raised))
        self.session.flush()

    def new_since(self, after_id: int) -> tuple[datetime | None, int, int]:
        """(earliest time, highest id, count) of the scans after ``after_id``."""
        first, last, count = self.session.execute(
            select(func.min(_S.at), func.max(_S.id), func.count()).where(_S.id > after_id)).one()
        return first, int(last or after_id), int(count)

    def _columns(self) -> tuple[object, ...]:
        return (_S.id, _S.at, _S.code, _S.claimed_number, _S.outcome, _S.failure, _S.region,
                _S.client)

    def scans_from(self, after_id: int, context_from: datetime) -> list[ScanTuple]:
        """The scans after ``after_id`` and, as context, those at or after ``context_from``."""
        q = select(*self._columns()).where(  # type: ignore[call-overload]
            or_(_S.id > after_id, _S.at >= context_from)).order_by(_S.id)
        return [tuple(r) for r in self.session.execute(q)]

    def history(self, digests: Iterable[str], before: datetime) -> list[ScanTuple]:
        """Every earlier scan of these codes (the volume rule counts a print run's clients
        over its whole life)."""
        out: list[ScanTuple] = []
        for chunk in _chunks(sorted(set(digests))):
            q = select(*self._columns()).where(  # type: ignore[call-overload]
                _S.code.in_(chunk), _S.at < before)
            out.extend(tuple(r) for r in self.session.execute(q))
        return out

    def label_facts(self, digests: Iterable[str]) -> dict[str, LabelFacts]:
        """Token digest → the facts of its label (print run, certificate, holder region)."""
        out: dict[str, LabelFacts] = {}
        for chunk in _chunks(sorted(set(digests))):
            q = (select(LabelRow.token_sha256, LabelRow.id, CertificateRow.number,
                        CertificateRow.id, OrganisationRow.region, LabelRow.printed_quantity,
                        LabelRow.sales_regions)
                 .join(CertificateRow, CertificateRow.id == LabelRow.certificate_id)
                 .join(OrganisationRow, OrganisationRow.id == CertificateRow.holder_id)
                 .where(LabelRow.token_sha256.in_(chunk)))
            for digest, label_id, number, cert_id, region, quantity, regions in \
                    self.session.execute(q):
                out[digest] = LabelFacts(label_id, number, cert_id, region, quantity,
                                         tuple(x for x in (regions or "").split(",") if x))
        return out

    def holders(self, numbers: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Certificate number → (certificate id, holder region)."""
        out: dict[str, tuple[str, str]] = {}
        for chunk in _chunks(sorted(set(numbers))):
            q = (select(CertificateRow.number, CertificateRow.id, OrganisationRow.region)
                 .join(OrganisationRow, OrganisationRow.id == CertificateRow.holder_id)
                 .where(CertificateRow.number.in_(chunk)))
            out.update({n: (c, r) for n, c, r in self.session.execute(q)})
        return out

    def page_within(self, jurisdiction: Jurisdiction, offset: int, limit: int,
                    verdict: str | None = None) -> Page[LoggedScan]:
        """Scans whose coarse region or whose claimed certificate's holder lies within the
        jurisdiction, newest first."""
        holder = OrganisationRow.__table__.alias("holder")
        q = (select(_S, holder.c.region)
             .outerjoin(CertificateRow, CertificateRow.number == _S.claimed_number)
             .outerjoin(holder, holder.c.id == CertificateRow.holder_id)
             .where(or_(region_within(_S.region, jurisdiction),
                        region_within(holder.c.region, jurisdiction))))
        if verdict:
            q = q.where(_S.outcome == verdict)
        total = self.session.scalar(select(func.count()).select_from(q.subquery())) or 0
        rows = self.session.execute(q.order_by(_S.at.desc(), _S.id.desc())
                                    .offset(offset).limit(limit)).all()
        items = [LoggedScan(s.id, s.at, s.outcome, s.channel, s.claimed_number, s.failure,
                            s.region, s.region_source,
                            s.client[:CLIENT_REF] if s.client else None, region)
                 for s, region in rows]
        return Page(items, int(total), offset, limit)
