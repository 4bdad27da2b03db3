"""Validate JSON against a schema of the PACT OpenAPI files kept as test fixtures.

The whole OpenAPI YAML file is the root resource and ``#/components/schemas/<Name>`` is
referenced from it (Draft 2020-12, with the format checker), so every internal ``$ref`` of the
spec resolves as written. ``strict=True`` also reports properties the schema does not define
(the official schemas allow any extra property, which hides typos and stray legacy fields).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pact"
OPENAPI = {"2.3": FIXTURES / "openapi" / "pact-openapi-2.3.3.yaml",
           "3.0": FIXTURES / "openapi" / "pact-openapi-3.0.3.yaml"}
_ROOT_URI = "urn:pact-openapi:{}"


@cache
def _spec(version: str) -> dict[str, Any]:
    with OPENAPI[version].open(encoding="utf-8") as fh:
        doc: dict[str, Any] = yaml.safe_load(fh)
    return doc


@cache
def _validator(version: str, name: str) -> Draft202012Validator:
    uri = _ROOT_URI.format(version)
    registry: Registry[Any] = Registry().with_resource(
        uri, Resource.from_contents(_spec(version), default_specification=DRAFT202012))
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$ref": f"{uri}#/components/schemas/{name}"}
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def schema_errors(doc: object, name: str, version: str) -> list[str]:
    """Every schema violation of ``doc`` against ``components.schemas[name]``."""
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '<root>'}: {e.message}"
            for e in _validator(version, name).iter_errors(doc)]


def _resolve(version: str, schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema and isinstance(schema["$ref"], str):
        target: Any = _spec(version)
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        schema = target
    return schema


def _unknown(doc: object, schema: dict[str, Any], version: str, path: str) -> Iterator[str]:
    schema = _resolve(version, schema)
    if isinstance(doc, dict):
        props = schema.get("properties")
        if not isinstance(props, dict):
            return  # a free-form object (extension data)
        if "$ref" in props:  # the v3 events reuse BaseEvent's properties this way
            props = {**_resolve(version, {"$ref": props["$ref"]}),
                     **{k: v for k, v in props.items() if k != "$ref"}}
        for key, value in doc.items():
            if key not in props:
                yield f"{path}{key}: not in the schema"
            else:
                yield from _unknown(value, props[key], version, f"{path}{key}.")
    elif isinstance(doc, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(doc):
            yield from _unknown(item, schema["items"], version, f"{path[:-1]}[{i}].")


def unknown_properties(doc: object, name: str, version: str) -> list[str]:
    """Properties of ``doc`` that ``components.schemas[name]`` does not define (strict mode)."""
    return list(_unknown(doc, {"$ref": f"#/components/schemas/{name}"}, version, ""))


def validate(doc: object, name: str, version: str, *, strict: bool = False) -> None:
    """Raise AssertionError listing the violations (and, if strict, the unknown properties)."""
    problems = schema_errors(doc, name, version)
    if strict:
        problems += unknown_properties(doc, name, version)
    assert not problems, f"{name} ({version}) is invalid:\n" + "\n".join(problems)


EXAMPLES = FIXTURES / "examples"
_DECIMAL = re.compile(r"^[+-]?\d+(\.\d+)?$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


def example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def canonical(doc: Any) -> Any:
    """JSON with decimal strings and numbers as Decimal and timestamps as instants."""
    if isinstance(doc, dict):
        return {k: canonical(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [canonical(v) for v in doc]
    if isinstance(doc, bool):
        return doc
    if isinstance(doc, int | float):
        return Decimal(repr(doc))
    if isinstance(doc, str) and _DECIMAL.match(doc):
        return Decimal(doc)
    if isinstance(doc, str) and _TIME.match(doc):
        return datetime.fromisoformat(doc.replace("Z", "+00:00"))
    return doc
