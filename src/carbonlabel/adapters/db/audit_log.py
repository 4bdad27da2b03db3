"""The audit log table: append in the caller's transaction, read the chain for verification.

The audit key (adapters/audit_key.py) rides on the engine, as the data keys' cipher does
(``attach_audit_key``); the unit of work hands it to :class:`AuditLog`. A log without a key
refuses to append rather than write a record nobody can vouch for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from carbonlabel.adapters.audit_key import AuditKeyError
from carbonlabel.adapters.db.repositories import utc
from carbonlabel.adapters.db.tables import AuditHeadRow, AuditRow
from carbonlabel.domain.audit import GENESIS, AuditHead, AuditRecord, head_mac, record_hash
from carbonlabel.errors import ConflictError

#: PostgreSQL advisory lock taken by every append, so that appends queue (SQLite writers
#: already hold the database's write lock, see adapters.db.engine).
_LOCK_KEY = 0x6361726263  # "carbc"
_ATTR = "carbonlabel_audit_key"

#: The record that starts the keyed part of a chain begun by an older release.
KEYED_ACTION = "audit.keyed"


def attach_audit_key(engine: Engine, key: bytes) -> None:
    setattr(engine.dialect, _ATTR, key)


def audit_key_of(engine: Engine) -> bytes | None:
    key = getattr(engine.dialect, _ATTR, None)
    return key if isinstance(key, bytes) else None


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
    def __init__(self, session: Session, key: bytes | None = None) -> None:
        self.session = session
        self._key = key

    @property
    def key(self) -> bytes:
        """The audit key; an error when this log was opened without one."""
        if self._key is None:
            raise AuditKeyError(field="audit_key",
                                message_en="this database connection has no audit key; "
                                           "the audit log can be neither written nor verified",
                                message_zh="此数据库连接未配置审计密钥，无法写入或校验审计日志")
        return self._key

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
        key = self.key
        head = self._locked_head()
        keyed_from = 1 if head is None else head.keyed_from
        if keyed_from is None:
            # only an upgrade keys a chain (key_unkeyed_chain); keying it here would let a
            # forger who dropped the head's MAC pass off a rewritten chain as an old one
            raise ConflictError(field="audit_head",
                                message_en="the audit chain's head carries no MAC; run "
                                           "carbonlabel audit verify",
                                message_zh="审计链头缺少 MAC；请运行 carbonlabel audit verify")
        return self._chain(head, entries, keyed_from, key)

    def key_unkeyed_chain(self) -> AuditRecord | None:
        """Key a chain an older release wrote: an ``audit.keyed`` record, the first keyed
        one, then a head with ``keyed_from`` and its MAC. Nothing when the chain is keyed
        already or empty. Called by the schema upgrade that brings the audit key."""
        head = self._locked_head()
        if head is None or head.keyed_from is not None:
            return None
        key = self.key
        entry = AuditEntry(None, None, KEYED_ACTION, "audit_log", str(head.seq + 1),
                           after={"unkeyed_records": head.seq, "unkeyed_head": head.hash})
        (record,) = self._chain(head, [entry], head.seq + 1, key)
        return record

    def _locked_head(self) -> AuditHeadRow | None:
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        return self.session.get(AuditHeadRow, 1)

    def _chain(self, head: AuditHeadRow | None, entries: Sequence[AuditEntry],
               keyed_from: int, key: bytes) -> list[AuditRecord]:
        seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
        at = datetime.now(UTC)
        out: list[AuditRecord] = []
        for e in entries:
            seq += 1
            before, after = _jsonable(e.before), _jsonable(e.after)
            digest = record_hash(seq, at, e.actor_id, e.organisation_id, e.action, e.entity,
                                 e.entity_id, before, after, prev,
                                 key if seq >= keyed_from else None)
            self.session.add(AuditRow(seq=seq, at=at, actor_id=e.actor_id,
                                      organisation_id=e.organisation_id, action=e.action,
                                      entity=e.entity, entity_id=e.entity_id, before=before,
                                      after=after, prev_hash=prev, hash=digest))
            out.append(AuditRecord(seq, at, e.actor_id, e.organisation_id, e.action, e.entity,
                                   e.entity_id, before, after, prev, digest))
            prev = digest
        mac = head_mac(key, seq, prev, keyed_from)
        if head is None:
            self.session.add(AuditHeadRow(id=1, seq=seq, hash=prev, keyed_from=keyed_from,
                                          mac=mac))
        else:
            head.seq, head.hash, head.keyed_from, head.mac = seq, prev, keyed_from, mac
        self.session.flush()
        return out

    def chain(self) -> tuple[list[AuditRecord], AuditHead | None]:
        rows = self.session.scalars(select(AuditRow).order_by(AuditRow.seq)).all()
        head = self.session.get(AuditHeadRow, 1)
        records = [AuditRecord(r.seq, utc(r.at), r.actor_id, r.organisation_id, r.action,
                               r.entity, r.entity_id, r.before, r.after, r.prev_hash, r.hash)
                   for r in rows]
        return records, (AuditHead(head.seq, head.hash, head.keyed_from, head.mac)
                         if head else None)

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
