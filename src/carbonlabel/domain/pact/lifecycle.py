"""The PCF lifecycle (v3, ADR-41): any change gives a new PfId; the old one is deprecated.

``supersede(old, new)`` returns the deprecated old footprint and the new one, whose
``precedingPfIds`` list the old id after the old one's own predecessors (oldest first).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from carbonlabel.domain.pact.model import ExchangeFootprint, PfStatus
from carbonlabel.errors import ConflictError


def supersede(old: ExchangeFootprint, new: ExchangeFootprint, *, when: datetime,
              reason: str | None = None) -> tuple[ExchangeFootprint, ExchangeFootprint]:
    """(deprecated old, new with precedingPfIds). ``when`` becomes the old one's ``updated``;
    ``reason`` its ``statusComment`` (a v2 field). Refuses a new footprint with the same id."""
    if new.id == old.id:
        raise ConflictError(field="id",
                            message_en="a changed footprint needs a new id (PfId)",
                            message_zh="变更后的碳足迹必须使用新的标识（PfId）")
    preceding = tuple(dict.fromkeys((*old.preceding_pf_ids, old.id, *new.preceding_pf_ids)))
    deprecated = replace(old, status=PfStatus.DEPRECATED, updated=when,
                         status_comment=reason if reason is not None else old.status_comment)
    return deprecated, replace(new, preceding_pf_ids=preceding)
