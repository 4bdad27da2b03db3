"""The footprint report page (and CLI summary) of a result: CO2e not split by gas beside the
fossil part, the share basis, the end-of-life approach; an older stored result without them
still renders."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from rich.console import Console

from carbonlabel.adapters.formats.result_json import result_from_dict, result_to_dict
from carbonlabel.cli.render import summary
from carbonlabel.cli.wiring import quantify_file
from carbonlabel.domain.records import FootprintRecord, RegisteredProduct
from carbonlabel.web.pages.rendering import environment
from carbonlabel.web.quantify.report import build_report
from carbonlabel.web.quantify.results import DOWNLOAD_TABLES
from tests.conftest import base_model

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def stored(tmp_path: Any) -> dict[str, Any]:
    """1 kg: 20 kWh × 0.5 kg CO2e (published as CO2e only) upstream, 9.5 kg CO2 taken up."""
    m = base_model(processes=[
        {"id": "main", "name": {"zh": "主过程", "en": "main"}, "stage": "production",
         "output": {"amount": 1, "unit": "kg"},
         "inputs": [{"process": "grow", "amount": 1, "unit": "kg"}],
         "removals": [{"gas": "CO2", "amount": 9.5, "unit": "kg"}]},
        {"id": "grow", "name": {"zh": "种植", "en": "growing"},
         "stage": "raw_material_acquisition", "output": {"amount": 1, "unit": "kg"},
         "inputs": [{"factor": "grid", "amount": 20, "unit": "kWh"}]}])
    path = tmp_path / "m.json"
    path.write_text(json.dumps(m), encoding="utf-8")
    return result_to_dict(quantify_file(path))


def page(body: dict[str, Any], lang: str) -> str:
    record = FootprintRecord(
        id="fp-1", organisation_id="org-1", product_id="prod-1", model_version_id="mv-1",
        total_co2e_kg=float(body["total_co2e_kg"]), unit="1 kg", gwp_set="AR6",
        input_hash="h", engine_version="1", result_json=json.dumps(body), created_by="u",
        created_at=NOW)
    product = RegisteredProduct(id="prod-1", organisation_id="org-1", name_zh="产品",
                                name_en="product", category="test", product_rule=None,
                                gtin=None, own_code=None, created_at=NOW)
    view = SimpleNamespace(record=record, product=product, version=SimpleNamespace(version=1))
    return environment(lang).get_template("footprint.html").render(
        path="/footprints/fp-1", csrf="t", view=view, user=None,
        report=build_report(record.result_json), mc=None, histogram=None, can_calculate=False,
        conformance=None, download_tables=DOWNLOAD_TABLES, can_apply=False,
        certification=SimpleNamespace(certified=False, open_case=None))


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ("CO2e not split by gas", "Shares are of the gross emissions, 10 kg CO2e",
            "cut-off: recycled content burden-free")),
    ("zh_CN", ("未分气体的 CO2e", "总排放（未扣除清除量）10 kg CO2e", "截断法"))])
def test_the_report_page_shows_not_split_co2e_share_basis_and_end_of_life(
        tmp_path: Any, lang: str, words: tuple[str, ...]) -> None:
    body = stored(tmp_path)
    # 10 kg CO2e emitted, all of it from a factor published as CO2e only; 9.5 kg taken up
    assert body["separate"]["not_split_co2e_kg"] == pytest.approx(10.0, rel=1e-12)
    assert body["separate"]["fossil_co2e_kg"] == 0.0
    assert body["share_base_co2e_kg"] == pytest.approx(10.0, rel=1e-12)
    html = page(body, lang)
    for word in words:
        assert word in html, word
    assert "-95.0%" in html  # the removal's share of the gross emissions
    assert "1900" not in html  # not −9.5 / 0.5


def test_an_older_stored_result_without_the_new_keys_still_renders(tmp_path: Any) -> None:
    body = stored(tmp_path)
    for key in ("end_of_life", "share_basis", "share_base_co2e_kg"):
        del body[key]
    del body["separate"]["not_split_co2e_kg"]
    html = page(body, "en")
    assert "not recorded (calculated before it was)" in html
    assert "CO2e not split by gas" not in html
    old = result_from_dict(body)
    assert old.end_of_life is None
    assert old.separate.not_split_co2e_kg is None


def test_the_cli_summary_shows_not_split_co2e_and_the_share_basis(tmp_path: Any) -> None:
    r = result_from_dict(stored(tmp_path))
    console = Console(width=200, record=True)
    console.print(summary(r))
    text = console.export_text()
    assert "CO2e not split by gas" in text
    assert "gross emissions before removals" in text
    assert "cut-off" in text
