"""The audit log: every change of state, by whom, when, from what to what; hash-chained.

Each record's hash is the SHA-256 of its canonical JSON together with the previous record's
hash, so editing or deleting any past record breaks the chain at that record (and the head,
kept apart, catches a deleted last record).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    at: datetime
    actor_id: str | None
    organisation_id: str | None
    action: str  # "product.created", "model_version.saved", ...
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    prev_hash: str
    hash: str


def record_hash(seq: int, at: datetime, actor_id: str | None, organisation_id: str | None,
                action: str, entity: str, entity_id: str, before: dict[str, Any] | None,
                after: dict[str, Any] | None, prev_hash: str) -> str:
    body = json.dumps([seq, at.isoformat(), actor_id, organisation_id, action, entity,
                       entity_id, before, after, prev_hash], sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify_chain(records: list[AuditRecord], head: tuple[int, str] | None) -> ChainBreak | None:
    """The first broken record of an ordered chain, or ``None`` when it is intact."""
    prev, expected_seq = GENESIS, 1
    for r in records:
        if r.seq != expected_seq:
            return ChainBreak(expected_seq, f"record {expected_seq} is missing")
        if r.prev_hash != prev:
            return ChainBreak(r.seq, "link to the previous record does not match")
        again = record_hash(r.seq, r.at, r.actor_id, r.organisation_id, r.action, r.entity,
                            r.entity_id, r.before, r.after, r.prev_hash)
        if again != r.hash:
            return ChainBreak(r.seq, "content does not match its hash (edited)")
        prev, expected_seq = r.hash, expected_seq + 1
    if head is not None:
        seq, digest = head
        if seq != expected_seq - 1 or digest != prev:
            return ChainBreak(expected_seq if seq >= expected_seq else seq,
                              "the chain ends before its recorded head (records deleted)")
    elif records:
        return ChainBreak(records[-1].seq, "no recorded head")
    return None
