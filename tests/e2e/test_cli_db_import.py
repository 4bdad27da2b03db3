"""``carbonlabel db import / list / report / calc`` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from carbonlabel.cli.app import main
from tests.conftest import base_model
from tests.support.olca_fixtures import EXPECTED, write_v2_zip


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def steel_zip(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "steel.zip"
    return path, write_v2_zip(path)


def stored(data_dir: Path) -> list[str]:
    folder = data_dir / "databases"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_import_then_list_then_calc_with_each_allocation(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        steel_zip: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # a wide terminal: no cell is shortened
    path, ids = steel_zip
    data = str(tmp_path / "data")
    code, out, _ = run(capsys, "db", "import", str(path), "--name", "steel", "--data-dir", data)
    assert code == 0
    assert "导入报告 import report: steel" in out
    assert "water" in out  # the unlinked input is listed
    code, out, _ = run(capsys, "db", "list", "--data-dir", data)
    assert code == 0
    assert "steel" in out
    assert "olca-jsonld-2" in out
    for option in ("data", "physical", "economic", "none"):
        code, out, _ = run(capsys, "db", "calc", "steel", ids["steel"], ids["cement"],
                           "--allocation", option, "--format", "csv", "--data-dir", data)
        assert code == 0
        rows = {r["name"]: float(r["score_kg_co2e"]) for r in csv.DictReader(io.StringIO(out))}
        assert rows["steel"] == pytest.approx(EXPECTED[option]["steel"], rel=1e-12)
        assert rows["cement"] == pytest.approx(EXPECTED[option]["cement"], rel=1e-12)


def test_calc_all_in_json_covers_every_dataset(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path,
                                               steel_zip: tuple[Path, dict[str, str]]) -> None:
    path, ids = steel_zip
    data = str(tmp_path / "data")
    assert run(capsys, "db", "import", str(path), "--data-dir", data)[0] == 0
    code, out, _ = run(capsys, "db", "calc", "steel", "--all", "--format", "json",
                       "--data-dir", data)
    assert code == 0
    results = json.loads(out)["results"]
    assert sorted(r["id"] for r in results) == sorted(ids.values())


def test_dry_run_reports_and_stores_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                            steel_zip: tuple[Path, dict[str, str]]) -> None:
    data = tmp_path / "data"
    report = tmp_path / "report.json"
    code, out, _ = run(capsys, "db", "import", str(steel_zip[0]), "--dry-run",
                       "--report-json", str(report), "--data-dir", str(data))
    assert code == 0
    assert "no (dry run)" in out
    assert stored(data) == []
    body = json.loads(report.read_text(encoding="utf-8"))
    assert body["link"]["unlinked"][0]["flow"] == "water"
    assert body["link"]["provider_choices"][0]["rule"] == "same_location"


def test_a_failed_import_leaves_the_store_unchanged(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path,
                                                    steel_zip: tuple[Path, dict[str, str]]
                                                    ) -> None:
    data = tmp_path / "data"
    assert run(capsys, "db", "import", str(steel_zip[0]), "--name", "steel",
               "--data-dir", str(data))[0] == 0
    before = (data / "databases" / "steel" / "inventory.json.gz").read_bytes()
    broken = tmp_path / "broken.zip"
    broken.write_bytes(steel_zip[0].read_bytes()[:300])
    code, _, err = run(capsys, "db", "import", str(broken), "--name", "steel", "--replace",
                       "--data-dir", str(data))
    assert code == 2
    assert "broken.zip" in err
    assert len(err.strip().splitlines()) == 1
    assert stored(data) == ["steel"]
    assert (data / "databases" / "steel" / "inventory.json.gz").read_bytes() == before


def test_an_existing_name_is_not_overwritten_without_replace(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        steel_zip: tuple[Path, dict[str, str]]) -> None:
    data = str(tmp_path / "data")
    assert run(capsys, "db", "import", str(steel_zip[0]), "--name", "s", "--data-dir", data)[0] == 0
    code, _, err = run(capsys, "db", "import", str(steel_zip[0]), "--name", "s",
                       "--data-dir", data)
    assert code == 2
    assert "--replace" in err


@pytest.mark.parametrize(("args", "code", "text"), [
    (("db", "calc", "nowhere", "--all"), 3, "no imported database 'nowhere'"),
    (("db", "import", "missing.zip"), 2, "does not exist"),
    (("db", "import", "{png}"), 2, "not a known inventory format"),
    (("db", "import", "{zip}", "--name", "bad name!"), 2, "database name"),
])
def test_bad_requests_give_one_line_and_an_exit_code(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path,
                                                     steel_zip: tuple[Path, dict[str, str]],
                                                     args: tuple[str, ...], code: int,
                                                     text: str) -> None:
    png = tmp_path / "picture.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    filled = [a.format(png=png, zip=steel_zip[0]) for a in args]
    got, _, err = run(capsys, *filled, "--data-dir", str(tmp_path / "data"))
    assert got == code
    assert text in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("how", ["file", "imported"])
def test_a_model_uses_a_dataset_of_an_inventory_file_or_an_imported_database(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, how: str,
        steel_zip: tuple[Path, dict[str, str]], write_model: Callable[..., Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    path, ids = steel_zip
    data = tmp_path / "data"
    monkeypatch.setenv("CARBONLABEL_DATA_DIR", str(data))
    if how == "imported":
        assert run(capsys, "db", "import", str(path), "--name", "steel")[0] == 0
        ref = {"name": "bg", "format": "imported", "path": "steel"}
    else:
        ref = {"name": "bg", "format": "olca-jsonld", "path": str(path)}
    m = base_model(databases=[ref])
    m["processes"][0]["inputs"] = [{"dataset": ids["cement"], "database": "bg", "amount": 2,
                                    "unit": "kg"}]
    code, out, err = run(capsys, "calc", str(write_model(m)), "--json")
    assert code == 0, err
    body = json.loads(out)
    # cement under allocation as in the data (hand arithmetic in tests/support/olca_fixtures.py)
    assert body["total_co2e_kg"] == pytest.approx(2 * EXPECTED["data"]["cement"], rel=1e-9)


def test_a_self_loop_dataset_is_excluded_and_the_link_it_cut_is_listed(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """USLCI's coated aluminium sheet: 5.8256312304 kg of its own product in, 5.82563123 kg
    out. The import names it and the panel's link it cut; the panel scores its own 4 kg CO2."""
    from tests.unit.formats.test_ecospold1_reader import ds1, es1, ex

    monkeypatch.setenv("COLUMNS", "200")
    sheet = ds1(1, "Aluminum, sheet, coated, at plant", "kg",
                ex(1, "Aluminum, sheet, coated, at plant", 5.82563123, "kg", "out0"),
                ex(2, "Aluminum, sheet, coated, at plant", 5.8256312304, "kg", "in5"),
                ex(3, "Carbon dioxide, fossil", 1.9, "kg", "out4", "air", "unspecified"))
    panel = ds1(2, "MCM panel, at plant", "m2", ex(1, "MCM panel, at plant", 1, "m2", "out0"),
                ex(2, "Aluminum, sheet, coated, at plant", 2.5, "kg", "in5"),
                ex(3, "Carbon dioxide, fossil", 4.0, "kg", "out4", "air", "unspecified"))
    path = tmp_path / "loop.xml"
    path.write_text(es1(sheet, panel), encoding="utf-8")
    data = str(tmp_path / "data")
    report = tmp_path / "report.json"
    code, out, _ = run(capsys, "db", "import", str(path), "--name", "loop", "--data-dir", data,
                       "--report-json", str(report))
    assert code == 0
    assert "excluded datasets" in out
    assert "link cut because of it: MCM panel, at plant (2)" in out
    body = json.loads(report.read_text(encoding="utf-8"))
    assert [x["dataset_id"] for x in body["link"]["excluded_datasets"]] == ["1"]
    assert [(u["dataset_id"], u["reason"]) for u in body["link"]["unlinked"]] == [
        ("2", "provider_excluded")]
    code, out, _ = run(capsys, "db", "calc", "loop", "--all", "--format", "json",
                       "--data-dir", data)
    assert code == 0
    results = {r["id"]: r["score_kg_co2e"] for r in json.loads(out)["results"]}
    assert results == {"2": pytest.approx(4.0, rel=1e-12)}
