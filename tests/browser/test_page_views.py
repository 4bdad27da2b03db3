"""Pieces of the pages checked without a server: the words picked by language, numbers as
shown, and language negotiation (the charts' geometry: tests/unit/test_footprint_charts.py)."""

from __future__ import annotations

import pytest

from carbonlabel.web import i18n
from carbonlabel.web.pages import text


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
