"""Enterprise factor sets: a CSV (UTF-8) or Excel (.xlsx) table with the library's columns.

Lines (rows) whose first cell starts with ``#`` are comments; ``# name: ...`` and
``# version: ...`` (or ``# 名称：`` / ``# 版本：``) name and version the set. Without them the
name is the file name and the version the first 12 hex digits of the file's sha256. Every row
is checked and every problem is reported at once (file, row, column, reason); a set with any
problem is not loaded at all. Row numbers are those a spreadsheet shows (the header row
included). Columns: docs/factor-library.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

from carbonlabel.adapters.factors.rows import COLUMNS, OPTIONAL_COLUMNS, REQUIRED, parse_row
from carbonlabel.domain.factors import FactorRecord, FactorSet
from carbonlabel.errors import DataFormatError, FieldError, ModelValidationError

Row = tuple[int, list[str]]  # (row number, cells)
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_META_KEYS = {"name": "name", "名称": "name", "version": "version", "版本": "version"}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value).strip()


def _read_csv(path: Path, raw: bytes) -> list[Row]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFormatError(field=path.name, message_en=f"{path.name} is not UTF-8 text "
                              "(save it as 'CSV UTF-8')",
                              message_zh=f"{path.name} 不是 UTF-8 文本（请另存为「CSV UTF-8」）"
                              ) from exc
    reader = csv.reader(io.StringIO(text))
    rows: list[Row] = []
    start = 1
    for cells in reader:
        rows.append((start, cells))
        start = reader.line_num + 1
    return rows


def _read_xlsx(path: Path) -> list[Row]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise DataFormatError(field=path.name, message_en=f"cannot read {path.name} as an Excel "
                              f"workbook: {exc}", message_zh=f"无法将 {path.name} 读作 Excel "
                              f"工作簿：{exc}") from exc
    try:
        ws = wb["factors"] if "factors" in wb.sheetnames else wb.worksheets[0]
        return [(k, [_cell(v) for v in values])
                for k, values in enumerate(ws.iter_rows(values_only=True), start=1)]
    finally:
        wb.close()


def _split(path: Path, rows: list[Row]) -> tuple[dict[str, str], Row | None, list[Row]]:
    meta: dict[str, str] = {}
    header: Row | None = None
    body: list[Row] = []
    for row_no, cells in rows:
        first = cells[0].strip() if cells else ""
        if first.startswith("#"):
            key, sep, value = first.lstrip("#").replace("：", ":").partition(":")
            if sep and key.strip().lower() in _META_KEYS and header is None:
                meta[_META_KEYS[key.strip().lower()]] = value.strip()
            continue
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = (row_no, [c.strip() for c in cells])
        else:
            body.append((row_no, cells))
    return meta, header, body


def _error(path: Path, column: str, code: str, en: str, zh: str,
           row: int | None) -> FieldError:
    return FieldError(f"{path.name}:{column}" if column else path.name, code, en, zh, row)


def load_factor_set(path: Path) -> FactorSet:
    """Read and check a user factor set; raise ``ModelValidationError`` listing every bad row."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix != ".csv" and suffix not in EXCEL_SUFFIXES:
        raise DataFormatError(field=path.name,
                              message_en=f"{path.name}: a factor set is a .csv or .xlsx file",
                              message_zh=f"{path.name}：因子集应为 .csv 或 .xlsx 文件")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataFormatError(field=path.name, message_en=f"cannot read {path}: {exc}",
                              message_zh=f"无法读取 {path}：{exc}") from exc
    rows = _read_csv(path, raw) if suffix == ".csv" else _read_xlsx(path)
    meta, header, body = _split(path, rows)
    name = meta.get("name") or path.stem
    version = meta.get("version") or hashlib.sha256(raw).hexdigest()[:12]
    errors: list[FieldError] = []
    if header is None:
        raise ModelValidationError([_error(path, "", "no_header", "no header row",
                                           "缺少表头行", None)], str(path))
    head_no, columns = header
    unknown = [c for c in columns if c and c not in COLUMNS and c not in OPTIONAL_COLUMNS]
    missing = [c for c in REQUIRED if c not in columns]
    for c in unknown:
        errors.append(_error(path, c, "unknown_column", f"unknown column '{c}'",
                             f"未知列「{c}」", head_no))
    for c in missing:
        errors.append(_error(path, c, "missing_column", f"required column '{c}' is missing",
                             f"缺少必需列「{c}」", head_no))
    if errors:
        raise ModelValidationError(errors, str(path))
    records: list[FactorRecord] = []
    seen: dict[str, int] = {}
    for row_no, cells in body:
        values = {c: (cells[k] if k < len(cells) else "") for k, c in enumerate(columns) if c}
        record, problems = parse_row(values, name, version, REQUIRED, row_no)
        errors += [_error(path, p.column, p.code, p.message_en, p.message_zh, row_no)
                   for p in problems]
        fid = values.get("id", "").strip()
        if fid in seen:
            errors.append(_error(path, "id", "duplicate_id",
                                 f"id '{fid}' is used twice (first in row {seen[fid]})",
                                 f"编号「{fid}」重复（首次出现在第 {seen[fid]} 行）", row_no))
        elif fid:
            seen[fid] = row_no
        if record is not None:
            records.append(record)
    if errors:
        raise ModelValidationError(errors, str(path))
    if not records:
        raise ModelValidationError([_error(path, "", "empty_set", "the set has no factor rows",
                                           "因子集中没有因子行", None)], str(path))
    return FactorSet(name=name, version=version, records=tuple(records), origin=str(path))


def load_factor_sets(paths: list[Path]) -> list[FactorSet]:
    """Several sets; the problems of every file are reported together."""
    sets: list[FactorSet] = []
    errors: list[FieldError] = []
    for p in paths:
        try:
            sets.append(load_factor_set(p))
        except ModelValidationError as exc:
            errors += exc.errors
        except DataFormatError as exc:
            errors += exc.errors
    if errors:
        raise ModelValidationError(errors, ", ".join(str(p) for p in paths))
    return sets


TEMPLATE_COMMENTS = (
    "# name: my-company-factors",
    "# version: 1",
    "# 每行一个因子，列说明见 docs/factor-library.md；以 # 开头的行为注释 / one factor per row; "
    "columns in docs/factor-library.md; lines starting with # are comments",
)


def write_template(path: Path) -> None:
    """An empty factor set (comments and the header row) as .csv or .xlsx."""
    path = Path(path)
    if path.suffix.lower() in EXCEL_SUFFIXES:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "factors"
        for line in TEMPLATE_COMMENTS:
            ws.append([line])
        ws.append(list(COLUMNS))
        wb.save(path)
        return
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for line in TEMPLATE_COMMENTS:
        w.writerow([line])
    w.writerow(COLUMNS)
    path.write_text(buf.getvalue(), encoding="utf-8")
