"""Where a coarse region lies: coordinates for the impossible-travel rule.

A scan's region is a code (``CN-GD`` or ``CN-GD-440300``, domain/supervision/jurisdiction.py).
A province-level code stands for its capital city, with the province's size as its
uncertainty; a city code the table knows stands for that city, with a city's uncertainty; a
city code it does not know falls back to its province.

Source of the coordinates: the seats of government of the province-level divisions and the
listed prefecture-level cities, in decimal degrees rounded to 0.1° (about 10 km), taken from
the cities' public gazetteer entries (GeoNames); not re-read for this table — the rounding and
the uncertainty radii below are far coarser than any error in them.
"""

from __future__ import annotations

import math

#: province-level division → (latitude, longitude) of its capital
PROVINCE_CAPITALS: dict[str, tuple[float, float]] = {
    "CN-BJ": (39.9, 116.4), "CN-TJ": (39.1, 117.2), "CN-HE": (38.0, 114.5),
    "CN-SX": (37.9, 112.5), "CN-NM": (40.8, 111.7), "CN-LN": (41.8, 123.4),
    "CN-JL": (43.9, 125.3), "CN-HL": (45.8, 126.6), "CN-SH": (31.2, 121.5),
    "CN-JS": (32.1, 118.8), "CN-ZJ": (30.3, 120.2), "CN-AH": (31.8, 117.3),
    "CN-FJ": (26.1, 119.3), "CN-JX": (28.7, 115.9), "CN-SD": (36.7, 117.0),
    "CN-HA": (34.8, 113.7), "CN-HB": (30.6, 114.3), "CN-HN": (28.2, 112.9),
    "CN-GD": (23.1, 113.3), "CN-GX": (22.8, 108.3), "CN-HI": (20.0, 110.3),
    "CN-CQ": (29.6, 106.5), "CN-SC": (30.7, 104.1), "CN-GZ": (26.6, 106.7),
    "CN-YN": (25.0, 102.7), "CN-XZ": (29.7, 91.1), "CN-SN": (34.3, 108.9),
    "CN-GS": (36.1, 103.8), "CN-QH": (36.6, 101.8), "CN-NX": (38.5, 106.3),
    "CN-XJ": (43.8, 87.6), "CN-TW": (25.0, 121.5), "CN-HK": (22.3, 114.2),
    "CN-MO": (22.2, 113.5),
}

#: prefecture-level cities (GB/T 2260 code) → (latitude, longitude)
CITIES: dict[str, tuple[float, float]] = {
    "440100": (23.1, 113.3),  # 广州 Guangzhou
    "440300": (22.5, 114.1),  # 深圳 Shenzhen
    "440400": (22.3, 113.6),  # 珠海 Zhuhai
    "440600": (23.0, 113.1),  # 佛山 Foshan
    "441900": (23.0, 113.8),  # 东莞 Dongguan
    "320100": (32.1, 118.8),  # 南京 Nanjing
    "320500": (31.3, 120.6),  # 苏州 Suzhou
    "320200": (31.6, 120.3),  # 无锡 Wuxi
    "330100": (30.3, 120.2),  # 杭州 Hangzhou
    "330200": (29.9, 121.6),  # 宁波 Ningbo
    "370100": (36.7, 117.0),  # 济南 Jinan
    "370200": (36.1, 120.4),  # 青岛 Qingdao
    "210100": (41.8, 123.4),  # 沈阳 Shenyang
    "210200": (38.9, 121.6),  # 大连 Dalian
    "350100": (26.1, 119.3),  # 福州 Fuzhou
    "350200": (24.5, 118.1),  # 厦门 Xiamen
    "420100": (30.6, 114.3),  # 武汉 Wuhan
    "430100": (28.2, 112.9),  # 长沙 Changsha
    "510100": (30.7, 104.1),  # 成都 Chengdu
    "610100": (34.3, 108.9),  # 西安 Xi'an
    "410100": (34.8, 113.7),  # 郑州 Zhengzhou
    "530100": (25.0, 102.7),  # 昆明 Kunming
    "650100": (43.8, 87.6),  # 乌鲁木齐 Ürümqi
}

_EARTH_RADIUS_KM = 6371.0


def place(region: str | None) -> tuple[float, float, bool] | None:
    """(latitude, longitude, is_city) of a region code, or None when the table has no place
    for it (no region, or an unknown province)."""
    if not region:
        return None
    parts = region.strip().upper().split("-")
    if len(parts) < 2:
        return None
    province = "-".join(parts[:2])
    if len(parts) == 3 and parts[2] in CITIES:
        lat, lon = CITIES[parts[2]]
        return lat, lon, True
    capital = PROVINCE_CAPITALS.get(province)
    return None if capital is None else (capital[0], capital[1], False)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine): d = 2R·asin(√(sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2)))
    with R = 6371 km."""
    phi1, phi2 = math.radians(a[0]), math.radians(b[0])
    dphi, dlam = phi2 - phi1, math.radians(b[1] - a[1])
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def province_of(region: str | None) -> str | None:
    """``CN-GD`` of ``CN-GD-440300`` (and of ``CN-GD``); None for no region or ``CN``."""
    if not region:
        return None
    parts = region.strip().upper().split("-")
    return "-".join(parts[:2]) if len(parts) >= 2 else None
