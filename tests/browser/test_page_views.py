"""Pieces of the pages checked without a server: the stage chart's geometry, the words picked
by language, numbers as shown, and language negotiation."""

from __future__ import annotations

import pytest

from carbonlabel.web import i18n
from carbonlabel.web.pages import text
from carbonlabel.web.quantify.report import CHART_WIDTH, VALUE_ROOM, stage_chart


def test_stage_bars_are_proportional_and_credits_extend_left_of_the_zero_line() -> None:
    chart = stage_chart([
        {"stage": "raw_material_acquisition", "co2e_kg": 30.0, "share": 0.75,
         "transport_co2e_kg": 3.0},
        {"stage": "end_of_life", "co2e_kg": -10.0, "share": -0.25, "transport_co2e_kg": 0.0},
    ])
    scale = (CHART_WIDTH - VALUE_ROOM) / (30.0 - -10.0)  # 290 / 40 = 7.25 per kg
    assert chart.zero_x == pytest.approx(10.0 * scale)  # 72.5
    emission, credit = chart.bars
    assert (emission.x, emission.width) == pytest.approx((72.5, 30.0 * scale))
    assert emission.transport_width == pytest.approx(3.0 * scale)
    assert (credit.x, credit.width) == pytest.approx((0.0, 10.0 * scale))
    assert credit.transport_width == 0.0
    assert emission.value_x == pytest.approx(72.5 + 217.5 + 6.0)
    assert chart.height >= 2 * 46.0


def test_a_chart_of_zeros_draws_no_bars_of_any_length() -> None:
    chart = stage_chart([{"stage": "production", "co2e_kg": 0.0, "share": 0.0}])
    assert chart.zero_x == 0.0
    assert chart.bars[0].width == 0.5


@pytest.mark.parametrize(("combined", "zh", "en"), [
    ("铁路货运 / Freight train", "铁路货运", "Freight train"),
    ("5 factor(s) cannot be re-weighted to AR6: a (AR5) / 5 个因子无法换算为 AR6",
     "5 个因子无法换算为 AR6", "5 factor(s) cannot be re-weighted to AR6: a (AR5)"),
    ("校验模型 validating the model", "校验模型", "validating the model"),
    ("模型版本不存在 model version gone", "模型版本不存在", "model version gone"),
    ("only English", "only English", "only English"),
])
def test_combined_bilingual_texts_are_split_by_language(combined: str, zh: str,
                                                         en: str) -> None:
    assert text.bilingual(combined, "zh_CN") == zh
    assert text.bilingual(combined, "en") == en


@pytest.mark.parametrize(("value", "shown"), [
    (43.114517845586256, "43.11"), (0.0001525, "0.0001525"), (12345.67, "12,345.7"),
    (0.0, "0"), (None, "–"), (-2.5, "-2.5"),
])
def test_kilograms_are_shown_with_four_significant_digits(value: float | None,
                                                          shown: str) -> None:
    assert text.kg(value) == shown


@pytest.mark.parametrize(("query", "cookie", "accept", "lang"), [
    (None, None, None, "zh_CN"),
    (None, None, "en-US,en;q=0.9", "en"),
    (None, None, "de-DE,zh;q=0.3,en;q=0.2", "zh_CN"),
    (None, None, "en;q=0, zh-TW", "zh_CN"),
    (None, "en", "zh-CN", "en"),
    ("zh-CN", "en", "en", "zh_CN"),
    ("xx", None, "en", "en"),
])
def test_language_negotiation(query: str | None, cookie: str | None, accept: str | None,
                              lang: str) -> None:
    assert i18n.negotiate(query, cookie, accept) == lang
