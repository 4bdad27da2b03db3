"""Names of the places an address names: China's province-level divisions and countries.

The platform keeps an organisation's region as a code (``CN-GD``); documents print its name
(广东省 / Guangdong Province). The table holds the 34 province-level divisions of ISO 3166-2:CN
(the alphabetic codes in use since ISO's 2017 update of that part; source: the ISO Online
Browsing Platform, entry CN — not re-read for this table, check it there): 23 provinces
(Taiwan included, as ISO lists it), 5 autonomous regions, 4 municipalities and 2 special
administrative regions, with their full Chinese names (as the administrative-division code
GB/T 2260 spells them) and English names.

A code the table does not know prints as written: an unknown country code is its own name,
and a region written as a name rather than a code is kept as the name.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

Lang = Literal["zh", "en"]


class DivisionKind(StrEnum):
    PROVINCE = "province"
    AUTONOMOUS_REGION = "autonomous_region"
    MUNICIPALITY = "municipality"
    SAR = "special_administrative_region"


@dataclass(frozen=True)
class Division:
    code: str
    zh: str  # full name, as GB/T 2260 spells it
    en: str
    kind: DivisionKind


_P, _A, _M, _S = (DivisionKind.PROVINCE, DivisionKind.AUTONOMOUS_REGION,
                  DivisionKind.MUNICIPALITY, DivisionKind.SAR)
DIVISIONS: dict[str, Division] = {d.code: d for d in (
    Division("CN-BJ", "北京市", "Beijing Municipality", _M),
    Division("CN-TJ", "天津市", "Tianjin Municipality", _M),
    Division("CN-HE", "河北省", "Hebei Province", _P),
    Division("CN-SX", "山西省", "Shanxi Province", _P),
    Division("CN-NM", "内蒙古自治区", "Inner Mongolia Autonomous Region", _A),
    Division("CN-LN", "辽宁省", "Liaoning Province", _P),
    Division("CN-JL", "吉林省", "Jilin Province", _P),
    Division("CN-HL", "黑龙江省", "Heilongjiang Province", _P),
    Division("CN-SH", "上海市", "Shanghai Municipality", _M),
    Division("CN-JS", "江苏省", "Jiangsu Province", _P),
    Division("CN-ZJ", "浙江省", "Zhejiang Province", _P),
    Division("CN-AH", "安徽省", "Anhui Province", _P),
    Division("CN-FJ", "福建省", "Fujian Province", _P),
    Division("CN-JX", "江西省", "Jiangxi Province", _P),
    Division("CN-SD", "山东省", "Shandong Province", _P),
    Division("CN-HA", "河南省", "Henan Province", _P),
    Division("CN-HB", "湖北省", "Hubei Province", _P),
    Division("CN-HN", "湖南省", "Hunan Province", _P),
    Division("CN-GD", "广东省", "Guangdong Province", _P),
    Division("CN-GX", "广西壮族自治区", "Guangxi Zhuang Autonomous Region", _A),
    Division("CN-HI", "海南省", "Hainan Province", _P),
    Division("CN-CQ", "重庆市", "Chongqing Municipality", _M),
    Division("CN-SC", "四川省", "Sichuan Province", _P),
    Division("CN-GZ", "贵州省", "Guizhou Province", _P),
    Division("CN-YN", "云南省", "Yunnan Province", _P),
    Division("CN-XZ", "西藏自治区", "Xizang (Tibet) Autonomous Region", _A),
    Division("CN-SN", "陕西省", "Shaanxi Province", _P),
    Division("CN-GS", "甘肃省", "Gansu Province", _P),
    Division("CN-QH", "青海省", "Qinghai Province", _P),
    Division("CN-NX", "宁夏回族自治区", "Ningxia Hui Autonomous Region", _A),
    Division("CN-XJ", "新疆维吾尔自治区", "Xinjiang Uygur Autonomous Region", _A),
    Division("CN-TW", "台湾省", "Taiwan Province", _P),
    Division("CN-HK", "香港特别行政区", "Hong Kong Special Administrative Region", _S),
    Division("CN-MO", "澳门特别行政区", "Macao Special Administrative Region", _S),
)}

#: countries by ISO 3166-1 alpha-2 code; any other code names itself
COUNTRIES: dict[str, tuple[str, str]] = {
    "CN": ("中国", "China"),
}


def country_name(code: str) -> tuple[str, str]:
    """(Chinese, English) name of a country code; the code itself when unknown."""
    key = code.strip().upper()
    return COUNTRIES.get(key, (code.strip(), code.strip()))


def region_name(code: str) -> tuple[str, str]:
    """(Chinese, English) name of a region code (``CN-GD`` → 广东省, Guangdong Province), of a
    country code (``CN`` → 中国, China); anything else as written."""
    key = code.strip().upper()
    if key in DIVISIONS:
        d = DIVISIONS[key]
        return d.zh, d.en
    return country_name(code)


def region_address(code: str, lang: Lang) -> str:
    """A region as an address line: 中国广东省 / Guangdong Province, China; a country alone
    (``CN`` → 中国); an unknown code or a name as written. Empty for an empty region."""
    key = code.strip().upper()
    if not key:
        return ""
    if key in DIVISIONS:
        d = DIVISIONS[key]
        country = country_name(key.split("-")[0])
        return f"{country[0]}{d.zh}" if lang == "zh" else f"{d.en}, {country[1]}"
    if "-" in key and key.split("-")[0].isalpha() and len(key.split("-")[0]) == 2:
        country = country_name(key.split("-")[0])  # a subdivision the table lacks: keep it
        return f"{country[0]} {code.strip()}" if lang == "zh" else f"{code.strip()}, {country[1]}"
    zh, en = region_name(code)
    return zh if lang == "zh" else en
