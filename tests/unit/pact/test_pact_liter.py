"""A supplier footprint declared per liter enters a model per liter (not per millilitre).

PACT v3.0.3 and v2.3 both name ``liter`` among the declared units: the footprint is kg CO2e
per liter. The official v3 example 1 is taken with its declared unit set to ``liter`` (amount
1, so both spec versions read it the same way): 0.384 kg CO2e per liter excluding biogenic
uptake, 1.61 kg CO2 taken up per liter."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.adapters.formats.pact import parse_footprint
from carbonlabel.calc.model.background import BackgroundDatabases
from carbonlabel.domain.supplier import SupplierFootprints
from carbonlabel.services.exchange.supplier_catalogue import supplier_footprint
from carbonlabel.services.quantify.footprints import calculate_footprint
from carbonlabel.units import conversion_factor
from tests.conftest import base_model
from tests.support.pact_schemas import example


def per_liter() -> dict[str, Any]:
    doc: dict[str, Any] = copy.deepcopy(example("v3/example-1.json"))
    doc["pcf"]["declaredUnitOfMeasurement"] = "liter"
    doc["pcf"]["declaredUnitAmount"] = "1"
    assert doc["pcf"]["pcfExcludingBiogenicUptake"] == "0.384"
    return doc


def test_a_liter_footprint_is_per_liter_in_the_engine() -> None:
    supplier = supplier_footprint(parse_footprint(per_liter()))
    assert supplier.co2e_per_unit == pytest.approx(0.384, rel=1e-12)
    # one declared unit is one liter: 1 L = 1000 mL = 0.001 m³
    assert conversion_factor(supplier.declared_unit, "mL") == pytest.approx(1000, rel=1e-12)
    assert conversion_factor(supplier.declared_unit, "m**3") == pytest.approx(0.001,
                                                                              rel=1e-12)


def test_a_model_using_liters_of_a_liter_footprint_adds_liters_times_the_value() -> None:
    doc = per_liter()
    supplier = supplier_footprint(parse_footprint(doc))
    model = base_model(factors=[])
    model["processes"][0]["inputs"] = [
        {"supplier": doc["id"], "amount": 3, "unit": "L", "name": "solvent"},
        {"supplier": doc["id"], "amount": 250, "unit": "mL", "name": "solvent, topped up"}]
    loaded = load_model_text(yaml.safe_dump(model, allow_unicode=True), "m.yaml")
    result = calculate_footprint(loaded.model, load_gwp_set("AR6"),
                                 BackgroundDatabases((), None),
                                 suppliers=SupplierFootprints((supplier,)))
    liters = 3 + 0.250
    # the PCF counts its uptake (biogenicCO2Uptake −1.61 kg CO2 per liter) negative
    assert result.total_co2e_kg == pytest.approx(liters * (0.384 - 1.61), rel=1e-12)  # −3.9845
    assert result.separate.biogenic_removals_co2e_kg == pytest.approx(liters * -1.61,
                                                                      rel=1e-12)
