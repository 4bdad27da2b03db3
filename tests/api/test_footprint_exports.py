"""The footprint's tables as CSV and XLSX: read back, they say what the footprint page says
(cell by cell, at the page's rounding) and add up by hand to the total; the API and the page
give the same files; another organisation gets "not found"."""

from __future__ import annotations

import csv
import io
import math
from typing import Any

import pytest
from openpyxl import load_workbook

from carbonlabel.web.pages import text
from tests.api.conftest import API, World, bearer, sign_in
from tests.support.html_tables import body_rows

TABLES = ("stages", "processes", "gases", "hotspots", "supply-tree", "separate")
SAME_IN_BOTH = {"kg CO2e", "GWP100"}  # headers that read the same in Chinese


def _csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the Chinese headers
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _page(world: World, lang: str) -> str:
    sign_in(world.client, world.a.tenant.analyst)
    page = world.client.get(f"/footprints/{world.a.footprint_id}", params={"lang": lang})
    assert page.status_code == 200
    return page.text


def _download(world: World, name: str, lang: str) -> bytes:
    got = world.client.get(f"/footprints/{world.a.footprint_id}/tables/{name}",
                           params={"lang": lang})
    assert got.status_code == 200, got.text
    assert got.headers["cache-control"] == "private, no-store"
    assert "attachment" in got.headers["content-disposition"]
    return got.content


def _result(world: World) -> dict[str, Any]:
    answer = world.client.get(f"{API}/footprints/{world.a.footprint_id}",
                              headers=bearer(world.a.token))
    result: dict[str, Any] = answer.json()["result"]
    return result


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_csv_tables_say_what_the_footprint_page_shows(world: World, lang: str) -> None:
    html = _page(world, lang)
    files = {t: _csv(_download(world, f"{t}.csv", lang))[1:] for t in TABLES}
    assert [[r[0], text.kg(float(r[1])), text.pct(float(r[2])), text.kg(float(r[3]))]
            for r in files["stages"]] == body_rows(html, "stages")
    assert [[f"{r[0]} {r[1]}", r[2], text.kg(float(r[3])), text.pct(float(r[4]))]
            for r in files["hotspots"]] == body_rows(html, "hotspots")
    assert [[r[0], r[1], text.kg(float(r[2])), f"{float(r[3]):g}", text.kg(float(r[4]))]
            for r in files["gases"]] == body_rows(html, "gases")
    assert [[r[0], f"{text.kg(float(r[1]))} {r[2]}"] for r in files["separate"]] == body_rows(
        html, "separate")
    assert len(files["hotspots"]) == len(body_rows(html, "hotspots")) > 0


def test_the_stage_rows_add_up_to_the_total_by_hand(world: World) -> None:
    sign_in(world.client, world.a.tenant.analyst)
    result = _result(world)
    stages = _csv(_download(world, "stages.csv", "en"))[1:]
    processes = _csv(_download(world, "processes.csv", "en"))[1:]
    tree = _csv(_download(world, "supply-tree.csv", "en"))[1:]
    total = result["total_co2e_kg"]
    assert len(stages) == len(result["by_stage"]) >= 2
    assert math.fsum(float(r[1]) for r in stages) == pytest.approx(total, rel=1e-12)
    assert math.fsum(float(r[2]) for r in stages) == pytest.approx(1.0, rel=1e-12)
    assert math.fsum(float(r[3]) for r in processes) == pytest.approx(total, rel=1e-12)
    assert [r[0] for r in processes] == [p["process"] for p in result["by_process"]]
    # the supply tree starts at the product: level 0, the whole footprint
    assert (tree[0][0], float(tree[0][4])) == ("0", pytest.approx(total, rel=1e-12))
    children = [r for r in tree if r[0] == "1"]
    assert len(children) == len(result["tree"]["children"])


def test_the_workbook_holds_every_table_as_numbers_equal_to_the_csv(world: World) -> None:
    sign_in(world.client, world.a.tenant.analyst)
    book = load_workbook(io.BytesIO(_download(world, "workbook.xlsx", "zh_CN")))
    assert len(book.sheetnames) == len(TABLES)
    for name, sheet in zip(TABLES, book.worksheets, strict=True):
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        from_csv = _csv(_download(world, f"{name}.csv", "zh_CN"))
        assert [str(h) for h in rows[0]] == from_csv[0]
        assert all(" / " in h for h in from_csv[0] if h not in SAME_IN_BOTH)  # 中文 / English
        for got, line in zip(rows[1:], from_csv[1:], strict=True):
            for cell, written in zip(got, line, strict=True):
                if isinstance(cell, float | int) and not isinstance(cell, bool):
                    # a number, not text; openpyxl writes 15 significant digits (Excel's own)
                    assert cell == pytest.approx(float(written), rel=1e-14)
                else:
                    assert (cell or "") == written
    stages = book.worksheets[0]
    assert stages.cell(2, 3).number_format == "0.0%"
    assert isinstance(stages.cell(2, 2).value, float)


def test_the_api_gives_the_files_the_page_gives(world: World) -> None:
    sign_in(world.client, world.a.tenant.analyst)
    page = _download(world, "stages.csv", "en")
    base = f"{API}/footprints/{world.a.footprint_id}/tables"
    world.client.cookies.clear()
    api = world.client.get(f"{base}/stages.csv", params={"lang": "en"},
                           headers=bearer(world.a.token))
    assert api.status_code == 200
    assert api.headers["content-type"].startswith("text/csv")
    assert api.content == page
    book = world.client.get(f"{base}/workbook.xlsx", headers=bearer(world.a.token))
    assert book.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert len(load_workbook(io.BytesIO(book.content)).sheetnames) == len(TABLES)


def test_another_organisations_footprint_tables_are_not_found(world: World) -> None:
    base = f"{API}/footprints/{world.a.footprint_id}/tables"
    for path in ("stages.csv", "workbook.xlsx"):
        assert world.client.get(f"{base}/{path}",
                                headers=bearer(world.b_admin_token)).status_code == 404
        world.client.cookies.clear()
    sign_in(world.client, world.b.admin)
    for path in ("stages.csv", "workbook.xlsx"):
        got = world.client.get(f"/footprints/{world.a.footprint_id}/tables/{path}")
        assert got.status_code == 404
        assert world.a.product_names[0] not in got.text


def test_a_table_of_no_such_name_is_refused(world: World) -> None:
    got = world.client.get(f"{API}/footprints/{world.a.footprint_id}/tables/secrets.csv",
                           headers=bearer(world.a.token))
    assert got.status_code == 422
    assert got.json()["field"].endswith("table")
