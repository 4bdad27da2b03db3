"""``carbonlabel sensitivity MODEL``: the tables, JSON output and refused ranges."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from carbonlabel.cli.app import main
from carbonlabel.cli.sensitivity import parse_range
from carbonlabel.errors import InputError
from tests.support.sensitivity_model import allocation_model


def test_the_tables_show_mass_and_economic_allocation_side_by_side(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sensitivity", str(write_model(allocation_model())), "--top", "2",
                 "--range", "20%"]) == 0
    out = capsys.readouterr().out
    assert "1,250.0" in out
    assert "1,461.6" in out
    allocation = out.split("GWP 集")[0]  # the allocation table comes first
    assert "质量分配" in allocation
    assert "经济价值分配" in allocation
    assert "1,461.6" in allocation
    assert "±20%" in out  # the tornado's range


def test_json_output_carries_every_variant_and_the_swings(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sensitivity", str(write_model(allocation_model("economic"))), "--json",
                 "--top", "1"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["base_total"] == pytest.approx(1461.6, abs=1e-9)
    mass = next(v for v in body["variants"] if v["name"]["en"] == "mass allocation")
    assert mass["total_co2e_kg"] == pytest.approx(1250.0, abs=1e-9)
    assert mass["difference_kg"] == pytest.approx(-211.6, abs=1e-9)
    assert mass["group_name"] == {"zh": "分配方法", "en": "allocation"}
    (bar,) = body["tornado"]
    assert bar["swing"] == pytest.approx(2 * 0.1 * 0.6 * 2116, abs=1e-9)  # coke ±10 %


@pytest.mark.parametrize(("text", "value"), [("10%", 0.1), ("2.5%", 0.025), ("0.3", 0.3)])
def test_a_range_is_read_as_percent_or_fraction(text: str, value: float) -> None:
    assert parse_range(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["0%", "100%", "abc", "-5%", "1.5"])
def test_a_range_outside_zero_to_one_is_refused(text: str) -> None:
    with pytest.raises(InputError):
        parse_range(text)


def test_a_bad_range_exits_2_naming_the_option(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sensitivity", str(write_model(allocation_model())), "--range", "150%"]) == 2
    assert "--range" in capsys.readouterr().err
