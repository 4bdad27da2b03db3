"""Tables out as files: one CSV per table (UTF-8 with a byte-order mark, so Excel opens the
Chinese headers) and one XLSX workbook with a sheet per table (openpyxl), as the penalty
exports write them (penalty_export.py).

A table arrives already shaped: its bilingual headers ("中文 / English"), the kind of each
column and rows of plain cells, in the order shown. Numbers stay numbers in both files: the
CSV writes a float's shortest round-trip form (``repr``), the workbook a numeric cell, shares
as fractions (shown as percentages in the workbook). Nothing here knows where the rows came
from (the footprint report, the product list, the certificates).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_MAX = 31  # Excel's limit

Cell = str | int | float | bool | date | None


class ColumnKind(Enum):
    TEXT = "text"
    NUMBER = "number"  # a quantity, written with all its digits
    SHARE = "share"  # a fraction 0..1, shown as a percentage in the workbook
    COUNT = "count"  # a whole number
    DATE = "date"


NUMBER_FORMATS = {ColumnKind.NUMBER: "General", ColumnKind.SHARE: "0.0%",
                  ColumnKind.COUNT: "0", ColumnKind.DATE: "yyyy-mm-dd"}


@dataclass(frozen=True)
class Column:
    header: str  # "中文 / English"
    kind: ColumnKind = ColumnKind.TEXT


@dataclass(frozen=True)
class Table:
    key: str  # the file name's stem: stages.csv
    sheet: str  # the worksheet's name
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def to_csv(table: Table) -> bytes:
    """The headers, then one line per row (CRLF, as RFC 4180 and Excel have it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_text(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def _sheet_names(tables: Sequence[Table]) -> list[str]:
    names: list[str] = []
    for t in tables:
        name = "".join(c for c in t.sheet if c not in "[]:*?/\\")[:SHEET_NAME_MAX] or t.key
        while name in names:
            name = name[:SHEET_NAME_MAX - 1] + "_"
        names.append(name)
    return names


def to_xlsx(tables: Sequence[Table]) -> bytes:
    """A workbook with one sheet per table, headers frozen on the first row."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for table, name in zip(tables, _sheet_names(tables), strict=True):
        sheet = book.create_sheet(name)
        sheet.append(table.headers)
        for row in table.rows:
            sheet.append(["" if v is None else v for v in row])
        for column, spec in enumerate(table.columns, start=1):
            letter = get_column_letter(column)
            sheet.column_dimensions[letter].width = min(60, max(12, len(spec.header) + 4))
            if spec.kind is ColumnKind.TEXT:
                continue
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                if cell.value != "":
                    cell.number_format = NUMBER_FORMATS[spec.kind]
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
