"""Password rules (domain/passwords.py) with the common-password list of zxcvbn: each weak
password is refused with the rule it breaks."""

from __future__ import annotations

import pytest

from carbonlabel.adapters.common_passwords import common_passwords
from carbonlabel.domain.passwords import MAX_PASSWORD, password_problem
from carbonlabel.services.platform.demo_seed import DEMO_PASSWORD
from tests.support.platform import PASSWORD

EMAIL = "wang.min@battery.example.cn"
NAME = "王敏 Wang Min"


def problem(password: str) -> str | None:
    found = password_problem(password, email=EMAIL, display_name=NAME,
                             common=common_passwords())
    return found.code if found else None


@pytest.mark.parametrize(("password", "rule"), [
    ("short pw", "too_short"),
    ("x" * (MAX_PASSWORD - 1) + "yz", "too_long"),
    ("aaaaaaaaaa", "repeated"),
    ("1234567890", "sequence"),
    ("abcdefghij", "sequence"),
    ("9876543210", "sequence"),
    ("ABCDEFGHIJKL", "sequence"),
    (EMAIL, "personal"),
    ("Wang.Min@Battery.Example.CN", "personal"),
    ("wang.min2024!", "personal"),
    ("王敏 wang min", "personal"),
    ("password123", "common"),
    ("PASSWORD123", "common"),
    ("qwertyuiop", "common"),
])
def test_a_weak_password_is_refused_with_the_rule_it_breaks(password: str, rule: str) -> None:
    assert problem(password) == rule


def test_the_common_password_list_is_zxcvbns_thirty_thousand() -> None:
    common = common_passwords()
    assert len(common) == 30_000
    assert {"password123", "1234567890", "iloveyou12"} <= common


@pytest.mark.parametrize("password", [
    PASSWORD, DEMO_PASSWORD, "another long password", "correct horse battery staple",
    "1234567809", "aaaaaaaaab", "Z" * 9 + "z!", "碳足迹标签平台的口令一二",
    "Straße İstanbul Ꭰ 2030"])
def test_passwords_of_the_demo_and_the_tests_and_other_fair_ones_pass(password: str) -> None:
    assert problem(password) is None


def test_a_short_name_is_refused_as_the_whole_password_only() -> None:
    assert password_problem("Li Nannnnnnn", email="li@x.cn", display_name="Li") is None
    found = password_problem("abc@x.cnabc", email="abc@x.cn", display_name="")
    assert found is not None
    assert found.code == "personal"
