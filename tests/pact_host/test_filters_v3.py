"""The v3 ListFootprints filters (conformance cases 20–39): each with a value that matches and
a bogus one; values of one parameter OR-ed, different parameters AND-ed.

The owner's footprints: battery (old, Deprecated; new, Active; GTIN 06901234567892, UN CPC
4642) and cement (Active, CPC 3744), all in CN with the reference period 2024-01-01 ..
2024-12-31 (included), so referencePeriodEnd is 2025-01-01 (exclusive) and they are valid
from then for three years (to 2028-01-01)."""

from __future__ import annotations

import pytest

from tests.pact_host.conftest import World
from tests.pact_host.responses import assert_valid

GTIN = "urn:gtin:06901234567892"
ALL = {"battery_old", "battery", "cement"}


def _names(world: World, params: list[tuple[str, str]]) -> set[str]:
    response = world.client.get("/3/footprints", params=params, headers=world.bearer())
    assert response.status_code == 200, response.text
    assert_valid(response.json(), "/3/footprints", "get", 200, "3")
    s = world.seeded
    names = {getattr(s, n).id: n for n in ALL}
    ids = [d["id"] for d in response.json()["data"]]
    assert len(ids) == len(set(ids))
    return {names[i] for i in ids}


def _company(world: World) -> str:
    return f"urn:pact:carbonlabel:company:{world.seeded.owner.organisation.id}"


MATCHING = [
    ("productId", [("productId", GTIN)], {"battery_old", "battery"}),
    ("companyId", [("companyId", "{company}")], ALL),
    ("geography", [("geography", "CN")], ALL),
    ("classification", [("classification", "urn:pact:productclassification:un-cpc:3744")],
     {"cement"}),
    ("validOn", [("validOn", "2025-06-01T00:00:00Z")], ALL),
    ("validAfter", [("validAfter", "2024-06-01T00:00:00Z")], ALL),
    ("validBefore", [("validBefore", "2028-06-01T00:00:00Z")], ALL),
    ("status", [("status", "Deprecated")], {"battery_old"}),
    ("status-and-productId", [("status", "Active"), ("productId", GTIN)], {"battery"}),
    ("companyId-x3-or", [("companyId", "urn:bogus:company:1"), ("companyId", "{company}"),
                         ("companyId", "urn:bogus:company:2")], ALL),
]

BOGUS = [
    ("productId", [("productId", "urn:bogus:product:XXXX")]),
    ("companyId", [("companyId", "urn:bogus:company:XXXX")]),
    ("geography", [("geography", "XX")]),
    ("classification", [("classification", "urn:bogus:classification:XXXX")]),
    ("validOn", [("validOn", "1900-01-01T00:00:00Z")]),
    ("validAfter", [("validAfter", "2099-01-01T00:00:00Z")]),
    ("validBefore", [("validBefore", "1900-01-01T00:00:00Z")]),
    ("status", [("status", "BogusStatusXXXX")]),
    ("status-and-productId", [("status", "Active"), ("productId", "urn:bogus:product:XXXX")]),
    ("companyId-x3-or", [("companyId", f"urn:bogus:company:{n}") for n in range(3)]),
]


@pytest.mark.parametrize(("name", "params", "expected"), MATCHING,
                         ids=[m[0] for m in MATCHING])
def test_filter_with_matching_values_returns_exactly_the_matching_footprints(
        world: World, name: str, params: list[tuple[str, str]], expected: set[str]) -> None:
    # cases 20–29
    filled = [(k, v.format(company=_company(world))) for k, v in params]
    assert _names(world, filled) == expected


@pytest.mark.parametrize(("name", "params"), BOGUS, ids=[b[0] for b in BOGUS])
def test_filter_with_bogus_values_returns_an_empty_data_array(
        world: World, name: str, params: list[tuple[str, str]]) -> None:
    # cases 30–39
    response = world.client.get("/3/footprints", params=params, headers=world.bearer())
    assert response.status_code == 200
    assert response.json() == {"data": []}
    assert "link" not in response.headers


def test_validity_bounds_are_exclusive_where_the_spec_says_so(world: World) -> None:
    # the models' period ends on 2024-12-31 (included), so referencePeriodEnd is
    # 2025-01-01T00:00Z (exclusive) and the footprints are valid from 2025-01-01T00:00Z
    # (inclusive) to 2028-01-01T00:00Z (exclusive)
    assert _names(world, [("validOn", "2025-01-01T00:00:00Z")]) == ALL
    assert _names(world, [("validOn", "2024-12-31T23:59:59Z")]) == set()
    assert _names(world, [("validOn", "2028-01-01T00:00:00Z")]) == set()
    assert _names(world, [("validAfter", "2025-01-01T00:00:00Z")]) == set()
    assert _names(world, [("validBefore", "2028-01-01T00:00:00Z")]) == set()
    assert _names(world, [("validOn", "2026-01-01")]) == ALL  # a bare date: midnight UTC


@pytest.mark.parametrize("params", [[("validOn", "yesterday")], [("validAfter", "2024-13-45")],
                                    [("$filter", "created gt '2020-01-01T00:00:00Z'")]])
def test_malformed_or_v2_style_filters_are_refused(world: World,
                                                   params: list[tuple[str, str]]) -> None:
    response = world.client.get("/3/footprints", params=params, headers=world.bearer())
    assert response.status_code == 400
    assert response.json()["code"] in ("BadRequest", "NotImplemented")
