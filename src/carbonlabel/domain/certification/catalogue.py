"""The pilot's product catalogue: the 17 entries a PCF label may be certified for.

Source: SAMR, MEE and MIIT, 《产品碳足迹标识认证试点认证目录(第一批)》, published 2025-07-09
(see ../shared/reference/notes/china-standards-and-data.md §1.3). A certification body's
accreditation scope, an auditor's qualification and a case's category are catalogue codes
(1–17); earlier releases kept free text, which ``codes_for_text`` maps.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = ("《产品碳足迹标识认证试点认证目录(第一批)》(市场监管总局、生态环境部、工业和信息化部,"
          " 2025-07-09)",
          "Catalogue of the PCF label certification pilot, batch 1 (SAMR, MEE, MIIT, 2025-07-09)")
PUBLISHED_ON = "2025-07-09"


@dataclass(frozen=True)
class ProductClass:
    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class CatalogueEntry:
    code: int  # 1-17, the catalogue's own numbering
    class_code: str
    name_zh: str
    name_en: str


CLASSES: tuple[ProductClass, ...] = (
    ProductClass("lithium_battery", "锂电池", "lithium batteries"),
    ProductClass("photovoltaic", "光伏产品", "photovoltaic products"),
    ProductClass("steel", "钢铁", "steel"),
    ProductClass("textile", "纺织产品", "textiles"),
    ProductClass("electronics", "电子电器", "electronics and electrical appliances"),
    ProductClass("tyre", "轮胎", "tyres"),
    ProductClass("electrolytic_aluminium", "电解铝", "electrolytic aluminium"),
    ProductClass("cement", "水泥", "cement"),
    ProductClass("wood", "木制品", "wood products"),
)

ENTRIES: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(1, "lithium_battery", "消费型锂离子电池", "consumer lithium-ion batteries"),
    CatalogueEntry(2, "lithium_battery", "小动力锂离子电池", "small-power lithium-ion batteries"),
    CatalogueEntry(3, "lithium_battery", "动力锂离子电池",
                   "large-power (traction) lithium-ion batteries"),
    CatalogueEntry(4, "lithium_battery", "储能锂离子电池", "energy-storage lithium-ion batteries"),
    CatalogueEntry(5, "photovoltaic", "光伏组件", "photovoltaic modules"),
    CatalogueEntry(6, "steel", "长流程钢铁产品", "blast-furnace/converter (long-process) steel"),
    CatalogueEntry(7, "steel", "短流程钢铁产品", "electric-arc-furnace (short-process) steel"),
    CatalogueEntry(8, "steel", "铁合金", "ferroalloys"),
    CatalogueEntry(9, "textile", "纺织产品(含羊绒)", "textile products (incl. cashmere)"),
    CatalogueEntry(10, "electronics", "房间空气调节器", "room air-conditioners"),
    CatalogueEntry(11, "electronics", "台式微型计算机", "desktop micro-computers"),
    CatalogueEntry(12, "electronics", "便携式计算机", "portable computers"),
    CatalogueEntry(13, "electronics", "小功率电动机", "small-power motors"),
    CatalogueEntry(14, "tyre", "轮胎", "tyres"),
    CatalogueEntry(15, "electrolytic_aluminium", "电解铝", "electrolytic aluminium"),
    CatalogueEntry(16, "cement", "水泥", "cement"),
    CatalogueEntry(17, "wood", "人造板和木质地板", "wood-based panels and wood flooring"),
)

BY_CODE: dict[int, CatalogueEntry] = {e.code: e for e in ENTRIES}
CLASS_BY_CODE: dict[str, ProductClass] = {c.code: c for c in CLASSES}


def entry(code: int | str) -> CatalogueEntry | None:
    """The entry of a code (an int, or the decimal string stored as a category)."""
    try:
        return BY_CODE.get(int(code))
    except (TypeError, ValueError):
        return None


def name(code: int | str) -> tuple[str, str]:
    """(zh, en) name of a code; an unknown (legacy free-text) category names itself."""
    found = entry(code)
    return (found.name_zh, found.name_en) if found else (str(code), str(code))


def label(code: int | str) -> str:
    """"16 水泥 / cement": how a code is shown in lists and messages."""
    zh, en = name(code)
    return f"{code} {zh} / {en}" if entry(code) else str(code)


def in_class(class_code: str) -> tuple[int, ...]:
    return tuple(e.code for e in ENTRIES if e.class_code == class_code)


#: free-text categories of earlier releases (lower case, trimmed) and the codes they cover.
#: A class name covers every entry of the class (for a scope or a qualification); a case
#: needs exactly one code, so a class with several entries is ambiguous for a case.
_TEXTS: tuple[tuple[tuple[str, ...], tuple[int, ...]], ...] = (
    (("lithium battery", "lithium batteries", "lithium-ion battery", "li-ion battery",
      "锂电池", "锂离子电池"), in_class("lithium_battery")),
    (("pv", "pv module", "pv modules", "photovoltaic", "photovoltaic module",
      "photovoltaic modules", "光伏", "光伏组件"), (5,)),
    (("steel", "钢铁"), in_class("steel")),
    (("ferroalloy", "ferroalloys", "铁合金"), (8,)),
    (("textile", "textiles", "textile products", "纺织", "纺织产品"), (9,)),
    (("electronics", "电子电器"), in_class("electronics")),
    (("air conditioner", "room air-conditioner", "空调", "房间空气调节器"), (10,)),
    (("tyre", "tyres", "tire", "tires", "轮胎"), (14,)),
    (("electrolytic aluminium", "electrolytic aluminum", "aluminium", "aluminum", "电解铝"),
     (15,)),
    (("cement", "水泥"), (16,)),
    (("wood", "wood products", "wood-based panels", "wood flooring", "木制品", "人造板",
      "木质地板"), (17,)),
)
TEXT_TO_CODES: dict[str, tuple[int, ...]] = {key: codes for keys, codes in _TEXTS
                                             for key in keys}


def codes_for_text(text: str) -> tuple[int, ...]:
    """The catalogue codes a free-text category covers: () when it names none, the code
    itself when it is one, and ``TEXT_TO_CODES`` (or an entry's own zh/en name) otherwise."""
    key = text.strip().lower()
    if entry(key) is not None:
        return (int(key),)
    for e in ENTRIES:
        if key in (e.name_zh, e.name_en.lower()):
            return (e.code,)
    return TEXT_TO_CODES.get(key, ())


def code_for_case(text: str) -> int | None:
    """The one code a case's free-text category maps to, or None when it maps to none or to
    several (e.g. "lithium battery": consumer, small-power, traction or energy storage)."""
    codes = codes_for_text(text)
    return codes[0] if len(codes) == 1 else None
