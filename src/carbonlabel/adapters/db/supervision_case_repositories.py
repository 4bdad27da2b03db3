"""Repositories of public false-label reports and supervision cases (rows <-> domain), and the
files both keep (a report's photo, a case's evidence)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update

from carbonlabel.adapters.db.repositories import Page, _Repository
from carbonlabel.adapters.db.supervision_case_tables import (
    SupervisionCaseRow,
    SupervisionCaseStepRow,
    SupervisionFileRow,
    SupervisionReportRow,
)
from carbonlabel.domain.supervision.cases import (
    CaseState,
    CaseStep,
    Conclusion,
    EscalatedTo,
    Source,
    SupervisionCase,
)
from carbonlabel.domain.supervision.reports import Report
from carbonlabel.errors import ConflictError

_R, _C, _S, _F = SupervisionReportRow, SupervisionCaseRow, SupervisionCaseStepRow, \
    SupervisionFileRow


@dataclass(frozen=True)
class StoredFile:
    id: str
    owner: str  # report / case
    owner_id: str
    filename: str
    media_type: str
    sha256: str
    size: int
    uploaded_by: str | None
    uploaded_at: datetime


def _report(r: SupervisionReportRow) -> Report:
    return Report(r.id, r.reference, r.claimed_number, r.certificate_id, r.printed_value,
                  r.printed_unit, r.region, r.description, r.contact, r.photo_id, r.alert_id,
                  r.received_at)


def _case(r: SupervisionCaseRow) -> SupervisionCase:
    return SupervisionCase(
        r.id, r.reference, r.regulator_id, Source(r.source), r.alert_id, r.report_id,
        r.claimed_number, r.certificate_id, r.holder_region, r.seen_region, r.summary,
        CaseState(r.state), r.assignee_id, r.findings or "",
        Conclusion(r.conclusion) if r.conclusion else None,
        EscalatedTo(r.escalated_to) if r.escalated_to else None, r.escalation_reference,
        r.opened_by, r.opened_at, r.assign_by, r.conclude_by, r.closed_at, r.updated_at)


def _file(r: SupervisionFileRow) -> StoredFile:
    return StoredFile(r.id, r.owner, r.owner_id, r.filename, r.media_type, r.sha256, r.size,
                      r.uploaded_by, r.uploaded_at)


#: two writers drew the same serial at once (the serial is the count of the year's references
#: plus one): the unique reference refuses the second, which is asked to try again
def _taken() -> ConflictError:
    return ConflictError(field="reference", message_en="that reference was just taken: try again",
                         message_zh="该编号刚被占用，请重试")


def _upper(region: str | None) -> str | None:
    return region.strip().upper() if region and region.strip() else None


class Reports(_Repository):
    def next_serial(self, year: int) -> int:
        count = self.session.scalar(select(func.count()).select_from(_R).where(
            _R.reference.startswith(f"JB-{year:04d}-")))
        return int(count or 0) + 1

    def count_from(self, client_sha256: str, since: datetime) -> int:
        return int(self.session.scalar(select(func.count()).select_from(_R).where(
            _R.client_sha256 == client_sha256, _R.received_at >= since)) or 0)

    def add(self, report: Report, holder_region: str | None,
            client_sha256: str | None = None) -> None:
        self._insert(_R(client_sha256=client_sha256,
            id=report.id, reference=report.reference, claimed_number=report.claimed_number,
            certificate_id=report.certificate_id, holder_region=_upper(holder_region),
            printed_value=report.printed_value, printed_unit=report.printed_unit,
            region=_upper(report.region), description=report.description,
            contact=report.contact, photo_id=report.photo_id, alert_id=report.alert_id,
            received_at=report.received_at), _taken())

    def get(self, report_id: str) -> tuple[Report, str | None] | None:
        """The report and its holder's region (when the number named a certificate)."""
        row = self.session.get(_R, report_id)
        return (_report(row), row.holder_region) if row is not None else None

    def set_alert(self, report_id: str, alert_id: str) -> None:
        self.session.execute(update(_R).where(_R.id == report_id).values(alert_id=alert_id))

    def by_alert(self, alert_id: str) -> Report | None:
        row = self.session.scalars(select(_R).where(_R.alert_id == alert_id)).first()
        return _report(row) if row is not None else None


