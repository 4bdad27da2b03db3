"""v3 list filters / RequestCreatedEvent criteria, and the v2 OData $filter subset."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from carbonlabel.domain.pact.filters import FootprintQuery, parse_odata_filter
from carbonlabel.domain.pact.model import (
    CarbonFootprint,
    DeclaredUnit,
    ExchangeFootprint,
    PfStatus,
    validity,
)
from carbonlabel.errors import InputError


def t(y: int, m: int = 1, d: int = 1) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


def fp(**kw: object) -> ExchangeFootprint:
    pcf = CarbonFootprint(
        declared_unit=DeclaredUnit.KILOGRAM, declared_unit_amount=Decimal(1),
        reference_period_start=t(2023), reference_period_end=t(2024),
        pcf_excluding_biogenic=Decimal(2), fossil_ghg_emissions=Decimal(2),
        fossil_carbon_content=Decimal(0), exempted_emissions_percent=Decimal(0),
        ipcc_characterization_factors=("AR6",), geography_country="CN",
        geography_country_subdivision=None)
    base = ExchangeFootprint(
        id="1b1c1d1e-0000-4000-8000-000000000001", spec_version="3.0.0", created=t(2024, 2),
        status=PfStatus.ACTIVE, company_name="A", company_ids=("urn:x:c:1", "urn:x:c:2"),
        product_description="p", product_ids=("urn:gtin:1", "urn:x:p:9"),
        product_name_company="P", pcf=pcf,
        product_classifications=("urn:pact:productclassification:un-cpc:3744",))
    pcf_kw = {k[4:]: v for k, v in kw.items() if k.startswith("pcf_")}
    rest = {k: v for k, v in kw.items() if not k.startswith("pcf_")}
    return replace(base, pcf=replace(pcf, **pcf_kw), **rest)  # type: ignore[arg-type]


def test_validity_defaults_to_reference_end_plus_three_years() -> None:
    assert validity(fp()) == (t(2024), t(2027))
    assert validity(fp(validity_period_start=t(2024, 6))) == (t(2024, 6), t(2027, 6))
    assert validity(fp(validity_period_end=t(2025))) == (t(2024), t(2025))


@pytest.mark.parametrize(("query", "expected"), [
    (FootprintQuery(), True),
    (FootprintQuery(product_ids=("urn:gtin:1",)), True),
    (FootprintQuery(product_ids=("urn:gtin:2", "urn:x:p:9")), True),  # OR within
    (FootprintQuery(product_ids=("urn:gtin:2",)), False),
    (FootprintQuery(company_ids=("urn:x:c:2",)), True),
    (FootprintQuery(company_ids=("urn:bogus:1", "urn:bogus:2", "urn:bogus:3")), False),
    (FootprintQuery(geographies=("CN",)), True),
    (FootprintQuery(geographies=("XX",)), False),
    (FootprintQuery(classifications=("urn:pact:productclassification:un-cpc:3744",)), True),
    (FootprintQuery(classifications=("urn:bogus:cls",)), False),
    (FootprintQuery(valid_on=t(2024)), True),  # start <= x
    (FootprintQuery(valid_on=t(2026, 12, 31)), True),
    (FootprintQuery(valid_on=t(2027)), False),  # x < end
    (FootprintQuery(valid_on=t(1900)), False),
    (FootprintQuery(valid_after=t(2023, 12, 31)), True),  # start > x
    (FootprintQuery(valid_after=t(2024)), False),
    (FootprintQuery(valid_before=t(2027, 1, 2)), True),  # end < x
    (FootprintQuery(valid_before=t(2027)), False),
    (FootprintQuery(statuses=(PfStatus.ACTIVE,)), True),
    (FootprintQuery(statuses=(PfStatus.DEPRECATED,)), False),
    (FootprintQuery(statuses=(PfStatus.ACTIVE,), product_ids=("urn:gtin:1",)), True),
    (FootprintQuery(statuses=(PfStatus.ACTIVE,), product_ids=("urn:bogus",)), False),  # AND
])
def test_v3_filter(query: FootprintQuery, expected: bool) -> None:
    assert query.matches(fp()) is expected


def test_geography_matches_region_and_subdivision() -> None:
    region = fp(pcf_geography_country=None, pcf_geography_region_or_subregion="Eastern Asia")
    assert FootprintQuery(geographies=("Eastern Asia",)).matches(region)
    sub = fp(pcf_geography_country=None, pcf_geography_country_subdivision="CN-JS")
    assert FootprintQuery(geographies=("CN-JS",)).matches(sub)
    assert not FootprintQuery(geographies=("CN",)).matches(sub)


def test_urns_with_escapes_match_their_decoded_query_value() -> None:
    # a query string arrives decoded: "...:lithium%20battery" is asked as "...:lithium battery"
    escaped = fp(product_classifications=("urn:pact:example:category:lithium%20battery",))
    assert FootprintQuery(classifications=("urn:pact:example:category:lithium battery",)
                          ).matches(escaped)
    assert not FootprintQuery(classifications=("urn:pact:example:category:lithium",)
                              ).matches(escaped)


def test_v2_cpc_counts_as_classification() -> None:
    old = fp(product_classifications=(), product_category_cpc="6398")
    q = FootprintQuery(classifications=("urn:pact:productclassification:un-cpc:6398",))
    assert q.matches(old)


@pytest.mark.parametrize(("text", "expected"), [
    ("productIds/any(productId:(productId eq 'urn:gtin:1'))", True),
    ("productIds/any(p:p eq 'urn:gtin:7')", False),
    ("companyIds/any(c:(c eq 'urn:x:c:2'))", True),
    ("created ge 2024-01-01T00:00:00Z", True),
    ("created lt '2024-01-01T00:00:00Z'", False),
    ("pcf/referencePeriodStart ge '2023-01-01T00:00:00.000Z' and "
     "pcf/referencePeriodEnd le '2024-01-01T00:00:00Z'", True),
    ("pcf/referencePeriodEnd gt '2024-01-01T00:00:00Z'", False),
    ("pcf/geographyCountry eq 'CN'", True),
    ("(pcf/geographyCountry eq 'DE')", False),
    ("productCategoryCpc eq '3744'", False),  # no v2 CPC on this footprint
    ("updated ge 2020-01-01T00:00:00Z", False),  # never updated
    ("pcf/geographyCountry eq 'CN' and companyIds/any(c:(c eq 'urn:x:c:9'))", False),
])
def test_odata_filter(text: str, expected: bool) -> None:
    assert parse_odata_filter(text)(fp()) is expected


def test_odata_quote_escape() -> None:
    odd = fp(product_ids=("urn:x:o'brien",))
    assert parse_odata_filter("productIds/any(p:p eq 'urn:x:o''brien')")(odd)


@pytest.mark.parametrize("text", [
    "", "pcf/geographyCountry eq 'CN' or created gt 2020-01-01T00:00:00Z",
    "not (created gt 2020-01-01T00:00:00Z)", "companyName eq 'A'",
    "created ne 2020-01-01T00:00:00Z",
    "created gt 'yesterday'", "contains(productCategoryCpc, '3')", "created gt",
    "productIds/any(p:q eq 'x')", "created gt 2020-01-01T00:00:00Z; drop", "__import__('os')",
])
def test_odata_refusals_name_the_filter(text: str) -> None:
    with pytest.raises(InputError) as err:
        parse_odata_filter(text)
    assert err.value.field == "$filter"
    assert err.value.message_zh.startswith("不支持")
