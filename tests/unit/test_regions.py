"""Region names for addresses: every province-level division of ISO 3166-2:CN, by name."""

from __future__ import annotations

from collections import Counter

from carbonlabel.domain.geography import PROVINCES
from carbonlabel.domain.regions import (
    DIVISIONS,
    DivisionKind,
    country_name,
    region_address,
    region_name,
)


def test_all_34_divisions_are_named_23_provinces_5_regions_4_municipalities_2_sars() -> None:
    assert len(DIVISIONS) == 34
    assert Counter(d.kind for d in DIVISIONS.values()) == {
        DivisionKind.PROVINCE: 23, DivisionKind.AUTONOMOUS_REGION: 5,
        DivisionKind.MUNICIPALITY: 4, DivisionKind.SAR: 2}
    assert set(DIVISIONS) == set(PROVINCES)  # the same codes as the factors' geographies


def test_a_region_code_prints_its_name_not_the_code() -> None:
    assert region_name("CN-GD") == ("广东省", "Guangdong Province")
    assert region_address("CN-GD", "zh") == "中国广东省"
    assert region_address("cn-gd", "en") == "Guangdong Province, China"
    assert region_address("CN-XJ", "zh") == "中国新疆维吾尔自治区"
    assert "CN-" not in region_address("CN-BJ", "en")


def test_a_country_prints_its_name_and_an_unknown_code_itself() -> None:
    assert region_address("CN", "zh") == "中国"
    assert region_address("CN", "en") == "China"
    assert country_name("DE") == ("DE", "DE")
    assert region_address("DE", "en") == "DE"
    assert region_address("广东省深圳市", "zh") == "广东省深圳市"  # a name is kept
    assert region_address("", "zh") == ""
