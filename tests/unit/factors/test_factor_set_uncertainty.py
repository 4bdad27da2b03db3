"""A user factor set row may carry its factor's uncertainty (``uncertainty_gsd``): a model that
uses the factor samples it as one parameter, wherever it is used."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest
import yaml

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.adapters.factors.rows import COLUMNS, OPTIONAL_COLUMNS
from carbonlabel.adapters.factors.user_sets import load_factor_set
from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.calc.model.background import BackgroundDatabases
from carbonlabel.calc.model.compile import compile_model
from carbonlabel.calc.uncertainty.model_mc import monte_carlo
from carbonlabel.errors import ModelValidationError
from carbonlabel.services.quantify.model_runs import factor_catalog
from tests.conftest import base_model

ROW = {"id": "acme.steel.2024", "name_zh": "钢材（供应商）", "name_en": "steel (supplier)",
       "category": "materials/steel", "geography": "CN", "year": "2024", "unit": "kg",
       "co2e_kg": "2.0", "publisher": "ACME", "document": "EPD 2024"}


def write_set(path: Path, gsd: str) -> Path:
    buf = io.StringIO()
    fields = [*COLUMNS, *OPTIONAL_COLUMNS]
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerow({k: {**ROW, "uncertainty_gsd": gsd}.get(k, "") for k in fields})
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def test_a_row_with_a_gsd_gives_one_lognormal_parameter_for_every_use(tmp_path: Path) -> None:
    path = write_set(tmp_path / "acme.csv", "1.5")
    (record,) = load_factor_set(path).records
    assert record.factor.uncertainty is not None
    assert record.factor.uncertainty.sigma == pytest.approx(math.log(1.5), rel=1e-12)
    model = base_model(processes=[{
        "id": "main", "name": {"zh": "主", "en": "main"}, "stage": "production",
        "output": {"amount": 1, "unit": "kg"},
        "inputs": [{"factor": "acme.steel.2024", "amount": 1, "unit": "kg"},
                   {"factor": "acme.steel.2024", "amount": 3, "unit": "kg"}]}])
    loaded = load_model_text(yaml.safe_dump(model, allow_unicode=True), "m.yaml")
    cs = compile_model(loaded.model, load_gwp_set("AR6"), BackgroundDatabases((), None),
                       factor_catalog([path]))
    assert cs.parameter_paths == ("processes[0].inputs[0].factor.uncertainty",)
    # T = (1 + 3) kg × 2.0 × r, ln r ~ N(0, ln² 1.5): ln(T / 8) has the factor's σ exactly
    mc = monte_carlo(cs, 2000, seed=4)
    assert mc.deterministic == pytest.approx(8.0, rel=1e-12)
    ratios = mc.totals / 8.0
    assert ratios == pytest.approx(mc.parameters[:, 0], rel=1e-12)


def test_a_gsd_below_1_is_refused_naming_the_column(tmp_path: Path) -> None:
    with pytest.raises(ModelValidationError) as caught:
        load_factor_set(write_set(tmp_path / "bad.csv", "0.8"))
    assert any("uncertainty_gsd" in e.field for e in caught.value.errors)
