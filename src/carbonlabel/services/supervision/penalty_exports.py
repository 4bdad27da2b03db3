"""Penalty records out: a regulator's own export of all its records (the 28 template fields and
a status column; CSV, XLSX or JSON) and the public feed (published records within their
publicity period, without personal data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.formats import penalty_export
from carbonlabel.domain.supervision.penalty_rows import (
    STATUS_CODE,
    STATUS_HEADER,
    row,
    status_name,
)
from carbonlabel.domain.tenancy import User
from carbonlabel.services.supervision.penalties import own_records

#: how many published records the public feed holds at most (newest first)
FEED_LIMIT = 5000


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


@dataclass(frozen=True)
class Export:
    content: bytes
    media_type: str
    filename: str


MEDIA = {ExportFormat.CSV: penalty_export.CSV_MEDIA_TYPE,
         ExportFormat.XLSX: penalty_export.XLSX_MEDIA_TYPE,
         ExportFormat.JSON: "application/json"}


def export(uow: UnitOfWork, actor: User, fmt: ExportFormat, day: date) -> Export:
    """Every record of the actor's regulator, any state, with a status column (当前状态).
    The regulator's export is the data-exchange record for the credit platform: it keeps the
    identity document fields that publication leaves out."""
    records = own_records(uow, actor)
    rows = [(*row(p, personal=True), status_name(p)) for p in records]
    if fmt is ExportFormat.CSV:
        content = penalty_export.to_csv(rows, (STATUS_HEADER,))
    elif fmt is ExportFormat.XLSX:
        content = penalty_export.to_xlsx(rows, (STATUS_HEADER,))
    else:
        content = penalty_export.to_json([
            penalty_export.feed_item(row(p, personal=True), {STATUS_CODE: p.state.value})
            for p in records])
    return Export(content, MEDIA[fmt], f"penalties-{day.isoformat()}.{fmt.value}")


def public_feed(uow: UnitOfWork, day: date) -> bytes:
    """The JSON feed of what is public on ``day`` (no personal data)."""
    page = uow.penalties.public_page(day, 0, FEED_LIMIT)
    return penalty_export.to_json([penalty_export.feed_item(row(p)) for p in page.items])
