"""Words the documents share, each as (Chinese, English), and how numbers are written."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

from carbonlabel.domain.ghg import CATEGORY_NAMES, GasCategory
from carbonlabel.domain.product import STAGE_NAMES, LifeCycleStage
from carbonlabel.errors import InputError

Lang = Literal["zh", "en"]
Pair = tuple[str, str]

BOUNDARIES: dict[str, Pair] = {
    "cradle-to-gate": ("从摇篮到大门", "cradle-to-gate"),
    "cradle-to-grave": ("从摇篮到坟墓", "cradle-to-grave"),
    "gate-to-gate": ("从大门到大门", "gate-to-gate"),
}
UNIT_KINDS: dict[str, Pair] = {"declared": ("声明单位", "declared unit"),
                               "functional": ("功能单位", "functional unit")}

LABEL_TITLE: Pair = ("产品碳足迹标识", "Product Carbon Footprint")
CARBON_FOOTPRINT: Pair = ("碳足迹", "Carbon footprint")
#: the claims beyond the value a label may carry (docs/improvement.md), by kind
CLAIMS: dict[str, Pair] = {"low_carbon": ("低碳", "Low-carbon"),
                           "reducing": ("减碳中", "Reducing CO2")}
BOUNDARY: Pair = ("系统边界", "Boundary")
STANDARD: Pair = ("依据标准", "Standard")
CERTIFICATE_NO: Pair = ("证书编号", "Certificate No.")
BODY: Pair = ("认证机构", "Certification body")
VALIDITY: Pair = ("有效期", "Valid")
SCAN_TO_VERIFY: Pair = ("扫码或输入编号查验真伪", "Scan, or type the code, to verify")

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def pick(pair: Pair, lang: Lang) -> str:
    return pair[0] if lang == "zh" else pair[1]


def other(lang: Lang) -> Lang:
    return "en" if lang == "zh" else "zh"


def check_lang(lang: str) -> Lang:
    if lang == "zh":
        return "zh"
    if lang == "en":
        return "en"
    raise InputError(field="lang", message_en="lang must be 'zh' or 'en'",
                     message_zh="lang 须为 zh 或 en")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def in_language(text: str, lang: Lang) -> str:
    """The part of a stored "中文 / English" (or "English / 中文") text in ``lang``; the whole
    text when it is not such a pair."""
    parts = [p.strip() for p in text.split(" / ")]
    if len(parts) == 2 and has_cjk(parts[0]) != has_cjk(parts[1]):
        zh, en = (parts[0], parts[1]) if has_cjk(parts[0]) else (parts[1], parts[0])
        return zh if lang == "zh" else en
    return text


def significant(value: float, digits: int) -> str:
    """``value`` rounded to ``digits`` significant digits, as a plain decimal (no exponent)."""
    if value == 0:
        return "0"
    return f"{Decimal(f'{value:.{digits}g}'):f}"


def percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def kg(value: Any) -> str:
    """kg CO2e as the reports print them: four significant digits."""
    return significant(float(value or 0.0), 4)


def name(value: Any, lang: Lang) -> str:
    """A stored {zh, en} name, or a plain string (a "中文 / English" one picked by language)."""
    if isinstance(value, Mapping):
        return str(value.get(lang) or value.get("en") or value.get("zh") or "")
    return in_language(str(value or ""), lang)


def stage_name(stage: Any, lang: Lang) -> str:
    try:
        return pick(STAGE_NAMES[LifeCycleStage(str(stage))], lang)
    except ValueError:
        return str(stage)


def category_name(category: Any, lang: Lang) -> str:
    try:
        return pick(CATEGORY_NAMES[GasCategory(str(category))], lang)
    except ValueError:
        return str(category)