class SupervisionCases(_Repository):
    def next_serial(self, year: int) -> int:
        count = self.session.scalar(select(func.count()).select_from(_C).where(
            _C.reference.startswith(f"JG-{year:04d}-")))
        return int(count or 0) + 1

    def add(self, case: SupervisionCase) -> None:
        self._insert(_C(
            id=case.id, reference=case.reference, regulator_id=case.regulator_id,
            source=case.source.value, alert_id=case.alert_id, report_id=case.report_id,
            claimed_number=case.claimed_number, certificate_id=case.certificate_id,
            holder_region=_upper(case.holder_region), seen_region=_upper(case.seen_region),
            summary=case.summary, state=case.state.value, assignee_id=case.assignee_id,
            findings=case.findings, conclusion=None, escalated_to=None,
            escalation_reference=None, opened_by=case.opened_by, opened_at=case.opened_at,
            assign_by=case.assign_by, conclude_by=case.conclude_by, closed_at=None,
            updated_at=case.updated_at), _taken())

    def get(self, case_id: str) -> SupervisionCase | None:
        row = self.session.get(_C, case_id)
        return _case(row) if row is not None else None

    def open_for(self, alert_id: str | None, report_id: str | None) -> SupervisionCase | None:
        """A case that took up this alert or report and is not concluded."""
        if alert_id is None and report_id is None:
            return None
        row = self.session.scalars(select(_C).where(
            or_(_C.alert_id == alert_id, _C.report_id == report_id),
            _C.state.not_in(("closed", "escalated")))).first()
        return _case(row) if row is not None else None

    def update(self, case_id: str, **values: Any) -> None:
        values = {k: (v.value if hasattr(v, "value") else v) for k, v in values.items()}
        self.session.execute(update(_C).where(_C.id == case_id).values(**values))

    def page_of(self, regulator_id: str, offset: int, limit: int,
                state: CaseState | None = None,
                assignee_id: str | None = None) -> Page[SupervisionCase]:
        """The regulator's own cases, open ones first, newest first."""
        q = select(_C).where(_C.regulator_id == regulator_id)
        if state is not None:
            q = q.where(_C.state == state.value)
        if assignee_id is not None:
            q = q.where(_C.assignee_id == assignee_id)
        concluded = _C.state.in_(("closed", "escalated"))
        return self._page(q.order_by(concluded, _C.opened_at.desc(), _C.id), _case, offset,
                          limit)

    def open_count(self, regulator_id: str) -> int:
        """How many of the regulator's cases are not concluded (closed or escalated)."""
        return int(self.session.scalar(
            select(func.count()).select_from(_C).where(
                _C.regulator_id == regulator_id,
                _C.state.not_in(("closed", "escalated")))) or 0)

    def add_step(self, step: CaseStep) -> None:
        self.session.add(_S(case_id=step.case_id, seq=step.seq, action=step.action,
                            from_state=step.from_state, to_state=step.to_state,
                            actor_id=step.actor_id, at=step.at, note=step.note))
        self.session.flush()

    def steps(self, case_id: str) -> list[CaseStep]:
        rows = self.session.scalars(select(_S).where(_S.case_id == case_id).order_by(_S.seq))
        return [CaseStep(r.case_id, r.seq, r.action, r.from_state, r.to_state, r.actor_id, r.at,
                         r.note) for r in rows]


class SupervisionFiles(_Repository):
    def add(self, stored: StoredFile, content: bytes) -> None:
        self.session.add(_F(id=stored.id, owner=stored.owner, owner_id=stored.owner_id,
                            filename=stored.filename, media_type=stored.media_type,
                            sha256=stored.sha256, size=stored.size, content=content,
                            uploaded_by=stored.uploaded_by, uploaded_at=stored.uploaded_at))
        self.session.flush()

    def of(self, owner: str, owner_id: str) -> list[StoredFile]:
        rows = self.session.scalars(select(_F).where(_F.owner == owner, _F.owner_id == owner_id)
                                    .order_by(_F.uploaded_at, _F.id))
        return [_file(r) for r in rows]

    def content(self, owner: str, owner_id: str, file_id: str) -> tuple[StoredFile, bytes] | None:
        row = self.session.get(_F, file_id)
        if row is None or (row.owner, row.owner_id) != (owner, owner_id):
            return None
        return _file(row), row.content
