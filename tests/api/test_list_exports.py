"""The product list (dashboard) and the certificate list as CSV and XLSX: the rows the pages
show, numbers as numbers; each organisation downloads its own list only (the holder and the
certification body each see the certificate, nobody else)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from carbonlabel.web.pages import text
from tests.api.conftest import API, World, bearer, sign_in


def _csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _get(world: World, path: str, lang: str = "en") -> bytes:
    got = world.client.get(path, params={"lang": lang})
    assert got.status_code == 200, got.text
    assert got.headers["cache-control"] == "private, no-store"
    return got.content


def test_the_product_list_says_what_the_dashboard_shows(world: World) -> None:
    sign_in(world.client, world.a.tenant.viewer)
    page = world.client.get("/dashboard", params={"lang": "en"}).text
    header, *rows = _csv(_get(world, "/dashboard/products.csv"))
    assert header[0] == "产品 / Product"
    (row,) = rows  # A has one product
    footprint = world.client.get(f"{API}/footprints/{world.a.footprint_id}",
                                 headers=bearer(world.a.token)).json()
    assert row[0] == world.a.product_names[1]
    assert float(row[3]) == footprint["total_co2e_kg"]
    assert f"<strong>{text.kg(float(row[3]))}</strong> kg CO2e" in page
    assert (row[6], row[7]) == (world.a.certified.number, "valid")
    book = load_workbook(io.BytesIO(_get(world, "/dashboard/products.xlsx")))
    cells = [c.value for c in book.active[2]]  # type: ignore[index]
    assert cells[3] == pytest.approx(float(row[3]), rel=1e-14)  # 15 digits, as Excel keeps
    assert isinstance(cells[3], float)


def test_the_certificate_list_is_the_holders_and_the_bodys_own(world: World) -> None:
    certified = world.a.certified
    sign_in(world.client, world.a.tenant.viewer)
    page = world.client.get("/certification/certificates", params={"lang": "en"}).text
    held = _csv(_get(world, "/certification/certificates.csv"))[1:]
    assert [r[0] for r in held] == [certified.number]
    (row,) = held
    assert f"<code>{row[0]}</code>" in page
    shown = re.search(r'data-label="Footprint">([^ <]+) kg CO2e<', page)
    assert shown is not None
    assert float(row[4]) == float(shown.group(1))  # a number in the file, as the page says
    assert row[6] == "valid"
    book = load_workbook(io.BytesIO(_get(world, "/certification/certificates.xlsx")))
    values = [c.value for c in book.active[2]]  # type: ignore[index]
    assert isinstance(values[4], float)
    assert values[8].date() == date.fromisoformat(row[8])  # a date cell, not text
    world.client.cookies.clear()
    sign_in(world.client, certified.body.admin)
    issued = _csv(_get(world, "/certification/certificates.csv"))[1:]
    assert certified.number in [r[0] for r in issued]
    world.client.cookies.clear()
    sign_in(world.client, world.b.admin)
    for path in ("/certification/certificates.csv", "/dashboard/products.csv"):
        content = _get(world, path)
        assert certified.number.encode() not in content
        assert world.a.product_names[1].encode() not in content
        assert len(_csv(content)) == 1  # the headers only


def test_the_system_certificate_list_downloads_as_the_page_lists_it(world: World) -> None:
    sign_in(world.client, world.a.tenant.admin)
    page = world.client.get("/certification/systems", params={"lang": "zh_CN"}).text
    header, *rows = _csv(_get(world, "/certification/systems.csv", "zh_CN"))
    assert header[0] == "证书编号 / Number"
    assert [r[0] for r in rows] == [world.a.certified.system_number]
    (row,) = rows
    assert f"<code>{row[0]}</code>" in page
    assert f"<span>{row[1]}</span>" in page  # the category as the page names it
    assert f"<span>{row[5]}</span>" in page  # valid until, ISO date as the page shows it
    book = load_workbook(io.BytesIO(_get(world, "/certification/systems.xlsx", "zh_CN")))
    valid_until = book.active.cell(2, 6).value  # type: ignore[union-attr]
    assert valid_until.date() == date.fromisoformat(row[5])
