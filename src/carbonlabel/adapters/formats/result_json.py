"""Footprint results as JSON, and the published JSON Schema of that output.

The schema is generated from the domain result types, so output and schema cannot drift.
Keys added after a result was stored (``primary_data_share``, ``supplier_inputs``,
``fossil_carbon_content_kg_c``, ``product_mass_kg``, ``separate.not_split_co2e_kg``,
``end_of_life``) are optional: a stored result without them still conforms and reads back with
``None`` / an empty list. Derived on output: ``share_basis`` and ``share_base_co2e_kg`` (what
the shares are of) and the end-of-life ``statement``.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter, ValidationError

from carbonlabel.domain.footprint import FootprintResult
from carbonlabel.domain.quality import dqr_level
from carbonlabel.errors import DataFormatError

SCHEMA_ID = "carbonlabel/footprint-result/1"
_ADAPTER: TypeAdapter[FootprintResult] = TypeAdapter(FootprintResult)


def result_to_dict(result: FootprintResult) -> dict[str, Any]:
    body = json.loads(_ADAPTER.dump_json(result))
    sep = result.separate
    body["separate"]["biogenic_carbon_content_kg_co2"] = sep.biogenic_carbon_content_kg_co2
    if result.quality is not None:
        zh, en = dqr_level(result.quality.dqr)
        body["quality"]["level"] = {"zh": zh, "en": en}
    body["share_basis"] = result.share_basis
    body["share_base_co2e_kg"] = result.share_base_co2e_kg
    if result.end_of_life is not None:
        said = result.end_of_life.statement
        body["end_of_life"]["statement"] = {"zh": said.zh, "en": said.en}
    return {"schema": SCHEMA_ID, "unit": "kg CO2e", **body}


def result_to_json(result: FootprintResult) -> str:
    return json.dumps(result_to_dict(result), ensure_ascii=False, indent=2)


def result_from_dict(body: dict[str, Any]) -> FootprintResult:
    """Read a result written by :func:`result_to_dict` (older ones too) back into the domain.

    The keys derived on output (``schema``, ``unit``, the biogenic carbon content in kg CO2,
    the DQR level) are ignored. Raises ``DataFormatError`` for anything else that does not fit.
    """
    try:
        return _ADAPTER.validate_python(body)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DataFormatError(field=where, message_en=f"not a footprint result: {first['msg']}",
                              message_zh=f"不是有效的碳足迹结果：{where}") from exc


def result_from_json(text: str) -> FootprintResult:
    """Read a stored result text (:func:`result_to_json`, older ones too) into the domain."""
    try:  # pydantic's own JSON parser: about half the time of json.loads + validation
        return _ADAPTER.validate_json(text)
    except ValidationError:
        pass  # read it again below, which names what does not fit as it always has
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFormatError(message_en=f"malformed result JSON: {exc.msg}",
                              message_zh=f"结果 JSON 格式错误：{exc.msg}") from exc
    if not isinstance(body, dict):
        raise DataFormatError(message_en="a footprint result must be a JSON object",
                              message_zh="碳足迹结果须为 JSON 对象")
    return result_from_dict(body)


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
    for share in (props["primary_data_share"],
                  schema["$defs"]["SupplierInputResult"]["properties"]["primary_data_share"]):
        share["anyOf"][0].update(minimum=0, maximum=1)  # a fraction, not PACT's percent
        share["description"] = "primary-data share (PACT), a fraction 0..1"
    props["share_basis"] = {"enum": ["total", "gross_emissions"],
                            "description": "shares are of the total, or of the gross emissions "
                                           "(total − removals) when there are removals"}
    props["share_base_co2e_kg"] = {"type": "number",
                                   "description": "kg CO2e every share is a fraction of"}
    eol = schema["$defs"]["EndOfLife"]["properties"]
    eol["statement"] = {"type": "object", "properties": {"zh": {"type": "string"},
                                                         "en": {"type": "string"}},
                        "required": ["zh", "en"]}
    schema["required"] = [*schema.get("required", []), "schema", "unit"]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://carbonlabel.org/schemas/footprint-result-1.json"
    schema["title"] = "carbonlabel footprint result"
    return schema
