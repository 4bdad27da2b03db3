"""``carbonlabel montecarlo``: the result JSON with its uncertainty, the seed repeating the run,
and one line and exit code 2 for a refused model or iteration count."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from carbonlabel.cli.app import main
from tests.conftest import base_model

UNCERTAIN = base_model(processes=[{
    "id": "main", "name": {"zh": "主过程", "en": "main"}, "stage": "production",
    "output": {"amount": 1, "unit": "kg"},
    "inputs": [{"factor": "grid", "amount": 2, "unit": "kWh",
                "uncertainty": {"distribution": "uniform", "minimum": 1, "maximum": 3}}]}])


def test_json_output_carries_the_summary_and_the_seed_repeats_it(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    path = write_model(UNCERTAIN)
    runs = []
    for _ in range(2):
        assert main(["montecarlo", str(path), "-n", "400", "--seed", "8", "--json"]) == 0
        runs.append(json.loads(capsys.readouterr().out))
    mc = runs[0]["uncertainty"]
    assert runs[0] == runs[1]
    assert (mc["iterations"], mc["seed"]) == (400, 8)
    # 0.5 kg CO2e/kWh × U(1, 3) kWh: every draw within [0.5, 1.5], the total at the stated 2 kWh
    assert runs[0]["total_co2e_kg"] == pytest.approx(1.0, rel=1e-12)
    assert mc["total"]["histogram"]["edges"][0] >= 0.5
    assert mc["total"]["histogram"]["edges"][-1] <= 1.5


def test_the_table_names_the_seed(write_model: Callable[..., Path],
                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["montecarlo", str(write_model(UNCERTAIN)), "-n", "50", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "seed 3" in out
    assert "合计 total" in out


@pytest.mark.parametrize(("args", "where"), [
    (["-n", "5"], "iterations"),
    (["--seed", "-1"], "seed"),
])
def test_refused_arguments_are_one_line_and_exit_2(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str],
        args: list[str], where: str) -> None:
    assert main(["montecarlo", str(write_model(UNCERTAIN)), *args]) == 2
    assert where in capsys.readouterr().err


def test_an_invalid_uncertainty_is_reported_with_its_field(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    model = base_model(processes=[{
        "id": "main", "name": {"zh": "主", "en": "main"}, "stage": "production",
        "output": {"amount": 1, "unit": "kg"},
        "inputs": [{"factor": "grid", "amount": 2, "unit": "kWh",
                    "uncertainty": {"from_quality": True}}]}])
    assert main(["montecarlo", str(write_model(model))]) == 2
    err = capsys.readouterr().err
    assert "processes[0].inputs[0].uncertainty" in err
    assert "dq" in err
