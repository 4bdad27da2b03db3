"""The JSON Schemas in docs/schemas are the ones the code generates, and outputs conform."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from carbonlabel.adapters.formats import model_schema, result_json
from carbonlabel.cli.app import main
from carbonlabel.domain.ghg import GAS_FAMILIES
from tests.conftest import ROOT, base_model

DOCS = ROOT / "docs" / "schemas"


@pytest.mark.parametrize(("name", "generate"), [
    ("product-model.schema.json", model_schema.json_schema),
    ("footprint-result.schema.json", result_json.json_schema),
])
def test_published_schema_matches_the_code(name: str, generate: Callable[[], object]) -> None:
    published = json.loads((DOCS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(published)
    assert published == generate(), f"regenerate with: carbonlabel schema ... > docs/schemas/{name}"


def test_model_schema_accepts_a_valid_model_and_names_every_gas() -> None:
    schema = model_schema.json_schema()
    jsonschema.validate(base_model(), schema)
    gas_enum = schema["$defs"]["EmissionIn"]["properties"]["gas"]["enum"]  # type: ignore[index]
    assert set(gas_enum) == set(GAS_FAMILIES)


def test_json_output_conforms_to_the_result_schema(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc", str(write_model(base_model())), "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    jsonschema.validate(body, result_json.json_schema())
    assert body["schema"] == "carbonlabel/footprint-result/1"
    assert body["total_co2e_kg"] == pytest.approx(1.0)
    assert len(body["provenance"]["input_hash"]) == 64
