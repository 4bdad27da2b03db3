"""The audit log: every change of state, by whom, when, from what to what; hash-chained.

Each record's hash covers its canonical JSON together with the previous record's hash, so
editing or deleting any past record breaks the chain at that record. The hash is an
HMAC-SHA256 with the *audit key*, kept outside the database: without it nobody can rewrite a
record and compute the hashes after it again. Records written before the chain was keyed
(by releases without an audit key) keep their plain SHA-256; the head says from which record
on the chain is keyed (``keyed_from``).

The head (the last record's seq and hash, and ``keyed_from``) is kept apart and carries its
own MAC, so neither a deleted last record nor a moved ``keyed_from`` goes unnoticed. An
exported head (an anchor) kept outside the platform also catches a rewrite by someone
who holds the key: the chain must still contain the anchored record with the anchored hash.
"""

from __future__ import annotations

import hashlib
import hmac
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


@dataclass(frozen=True)
class AuditHead:
    """The chain's last record and the first keyed one, with their MAC; exported and kept
    outside the platform (``carbonlabel audit head``) it is an *anchor*, of which only seq
    and hash are required."""

    seq: int
    hash: str
    keyed_from: int | None = None
    mac: str | None = None


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str).encode("utf-8")


def record_hash(seq: int, at: datetime, actor_id: str | None, organisation_id: str | None,
                action: str, entity: str, entity_id: str, before: dict[str, Any] | None,
                after: dict[str, Any] | None, prev_hash: str, key: bytes | None) -> str:
    """HMAC-SHA256 with ``key`` over the record's canonical JSON; plain SHA-256 when ``key``
    is ``None`` (records from before the chain was keyed)."""
    body = _canonical([seq, at.isoformat(), actor_id, organisation_id, action, entity,
                       entity_id, before, after, prev_hash])
    if key is None:
        return hashlib.sha256(body).hexdigest()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def head_mac(key: bytes, seq: int, digest: str, keyed_from: int) -> str:
    """HMAC-SHA256 over the head: its seq, its hash and the first keyed record."""
    return hmac.new(key, _canonical(["audit_head", seq, digest, keyed_from]),
                    hashlib.sha256).hexdigest()


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("ascii", "replace"), b.encode("ascii", "replace"))


def verify_chain(records: list[AuditRecord], head: AuditHead | None,
                 key: bytes) -> ChainBreak | None:
    """The first broken record of an ordered chain, or ``None`` when it is intact.

    A chain with records needs a head with a MAC: a head without one (an unkeyed chain) is
    refused, since a forger without the key would otherwise rewrite every record with plain
    SHA-256 and drop the MAC. Chains from older releases were keyed when upgraded."""
    if head is None:  # without it there is no telling which records are keyed
        return ChainBreak(records[-1].seq, "no recorded head") if records else None
    keyed_from, mac = head.keyed_from, head.mac
    if records and (keyed_from is None or mac is None):
        return ChainBreak(min(records[-1].seq, head.seq), "the head carries no MAC "
                          "(rewritten without the audit key)")
    prev, expected_seq = GENESIS, 1
    for r in records:
        if r.seq != expected_seq:
            return ChainBreak(expected_seq, f"record {expected_seq} is missing")
        if r.prev_hash != prev:
            return ChainBreak(r.seq, "link to the previous record does not match")
        keyed = keyed_from is not None and r.seq >= keyed_from
        again = record_hash(r.seq, r.at, r.actor_id, r.organisation_id, r.action, r.entity,
                            r.entity_id, r.before, r.after, r.prev_hash,
                            key if keyed else None)
        if not _same(again, r.hash):
            return ChainBreak(r.seq, "content does not match its keyed hash (edited, or "
                                     "written with another audit key)" if keyed else
                              "content does not match its hash (edited)")
        prev, expected_seq = r.hash, expected_seq + 1
    last = expected_seq - 1
    named = last if 1 <= last <= head.seq else head.seq
    if keyed_from is None or mac is None:  # an empty chain's head
        return ChainBreak(named, "the head carries no MAC (rewritten without the audit key)")
    if not _same(head_mac(key, head.seq, head.hash, keyed_from), mac):
        return ChainBreak(named, "the head's MAC does not match (head or keyed_from "
                                 "rewritten, or another audit key)")
    if head.seq != last or head.hash != prev:
        return ChainBreak(expected_seq if head.seq >= expected_seq else head.seq,
                          "the chain ends before its recorded head (records deleted)")
    return None


def check_anchor(records: list[AuditRecord], head: AuditHead | None, anchor: AuditHead,
                 key: bytes) -> ChainBreak | None:
    """Whether an intact chain still holds an anchored head: the record at the anchor's seq
    has the anchor's hash (a rewrite at or before it, even with the key, changes that hash),
    and ``keyed_from`` is unchanged."""
    if anchor.mac is not None and anchor.keyed_from is not None and not _same(
            head_mac(key, anchor.seq, anchor.hash, anchor.keyed_from), anchor.mac):
        return ChainBreak(anchor.seq, "the anchor's MAC does not match this audit key "
                                      "(another key, or the anchor was altered)")
    at_anchor = next((r for r in records if r.seq == anchor.seq), None)
    if at_anchor is None:
        return ChainBreak(anchor.seq, "the anchored record is missing (the chain was cut "
                                      "before the anchor)")
    if not _same(at_anchor.hash, anchor.hash):
        return ChainBreak(anchor.seq, "its hash differs from the anchored head (the chain "
                                      "was rewritten at or before this record)")
    if anchor.keyed_from is not None and head is not None \
            and head.keyed_from != anchor.keyed_from:
        return ChainBreak(anchor.seq, f"keyed_from moved from {anchor.keyed_from} to "
                                      f"{head.keyed_from} since the anchor")
    return None


def unkeyed_count(head: AuditHead | None) -> int:
    """How many records (from before the chain was keyed) carry plain SHA-256."""
    if head is None or head.keyed_from is None:
        return head.seq if head is not None else 0
    return head.keyed_from - 1
