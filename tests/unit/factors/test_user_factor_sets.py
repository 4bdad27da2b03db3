"""Enterprise factor sets: CSV or Excel, every bad row reported, nothing loaded on failure."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from carbonlabel.adapters.factors.library import load_library
from carbonlabel.adapters.factors.rows import COLUMNS
from carbonlabel.adapters.factors.user_sets import (
    load_factor_set,
    load_factor_sets,
    write_template,
)
from carbonlabel.domain.factors import FactorCatalog
from carbonlabel.errors import DataFormatError, ModelValidationError

GOOD = {
    "id": "acme.grid.js.2024", "key": "cn.grid.co2.average", "name_zh": "园区购电（江苏）",
    "name_en": "Park electricity supply (Jiangsu)", "category": "electricity/supplier",
    "geography": "江苏", "year": "2024", "unit": "kWh", "co2_kg": "0.48",
    "publisher": "ACME 电力", "document": "2024 年供电合同附件", "ter": "1", "ger": "1",
    "tir": "1", "p": "2",
}


def write_csv(path: Path, rows: list[dict[str, str]], meta: tuple[str, ...] = (
        "# name: acme-factors", "# version: 2024.2")) -> Path:
    buf = io.StringIO()
    for line in meta:
        buf.write(line + "\n")
    w = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    w.writeheader()
    w.writerows([{k: r.get(k, "") for k in COLUMNS} for r in rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def test_csv_set_loads_with_its_name_version_and_canonical_geography(tmp_path: Path) -> None:
    fs = load_factor_set(write_csv(tmp_path / "acme.csv", [GOOD]))
    assert (fs.name, fs.version) == ("acme-factors", "2024.2")
    (r,) = fs.records
    assert r.geography == "CN-JS"
    assert r.year == 2024
    assert r.factor.gases[0].amount == 0.48
    assert r.factor.quality is not None
    assert r.factor.quality.dqr == 1.25
    assert r.row == 4  # two comment lines, the header, then this row


def test_set_without_name_or_version_uses_file_name_and_content_hash(tmp_path: Path) -> None:
    fs = load_factor_set(write_csv(tmp_path / "plant.csv", [GOOD], meta=()))
    assert fs.name == "plant"
    assert len(fs.version) == 12


def test_every_bad_row_is_reported_with_file_row_and_column(tmp_path: Path) -> None:
    bad = [
        GOOD,
        {**GOOD, "id": "a b", "co2_kg": "lots"},  # row 5: bad id, not a number
        {**GOOD, "id": "x2", "unit": "kwhh"},  # row 6: unknown unit
        {**GOOD, "id": "x3", "co2_kg": "", "co2e_kg": ""},  # row 7: no value
        {**GOOD, "id": "x4", "co2e_kg": "0.5"},  # row 8: both per-gas and CO2e
        {**GOOD, "id": "x5", "ter": "7"},  # row 9: score out of range
        {**GOOD, "id": "x6", "publisher": "", "year": "20x4"},  # row 10: two problems
        {**GOOD},  # row 11: duplicate id
    ]
    path = write_csv(tmp_path / "bad.csv", bad)
    with pytest.raises(ModelValidationError) as info:
        load_factor_set(path)
    found = {(e.field, e.line, e.code) for e in info.value.errors}
    assert found == {
        ("bad.csv:id", 5, "bad_id"), ("bad.csv:co2_kg", 5, "not_a_number"),
        ("bad.csv:unit", 6, "invalid_unit"), ("bad.csv:co2e_kg", 7, "no_value"),
        ("bad.csv:co2e_kg", 8, "gases_or_co2e"), ("bad.csv:ter", 9, "out_of_range"),
        ("bad.csv:publisher", 10, "missing"), ("bad.csv:year", 10, "not_a_number"),
        ("bad.csv:id", 11, "duplicate_id"),
    }
    assert info.value.source == str(path)
    assert all(e.message_zh and e.message_en for e in info.value.errors)


def test_unknown_and_missing_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "cols.csv"
    path.write_text("id,name_zh,co2kg\nx,y,1\n", encoding="utf-8")
    with pytest.raises(ModelValidationError) as info:
        load_factor_set(path)
    fields = {e.field for e in info.value.errors}
    assert "cols.csv:co2kg" in fields
    assert {"cols.csv:unit", "cols.csv:publisher", "cols.csv:year"} <= fields


def test_a_failed_set_is_not_loaded_and_the_catalog_is_unchanged(tmp_path: Path) -> None:
    good = write_csv(tmp_path / "good.csv", [GOOD])
    bad = write_csv(tmp_path / "bad.csv", [{**GOOD, "co2_kg": "x"}])
    before = FactorCatalog(load_library())
    with pytest.raises(ModelValidationError) as info:
        load_factor_sets([good, bad])
    assert {e.field for e in info.value.errors} == {"bad.csv:co2_kg"}
    after = FactorCatalog(load_library())
    assert after.get(GOOD["id"]) is None
    assert len(after.records()) == len(before.records())


def test_excel_set_loads_like_csv_with_spreadsheet_row_numbers(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "factors"
    ws.append(["# name: acme-xlsx"])
    ws.append(["# version: 7"])
    ws.append(list(COLUMNS))
    ws.append([float(GOOD[c]) if c in ("co2_kg", "year") else GOOD.get(c) for c in COLUMNS])
    ws.append([("bad" if c == "co2_kg" else GOOD.get(c)) if c != "id" else "x9"
               for c in COLUMNS])
    path = tmp_path / "acme.xlsx"
    wb.save(path)
    with pytest.raises(ModelValidationError) as info:
        load_factor_set(path)
    assert [(e.field, e.line) for e in info.value.errors] == [("acme.xlsx:co2_kg", 5)]
    ws.delete_rows(5)
    wb.save(path)
    fs = load_factor_set(path)
    assert (fs.name, fs.version) == ("acme-xlsx", "7")
    assert fs.records[0].year == 2024
    assert fs.records[0].factor.gases[0].amount == 0.48


def test_not_a_workbook_and_wrong_suffix_are_clear_errors(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    with pytest.raises(DataFormatError, match=r"cannot read fake\.xlsx"):
        load_factor_set(fake)
    with pytest.raises(DataFormatError, match=r"\.csv or \.xlsx"):
        load_factor_set(tmp_path / "x.json")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_template_has_the_documented_columns_and_loads_once_filled(tmp_path: Path,
                                                                   suffix: str) -> None:
    path = tmp_path / f"template{suffix}"
    write_template(path)
    with pytest.raises(ModelValidationError, match="no factor rows"):
        load_factor_set(path)
    if suffix == ".csv":
        text = path.read_text(encoding="utf-8")
        path.write_text(text + ",".join(GOOD.get(c, "") for c in COLUMNS) + "\n",
                        encoding="utf-8")
        fs = load_factor_set(path)
        assert (fs.name, fs.version) == ("my-company-factors", "1")


def test_shipped_template_equals_the_generated_one(tmp_path: Path) -> None:
    from importlib import resources

    shipped = resources.files("carbonlabel.adapters.factors").joinpath(
        "data/factor-set-template.csv").read_text(encoding="utf-8")
    write_template(tmp_path / "t.csv")
    assert shipped == (tmp_path / "t.csv").read_text(encoding="utf-8")
