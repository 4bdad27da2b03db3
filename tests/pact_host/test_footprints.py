"""ListFootprints and GetFootprint, v3 and v2 side by side (conformance cases 3, 4, 5, 8, 9–11,
17, 20 (v2 ``$filter``)), the lifecycle of recalculated footprints, the certified footprint's
verification, pagination, and what never leaves the owner."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.pact_host.conftest import NIL, Seeded, World, make_world
from tests.pact_host.responses import assert_valid

MAJORS = ["2", "3"]


def _ids(world: World, major: str, query: str = "") -> list[str]:
    response = world.client.get(f"/{major}/footprints{query}", headers=world.bearer())
    assert response.status_code == 200, response.text
    return [d["id"] for d in response.json()["data"]]


@pytest.mark.parametrize("major", MAJORS)
def test_list_is_schema_valid_and_holds_exactly_the_owners_three_footprints(
        world: World, major: str) -> None:
    # case 4
    response = world.client.get(f"/{major}/footprints", headers=world.bearer())
    assert response.status_code == 200
    assert_valid(response.json(), f"/{major}/footprints", "get", 200, major)
    s = world.seeded
    assert sorted(d["id"] for d in response.json()["data"]) == sorted(
        [s.battery_old.id, s.battery.id, s.cement.id])
    assert s.stranger_footprint.id not in response.text


@pytest.mark.parametrize("major", MAJORS)
def test_get_first_listed_id_is_schema_valid_and_the_same_footprint(
        world: World, major: str) -> None:
    # case 3
    first = _ids(world, major)[0]
    response = world.client.get(f"/{major}/footprints/{first}", headers=world.bearer())
    assert response.status_code == 200
    assert_valid(response.json(), f"/{major}/footprints/{{id}}", "get", 200, major)
    assert response.json()["data"]["id"] == first
    assert response.json()["data"]["specVersion"] == {"2": "2.3.0", "3": "3.0.0"}[major]


@pytest.mark.parametrize("major", MAJORS)
def test_unknown_and_other_organisations_ids_are_404_in_the_spec_shape(
        world: World, major: str) -> None:
    # case 8
    code = {"2": "NoSuchFootprint", "3": "NotFound"}[major]
    for pf_id in (NIL, world.seeded.stranger_footprint.id, "not-a-uuid"):
        response = world.client.get(f"/{major}/footprints/{pf_id}", headers=world.bearer())
        assert response.status_code == 404
        assert response.json()["code"] == code
        if major == "3":  # the 2.3 openapi lists no 404 answer
            assert_valid(response.json(), "/3/footprints/{id}", "get", 404, major)


@pytest.mark.parametrize("major", MAJORS)
def test_link_pagination_followed_to_the_end_yields_every_footprint_once(
        world: World, major: str) -> None:
    # case 5; the links keep the request's host and can be called again
    headers = world.bearer()
    url: str | None = f"/{major}/footprints?limit=1"
    seen: list[str] = []
    links: list[str] = []
    while url is not None:
        response = world.client.get(url, headers=headers)
        assert response.status_code == 200
        data = response.json()["data"]
        assert len(data) <= 1
        seen += [d["id"] for d in data]
        link = response.headers.get("link")
        url = None
        if link:
            match = re.fullmatch(r'<([^>]+)>; rel="next"', link)
            assert match, link
            url = match.group(1)
            assert urlsplit(url).scheme == "https"
            assert urlsplit(url).netloc == "testserver"
            links.append(url)
    s = world.seeded
    assert sorted(seen) == sorted([s.battery_old.id, s.battery.id, s.cement.id])
    assert len(links) == 2  # three footprints, one per page
    again = world.client.get(links[0], headers=headers)
    assert [d["id"] for d in again.json()["data"]] == [seen[1]]


def test_the_next_link_keeps_the_filters_of_the_request(world: World) -> None:
    s = world.seeded
    company = f"urn:pact:carbonlabel:company:{s.owner.organisation.id}"
    response = world.client.get(f"/3/footprints?limit=2&companyId={company}",
                                headers=world.bearer())
    link = response.headers["link"]
    query = parse_qs(urlsplit(link[1:link.index(">")]).query)
    assert query == {"limit": ["2"], "offset": ["2"], "companyId": [company]}


@pytest.mark.parametrize("query", ["limit=0", "limit=-1", "limit=abc", "offset=x"])
def test_a_malformed_limit_or_offset_is_400_bad_request(world: World, query: str) -> None:
    response = world.client.get(f"/3/footprints?{query}", headers=world.bearer())
    assert response.status_code == 400
    assert response.json()["code"] == "BadRequest"


def test_recalculated_footprint_deprecates_the_earlier_one_and_names_it(world: World) -> None:
    headers = world.bearer()
    s = world.seeded
    old = world.client.get(f"/3/footprints/{s.battery_old.id}", headers=headers).json()["data"]
    new = world.client.get(f"/3/footprints/{s.battery.id}", headers=headers).json()["data"]
    cement = world.client.get(f"/3/footprints/{s.cement.id}", headers=headers).json()["data"]
    assert old["status"] == "Deprecated"
    assert "precedingPfIds" not in old
    assert new["status"] == "Active"
    assert new["precedingPfIds"] == [s.battery_old.id]
    assert cement["status"] == "Active"
    assert "precedingPfIds" not in cement


def test_certified_footprint_carries_verification_and_the_certification_extension(
        world: World) -> None:
    s = world.seeded
    with world.make_uow() as uow:
        cert = uow.certificates.get(s.certificate_id)
        assert cert is not None
        body = uow.organisations.get(cert.body_id)
        assert body is not None
    headers = world.bearer()
    v3 = world.client.get(f"/3/footprints/{s.battery.id}", headers=headers).json()["data"]
    assert v3["pcf"]["verification"]["providerName"] == body.name
    assert v3["pcf"]["verification"]["coverage"] == "product level"
    (ext,) = v3["extensions"]
    assert ext["data"]["certificateNumber"] == cert.number
    assert ext["data"]["verifyUrl"] == f"https://testserver/registry/{cert.number}"
    assert ext["dataSchema"] == \
        "https://testserver/pact/extensions/certification/1.0.0/schema.json"
    schema = world.client.get(urlsplit(ext["dataSchema"]).path)
    assert schema.status_code == 200
    assert set(schema.json()["required"]) <= set(ext["data"])
    v2 = world.client.get(f"/2/footprints/{s.battery.id}", headers=headers).json()["data"]
    assert v2["pcf"]["assurance"]["providerName"] == body.name
    old = world.client.get(f"/3/footprints/{s.battery_old.id}", headers=headers).json()["data"]
    assert "verification" not in old["pcf"]
    assert "extensions" not in old


def test_values_are_decimal_strings_per_declared_unit(world: World) -> None:
    # the cement footprint: the stored total is per 1 t; PACT v3 gives it per declared unit,
    # declaredUnitAmount × declaredUnitOfMeasurement = 1000 kilogram, i.e. the same number
    s = world.seeded
    doc = world.client.get(f"/3/footprints/{s.cement.id}", headers=world.bearer()).json()
    pcf = doc["data"]["pcf"]
    assert pcf["declaredUnitOfMeasurement"] == "kilogram"
    assert pcf["declaredUnitAmount"] == "1000"
    for key in ("pcfExcludingBiogenicUptake", "pcfIncludingBiogenicUptake",
                "fossilGhgEmissions"):
        assert isinstance(pcf[key], str)
        assert re.fullmatch(r"-?\d+(\.\d+)?", pcf[key])
    total = Decimal(pcf["pcfIncludingBiogenicUptake"])  # per 1000 kg = per 1 t
    assert abs(total - Decimal(repr(s.cement.total_co2e_kg))) < Decimal("0.000000001")


@pytest.mark.parametrize(("method", "path"), [
    ("post", "/auth/token"), ("get", "/3/footprints"), ("get", f"/3/footprints/{NIL}"),
    ("post", "/3/events"), ("get", "/2/footprints"), ("get", f"/2/footprints/{NIL}"),
    ("post", "/2/events"), ("get", "/.well-known/openid-configuration"),
])
def test_plain_http_is_refused(world: World, method: str, path: str) -> None:
    # cases 9, 10, 11, 17: the same request over http:// fails even with valid credentials
    headers = world.seeded.foreign.basic if path == "/auth/token" else world.bearer()
    response = world.client.request(method, world.plain(path), headers=headers,
                                    data={"grant_type": "client_credentials"})
    assert response.status_code == 403
    assert "access_token" not in response.text
    assert "data" not in response.json()


def test_plain_http_is_served_where_the_settings_allow_it(
        pact_template: tuple[Path, Seeded], tmp_path: Path) -> None:

    for world in make_world(*pact_template, tmp_path, pact_allow_http=True):
        response = world.client.post(world.plain("/auth/token"),
                                     headers=world.seeded.foreign.basic,
                                     data={"grant_type": "client_credentials"})
        assert response.status_code == 200


V2_FILTERS = [
    ("productIds/any(productId:(productId eq '{product}'))", {"battery_old", "battery"}),
    ("companyIds/any(companyId:(companyId eq '{company}'))", {"battery_old", "battery",
                                                              "cement"}),
    ("productCategoryCpc eq '3744'", {"cement"}),
    ("pcf/geographyCountry eq 'CN'", {"battery_old", "battery", "cement"}),
    ("pcf/referencePeriodStart ge '2024-01-01T00:00:00Z' and "
     "pcf/referencePeriodEnd lt '2025-01-01T00:00:01Z'", {"battery_old", "battery",
                                                         "cement"}),
    ("created gt '2999-01-01T00:00:00Z'", set()),
    ("productIds/any(productId:(productId eq 'urn:bogus:product'))", set()),
]


@pytest.mark.parametrize(("expression", "expected"), V2_FILTERS)
def test_v2_filter_selects_the_matching_footprints(world: World, expression: str,
                                                   expected: set[str]) -> None:
    # case 20 (optional in v2)
    s = world.seeded
    text = expression.format(product="urn:gtin:06901234567892",
                             company=f"urn:pact:carbonlabel:company:{s.owner.organisation.id}")
    response = world.client.get("/2/footprints", params={"$filter": text},
                                headers=world.bearer())
    assert response.status_code == 200, response.text
    names = {getattr(s, n).id: n for n in ("battery_old", "battery", "cement")}
    assert {names[d["id"]] for d in response.json()["data"]} == expected


@pytest.mark.parametrize("expression", ["productName eq 'x'", "created eq", "a or b",
                                        "pcf/geographyCountry ne 'CN'"])
def test_v2_filter_outside_the_spec_subset_is_400_bad_request(world: World,
                                                              expression: str) -> None:
    response = world.client.get("/2/footprints", params={"$filter": expression},
                                headers=world.bearer())
    assert response.status_code == 400
    assert response.json()["code"] == "BadRequest"
    assert "$filter" in response.json()["message"]
