"""A regulator's jurisdiction (辖区) and what lies within it.

A regulator organisation's region is its jurisdiction, written as a code of three levels:

- ``CN``: national (国家市场监督管理总局);
- ``CN-GD``: a province-level division (domain/regions.py, ISO 3166-2:CN);
- ``CN-GD-440300``: a prefecture-level city of that province by its six-digit
  administrative-division code (GB/T 2260), whose first two digits are the province's.

An organisation, a certificate (by its holder) or a scan (by its coarse location) lies within a
jurisdiction when its region is the jurisdiction or lies below it (``CN-GD-440300`` is within
``CN-GD`` and ``CN``; ``CN-GDX`` is not within ``CN-GD``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from carbonlabel.domain.regions import DIVISIONS, region_name

#: GB/T 2260: the two leading digits of each province-level division's code
PROVINCE_DIGITS: dict[str, str] = {
    "CN-BJ": "11", "CN-TJ": "12", "CN-HE": "13", "CN-SX": "14", "CN-NM": "15",
    "CN-LN": "21", "CN-JL": "22", "CN-HL": "23",
    "CN-SH": "31", "CN-JS": "32", "CN-ZJ": "33", "CN-AH": "34", "CN-FJ": "35", "CN-JX": "36",
    "CN-SD": "37",
    "CN-HA": "41", "CN-HB": "42", "CN-HN": "43", "CN-GD": "44", "CN-GX": "45", "CN-HI": "46",
    "CN-CQ": "50", "CN-SC": "51", "CN-GZ": "52", "CN-YN": "53", "CN-XZ": "54",
    "CN-SN": "61", "CN-GS": "62", "CN-QH": "63", "CN-NX": "64", "CN-XJ": "65",
    "CN-TW": "71", "CN-HK": "81", "CN-MO": "82",
}

_CITY = re.compile(r"^\d{6}$")


class Level(StrEnum):
    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"


LEVEL_NAMES: dict[Level, tuple[str, str]] = {
    Level.NATIONAL: ("国家级", "national"),
    Level.PROVINCE: ("省级", "provincial"),
    Level.CITY: ("市级", "city"),
}


@dataclass(frozen=True)
class Jurisdiction:
    code: str  # CN, CN-GD or CN-GD-440300

    @property
    def level(self) -> Level:
        parts = self.code.split("-")
        return (Level.NATIONAL, Level.PROVINCE, Level.CITY)[len(parts) - 1]

    @property
    def province(self) -> str | None:
        """The province-level division's code (``CN-GD``), none for national."""
        parts = self.code.split("-")
        return "-".join(parts[:2]) if len(parts) > 1 else None

    def covers(self, region: str | None) -> bool:
        """Whether a region code lies within this jurisdiction (case and spaces ignored)."""
        key = (region or "").strip().upper()
        return key == self.code or key.startswith(self.code + "-")

    def name(self) -> tuple[str, str]:
        """(Chinese, English) name: 全国 / China, 广东省 / Guangdong Province, or the province's
        name with the city code (广东省 440300)."""
        if self.level is Level.NATIONAL:
            return "全国", "China (national)"
        zh, en = region_name(self.province or "")
        if self.level is Level.CITY:
            city = self.code.split("-")[2]
            return f"{zh} {city}", f"{en}, {city}"
        return zh, en


def jurisdiction_problem(code: str) -> tuple[str, str] | None:
    """Why a code is not a jurisdiction ((zh, en) reason), or None when it is one."""
    parts = code.strip().upper().split("-")
    if parts[0] != "CN" or len(parts) > 3:
        return ("辖区须为 CN、省级代码（如 CN-GD）或省级代码加六位市级行政区划代码"
                "（如 CN-GD-440300）",
                "a jurisdiction is CN, a province-level code (CN-GD) or that code with a "
                "six-digit city code (CN-GD-440300)")
    if len(parts) >= 2 and "-".join(parts[:2]) not in DIVISIONS:
        return (f"未知的省级行政区代码 {'-'.join(parts[:2])}",
                f"unknown province-level division {'-'.join(parts[:2])}")
    if len(parts) == 3:
        city = parts[2]
        if not _CITY.match(city) or city.endswith("0000") or not city.endswith("00"):
            return ("市级辖区须为六位地级行政区划代码（如 440300）",
                    "a city jurisdiction is a six-digit prefecture-level code (440300)")
        if city[:2] != PROVINCE_DIGITS["-".join(parts[:2])]:
            return (f"行政区划代码 {city} 不属于 {'-'.join(parts[:2])}",
                    f"division code {city} is not within {'-'.join(parts[:2])}")
    return None


def parse_jurisdiction(code: str) -> Jurisdiction:
    """The jurisdiction a code names; ValueError with the (zh, en) reason when it names none."""
    problem = jurisdiction_problem(code)
    if problem is not None:
        raise ValueError(*problem)
    return Jurisdiction(code.strip().upper())
