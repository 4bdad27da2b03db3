"""Benchmark pages on the hand-made set (SQLite only: the pages read what the API tests check on
both back ends): the category benchmark, a certificate's page in plain words with its place in
the category, the compare page refusing a fifth, the enterprise's weak links page."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

import pytest

from carbonlabel.cli.app import main
from tests.api.conftest import World, sign_in
from tests.api.test_benchmarks_api import hand_made
from tests.support.benchmarks import GATE, UNIT

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def test_benchmark_page_shows_the_median_and_the_reasons_apart(world: World) -> None:
    made = hand_made(world)
    query = urlencode({"product_rule": "TB-RULE@1.0", "declared_unit": UNIT, "boundary": GATE,
                       "lang": "en"})
    page = world.client.get(f"/benchmarks?{query}")
    assert page.status_code == 200
    assert 'id="benchmark-median">25<' in page.text
    assert 'data-reason="other_unit"' in page.text
    assert made.numbers["K"] in page.text


def test_certificate_page_explains_the_value_and_places_it(world: World) -> None:
    made = hand_made(world)
    zh = world.client.get(f"/registry/{made.numbers['B']}?lang=zh").text
    assert "这个数值的含义" in zh
    assert "从原材料开采、制造到产品出厂" in zh
    assert 'data-band="best_quartile"' in zh
    en = world.client.get(f"/registry/{made.numbers['S1']}?lang=en").text
    assert "What this number means" in en
    assert 'id="benchmark-hidden"' in en


def test_compare_page_sets_four_side_by_side_and_refuses_a_fifth(world: World) -> None:
    made = hand_made(world)
    four = [made.numbers[n] for n in ("A", "B", "K", "I")]
    page = world.client.get("/compare?" + urlencode([("n", n) for n in four] + [("lang", "en")]))
    assert page.status_code == 200
    assert page.text.count('class="card reg-compare-item"') == 4
    assert page.text.count('data-comparable="false"') == 2
    fifth = world.client.get("/compare?" + urlencode(
        [("n", n) for n in [*four, made.numbers["C"]]] + [("lang", "en")]))
    assert fifth.status_code == 422
    assert 'id="compare-refused"' in fifth.text
    assert "At most 4 products" in fifth.text
    assert fifth.text.count('class="card reg-compare-item"') == 4


def test_weak_links_page_flags_the_heavy_stage(world: World) -> None:
    made = hand_made(world)
    sign_in(world.client, world.a.tenant.analyst)
    page = world.client.get(f"/products/{made.products['F']}/benchmark?lang=en")
    assert page.status_code == 200
    assert 'data-stage="raw_material_acquisition" data-weak="true"' in page.text
    assert 'data-stage="production" data-weak="false"' in page.text


def test_cli_shows_the_benchmark_compares_and_refuses_a_fifth(
        world: World, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    made = hand_made(world)
    where = ["--database-url", database_url, "--data-dir", str(tmp_path / "data")]
    assert main(["benchmark", "show", "--rule", "TB-RULE@1.0", "--unit", UNIT, "--boundary",
                 GATE, "--json", *where]) == 0
    body = json.loads(capsys.readouterr().out)
    assert (body["count"], body["statistics"]["median"]) == (6, 25.0)
    assert main(["benchmark", "certificate", made.numbers["B"], *where]) == 0
    assert "0.800" in capsys.readouterr().out  # 20 / 25
    five = [made.numbers[n] for n in ("A", "B", "C", "D", "E")]
    assert main(["benchmark", "compare", *five, *where]) == 2
    assert "at most 4" in capsys.readouterr().err
    assert main(["benchmark", "position", made.products["F"], "--user",
                 world.a.tenant.analyst.email, "--json", *where]) == 0
    weak = {s["stage"] for s in json.loads(capsys.readouterr().out)["weak_links"]["stages"]
            if s["weak"]}
    assert weak == {"raw_material_acquisition"}
