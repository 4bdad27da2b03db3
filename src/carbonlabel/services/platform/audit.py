"""Verify the audit log (the keyed hash chain from the first record to its head, and
optionally an anchored head kept outside) and export its head for such an anchor."""

from __future__ import annotations

from dataclasses import dataclass

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.audit import (
    AuditHead,
    ChainBreak,
    check_anchor,
    unkeyed_count,
    verify_chain,
)
from carbonlabel.domain.audit_anchor import ExportedHead
from carbonlabel.errors import DataFormatError


@dataclass(frozen=True)
class AuditCheck:
    records: int
    unkeyed: int  # records from before the chain was keyed (plain SHA-256)
    broken: ChainBreak | None
    head: ExportedHead | None


def verify_audit(make_uow: UowFactory, anchor: AuditHead | None = None) -> AuditCheck:
    """The number of records, how many are unkeyed, and the first broken one (``None`` if
    the chain holds, and holds the anchor when one is given)."""
    with make_uow() as uow:
        key = uow.audit.key
        records, head = uow.audit.chain()
    broken = verify_chain(records, head, key)
    if broken is None and anchor is not None:
        broken = check_anchor(records, head, anchor, key)
    exported = None
    if broken is None and head is not None and records:
        exported = ExportedHead(head, records[-1].at)
    return AuditCheck(len(records), unkeyed_count(head), broken, exported)


def require_intact(check: AuditCheck) -> None:
    """Raise the one-line error naming the first broken record, if there is one."""
    broken = check.broken
    if broken is not None:
        raise DataFormatError(field=f"audit_log[{broken.seq}]",
                              message_en=f"audit record {broken.seq} is broken: "
                                         f"{broken.reason}",
                              message_zh=f"审计记录 {broken.seq} 已被破坏：{broken.reason}")
