"""The bundled demo models compute, and the cement one equals arithmetic written out here."""

from __future__ import annotations

import pytest

from carbonlabel.cli.wiring import demo_models, quantify_file, validate_file

CH4, N2O = 29.8, 273.0  # IPCC AR6 GWP100, fossil methane


def test_there_are_at_least_two_demo_products_including_a_battery() -> None:
    names = [p.name for p in demo_models()]
    assert len(names) >= 2
    assert any("battery" in n for n in names)


@pytest.mark.parametrize("path", demo_models(), ids=lambda p: p.stem)
def test_every_demo_model_is_valid(path: object) -> None:
    validate_file(path)  # type: ignore[arg-type]


def test_cement_demo_equals_hand_arithmetic() -> None:
    path = next(p for p in demo_models() if "cement" in p.name)
    grid = 0.6205
    hgv = 0.10012 + 7.14286e-7 * CH4 + 5.62264e-6 * N2O
    rail = 0.02749 + 7.14286e-7 * CH4 + 1.05660e-6 * N2O
    diesel = 2.53763 + 1.03571e-5 * CH4 + 1.24151e-4 * N2O
    coal_kwh = 105 * 29.3076 / 3.6
    coal = coal_kwh * (0.33595 + 3.89286e-5 * CH4 + 9.0566e-6 * N2O)
    wood = 0.020 * (1335.71 + 43.43964)
    limestone = 1.5 * (0.5 * diesel + 1.5 * grid)
    clinker = 520 + coal + wood + 0.134 * 1000 * rail + (55 - 30) * grid + limestone
    gypsum = 0.05 * (7.79306 + 150 * hgv)
    slag = 0.15 * 80 * hgv
    cement = 0.80 * clinker + gypsum + slag + 38 * grid
    result = quantify_file(path)
    assert result.total_co2e_kg == pytest.approx(cement, rel=1e-9)
    assert result.separate.biogenic_emissions_co2e_kg == pytest.approx(0.8 * wood, rel=1e-9)
