"""Validate a PACT API answer against the response schema its official OpenAPI file gives for
the path, method and status (what the conformance tool does), plus strict mode for the
footprints inside (tests/support/pact_schemas.py)."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.support.pact_schemas import OPENAPI, validate

VERSION = {"2": "2.3", "3": "3.0"}


@cache
def _spec(version: str) -> dict[str, Any]:
    with OPENAPI[version].open(encoding="utf-8") as fh:
        doc: dict[str, Any] = yaml.safe_load(fh)
    return doc


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def response_errors(doc: object, path: str, method: str, status: int, major: str) -> list[str]:
    """Violations of ``doc`` against the OpenAPI response schema of (path, method, status)."""
    version = VERSION[major]
    spec = _spec(version)
    response = spec["paths"][path][method]["responses"][str(status)]
    uri = f"urn:pact-openapi-responses:{version}"
    registry: Registry[Any] = Registry().with_resource(
        uri, Resource.from_contents(spec, default_specification=DRAFT202012))
    if "$ref" in response:  # a shared response object
        target = response["$ref"].lstrip("#/")
        ref = f"{uri}#/{target}/content/application~1json/schema"
    else:
        ref = (f"{uri}#/" + _pointer("paths", path, method, "responses", str(status),
                                     "content", "application/json", "schema"))
    validator = Draft202012Validator({"$ref": ref}, registry=registry,
                                     format_checker=FormatChecker())
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '<root>'}: {e.message}"
            for e in validator.iter_errors(doc)]


def assert_valid(doc: Any, path: str, method: str, status: int, major: str) -> None:
    problems = response_errors(doc, path, method, status, major)
    assert not problems, "\n".join(problems)
    if status == 200 and method == "get":
        data = doc["data"]
        for item in data if isinstance(data, list) else [data]:
            validate(item, "ProductFootprint", VERSION[major], strict=True)
