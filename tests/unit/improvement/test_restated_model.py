"""The restated model: the baseline's activity data with the later model's factors, factor
set files and reference period, and its own geography."""

from __future__ import annotations

import yaml

from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.domain.improvement.restatement import restated_model
from carbonlabel.domain.model import ProductModel
from tests.conftest import base_model
from tests.support.improvement import factor, model_text


def model(text: str) -> ProductModel:
    return load_model_text(text, "model.yaml").model


def test_the_baseline_keeps_its_amounts_and_takes_the_later_factors_and_period() -> None:
    before = yaml.safe_load(model_text(100, 50, 0.8))
    before.update(period={"start": "2023-01-01", "end": "2023-12-31"}, geography="CN-GD")
    after = yaml.safe_load(model_text(90, 45, 0.6))
    after["factors"].append(factor("heat", "MJ", 0.07))
    after.update(period={"start": "2024-01-01", "end": "2024-12-31"}, geography="CN-JS")
    restated = restated_model(model(yaml.safe_dump(before)), model(yaml.safe_dump(after)))
    amounts = [i.quantity.amount for i in restated.processes[0].inputs]
    assert amounts == [100, 50]  # the baseline's activity data
    grid = next(f for f in restated.factors if f.id == "grid")
    assert grid.gases[0].amount == 0.6  # the later definition
    assert [f.id for f in restated.factors] == ["grid", "steel", "heat"]
    assert restated.period is not None
    assert str(restated.period.start).startswith("2024")
    assert restated.geography == "CN-GD"


def test_a_factor_only_the_baseline_defines_stays_as_it_was() -> None:
    before = base_model(factors=[factor("grid", "kWh", 0.5), factor("old", "kg", 3.0)])
    after = base_model(factors=[factor("grid", "kWh", 0.4)])
    restated = restated_model(model(yaml.safe_dump(before)), model(yaml.safe_dump(after)))
    assert {f.id: f.gases[0].amount for f in restated.factors} == {"grid": 0.4, "old": 3.0}
