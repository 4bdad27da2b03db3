"""A small cradle-to-grave model for the footprint charts: six processes over four life-cycle
stages, one of them a biogenic CO2 removal (a negative process and stage), so the charts draw a
credit, several gases and a supply chain of more than a few bands.

By hand (kg CO2e per 1 kg of product, factors below):
- forestry: 4 kWh × 0.5 = 2, minus 9.5 kg CO2 taken up: −7.5 (raw material acquisition)
- steel parts: 2 kg × 2.0 = 4 (raw material acquisition)
- sawmill (the reference process): 20 kWh × 0.5 = 10, plus 0.1 kg CH4 (fossil, GWP 29.8 in
  AR6) = 2.98: 12.98 (production)
- drying: 6 kWh × 0.5 = 3 (production)
- delivery: 0.5 t·km × 0.1 = 0.05 (distribution)
- incineration: 1.5 kg CO2 (fossil) = 1.5 (end of life)
Total 2 − 9.5 + 4 + 12.98 + 3 + 0.05 + 1.5 = 14.03 kg CO2e.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import base_model

TOTAL = 14.03
BY_STAGE = {"raw_material_acquisition": -3.5, "production": 15.98, "distribution": 0.05,
            "end_of_life": 1.5}


def _process(pid: str, zh: str, en: str, stage: str, **flows: Any) -> dict[str, Any]:
    return {"id": pid, "name": {"zh": zh, "en": en}, "stage": stage,
            "output": {"amount": 1, "unit": "kg"}, **flows}


def chart_model() -> dict[str, Any]:
    return base_model(
        boundary="cradle-to-grave",
        factors=[
            {"id": "grid", "name": {"zh": "电网", "en": "grid"}, "unit": "kWh", "co2e": 0.5,
             "source": {"note": "test factor"}},
            {"id": "steel", "name": {"zh": "钢材", "en": "steel"}, "unit": "kg", "co2e": 2.0,
             "source": {"note": "test factor"}},
            {"id": "truck", "name": {"zh": "货车运输", "en": "truck freight"}, "unit": "t*km",
             "co2e": 0.1, "source": {"note": "test factor"}}],
        processes=[
            _process("main", "锯木厂加工", "sawmill", "production",
                     inputs=[{"factor": "grid", "amount": 20, "unit": "kWh"},
                             {"process": "forestry", "amount": 1, "unit": "kg"},
                             {"process": "parts", "amount": 1, "unit": "kg"},
                             {"process": "drying", "amount": 1, "unit": "kg"},
                             {"process": "delivery", "amount": 1, "unit": "kg"},
                             {"process": "incineration", "amount": 1, "unit": "kg"}],
                     emissions=[{"gas": "CH4", "amount": 0.1, "unit": "kg"}]),
            _process("forestry", "人工林营林与采伐", "plantation forestry and felling",
                     "raw_material_acquisition",
                     inputs=[{"factor": "grid", "amount": 4, "unit": "kWh"}],
                     removals=[{"gas": "CO2", "amount": 9.5, "unit": "kg"}]),
            _process("parts", "钢制连接件", "steel fittings", "raw_material_acquisition",
                     inputs=[{"factor": "steel", "amount": 2, "unit": "kg"}]),
            _process("drying", "窑干", "kiln drying", "production",
                     inputs=[{"factor": "grid", "amount": 6, "unit": "kWh"}]),
            _process("delivery", "送货", "delivery", "distribution",
                     inputs=[{"factor": "truck", "amount": 0.5, "unit": "t*km"}]),
            _process("incineration", "焚烧处置", "incineration", "end_of_life",
                     emissions=[{"gas": "CO2", "amount": 1.5, "unit": "kg"}])])
