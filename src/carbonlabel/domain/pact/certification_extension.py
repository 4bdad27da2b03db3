"""The carbonlabel certification DataModelExtension: its JSON Schema and its ``data``.

Served by the platform at ``{platform_url}/pact/extensions/certification/1.0.0/schema.json``;
a PACT footprint of a certified product carries one extension with this ``dataSchema``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

EXTENSION_VERSION = "1.0.0"
SCHEMA_PATH = f"/pact/extensions/certification/{EXTENSION_VERSION}/schema.json"


def schema_url(platform_url: str) -> str:
    return platform_url.rstrip("/") + SCHEMA_PATH


CERTIFICATION_EXTENSION_SCHEMA: Mapping[str, object] = MappingProxyType({
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "carbonlabel product carbon footprint certification (PACT DataModelExtension)",
    "description": "Certification of the footprint under the China product carbon footprint "
                   "label pilot: certification body, certificate and label. "
                   "产品碳足迹认证与标识信息。",
    "type": "object",
    "required": ["certificationBody", "certificateNumber", "decisionDate", "standard"],
    "additionalProperties": False,
    "properties": {
        "certificationBody": {"type": "string", "minLength": 1,
                              "description": "认证机构 certification body"},
        "certificateNumber": {"type": "string", "minLength": 1,
                              "description": "证书编号 certificate number"},
        "decisionDate": {"type": "string", "format": "date-time",
                         "description": "认证决定日期 certification decision"},
        "labelCode": {"type": "string", "description": "标识编码 label code"},
        "verifyUrl": {"type": "string", "format": "uri",
                      "description": "标识核验地址 where to verify the label"},
        "standard": {"type": "string",
                     "description": "依据标准 standard, e.g. ISO 14067:2018 / GB/T 24067-2024"},
        "certifiedValue": {"type": "string", "pattern": r"^-?\d+(\.\d+)?$",
                           "description": "认证值（颁证时按四位有效数字确定） certified value, "
                                          "fixed at the grant to four significant figures, as "
                                          "the certificate, label and registry show it"},
        "certifiedUnit": {"type": "string",
                          "description": "认证值的单位 unit of the certified value, "
                                         "e.g. kg CO2e / 1 t"},
    },
})
