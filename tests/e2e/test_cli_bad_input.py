"""Bad input: one clear message naming the field (and line), a non-zero exit, nothing written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from carbonlabel.cli.app import main
from tests.conftest import base_model

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def invoke(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def with_input(**inp: Any) -> dict[str, Any]:
    m = base_model()
    m["processes"][0]["inputs"] = [inp]
    return m


def line_of(path: Path, needle: str) -> int:
    for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return k
    raise AssertionError(needle)


def test_unknown_unit_names_field_and_line(run: Run, write_model: Callable[..., Path]) -> None:
    path = write_model(with_input(factor="grid", amount=2, unit="kwhh"))
    code, _, err = run("validate", str(path))
    assert code == 2
    assert f"processes[0].inputs[0].unit (line {line_of(path, 'kwhh')})" in err
    assert "unknown unit 'kwhh'" in err
    assert "未知单位" in err


def test_incompatible_units_are_an_error_not_a_guess(run: Run,
                                                      write_model: Callable[..., Path]) -> None:
    path = write_model(with_input(factor="grid", amount=2, unit="kg"))
    code, _, err = run("calc", str(path))
    assert code == 2
    assert "processes[0].inputs[0].unit" in err
    assert "cannot convert 'kg' (mass) to 'kWh' (energy)" in err


def test_litres_without_density_are_refused(run: Run, write_model: Callable[..., Path]) -> None:
    m = base_model(factors=[{"id": "diesel", "name": {"zh": "柴油", "en": "diesel"},
                             "unit": "kg", "co2e": 3.2, "source": {"note": "x"}}])
    m["processes"][0]["inputs"] = [{"factor": "diesel", "amount": 10, "unit": "L"}]
    code, _, err = run("calc", str(write_model(m)))
    assert code == 2
    assert "give a density" in err


@pytest.mark.parametrize(("inp", "field", "text"), [
    ({"factor": "nope", "amount": 1, "unit": "kWh"}, "processes[0].inputs[0].factor",
     "factor 'nope' is not defined"),
    ({"process": "ghost", "amount": 1, "unit": "kg"}, "processes[0].inputs[0].process",
     "process 'ghost' is not defined"),
    ({"dataset": "1", "database": "nodb", "amount": 1, "unit": "kg"},
     "processes[0].inputs[0].database", "database 'nodb' is not declared"),
])
def test_unknown_references_are_named(run: Run, write_model: Callable[..., Path],
                                      inp: dict[str, Any], field: str, text: str) -> None:
    code, _, err = run("validate", str(write_model(with_input(**inp))))
    assert code == 2
    assert field in err
    assert text in err


def test_unknown_dataset_in_a_real_database(run: Run, write_model: Callable[..., Path],
                                            synthetic_db: Callable[[str, int], Path]) -> None:
    m = with_input(dataset="999999", database="bg", amount=1, unit="kg")
    m["databases"] = [{"name": "bg", "format": "synthlci", "path": str(synthetic_db("small", 1))}]
    code, _, err = run("validate", str(write_model(m)))
    assert code == 2
    assert "processes[0].inputs[0].dataset" in err
    assert "dataset '999999' is not in database 'bg'" in err


@pytest.mark.parametrize(("inp", "field", "text"), [
    ({"factor": "grid", "unit": "kWh"}, "processes[0].inputs[0]", "give either 'amount'"),
    ({"factor": "grid", "amount": -1, "unit": "kWh"}, "processes[0].inputs[0].amount",
     "greater than or equal to 0"),
])
def test_missing_or_negative_amounts_are_refused(run: Run, write_model: Callable[..., Path],
                                                 inp: dict[str, Any], field: str,
                                                 text: str) -> None:
    code, _, err = run("validate", str(write_model(with_input(**inp))))
    assert code == 2
    assert field in err
    assert text in err


def test_allocation_factors_must_sum_to_one(run: Run, write_model: Callable[..., Path]) -> None:
    m = base_model()
    m["processes"][0]["co_products"] = [{"name": "co", "amount": 1, "unit": "kg", "factor": 0.5}]
    m["processes"][0]["allocation"] = {"method": "explicit", "reference_factor": 0.6}
    path = write_model(m)
    code, _, err = run("validate", str(path))
    assert code == 2
    assert f"processes[0].allocation (line {line_of(path, 'allocation')})" in err
    assert "allocation factors sum to 1.1, not 1" in err


def test_a_system_without_solution_names_the_processes(run: Run,
                                                        write_model: Callable[..., Path]) -> None:
    # a makes 1 kg from 1 kg of b; b makes 1 kg from 1 kg of a: no finite supply exists
    m = base_model()
    m["processes"] = [
        {"id": "a", "name": {"zh": "甲", "en": "a"}, "stage": "production",
         "output": {"amount": 1, "unit": "kg"},
         "inputs": [{"process": "b", "amount": 1, "unit": "kg"}]},
        {"id": "b", "name": {"zh": "乙", "en": "b"}, "stage": "production",
         "output": {"amount": 1, "unit": "kg"},
         "inputs": [{"process": "a", "amount": 1, "unit": "kg"},
                    {"factor": "grid", "amount": 1, "unit": "kWh"}]},
        {"id": "main", "name": {"zh": "主", "en": "main"}, "stage": "production",
         "output": {"amount": 1, "unit": "kg"},
         "inputs": [{"process": "a", "amount": 1, "unit": "kg"}]},
    ]
    code, _, err = run("calc", str(write_model(m)))
    assert code == 4
    assert "singular_system" in err
    assert "a (" in err
    assert "b (" in err
    assert "main (" not in err


@pytest.mark.parametrize(("where", "value", "field"), [
    ("stage", "manufacturing", "processes[0].stage"),
    ("gas", "CO3", "processes[0].emissions[0].gas"),
])
def test_unknown_stage_or_gas(run: Run, write_model: Callable[..., Path], where: str,
                              value: str, field: str) -> None:
    m = base_model()
    if where == "stage":
        m["processes"][0]["stage"] = value
    else:
        m["processes"][0]["emissions"] = [{"gas": value, "amount": 1, "unit": "kg"}]
    path = write_model(m)
    code, _, err = run("validate", str(path))
    assert code == 2
    assert f"{field} (line {line_of(path, value)})" in err
    assert f"'{value}' is not allowed" in err


def test_malformed_yaml_gives_the_line(run: Run, write_model: Callable[..., Path]) -> None:
    path = write_model("product: [1, 2\nunit: x\n")
    code, _, err = run("validate", str(path))
    assert code == 2
    assert "(line 2)" in err
    assert "malformed file" in err


def test_duplicate_keys_are_reported(run: Run, write_model: Callable[..., Path]) -> None:
    path = write_model("geography: CN\ngeography: US\n")
    code, _, err = run("validate", str(path))
    assert code == 2
    assert "geography (line 2)" in err


def test_every_error_is_listed_at_once(run: Run, write_model: Callable[..., Path]) -> None:
    m = base_model()
    m["processes"][0]["inputs"] = [
        {"factor": "grid", "amount": 2, "unit": "kwhh"},
        {"factor": "nope", "amount": 1, "unit": "kWh"},
        {"factor": "grid", "unit": "kWh"},
    ]
    code, _, err = run("validate", str(write_model(m)))
    assert code == 2
    assert "3 error(s)" in err
    for field in ("inputs[0].unit", "inputs[1].factor", "inputs[2]"):
        assert f"processes[0].{field}" in err


def test_failed_calculation_writes_nothing(run: Run, write_model: Callable[..., Path],
                                          tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    out.write_text("previous result", encoding="utf-8")
    code, _, _ = run("calc", str(write_model(with_input(factor="grid", amount=1, unit="kg"))),
                     "--json", "-o", str(out))
    assert code == 2
    assert out.read_text(encoding="utf-8") == "previous result"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_functional_unit_needs_cradle_to_grave(run: Run,
                                               write_model: Callable[..., Path]) -> None:
    m = base_model()
    m["unit"]["kind"] = "functional"
    code, _, err = run("validate", str(write_model(m)))
    assert code == 2
    assert "unit.kind" in err


# -- numbers that are not finite, or too large to compute with ------------------------------

_SLOT = "__VALUE__"
_HUGE_INT = "1" + "0" * 5000  # beyond Python's 4,300-digit int parsing limit


def _model_text(where: str, literal: str, suffix: str) -> str:
    """The base model with ``literal`` written verbatim at ``where`` (a YAML or JSON token)."""
    m = base_model()
    if where == "factors[0].co2e":
        m["factors"][0]["co2e"] = _SLOT
    elif where == "processes[0].inputs[0].amount":
        m["processes"][0]["inputs"][0]["amount"] = _SLOT
    elif where == "processes[0].output.amount":
        m["processes"][0]["output"]["amount"] = _SLOT
    else:
        m[where] = _SLOT
    if suffix == ".json":
        return json.dumps(m, ensure_ascii=False, indent=2).replace(f'"{_SLOT}"', literal)
    return yaml.safe_dump(m, allow_unicode=True, sort_keys=False).replace(_SLOT, literal)


@pytest.mark.parametrize(("suffix", "where", "literal", "text"), [
    (".yaml", "factors[0].co2e", ".nan", "finite number"),
    (".yaml", "processes[0].inputs[0].amount", ".inf", "finite number"),
    (".yaml", "factors[0].co2e", "-.inf", "finite number"),
    (".yaml", "processes[0].inputs[0].amount", "1e308", "at most 1e15 in magnitude"),
    (".yaml", "factors[0].co2e", "1e999", "finite number"),
    (".yaml", "processes[0].inputs[0].amount", _HUGE_INT, "finite number"),
    (".json", "factors[0].co2e", "NaN", "finite number"),
    (".json", "processes[0].output.amount", "Infinity", "finite number"),
    (".json", "processes[0].inputs[0].amount", "1e308", "at most 1e15 in magnitude"),
    (".json", "processes[0].inputs[0].amount", _HUGE_INT, "finite number"),
    (".yaml", "product_mass", "1e999 kg", "finite number"),
    (".yaml", "product_mass", "2e20 kg", "at most 1e15 in magnitude"),
])
@pytest.mark.parametrize("command", ["validate", "calc"])
def test_a_non_finite_or_overflowing_number_exits_2_naming_the_field(
        run: Run, write_model: Callable[..., Path], tmp_path: Path, command: str, suffix: str,
        where: str, literal: str, text: str) -> None:
    """These were accepted (a NaN or infinite footprint) or raised a traceback."""
    path = write_model(_model_text(where, literal, suffix), suffix)
    out = tmp_path / "result.json"
    args = [command, str(path)] + (["--json", "-o", str(out)] if command == "calc" else [])
    code, stdout, err = run(*args)
    assert code == 2, (stdout, err)
    assert where in err
    assert text in err
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("argv", [["--bogus"], ["calc", "--bogus", "x.yaml"],
                                  ["serve", "--no-such-option"]])
def test_an_unknown_option_is_one_line_and_exit_2_not_a_traceback(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code = main(argv)
    _out, err = capsys.readouterr()
    assert code == 2
    assert "Traceback" not in err
    assert "No such option" in err
