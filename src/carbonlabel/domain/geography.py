"""Geographies of emission factors and the fallback chain: province → grid region → CN → GLO.

Codes: ``GLO`` (global), ISO 3166-1 countries (``CN``, ``GB``, ...), ISO 3166-2:CN provinces
(``CN-JS`` Jiangsu ...), and China's regional power grids as the MEE/NBS electricity-factor
announcements name them (华北 North China, 东北 Northeast, 华东 East China, 华中 Central China,
西北 Northwest, 南方 South China, 西南 Southwest), coded ``CN-North`` ... ``CN-Southwest``.

Province → grid region follows the regional division of the MEE/NBS 2022 and 2023 electricity
CO2 factor announcements (State Grid regional grids plus the China Southern Grid; Sichuan,
Chongqing and Tibet form the Southwest grid since those announcements). It was not re-read from
the announcements' annexes here; check it there. Inner Mongolia is split between two grids: its
western grid (蒙西) belongs to North China, its eastern part (蒙东) to the Northeast. ``CN-NM``
falls back to North China (the larger, western grid); for eastern Inner Mongolia give the
region ``CN-Northeast`` explicitly. Hong Kong, Macao and Taiwan belong to no mainland grid
region and fall back to ``CN`` directly.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

GLOBAL = "GLO"
CHINA = "CN"


@dataclass(frozen=True)
class Region:
    code: str
    zh: str
    en: str


#: China's regional power grids, named as in the MEE/NBS announcements.
GRID_REGIONS: tuple[Region, ...] = (
    Region("CN-North", "华北", "North China"),
    Region("CN-Northeast", "东北", "Northeast"),
    Region("CN-East", "华东", "East China"),
    Region("CN-Central", "华中", "Central China"),
    Region("CN-Northwest", "西北", "Northwest"),
    Region("CN-South", "南方", "South China"),
    Region("CN-Southwest", "西南", "Southwest"),
)

#: Provinces (ISO 3166-2:CN): code -> (Chinese name, English name, grid region or None).
PROVINCES: dict[str, tuple[str, str, str | None]] = {
    "CN-BJ": ("北京", "Beijing", "CN-North"),
    "CN-TJ": ("天津", "Tianjin", "CN-North"),
    "CN-HE": ("河北", "Hebei", "CN-North"),
    "CN-SX": ("山西", "Shanxi", "CN-North"),
    "CN-SD": ("山东", "Shandong", "CN-North"),
    "CN-NM": ("内蒙古", "Inner Mongolia", "CN-North"),  # 蒙西; 蒙东 is in the Northeast grid
    "CN-LN": ("辽宁", "Liaoning", "CN-Northeast"),
    "CN-JL": ("吉林", "Jilin", "CN-Northeast"),
    "CN-HL": ("黑龙江", "Heilongjiang", "CN-Northeast"),
    "CN-SH": ("上海", "Shanghai", "CN-East"),
    "CN-JS": ("江苏", "Jiangsu", "CN-East"),
    "CN-ZJ": ("浙江", "Zhejiang", "CN-East"),
    "CN-AH": ("安徽", "Anhui", "CN-East"),
    "CN-FJ": ("福建", "Fujian", "CN-East"),
    "CN-HA": ("河南", "Henan", "CN-Central"),
    "CN-HB": ("湖北", "Hubei", "CN-Central"),
    "CN-HN": ("湖南", "Hunan", "CN-Central"),
    "CN-JX": ("江西", "Jiangxi", "CN-Central"),
    "CN-SN": ("陕西", "Shaanxi", "CN-Northwest"),
    "CN-GS": ("甘肃", "Gansu", "CN-Northwest"),
    "CN-QH": ("青海", "Qinghai", "CN-Northwest"),
    "CN-NX": ("宁夏", "Ningxia", "CN-Northwest"),
    "CN-XJ": ("新疆", "Xinjiang", "CN-Northwest"),
    "CN-GD": ("广东", "Guangdong", "CN-South"),
    "CN-GX": ("广西", "Guangxi", "CN-South"),
    "CN-YN": ("云南", "Yunnan", "CN-South"),
    "CN-GZ": ("贵州", "Guizhou", "CN-South"),
    "CN-HI": ("海南", "Hainan", "CN-South"),
    "CN-SC": ("四川", "Sichuan", "CN-Southwest"),
    "CN-CQ": ("重庆", "Chongqing", "CN-Southwest"),
    "CN-XZ": ("西藏", "Tibet", "CN-Southwest"),
    "CN-HK": ("香港", "Hong Kong", None),
    "CN-MO": ("澳门", "Macao", None),
    "CN-TW": ("台湾", "Taiwan", None),
}

_OTHER_NAMES: dict[str, tuple[str, str]] = {
    GLOBAL: ("全球", "global"),
    CHINA: ("中国", "China"),
    "GB": ("英国", "United Kingdom"),
}


def _squash(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in s if ch.isalnum())


def _aliases() -> dict[str, str]:
    out: dict[str, str] = {}
    for code, (zh, en) in _OTHER_NAMES.items():
        out.update({_squash(code): code, _squash(zh): code, _squash(en): code})
    out.update({_squash("UK"): "GB", _squash("world"): GLOBAL, _squash("RoW"): GLOBAL,
                _squash("PRC"): CHINA})
    for r in GRID_REGIONS:
        for alias in (r.code, r.zh, r.en, f"{r.zh} {r.en}", f"{r.zh}电网", f"{r.zh}区域",
                      r.en.removesuffix(" China")):
            out[_squash(alias)] = r.code
    for code, (zh, en, _) in PROVINCES.items():
        for alias in (code, zh, en, f"{zh} {en}"):
            out[_squash(alias)] = code
    for code, suffixes in (("CN-NM", ("自治区",)), ("CN-GX", ("壮族自治区",)),
                           ("CN-XZ", ("自治区",)), ("CN-NX", ("回族自治区",)),
                           ("CN-XJ", ("维吾尔自治区",))):
        for s in suffixes:
            out[_squash(PROVINCES[code][0] + s)] = code
    for code, (zh, _, _) in PROVINCES.items():
        for s in ("省", "市"):
            out.setdefault(_squash(zh + s), code)
    return out


_ALIASES = _aliases()


def canonical(geography: str) -> str:
    """The code of a geography written as a code, a Chinese or an English name.

    Unknown geographies are returned stripped, as written (``DE`` stays ``DE``)."""
    return _ALIASES.get(_squash(geography), geography.strip())


def region_of(geography: str) -> str | None:
    """The grid region of a province, or ``None``."""
    entry = PROVINCES.get(canonical(geography))
    return entry[2] if entry else None


def fallback_chain(geography: str) -> tuple[str, ...]:
    """Geographies to try, most specific first: province → grid region → CN → GLO."""
    code = canonical(geography)
    if code == GLOBAL:
        return (GLOBAL,)
    if code == CHINA:
        return (CHINA, GLOBAL)
    if code in PROVINCES:
        region = PROVINCES[code][2]
        return (code, region, CHINA, GLOBAL) if region else (code, CHINA, GLOBAL)
    if any(r.code == code for r in GRID_REGIONS):
        return (code, CHINA, GLOBAL)
    return (code, GLOBAL)


def geography_name(code: str) -> tuple[str, str]:
    """(Chinese, English) name of a geography code; the code itself when unknown."""
    if code in PROVINCES:
        zh, en, _ = PROVINCES[code]
        return zh, en
    for r in GRID_REGIONS:
        if r.code == code:
            return r.zh, r.en
    return _OTHER_NAMES.get(code, (code, code))
