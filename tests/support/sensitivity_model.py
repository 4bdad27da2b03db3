"""A two-process model whose allocation choice moves its footprint from 1,250 (mass) to
1,461.6 kg CO2e (economic), worked by hand:

* ``smelting`` makes 1,000 kg alloy and 1,000 kg slag from 1,000 kg coke at 2.116 kg CO2e/kg:
  2,116 kg CO2e per run. Mass share f = 1000 / (1000 + 1000) = 0.5 → 1,058;
  economic share f = 1000·3 / (1000·3 + 1000·2) = 0.6 → 1,269.6; none: f = 1 → 2,116.
* ``packing`` (the reference process, 1,000 kg per run) takes the 1,000 kg alloy,
  312.4 kWh grid electricity at 0.5 (156.2), 2 kg lubricant at 3.0 (6) and emits 1 kg fossil
  CH4 (AR6 29.8, AR5 30): 192 kg CO2e of its own under AR6.

Declared unit 1 t (1,000 kg) of packed alloy: mass 1,058 + 192 = 1,250;
economic 1,269.6 + 192 = 1,461.6; none 2,116 + 192 = 2,308.
"""

from __future__ import annotations

from typing import Any


def allocation_model(method: str = "mass", **extra: Any) -> dict[str, Any]:
    model: dict[str, Any] = {
        "schema": "carbonlabel/product-model/1",
        "product": {"name": {"zh": "包装合金", "en": "packed alloy"}, "category": "test"},
        "unit": {"kind": "declared", "description": {"zh": "1 吨", "en": "1 t"},
                 "amount": 1000, "unit": "kg", "process": "packing"},
        "boundary": "cradle-to-gate",
        "period": {"start": "2023-01-01", "end": "2023-12-31"},
        "geography": "CN",
        "factors": [
            {"id": "coke", "name": {"zh": "焦炭", "en": "coke"}, "unit": "kg", "co2e": 2.116,
             "source": {"note": "test"}},
            {"id": "grid", "name": {"zh": "电网电力", "en": "grid electricity"}, "unit": "kWh",
             "co2e": 0.5, "source": {"note": "test"}},
            {"id": "solar", "name": {"zh": "光伏电力", "en": "solar power"}, "unit": "kWh",
             "co2e": 0.05, "source": {"note": "test"}},
            {"id": "lubricant", "name": {"zh": "润滑油", "en": "lubricant"}, "unit": "kg",
             "co2e": 3.0, "source": {"note": "test"}},
        ],
        "processes": [
            {"id": "smelting", "name": {"zh": "冶炼", "en": "smelting"},
             "stage": "raw_material_acquisition",
             "output": {"amount": 1000, "unit": "kg", "product": "alloy"},
             "inputs": [{"factor": "coke", "amount": 1000, "unit": "kg", "name": "coke"}],
             "co_products": [{"name": "slag", "amount": 1000, "unit": "kg",
                              "price": "2 CNY/kg"}],
             "allocation": {"method": method, "reference_price": "3 CNY/kg"}},
            {"id": "packing", "name": {"zh": "包装", "en": "packing"}, "stage": "production",
             "output": {"amount": 1000, "unit": "kg", "product": "packed alloy"},
             "inputs": [{"process": "smelting", "amount": 1000, "unit": "kg", "name": "alloy"},
                        {"factor": "grid", "amount": 312.4, "unit": "kWh",
                         "name": "electricity"},
                        {"factor": "lubricant", "amount": 2, "unit": "kg",
                         "name": "lubricant"}],
             "emissions": [{"gas": "CH4", "amount": 1, "unit": "kg"}]},
        ],
    }
    model.update(extra)
    return model


def uncertain_allocation_model() -> dict[str, Any]:
    """The mass-allocated model with two uncertain amounts (for Monte Carlo runs on the
    pages): the coke, lognormal with a geometric sd of 1.1, and the electricity, normal with
    an sd of 20 kWh."""
    model = allocation_model()
    model["processes"][0]["inputs"][0]["uncertainty"] = {"distribution": "lognormal",
                                                         "gsd": 1.1}
    model["processes"][1]["inputs"][1]["uncertainty"] = {"distribution": "normal", "sd": 20}
    return model
