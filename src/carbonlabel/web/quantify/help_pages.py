"""The in-app help on the model format: every part of a product model and its fields, drawn
from the model's schema (the one the loader checks against, so the page cannot drift from
it), with a link to the template a new product starts from."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from fastapi import Request, Response

from carbonlabel.adapters.formats.model_schema import ProductModelIn
from carbonlabel.web.pages.common import PageUser, page_router
from carbonlabel.web.pages.rendering import render

router = page_router()


@dataclass(frozen=True)
class HelpField:
    name: str
    kind: str
    required: bool
    description: str


@dataclass(frozen=True)
class HelpPart:
    name: str
    description: str
    fields: tuple[HelpField, ...]


def _kind(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        return str(spec["$ref"]).rsplit("/", 1)[-1].removesuffix("In")
    if "anyOf" in spec:
        return " | ".join(_kind(s) for s in spec["anyOf"] if s.get("type") != "null")
    if spec.get("type") == "array":
        return f"[{_kind(spec.get('items', {}))}]"
    if "enum" in spec:
        return " | ".join(str(v) for v in spec["enum"])
    if "const" in spec:
        return str(spec["const"])
    return str(spec.get("type", "…"))


def _part(name: str, schema: dict[str, Any]) -> HelpPart:
    required = set(schema.get("required", ()))
    return HelpPart(name.removesuffix("In"), str(schema.get("description", "")), tuple(
        HelpField(field, _kind(spec), field in required, str(spec.get("description", "")))
        for field, spec in schema.get("properties", {}).items()))


@cache
def model_parts() -> tuple[HelpPart, ...]:
    """The model's top level first, then each part it refers to, by name."""
    schema = ProductModelIn.model_json_schema(by_alias=True)
    parts = [_part("ProductModel", schema)]
    parts += [_part(name, spec) for name, spec in sorted(schema.get("$defs", {}).items())
              if spec.get("type") == "object"]
    return tuple(parts)


@router.get("/help/model-format")
def model_format_help(request: Request, user: PageUser) -> Response:
    return render(request, "help_model_format.html", user=user, parts=model_parts())
