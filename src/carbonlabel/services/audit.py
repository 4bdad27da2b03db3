"""Verify the audit log: the hash chain from the first record to the recorded head."""

from __future__ import annotations

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.audit import ChainBreak, verify_chain


def verify_audit(make_uow: UowFactory) -> tuple[int, ChainBreak | None]:
    """The number of records and the first broken one (``None`` if the chain holds)."""
    with make_uow() as uow:
        records, head = uow.audit.chain()
    return len(records), verify_chain(records, head)
