"""Unit conversion: plain, through a density or heating value, and refusals."""

from __future__ import annotations

import pytest

from carbonlabel.domain.model import Conversion
from carbonlabel.domain.product import Quantity
from carbonlabel.errors import UnitError
from carbonlabel.units import conversion_factor


@pytest.mark.parametrize(("src", "dst", "factor"), [
    ("t", "kg", 1000.0), ("kWh", "MJ", 3.6), ("t*km", "kg*km", 1000.0), ("t·km", "tkm", 1.0),
    ("m³", "L", 1000.0), ("Nm3", "m3", 1.0), ("kgce", "MJ", 29.3076), ("tce", "GJ", 29.3076),
    ("g", "t", 1e-6), ("pcs", "piece", 1.0),
])
def test_same_dimension_conversions(src: str, dst: str, factor: float) -> None:
    assert conversion_factor(src, dst) == pytest.approx(factor, rel=1e-12)


def test_litres_to_kg_through_density() -> None:
    conv = Conversion(density=Quantity(0.84, "kg/L"))
    assert conversion_factor("L", "kg", conv) == pytest.approx(0.84)
    assert conversion_factor("kg", "L", conv) == pytest.approx(1 / 0.84)


def test_gas_volume_to_energy_through_density_and_heating_value() -> None:
    conv = Conversion(density=Quantity(0.72, "kg/m3"), heating_value=Quantity(50, "MJ/kg"))
    assert conversion_factor("m3", "MJ", conv) == pytest.approx(36.0)


@pytest.mark.parametrize(("src", "dst", "text"), [
    ("kg", "kWh", "cannot convert 'kg' (mass) to 'kWh' (energy)"),
    ("L", "kg", "give a density"),
    ("CNY", "USD", "cannot convert"),
    ("kwhh", "kWh", "unknown unit 'kwhh'"),
    ("kg", "furlongs/fortnightz", "target unit"),
])
def test_refused_conversions_name_both_units(src: str, dst: str, text: str) -> None:
    with pytest.raises(UnitError) as info:
        conversion_factor(src, dst, field="x.unit")
    assert text in info.value.message_en
    assert info.value.field == "x.unit"
    assert info.value.message_zh
