"""The footprint page draws its stage, gas, hotspot and supply-chain charts, each with its
numbers in its accessible name (the hand values of tests/support/chart_model.py), in Chinese
and in English, and keeps the tables of exact values."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from carbonlabel.adapters.formats.result_json import result_to_dict
from carbonlabel.cli.wiring import quantify_file
from tests.support.chart_model import BY_STAGE, TOTAL, chart_model
from tests.unit.test_report_page_reporting import page


@pytest.fixture(scope="module")
def body(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("charts") / "m.yaml"
    path.write_text(yaml.safe_dump(chart_model(), allow_unicode=True), encoding="utf-8")
    result = result_to_dict(quantify_file(path))
    assert result["total_co2e_kg"] == pytest.approx(TOTAL)
    assert {s["stage"]: s["co2e_kg"] for s in result["by_stage"]} == pytest.approx(BY_STAGE)
    return json.loads(json.dumps(result))


def chart_label(text: str, figure_id: str) -> str:
    """The accessible name of the chart in ``<figure id=figure_id>``."""
    figure = text.split(f'id="{figure_id}"')[1].split("</figure>")[0]
    found = re.search(r'role="img" aria-label="([^"]*)"', figure)
    assert found, figure_id
    return html.unescape(found.group(1))


@pytest.mark.parametrize(("lang", "said"), [
    ("en", {"stage-chart": ("Footprint by life-cycle stage: raw material acquisition -3.5 kg "
                            "CO2e (-14.9%)", "production 15.98 kg CO2e (67.9%)",
                            "end of life 1.5 kg CO2e (6.4%)"),
            "gas-chart": ("CH4", "2.98 kg CO2e", "biogenic removals -9.5 kg CO2e"),
            "hotspot-chart": ("sawmill · grid 10 kg CO2e (42.5%)",
                              "plantation forestry and felling · direct emissions -9.5 kg CO2e"),
            "supply-chart": ("plantation forestry and felling -7.5;", "sawmill 12.98;",
                             "production 15.98;", "Total 14.03 kg CO2e")}),
    ("zh_CN", {"stage-chart": ("原材料获取 -3.5 kg CO2e (-14.9%)", "生产 15.98 kg CO2e (67.9%)"),
               "gas-chart": ("生物源清除 -9.5 kg CO2e",),
               "hotspot-chart": ("锯木厂加工 · 电网 10 kg CO2e (42.5%)",),
               "supply-chart": ("人工林营林与采伐 -7.5;", "生产 15.98;", "14.03 kg CO2e")}),
])
def test_each_chart_names_its_numbers(body: dict[str, Any], lang: str,
                                      said: dict[str, tuple[str, ...]]) -> None:
    text = page(body, lang)
    for figure_id, words in said.items():
        label = re.sub(r"\s+", " ", chart_label(text, figure_id))
        for word in words:
            assert word in label, (figure_id, word, label)


def test_the_charts_stand_in_their_sections_beside_their_tables(body: dict[str, Any]) -> None:
    text = page(body, "en")
    sections = {m.group(1): m.start() for m in re.finditer(r'<section class="card[^"]*" '
                                                           r'id="([^"]+)"', text)}
    order = sorted(sections, key=sections.__getitem__)
    assert order.index("supply-chain") == order.index("hotspots") + 1
    for section, figure in (("stages", "stage-chart"), ("hotspots", "hotspot-chart"),
                            ("supply-chain", "supply-chart"), ("gases", "gas-chart")):
        start = sections[section]
        part = text[start:text.index("</section>", start)]
        assert f'id="{figure}"' in part, section
        assert "<table" in part, section
    # one bar per stage and per gas; six processes and four stages in the supply chain
    stage = text.split('id="stage-chart"')[1].split("</figure>")[0]
    assert stage.count('class="bar-row"') == 4
    gases = text.split('id="gas-chart"')[1].split("</figure>")[0]
    assert gases.count('class="bar-row"') == 4
    supply = text.split('id="supply-chart"')[1].split("</figure>")[0]
    assert supply.count("sankey-label sankey-label-0") == 6
    assert supply.count("sankey-label sankey-label-1") == 4
    assert supply.count('class="band band-removal"') == 2  # forest → stage → total


def test_a_removal_is_drawn_as_a_credit_not_dropped(body: dict[str, Any]) -> None:
    text = page(body, "en")
    stage = text.split('id="stage-chart"')[1].split("</figure>")[0]
    credit = re.search(r'data-value="(-[\d.]+)"[^>]*>\s*<span class="bar-label chart-label">'
                       r'raw material acquisition', stage)
    assert credit
    assert float(credit.group(1)) == pytest.approx(-3.5)
    assert 'class="bar-credit"' in stage


def test_a_stored_result_without_processes_still_renders(body: dict[str, Any],
                                                         tmp_path: Path) -> None:
    old = {**body, "by_process": [], "hotspots": [], "by_gas": []}
    text = page(old, "en")
    assert 'id="supply-chain"' in text
    assert 'id="supply-chart"' not in text
    assert 'id="gas-chart"' not in text
