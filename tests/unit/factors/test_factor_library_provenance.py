"""Every bundled factor can be traced to its source, and the manifest versions the data."""

from __future__ import annotations

import csv
import hashlib
import io
from importlib import resources

import pytest

from carbonlabel.adapters.factors.library import gwp_sources, load_library, manifest
from carbonlabel.adapters.factors.rows import COLUMNS
from carbonlabel.domain.factors import LIBRARY_SET, summarise_sources
from carbonlabel.units import parse_unit

DATA = resources.files("carbonlabel.adapters.factors").joinpath("data")


def raw_rows() -> list[tuple[str, int, dict[str, str]]]:
    out = []
    for entry in manifest()["files"]:
        text = DATA.joinpath(entry["path"]).read_text(encoding="utf-8")
        for k, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
            out.append((entry["path"], k, row))
    return out


def test_every_library_row_names_publisher_document_licence_and_url() -> None:
    rows = raw_rows()
    assert len(rows) > 400
    for path, k, row in rows:
        for column in ("publisher", "document", "table", "licence", "url"):
            assert row[column].strip(), f"{path} row {k} ({row['id']}): empty {column}"
        assert row["url"].startswith(("http://", "https://")), f"{path} row {k}"


def test_every_library_row_has_a_year_a_parsable_unit_and_a_value() -> None:
    for path, k, row in raw_rows():
        assert 2000 <= int(row["year"]) <= 2030, f"{path} row {k}"
        parse_unit(row["unit"])
        gases = [row[c] for c in ("co2_kg", "ch4_fossil_kg", "n2o_kg", "co2e_kg")]
        assert any(gases), f"{path} row {k} has no value"
        if row["co2e_kg"]:
            assert not any(gases[:3]), f"{path} row {k} mixes per-gas and CO2e"
        for score in ("ter", "ger", "tir", "p"):
            assert 1 <= float(row[score]) <= 5


def test_every_library_file_has_the_documented_columns_in_order() -> None:
    for entry in manifest()["files"]:
        text = DATA.joinpath(entry["path"]).read_text(encoding="utf-8")
        assert next(csv.reader(io.StringIO(text))) == list(COLUMNS)


def test_manifest_row_counts_and_hashes_match_the_data_files() -> None:
    m = manifest()
    assert m["name"] == LIBRARY_SET
    assert m["version"] == "2026.2"
    for entry in m["files"]:
        data = DATA.joinpath(entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], (
            f"{entry['path']} changed: rebuild with scripts/build_factor_library.py --version ...")
        assert entry["rows"] == sum(1 for _ in csv.DictReader(io.StringIO(data.decode())))


def test_library_loads_with_unique_ids_and_its_version_on_every_record() -> None:
    lib = load_library()
    ids = [r.id for r in lib.records]
    assert len(ids) == len(set(ids)) == 481
    assert {r.set_version for r in lib.records} == {manifest()["version"]}
    assert all(r.factor.source is not None and r.factor.quality is not None
               for r in lib.records)


def test_sources_list_each_document_with_its_row_count_and_the_gwp_tables() -> None:
    summaries = summarise_sources(load_library().records)
    by_doc = {s.document: s for s in summaries}
    desnz = next(s for d, s in by_doc.items() if d.startswith("UK Government GHG Conversion"))
    assert desnz.rows == 444
    assert "Open Government Licence v3.0" in desnz.licence
    assert "Contains public sector information" in desnz.licence
    assert sum(s.rows for s in summaries) == 481
    footprint = next(s for d, s in by_doc.items() if "公告2025年第3号" in d)
    assert footprint.rows == 4
    gwp = gwp_sources()
    # AR6: the 249 species of Table 7.SM.7 with methane split in two (250 rows). AR5: CO2, CH4
    # fossil and non-fossil and 85 others of Table 8.A.1 (the openclimatedata compilation).
    assert [(s.set_version, s.rows) for s in gwp] == [("AR6", 249 + 1), ("AR5", 88)]


@pytest.mark.parametrize("column", ["url", "publication_date"])
def test_china_rows_keep_their_announcement_and_verification_state(column: str) -> None:
    rows = [r for p, _, r in raw_rows() if p == "factors-cn-electricity.csv"]
    assert len(rows) == 37
    assert all(r[column] for r in rows)
    assert all("secondary press" in r["note"] for r in rows)
    assert all(r["source_ids"] for r in rows)  # the announcement as the source row cites it
