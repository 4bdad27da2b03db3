"""Random product systems with loops: the engine against a dense solve written here."""

from __future__ import annotations

from typing import Any

import numpy as np
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.calc.model.background import BackgroundDatabases
from carbonlabel.services.quantify.footprints import calculate_footprint
from tests.conftest import base_model


@st.composite
def systems(draw: st.DrawFn) -> tuple[dict[str, Any], np.ndarray, np.ndarray, np.ndarray]:
    n = draw(st.integers(2, 8))
    outputs = np.array(draw(st.lists(st.floats(0.5, 5.0), min_size=n, max_size=n)))
    use = np.zeros((n, n))  # use[q, p]: units of q per run of p
    for p in range(n):
        for q in range(n):
            if q != p and draw(st.booleans()):
                # keep every column sum of use/output below 1 so that a solution exists
                use[q, p] = draw(st.floats(0.0, 0.9 / n)) * outputs[q]
    grid = np.array(draw(st.lists(st.floats(0.0, 10.0), min_size=n, max_size=n)))
    ch4 = np.array(draw(st.lists(st.floats(0.0, 0.1), min_size=n, max_size=n)))
    model = base_model()
    model["processes"] = [
        {"id": f"p{p}", "name": {"zh": f"过程{p}", "en": f"p{p}"}, "stage": "production",
         "output": {"amount": float(outputs[p]), "unit": "kg"},
         "inputs": [{"factor": "grid", "amount": float(grid[p]), "unit": "kWh"}]
         + [{"process": f"p{q}", "amount": float(use[q, p]), "unit": "kg"}
            for q in range(n) if use[q, p] > 0],
         "emissions": [{"gas": "CH4", "amount": float(ch4[p]), "unit": "kg"}]}
        for p in range(n)
    ]
    model["unit"]["process"] = "p0"
    return model, outputs, use, grid


@settings(max_examples=40, deadline=None)
@given(systems())
def test_random_looped_systems_match_a_dense_solve(
        case: tuple[dict[str, Any], np.ndarray, np.ndarray, np.ndarray]) -> None:
    model, outputs, use, grid = case
    n = len(outputs)
    ch4 = np.array([p["emissions"][0]["amount"] for p in model["processes"]])
    a = np.diag(outputs) - use
    f = np.zeros(n)
    f[0] = 1.0
    s = np.linalg.solve(a, f)
    expected = float(s @ (grid * 0.5 + ch4 * 29.8))
    loaded = load_model_text(yaml.safe_dump(model), "random.yaml")
    result = calculate_footprint(loaded.model, load_gwp_set("AR6"),
                                 BackgroundDatabases((), None))
    assert np.isclose(result.total_co2e_kg, expected, rtol=1e-9, atol=1e-12)
    assert np.isclose(sum(r.co2e_kg for r in result.by_process), expected, rtol=1e-9,
                      atol=1e-12)
