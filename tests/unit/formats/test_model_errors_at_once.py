"""Validation lists every problem of a model at once: the schema's (structural) problems do not
hide the reference and unit (semantic) problems of the parts that parsed; only what depends on
a broken part goes unchecked. The CLI ``validate``, the API and the pages share this loader."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from carbonlabel.errors import ModelValidationError
from carbonlabel.services.quantify.model_runs import validate_text

CEMENT = resources.files("carbonlabel").joinpath("demo", "portland_cement.yaml").read_text(
    encoding="utf-8")


def _problems(text: str, tmp_path: Path) -> list[tuple[str, str, int | None]]:
    with pytest.raises(ModelValidationError) as refused:
        validate_text(text, "model.yaml", tmp_path, tmp_path / "databases")
    return [(e.field, e.code, e.line) for e in refused.value.errors]


def _broken(text: str, *swaps: tuple[str, str]) -> str:
    for old, new in swaps:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    return text


def test_two_structural_and_three_semantic_problems_are_all_listed(tmp_path: Path) -> None:
    text = _broken(
        CEMENT,
        ("cut_off: {per_input: 0.01, total: 0.05}",  # structural: a share over 1
         "cut_off: {per_input: 0.01, total: 5}"),
        ("      - {factor: desnz-aggregates, amount: 1, unit: t}",  # structural: no unit
         "      - {factor: desnz-aggregates, amount: 1}"),
        ("      - process: limestone_quarrying",  # semantic: no such process
         "      - process: limestone_quarry"),
        ("      - factor: desnz-diesel-litre",  # semantic: no such factor
         "      - factor: desnz-diesel-litres"),
        ("    output: {amount: 1, unit: t, product: P·O 42.5 cement}",  # semantic: reference
         "    output: {amount: 1, unit: kWh, product: P·O 42.5 cement}"))  # unit not mass
    found = _problems(text, tmp_path)
    assert [(f, c) for f, c, _ in found] == [
        ("unit.unit", "invalid_unit"),  # the reference flow is no longer the output's unit
        ("cut_off.total", "less_than_equal"),
        ("processes[1].inputs[0].process", "unknown_reference"),
        ("processes[2].inputs[0].factor", "unknown_reference"),
        ("processes[3].inputs[0]", "value_error")]
    assert [line for _, _, line in found] == [30, 35, 171, 229, 247]  # the file's lines


def test_a_broken_process_leaves_out_only_what_refers_to_it(tmp_path: Path) -> None:
    text = _broken(
        CEMENT,
        ("  - id: gypsum_supply\n", "  - id: gypsum_supply\n    colour: red\n"),
        ("      - factor: desnz-diesel-litre", "      - factor: desnz-diesel-litres"))
    found = _problems(text, tmp_path)
    fields = [f for f, _, _ in found]
    assert "processes[3].colour" in fields
    assert "processes[2].inputs[0].factor" in fields
    # cement_grinding's input of the broken gypsum_supply is not reported again
    assert not any("gypsum_supply" in f for f in fields)
    assert len(found) == 2, found


def test_paths_after_a_left_out_item_name_the_file_s_items(tmp_path: Path) -> None:
    text = _broken(
        CEMENT,
        ("      - {factor: desnz-aggregates, amount: 1, unit: t}",
         "      - {factor: desnz-aggregates, amount: -1, unit: t}"),
        ("      - {process: gypsum_transport, amount: 1, unit: t}",
         "      - {process: gypsum_transports, amount: 1, unit: t}"))
    fields = [f for f, _, _ in _problems(text, tmp_path)]
    assert "processes[3].inputs[0].amount" in fields
    assert "processes[3].inputs[1].process" in fields  # not [0]: the item after the cut


def test_the_cli_validate_lists_the_same_five_problems(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from carbonlabel.cli.app import main

    path = tmp_path / "model.yaml"
    path.write_text(_broken(
        CEMENT,
        ("cut_off: {per_input: 0.01, total: 0.05}", "cut_off: {per_input: 0.01, total: 5}"),
        ("      - {factor: desnz-aggregates, amount: 1, unit: t}",
         "      - {factor: desnz-aggregates, amount: 1}"),
        ("      - process: limestone_quarrying", "      - process: limestone_quarry"),
        ("      - factor: desnz-diesel-litre", "      - factor: desnz-diesel-litres"),
        ("    output: {amount: 1, unit: t, product: P·O 42.5 cement}",
         "    output: {amount: 1, unit: kWh, product: P·O 42.5 cement}")), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    for field, line in (("unit.unit", 30), ("cut_off.total", 35),
                        ("processes[1].inputs[0].process", 171),
                        ("processes[2].inputs[0].factor", 229), ("processes[3].inputs[0]", 247)):
        assert f"{field} (line {line})" in err
