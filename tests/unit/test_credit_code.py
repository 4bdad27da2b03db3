"""The unified social credit code (GB 32100-2015): 18 characters of the 31-character set,
the last one a check character over the first 17 (weights 3^(i-1) mod 31)."""

from __future__ import annotations

import pytest

from carbonlabel.domain.organisation_identity import (
    CHARSET,
    WEIGHTS,
    check_character,
    credit_code_problem,
)

#: published codes of real enterprises (business licences shown on their web sites)
PUBLISHED = (
    "91350100M000100Y43",  # the example code used in GB 32100 explanations
    "914403001922038216",  # 华为技术有限公司
    "9144030071526726XG",  # 深圳市腾讯计算机系统有限公司
    "91330100716105852F",  # 阿里巴巴(中国)有限公司
    "91110108551385082Q",  # 北京小米科技有限责任公司
)


def test_the_code_set_and_weights_are_those_of_the_standard() -> None:
    assert len(CHARSET) == 31
    assert not set("IOZSV") & set(CHARSET)
    assert WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_are_valid(code: str) -> None:
    assert check_character(code[:17]) == code[17]
    assert credit_code_problem(code) is None


@pytest.mark.parametrize("code", PUBLISHED)
def test_any_other_check_character_is_refused(code: str) -> None:
    for wrong in (c for c in CHARSET if c != code[17]):
        problem = credit_code_problem(code[:17] + wrong)
        assert problem is not None
        assert "check character" in problem[1]


@pytest.mark.parametrize(("code", "words"), [
    ("91350100M000100Y4", "18 characters"),
    ("91350100M000100Y433", "18 characters"),
    ("91350100O000100Y43", "'O' is not allowed"),
    ("9135010SM000100Y43", "'S' is not allowed"),
    ("91350100m000100Y43", "'m' is not allowed"),
])
def test_length_and_letters_outside_the_code_set_are_refused(code: str, words: str) -> None:
    problem = credit_code_problem(code)
    assert problem is not None
    assert words in problem[1]
    assert problem[0]  # the Chinese message too
