"""Words that reach a Chinese page from the data or the domain, in Chinese: validation bounds
and unit dimensions of a model's errors, product categories (catalogue codes and the free
text of earlier releases), the GWP tables cited, a PACT footprint's verification comments;
English pages keep the English."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.errors import ModelValidationError, UnitError
from carbonlabel.units import conversion_factor
from carbonlabel.web.pages import text

DEMO = Path(str(resources.files("carbonlabel").joinpath("demo", "lfp_battery_pack.yaml")))


def test_a_bound_is_said_in_chinese_with_its_number() -> None:
    zero = DEMO.read_text(encoding="utf-8").replace("  amount: 1\n", "  amount: 0\n", 1)
    with pytest.raises(ModelValidationError) as caught:
        load_model_text(zero)
    bounds = [e for e in caught.value.errors if e.code.startswith("greater_than")]
    assert bounds, caught.value.errors
    for error in bounds:
        assert "greater" not in error.message_zh
        assert error.message_zh.startswith("数值必须大于")
        assert error.message_zh.endswith(" 0")


def test_a_unit_that_cannot_be_converted_names_its_dimensions_in_chinese() -> None:
    with pytest.raises(UnitError) as caught:
        conversion_factor("kg", "kWh")
    assert caught.value.message_zh.startswith("无法将「kg」（质量）换算为「kWh」（能量）")
    assert "(mass)" in caught.value.message_en


@pytest.mark.parametrize(("category", "zh", "en"), [
    ("16", "16 水泥", "16 cement"),
    ("4", "4 储能锂离子电池", "4 energy-storage lithium-ion batteries"),
    ("lithium battery", "锂电池", "lithium batteries"),  # a class of four entries
    ("cement", "水泥", "cement"),
    ("widgets", "widgets", "widgets"),  # not in the catalogue: as written
    ("", "", ""),
])
def test_a_product_category_is_named_in_the_pages_language(category: str, zh: str,
                                                           en: str) -> None:
    assert text.category_name(category, "zh_CN") == zh
    assert text.category_name(category, "en") == en


def test_the_gwp_tables_cited_read_in_chinese() -> None:
    cited = "IPCC AR6 WG1 Ch7 Table 7.15; IPCC AR6 WG1 Ch7 Table 7.15 and Table 7.SM.7"
    assert text.gwp_source(cited, "zh_CN") == (
        "IPCC AR6 第一工作组报告第 7 章表 7.15；IPCC AR6 第一工作组报告第 7 章表 7.15 及表 7.SM.7")
    assert text.gwp_source(cited, "en") == cited


@pytest.mark.parametrize(("comments", "zh"), [
    ("Certificate CN-PCF-2026-000001, label L7, certified value 12.5 kg CO2e/kWh",
     "证书 CN-PCF-2026-000001，标识 L7，认证值 12.5 kg CO2e/kWh"),
    ("Certificate CN-PCF-2026-000001", "证书 CN-PCF-2026-000001"),
    ("verified by our own team", "verified by our own team"),  # a partner's own words
])
def test_verification_comments_of_received_pact_data_read_in_chinese(comments: str,
                                                                     zh: str) -> None:
    assert text.verification_comments(comments, "zh_CN") == zh
    assert text.verification_comments(comments, "en") == comments
