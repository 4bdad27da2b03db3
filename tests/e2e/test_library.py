"""carbonlabel as a Python library: the README's example runs as written and prints the demo
cement's footprint worked out by hand; the functions agree with the command line's."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

import carbonlabel
from carbonlabel.adapters.formats.lci_formats import read_inventory
from carbonlabel.cli.wiring import demo_models, quantify_file
from carbonlabel.errors import InputError, ModelValidationError
from tests.support.demo_cement import cement_total_by_hand
from tests.support.olca_fixtures import write_v2_zip

ROOT = Path(__file__).resolve().parents[2]
SECTION = "## Use as a library"


def readme_example() -> tuple[str, list[str]]:
    """The Python block of the README's library section, and the output its comments show."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(SECTION):]
    code = section[section.index("```python\n") + len("```python\n"):]
    code = code[:code.index("```")]
    shown = [line.removeprefix("# ") for line in code.splitlines() if line.startswith("# ")]
    return code, shown


def test_the_readme_example_prints_the_hand_worked_cement_footprint(
        monkeypatch: pytest.MonkeyPatch) -> None:
    code, shown = readme_example()
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    assert printed == shown
    total = re.fullmatch(r"([\d.]+) kg CO2e / t", printed[0])
    assert total is not None
    assert float(total.group(1)) == round(cement_total_by_hand(), 2)


def cement() -> Path:
    return next(p for p in demo_models() if "cement" in p.name)


def test_quantify_takes_a_path_or_a_loaded_model_and_agrees_with_the_command_line() -> None:
    expected = quantify_file(cement()).total_co2e_kg
    assert carbonlabel.quantify(cement()).total_co2e_kg == expected
    assert carbonlabel.quantify(str(cement())).total_co2e_kg == expected
    loaded = carbonlabel.load_model(cement())
    assert loaded.model.product.name.en.startswith("Ordinary Portland cement")
    assert carbonlabel.quantify(loaded).total_co2e_kg == expected


def test_options_reach_the_calculation() -> None:
    ar6 = carbonlabel.quantify(cement())
    ar5 = carbonlabel.quantify(cement(), gwp="AR5", top=1)
    assert len(ar5.hotspots) == 1
    assert ar5.total_co2e_kg != ar6.total_co2e_kg
    assert ar5.total_co2e_kg == quantify_file(cement(), "AR5").total_co2e_kg


def test_a_model_with_problems_raises_them_all_with_their_lines(tmp_path: Path) -> None:
    text = cement().read_text(encoding="utf-8")
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace("unit: t\n", "unit: furlong\n"), encoding="utf-8")
    with pytest.raises(ModelValidationError) as info:
        carbonlabel.load_model(path)
    units = [e for e in info.value.errors if e.code == "invalid_unit"]
    assert len(units) > 1
    assert all(e.line is not None for e in units)
    with pytest.raises(ModelValidationError):
        carbonlabel.quantify(tmp_path / "missing.yaml")


def test_read_database_reads_as_the_import_does(tmp_path: Path) -> None:
    path = tmp_path / "steel.zip"
    write_v2_zip(path)
    read = carbonlabel.read_database(path, name="steel")
    assert read == read_inventory(path, name="steel")
    assert carbonlabel.read_database(str(path), fmt="olca-jsonld", name="steel") == read
    with pytest.raises(InputError) as info:
        carbonlabel.read_database(path, fmt="csv")
    assert info.value.field == "fmt"
