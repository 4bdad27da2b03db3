"""The audit log table: append in the caller's transaction, read the chain for verification."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from carbonlabel.adapters.db.repositories import utc
from carbonlabel.adapters.db.tables import AuditHeadRow, AuditRow
from carbonlabel.domain.audit import GENESIS, AuditRecord, record_hash

#: PostgreSQL advisory lock taken by every append, so that appends queue (SQLite writers
#: already hold the database's write lock, see adapters.db.engine).
_LOCK_KEY = 0x6361726263  # "carbc"


@dataclass(frozen=True)
class AuditEntry:
    """One record to append (the chain fields are added when it is appended)."""

    actor_id: str | None
    organisation_id: str | None
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class AuditLog:
    def __init__(self, session: Session) -> None:
        self.session = session

    def append(self, *, actor_id: str | None, organisation_id: str | None, action: str,
               entity: str, entity_id: str, before: dict[str, Any] | None = None,
               after: dict[str, Any] | None = None) -> AuditRecord:
        (record,) = self.append_many([AuditEntry(actor_id, organisation_id, action, entity,
                                                 entity_id, before, after)])
        return record

    def append_many(self, entries: Sequence[AuditEntry]) -> list[AuditRecord]:
        """Chain several records in one step (one lock, one head update, one flush): a PACT
        listing logs one release per footprint it sends."""
        if not entries:
            return []
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        head = self.session.get(AuditHeadRow, 1)
        seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
        at = datetime.now(UTC)
        out: list[AuditRecord] = []
        for e in entries:
            seq += 1
            before, after = _jsonable(e.before), _jsonable(e.after)
            digest = record_hash(seq, at, e.actor_id, e.organisation_id, e.action, e.entity,
                                 e.entity_id, before, after, prev)
            self.session.add(AuditRow(seq=seq, at=at, actor_id=e.actor_id,
                                      organisation_id=e.organisation_id, action=e.action,
                                      entity=e.entity, entity_id=e.entity_id, before=before,
                                      after=after, prev_hash=prev, hash=digest))
            out.append(AuditRecord(seq, at, e.actor_id, e.organisation_id, e.action, e.entity,
                                   e.entity_id, before, after, prev, digest))
            prev = digest
        if head is None:
            self.session.add(AuditHeadRow(id=1, seq=seq, hash=prev))
        else:
            head.seq, head.hash = seq, prev
        self.session.flush()
        return out

    def chain(self) -> tuple[list[AuditRecord], tuple[int, str] | None]:
        rows = self.session.scalars(select(AuditRow).order_by(AuditRow.seq)).all()
        head = self.session.get(AuditHeadRow, 1)
        records = [AuditRecord(r.seq, utc(r.at), r.actor_id, r.organisation_id, r.action,
                               r.entity, r.entity_id, r.before, r.after, r.prev_hash, r.hash)
                   for r in rows]
        return records, ((head.seq, head.hash) if head else None)

    def of_actions(self, organisation_id: str, actions: Sequence[str],
                   limit: int = 200) -> list[AuditRecord]:
        """An organisation's records of these actions, newest first."""
        rows = self.session.scalars(select(AuditRow).where(
            AuditRow.organisation_id == organisation_id, AuditRow.action.in_(actions))
            .order_by(AuditRow.seq.desc()).limit(limit)).all()
        return [AuditRecord(r.seq, utc(r.at), r.actor_id, r.organisation_id, r.action,
                            r.entity, r.entity_id, r.before, r.after, r.prev_hash, r.hash)
                for r in rows]

    def for_entity(self, organisation_id: str, entity_id: str) -> list[AuditRecord]:
        rows = self.session.scalars(select(AuditRow).where(
            AuditRow.organisation_id == organisation_id, AuditRow.entity_id == entity_id)
            .order_by(AuditRow.seq)).all()
        return [AuditRecord(r.seq, utc(r.at), r.actor_id, r.organisation_id, r.action,
                            r.entity, r.entity_id, r.before, r.after, r.prev_hash, r.hash)
                for r in rows]


def _jsonable(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """Values as they come back from a JSON column (dates as ISO strings)."""
    if value is None:
        return None
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in value.items()}
