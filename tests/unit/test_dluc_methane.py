"""Methane from direct land-use change is not fossil methane: its GWP100 is the non-fossil one
(IPCC AR6 WG1 Ch. 7, Table 7.15: CH4 fossil 29.8, non-fossil 27.0; AR5 WG1 Ch. 8, Table 8.A.1:
30 and 28). Every figure below is typed from those tables, never read from the package."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.cli.wiring import quantify_file
from carbonlabel.domain.ghg import GasCategory, GhgFlow
from carbonlabel.domain.ghg_mapping import classify
from tests.conftest import base_model

# (GWP set, CH4 fossil, CH4 non-fossil), typed from the IPCC tables named above
IPCC = [("AR6", 29.8, 27.0), ("AR5", 30.0, 28.0)]


@pytest.mark.parametrize(("gwp", "fossil", "non_fossil"), IPCC)
def test_dluc_methane_weighs_as_non_fossil_methane(gwp: str, fossil: float,
                                                   non_fossil: float) -> None:
    weights = load_gwp_set(gwp)
    assert weights.factor(GhgFlow("CH4", GasCategory.DLUC)) == non_fossil
    assert weights.factor(GhgFlow("CH4", GasCategory.BIOGENIC)) == non_fossil
    assert weights.factor(GhgFlow("CH4", GasCategory.FOSSIL)) == fossil


@pytest.mark.parametrize(("gwp", "fossil", "non_fossil"), IPCC)
def test_a_model_counts_dluc_methane_with_the_non_fossil_gwp(
        write_model: Callable[..., Path], gwp: str, fossil: float, non_fossil: float) -> None:
    model: dict[str, Any] = base_model()
    model["factors"].append({"id": "clearing", "name": {"zh": "毁林", "en": "land clearing"},
                             "unit": "m2", "gases": [{"gas": "CH4", "origin": "dluc",
                                                      "amount": 0.002}],
                             "source": {"note": "test factor"}})
    main = model["processes"][0]
    main["inputs"].append({"factor": "clearing", "amount": 5, "unit": "m2"})
    main["emissions"] = [{"gas": "CH4", "origin": "dluc", "amount": 0.01, "unit": "kg"},
                         {"gas": "CH4", "origin": "fossil", "amount": 0.001, "unit": "kg"}]
    result = quantify_file(write_model(model), gwp)
    dluc_by_hand = (5 * 0.002 + 0.01) * non_fossil  # 0.02 kg CH4 from land-use change
    total_by_hand = 2 * 0.5 + dluc_by_hand + 0.001 * fossil  # + grid 2 kWh × 0.5
    assert result.separate.dluc_co2e_kg == pytest.approx(dluc_by_hand, rel=1e-12)
    assert result.total_co2e_kg == pytest.approx(total_by_hand, rel=1e-12)


def test_methane_from_land_transformation_is_dluc() -> None:
    flow = classify("Methane, land transformation", "000074-82-8",
                    ("air", "low population density"), False).flow
    assert flow == GhgFlow("CH4", GasCategory.DLUC)
    assert load_gwp_set("AR6").factor(flow) == 27.0  # non-fossil CH4, AR6 Table 7.15
