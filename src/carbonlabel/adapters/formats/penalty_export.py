"""Penalty records out in the "双公示" template: CSV (UTF-8 with a byte-order mark, so Excel
opens the Chinese headers), XLSX (openpyxl; amounts as numbers in 万元, dates as dates) and
the JSON feed (field codes as keys; amounts as decimal strings, dates ISO 8601). The rows come
from domain/supervision/penalty_rows.py, in template order."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from carbonlabel.domain.supervision.penalty_rows import Cell
from carbonlabel.domain.supervision.penalty_template import CODES, FIELDS, HEADERS, FieldKind

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "行政处罚"


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_csv(rows: Sequence[Sequence[Cell]], extra_headers: Sequence[str] = ()) -> bytes:
    """The template's headers (and any extra columns after them), one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*HEADERS, *extra_headers])
    for r in rows:
        writer.writerow([_text(v) for v in r])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(rows: Sequence[Sequence[Cell]], extra_headers: Sequence[str] = ()) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    sheet.append([*HEADERS, *extra_headers])
    kinds = [f.kind for f in FIELDS] + [FieldKind.TEXT] * len(extra_headers)
    for r in rows:
        # amounts below 10^9 万元 with 6 places have at most 15 digits: a double holds them
        sheet.append([float(v) if isinstance(v, Decimal) else ("" if v is None else v)
                      for v in r])
        at = sheet.max_row
        for column, kind in enumerate(kinds, start=1):
            if kind is FieldKind.AMOUNT:
                sheet.cell(at, column).number_format = "0.######"
            elif kind is FieldKind.DATE:
                sheet.cell(at, column).number_format = "yyyy-mm-dd"
    for column, header in enumerate([*HEADERS, *extra_headers], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(12, len(header) * 2)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def feed_item(r: Sequence[Cell], extra: dict[str, str] | None = None) -> dict[str, str | None]:
    """One record of the JSON feed: field codes as keys; an empty field is null."""
    item: dict[str, str | None] = {code: (_text(v) or None) for code, v in zip(CODES, r,
                                                                             strict=True)}
    item.update(extra or {})
    return item


def to_json(items: Sequence[dict[str, str | None]]) -> bytes:
    return json.dumps({"fields": [{"code": f.code, "header": f.header} for f in FIELDS],
                       "records": list(items)}, ensure_ascii=False, indent=1).encode("utf-8")
