"""The bundled demo models compute, and the cement one equals arithmetic written out by hand
(tests/support/demo_cement.py)."""

from __future__ import annotations

import pytest

from carbonlabel.cli.wiring import demo_models, quantify_file, validate_file
from tests.support.demo_cement import cement_biogenic_by_hand, cement_total_by_hand


def test_there_are_at_least_two_demo_products_including_a_battery() -> None:
    names = [p.name for p in demo_models()]
    assert len(names) >= 2
    assert any("battery" in n for n in names)


@pytest.mark.parametrize("path", demo_models(), ids=lambda p: p.stem)
def test_every_demo_model_is_valid(path: object) -> None:
    validate_file(path)  # type: ignore[arg-type]


def test_cement_demo_equals_hand_arithmetic() -> None:
    path = next(p for p in demo_models() if "cement" in p.name)
    result = quantify_file(path)
    assert result.total_co2e_kg == pytest.approx(cement_total_by_hand(), rel=1e-9)
    assert result.separate.biogenic_emissions_co2e_kg == pytest.approx(
        cement_biogenic_by_hand(), rel=1e-9)
