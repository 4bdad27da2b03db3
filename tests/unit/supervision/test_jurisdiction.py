"""A regulator's jurisdiction: national, province or city codes, and what lies within each."""

from __future__ import annotations

import pytest

from carbonlabel.domain.regions import DIVISIONS
from carbonlabel.domain.supervision.jurisdiction import (
    PROVINCE_DIGITS,
    Level,
    jurisdiction_problem,
    parse_jurisdiction,
)


def test_the_three_levels_are_recognised() -> None:
    assert parse_jurisdiction("CN").level is Level.NATIONAL
    assert parse_jurisdiction(" cn-gd ").code == "CN-GD"
    assert parse_jurisdiction("CN-GD").level is Level.PROVINCE
    city = parse_jurisdiction("CN-GD-440300")
    assert (city.level, city.province) == (Level.CITY, "CN-GD")
    assert city.name() == ("广东省 440300", "Guangdong Province, 440300")
    assert parse_jurisdiction("CN").name()[0] == "全国"


@pytest.mark.parametrize("code", ["", "US", "CN-XX", "CN-GD-44030", "CN-GD-440000",
                                  "CN-GD-440301", "CN-GD-320100", "CN-GD-440300-1", "GD"])
def test_a_code_that_names_no_jurisdiction_is_refused_with_its_reason(code: str) -> None:
    problem = jurisdiction_problem(code)
    assert problem is not None
    zh, en = problem
    assert zh
    assert en
    with pytest.raises(ValueError, match=r"\w"):
        parse_jurisdiction(code)


def test_a_city_code_must_belong_to_its_province() -> None:
    assert jurisdiction_problem("CN-JS-320100") is None  # 南京市
    assert "not within CN-ZJ" in (jurisdiction_problem("CN-ZJ-320100") or ("", ""))[1]


def test_every_province_level_division_has_its_gb_t_2260_digits() -> None:
    assert set(PROVINCE_DIGITS) == set(DIVISIONS)
    assert len(set(PROVINCE_DIGITS.values())) == len(PROVINCE_DIGITS)


def test_a_region_lies_within_a_jurisdiction_only_below_it() -> None:
    national, guangdong = parse_jurisdiction("CN"), parse_jurisdiction("CN-GD")
    shenzhen = parse_jurisdiction("CN-GD-440300")
    inside = [(national, "CN-JS"), (national, "cn-gd-440300"), (guangdong, "CN-GD"),
              (guangdong, "CN-GD-440300"), (shenzhen, "CN-GD-440300")]
    outside = [(guangdong, "CN-GX"), (guangdong, "CN-GDX"), (guangdong, "CN"),
               (guangdong, None), (guangdong, ""), (shenzhen, "CN-GD"),
               (shenzhen, "CN-GD-440100"), (national, "US-CA")]
    assert [j.covers(r) for j, r in inside] == [True] * len(inside)
    assert [j.covers(r) for j, r in outside] == [False] * len(outside)
