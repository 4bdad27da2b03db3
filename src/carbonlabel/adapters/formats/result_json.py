"""Footprint results as JSON, and the published JSON Schema of that output.

The schema is generated from the domain result types, so output and schema cannot drift.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from carbonlabel.domain.footprint import FootprintResult
from carbonlabel.domain.quality import dqr_level

SCHEMA_ID = "carbonlabel/footprint-result/1"
_ADAPTER: TypeAdapter[FootprintResult] = TypeAdapter(FootprintResult)


def result_to_dict(result: FootprintResult) -> dict[str, Any]:
    body = json.loads(_ADAPTER.dump_json(result))
    sep = result.separate
    body["separate"]["biogenic_carbon_content_kg_co2"] = sep.biogenic_carbon_content_kg_co2
    if result.quality is not None:
        zh, en = dqr_level(result.quality.dqr)
        body["quality"]["level"] = {"zh": zh, "en": en}
    return {"schema": SCHEMA_ID, "unit": "kg CO2e", **body}


def result_to_json(result: FootprintResult) -> str:
    return json.dumps(result_to_dict(result), ensure_ascii=False, indent=2)


def json_schema() -> dict[str, Any]:
    schema = _ADAPTER.json_schema(mode="serialization")
    props = schema.setdefault("properties", {})
    props["schema"] = {"const": SCHEMA_ID}
    props["unit"] = {"const": "kg CO2e"}
    sep = schema["$defs"]["SeparateReporting"]["properties"]
    sep["biogenic_carbon_content_kg_co2"] = {"anyOf": [{"type": "number"}, {"type": "null"}]}
    q = schema["$defs"]["WeightedQuality"]["properties"]
    q["level"] = {"type": "object", "properties": {"zh": {"type": "string"},
                                                   "en": {"type": "string"}},
                  "required": ["zh", "en"]}
    schema["required"] = [*schema.get("required", []), "schema", "unit"]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://carbonlabel.org/schemas/footprint-result-1.json"
    schema["title"] = "carbonlabel footprint result"
    return schema
