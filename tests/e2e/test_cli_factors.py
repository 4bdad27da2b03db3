"""``carbonlabel factors``: search, show, sources, check and template as a user runs them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbonlabel.adapters.factors.rows import COLUMNS
from carbonlabel.cli.app import app, main

ENV = {"COLUMNS": "220"}
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=ENV)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def user_set(path: Path, co2: str = "0.48", version: str = "2024.2") -> Path:
    buf = io.StringIO()
    buf.write(f"# name: acme-factors\n# version: {version}\n")
    w = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    w.writeheader()
    w.writerow({"id": "acme.grid.js.2024", "key": "cn.grid.co2.average",
                "name_zh": "园区购电（江苏）", "name_en": "Park electricity (Jiangsu)",
                "category": "electricity/supplier", "geography": "CN-JS", "year": "2024",
                "unit": "kWh", "co2_kg": co2, "publisher": "ACME", "document": "contract 2024"})
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def test_search_prints_a_bilingual_table_of_matches() -> None:
    code, out = invoke("factors", "search", "天然气")
    assert code == 0
    assert "编号 id" in out
    assert "名称 name" in out
    assert "uk.desnz.fuel.natural-gas.m3.2025" in out


def test_search_json_filters_by_category_and_geography() -> None:
    code, out = invoke("factors", "search", "--category", "transport/freight/rail", "--json")
    assert code == 0
    body = json.loads(out)
    assert body["count"] == 1
    assert body["factors"][0]["id"] == "uk.desnz.freight.rail.freight-train.2025"
    assert body["sets"][0]["name"] == "carbonlabel-library"
    code, out = invoke("factors", "search", "grid", "--geography", "广东", "--json")
    geos = {f["geography"] for f in json.loads(out)["factors"]}
    assert geos == {"CN-South", "CN"}


def test_show_json_gives_every_field_with_its_provenance() -> None:
    code, out = invoke("factors", "show", "cn.electricity.footprint.average.CN.2023", "--json")
    assert code == 0
    f = json.loads(out)["factor"]
    assert f["gases"] == [{"gas": "CO2e", "origin": "fossil", "kg_per_unit": 0.6205}]
    assert f["unit"] == "kWh"
    assert f["year"] == 2023
    src = f["source"]
    assert "公告2025年第3号" in src["document"]
    assert src["publication_date"] == "2025-01-17"
    assert src["url"].startswith("http")
    assert src["licence"]
    assert "secondary press" in src["note"]
    assert f["quality"]["DQR"] == pytest.approx((1 + 2 + 2 + 3) / 4)
    assert f["set"]["version"] == "2026.2"


def test_show_resolves_a_key_and_reports_the_fallback() -> None:
    code, out = invoke("factors", "show", "cn.grid.co2.average", "--geography", "CN-JS",
                       "--year", "2024")
    assert code == 0
    assert "cn.grid.co2.average.CN-East.2023" in out
    assert "fell back CN-JS → CN-East" in out
    code, out = invoke("factors", "show", "cn.grid.co2.average")
    assert code == 0
    assert "cn.grid.co2.average.CN-YN.2022" in out  # every variant listed
    assert "--geography" in out


def test_sources_list_publisher_licence_url_and_row_counts() -> None:
    code, out = invoke("factors", "sources", "--json")
    assert code == 0
    sources = json.loads(out)["sources"]
    desnz = next(s for s in sources if "DESNZ" in s["publisher"])
    assert desnz["rows"] == 444
    assert "Open Government Licence v3.0" in desnz["licence"]
    assert any(s["set"] == "gwp100.csv" and s["version"] == "AR6" for s in sources)
    assert all(s["urls"] and s["licence"] and s["document"] for s in sources)
    code, out = invoke("factors", "sources")
    assert "carbonlabel-library 2026.2" in out
    assert "行数 rows" in out


def test_unknown_id_exits_3_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["factors", "show", "cn.grid.co2.avrage.CN.2023"])
    out, err = capsys.readouterr()
    assert code == 3
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "error[not_found]" in err
    assert "did you mean cn.grid.co2.average.CN.2023" in err


def test_user_set_given_with_set_overrides_and_is_shown(tmp_path: Path) -> None:
    path = user_set(tmp_path / "acme.csv")
    code, out = invoke("factors", "show", "cn.grid.co2.average", "--geography", "CN-JS",
                       "--set", str(path), "--json")
    assert code == 0
    body = json.loads(out)
    assert body["factor"]["id"] == "acme.grid.js.2024"
    assert body["factor"]["set"] == {"name": "acme-factors", "version": "2024.2", "row": 4}
    code, out = invoke("factors", "search", "园区", "--set", str(path))
    assert "acme.grid.js.2024" in out
    assert "acme-factors 2024.2" in out


def test_bad_user_set_names_file_row_and_column(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = user_set(tmp_path / "acme.csv", co2="abc")
    code = main(["factors", "search", "x", "--set", str(path)])
    _, err = capsys.readouterr()
    assert code == 2
    assert "acme.csv:co2_kg (line 4)" in err
    assert "'abc' is not a number" in err


def test_check_and_template_commands(tmp_path: Path) -> None:
    code, out = invoke("factors", "template", str(tmp_path / "t.xlsx"))
    assert code == 0
    assert (tmp_path / "t.xlsx").exists()
    code, out = invoke("factors", "check", str(user_set(tmp_path / "acme.csv")))
    assert code == 0
    assert "acme-factors 2024.2" in out


def test_search_with_geography_and_year_ranks_the_applicable_row_first_and_marks_it() -> None:
    code, out = invoke("factors", "search", "电网", "--geography", "CN-GD", "--year", "2023",
                       "--json")
    assert code == 0
    body = json.loads(out)
    first = body["factors"][0]
    # Guangdong has no provincial figure: the South China grid, 2023 (0.4042 kg CO2/kWh)
    assert first["id"] == "cn.grid.co2.average.CN-South.2023"
    assert first["applies"] is True
    assert first["gases"] == [{"gas": "CO2", "origin": "fossil", "kg_per_unit": 0.4042}]
    applying = [f["id"] for f in body["factors"] if f["applies"]]
    # one row per key: the one a model for CN-GD, 2023 would use
    assert applying == ["cn.grid.co2.average.CN-South.2023",
                        "cn.grid.co2.excl-market-nonfossil.CN.2023",
                        "cn.grid.co2.fossil.CN.2023"]
    assert body["factors"][:3] == [f for f in body["factors"] if f["applies"]]
    assert "cn.grid.co2.average.CN.2021" in [f["id"] for f in body["factors"][3:]]
    code, out = invoke("factors", "search", "电网", "--geography", "CN-GD", "--year", "2023")
    lines = [ln for ln in out.splitlines() if "cn.grid.co2" in ln]
    assert "cn.grid.co2.average.CN-South.2023" in lines[0]
    assert "✓" in lines[0]
    assert not any("✓" in ln for ln in lines if "CN.2021" in ln)
    assert "✓ 在 CN-GD, 2023 适用的行" in " ".join(out.split())


def test_search_year_without_geography_exits_2_naming_the_option(
        capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["factors", "search", "电网", "--year", "2024"])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "--geography" in err
