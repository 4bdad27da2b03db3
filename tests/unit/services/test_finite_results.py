"""A footprint that is not a finite number is an error naming the process, never a result.

Each number of the model is finite and within the schema's bound; only their product
overflows the largest double (1.8e308).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from carbonlabel.errors import CalculationError
from carbonlabel.services.quantify.model_runs import quantify_text
from tests.conftest import base_model


def test_a_footprint_that_overflows_is_refused_naming_the_process(tmp_path: Path) -> None:
    m = base_model()
    m["factors"][0]["co2e"] = 1e15  # kg CO2e per kWh: within the bound, absurd but finite
    m["processes"][0]["output"]["amount"] = 1e-300  # kg per run
    m["processes"][0]["inputs"][0]["amount"] = 1e15  # kWh per run
    # by hand: 1e15 kWh x 1e15 kg/kWh / 1e-300 kg = 1e330 kg CO2e per kg > 1.8e308: infinite
    text = yaml.safe_dump(m, sort_keys=False)
    with pytest.raises(CalculationError) as caught:
        quantify_text(text, "model.yaml", tmp_path, tmp_path / "store")
    err = caught.value
    assert err.code == "calculation_failed"
    assert err.field == "processes[0]"
    assert "main" in err.message_en
    assert "not a finite number" in err.message_en
    assert "有限" in err.message_zh


def test_a_large_but_finite_footprint_is_kept(tmp_path: Path) -> None:
    m = base_model()
    m["factors"][0]["co2e"] = 1e15
    m["processes"][0]["output"]["amount"] = 1e-200
    m["processes"][0]["inputs"][0]["amount"] = 1e15
    result = quantify_text(yaml.safe_dump(m), "model.yaml", tmp_path, tmp_path / "store")
    # by hand: 1e15 x 1e15 / 1e-200 = 1e230 kg CO2e per kg
    assert result.total_co2e_kg == pytest.approx(1e230, rel=1e-12)
