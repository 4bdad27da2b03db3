"""PACT input: a number that is not finite, or does not fit a double, is refused naming its
field; a file with an integer too long to parse is refused as a file, not a traceback."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from carbonlabel.adapters.formats.pact import (
    PactFormatError,
    parse_footprint,
    parse_footprints_document,
)
from carbonlabel.domain.pact.model import SpecVersion
from carbonlabel.errors import DataFormatError
from tests.support.pact_schemas import example

HUGE = "1" + "0" * 400  # a decimal string matching the spec's pattern, beyond 1.8e308


def _v2() -> dict[str, Any]:
    doc = example("v2/get-footprint-response.json")
    return copy.deepcopy(doc["data"])  # type: ignore[index,no-any-return]


@pytest.mark.parametrize(("version", "field"), [
    (SpecVersion.V3_0, "pcf.fossilGhgEmissions"),
    (SpecVersion.V3_0, "pcf.declaredUnitAmount"),
    (SpecVersion.V2_3, "pcf.pCfExcludingBiogenic"),
])
def test_a_decimal_beyond_a_double_is_refused_naming_the_field(version: SpecVersion,
                                                                field: str) -> None:
    doc = copy.deepcopy(example("v3/example-1.json")) if version is SpecVersion.V3_0 else _v2()
    doc["pcf"][field.removeprefix("pcf.")] = HUGE
    with pytest.raises(PactFormatError) as caught:
        parse_footprint(doc, version)
    assert caught.value.field == field
    assert "finite" in caught.value.message_en


@pytest.mark.parametrize("token", ["NaN", "Infinity", "1e999"])
def test_a_json_number_that_is_not_finite_is_refused_naming_the_field(token: str) -> None:
    doc = _v2()
    doc["pcf"]["primaryDataShare"] = "__VALUE__"
    text = json.dumps(doc).replace('"__VALUE__"', token)
    with pytest.raises(PactFormatError) as caught:
        parse_footprints_document(text)
    assert caught.value.field == "pcf.primaryDataShare"


def test_a_file_with_a_5000_digit_integer_is_refused_as_invalid_json() -> None:
    text = json.dumps(_v2()).replace('"primaryDataShare": 12.9',
                                     '"primaryDataShare": 1' + "0" * 5000)
    assert "0" * 5000 in text
    with pytest.raises(DataFormatError) as caught:
        parse_footprints_document(text)
    assert "not valid JSON" in caught.value.message_en
