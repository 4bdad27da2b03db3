"""Repository of complaints and appeals: rows in, domain objects out."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select

from carbonlabel.adapters.db.complaint_tables import ComplaintEventRow, ComplaintRow
from carbonlabel.adapters.db.repositories import _Repository
from carbonlabel.domain.certification.complaint_records import Complaint, ComplaintEvent
from carbonlabel.domain.certification.complaints import (
    AppealAgainst,
    ComplaintState,
    Kind,
    Outcome,
)
from carbonlabel.errors import ConflictError

_ENUMS = ("kind", "against", "state", "outcome")


def _complaint(r: ComplaintRow) -> Complaint:
    return Complaint(
        r.id, r.reference, Kind(r.kind), r.body_id, r.certificate_id, r.case_id, r.subject,
        AppealAgainst(r.against) if r.against else None, r.description, r.contact_email,
        r.appellant_id, r.lodged_by, ComplaintState(r.state), r.investigator_id, r.findings,
        r.decider_id, Outcome(r.outcome) if r.outcome else None, r.decision, r.received_at,
        r.acknowledge_by, r.decide_by, r.decided_at, r.closed_at, r.updated_at)


class Complaints(_Repository):
    def add(self, c: Complaint, tracking_sha256: str | None) -> None:
        values: dict[str, Any] = {k: getattr(c, k) for k in Complaint.__dataclass_fields__}
        for key in _ENUMS:
            values[key] = values[key].value if values[key] is not None else None
        self._insert(ComplaintRow(**values, tracking_sha256=tracking_sha256),
                     ConflictError(field="reference",
                                   message_en="that reference was just taken: try again",
                                   message_zh="该编号刚被占用，请重试"))

    def next_serial(self, kind: Kind, year: int) -> int:
        prefix = f"{'TS' if kind is Kind.COMPLAINT else 'SS'}-{year:04d}-"
        count = self.session.scalar(select(func.count()).select_from(ComplaintRow).where(
            ComplaintRow.reference.startswith(prefix)))
        return int(count or 0) + 1

    def get(self, complaint_id: str) -> Complaint | None:
        row = self.session.get(ComplaintRow, complaint_id)
        return _complaint(row) if row else None

    def by_tracking(self, tracking_sha256: str) -> Complaint | None:
        row = self.session.scalars(select(ComplaintRow).where(
            ComplaintRow.tracking_sha256 == tracking_sha256)).first()
        return _complaint(row) if row else None

    def of_org(self, org_id: str, kind: Kind | None = None) -> list[Complaint]:
        """What an organisation sees: those its body handles and the appeals it lodged."""
        q = select(ComplaintRow).where(or_(ComplaintRow.body_id == org_id,
                                           ComplaintRow.appellant_id == org_id))
        if kind is not None:
            q = q.where(ComplaintRow.kind == kind.value)
        rows = self.session.scalars(q.order_by(ComplaintRow.received_at.desc(),
                                               ComplaintRow.id).limit(500)).all()
        return [_complaint(r) for r in rows]

    def update(self, complaint_id: str, **changes: Any) -> None:
        row = self.session.get(ComplaintRow, complaint_id)
        if row is None:
            return
        for key, value in changes.items():
            setattr(row, key, value.value if key in _ENUMS and value is not None else value)
        self.session.flush()

    def add_event(self, event: ComplaintEvent) -> None:
        self.session.add(ComplaintEventRow(
            complaint_id=event.complaint_id, seq=event.seq, action=event.action,
            from_state=event.from_state, to_state=event.to_state, actor_id=event.actor_id,
            at=event.at, note=event.note))
        self.session.flush()

    def events(self, complaint_id: str) -> list[ComplaintEvent]:
        rows = self.session.scalars(select(ComplaintEventRow).where(
            ComplaintEventRow.complaint_id == complaint_id).order_by(ComplaintEventRow.seq)).all()
        return [ComplaintEvent(r.complaint_id, r.seq, r.action, r.from_state, r.to_state,
                               r.actor_id, r.at, r.note) for r in rows]
