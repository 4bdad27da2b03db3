"""The one unit registry (pint) and conversions that never guess.

Quantities across dimensions convert only through a property the user gave: a density (mass
per volume: litres of diesel to kg) or a heating value (energy per mass or per volume: m³ of
natural gas to MJ). Anything else is an error naming both units.

Added units: ``tkm`` (tonne-kilometre), ``kgce``/``tce`` (kilogram/tonne of standard coal
equivalent, 29.3076 MJ/kgce per GB/T 2589-2020), ``piece`` (a count), and the currencies
CNY, USD and EUR as separate dimensions (prices
in different currencies never convert silently: there is no exchange rate here).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pint

from carbonlabel.domain.model import Conversion
from carbonlabel.domain.product import Quantity
from carbonlabel.errors import UnitError

_DEFINITIONS = """
tkm = tonne * kilometer = t_km = tonne_kilometre
kgce = 29.3076 * megajoule = kg_coal_equivalent
tce = 1000 * kgce = tonne_coal_equivalent
piece = [count] = pcs = item
normal_cubic_meter = meter ** 3
CNY = [currency_CNY] = RMB = yuan
USD = [currency_USD]
EUR = [currency_EUR]
"""

_SPELLINGS = {"·": "*", "⋅": "*", "×": "*", "³": "**3", "²": "**2", "t*km": "tkm", "tkm": "tkm"}


@lru_cache(maxsize=1)
def registry() -> Any:
    ureg: Any = pint.UnitRegistry(autoconvert_offset_to_baseunit=True, cache_folder=None)
    for line in _DEFINITIONS.strip().splitlines():
        ureg.define(line)
    return ureg


_POWER = re.compile(r"\b([A-Za-z]+)([23])\b")


def _normalise(text: str) -> str:
    """Accept the usual spellings: t·km, m³, m3, Nm3 (normal cubic metre)."""
    s = text.strip()
    for old, new in _SPELLINGS.items():
        s = s.replace(old, new)
    s = re.sub(r"\bNm(\*\*3|3)\b", "normal_cubic_meter", s)
    return _POWER.sub(r"\1**\2", s)


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> Any:
    """The pint unit of ``text``; raises :class:`UnitError` for an unknown or empty unit."""
    if not text or not text.strip():
        raise UnitError(field="unit", message_en="unit is empty", message_zh="单位为空")
    ureg = registry()
    try:
        q = ureg.parse_expression(_normalise(text))
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError, SyntaxError,
            TypeError, ValueError, AttributeError) as exc:
        raise UnitError(field="unit", message_en=f"unknown unit '{text}'",
                        message_zh=f"未知单位「{text}」") from exc
    if not isinstance(q, ureg.Quantity):
        raise UnitError(field="unit", message_en=f"'{text}' is a number, not a unit",
                        message_zh=f"「{text}」是数字而不是单位")
    return q


_DIMENSIONS = (("kg", "mass"), ("m**3", "volume"), ("J", "energy"), ("tkm", "mass·distance"),
               ("piece", "count"), ("m", "length"), ("m**2", "area"), ("s", "time"),
               ("dimensionless", "dimensionless"))


DIMENSION_NAMES_ZH = {"mass": "质量", "volume": "体积", "energy": "能量",
                      "mass·distance": "质量·距离", "count": "数量", "length": "长度",
                      "area": "面积", "time": "时间", "dimensionless": "无量纲"}


def dimension_name_zh(unit: str) -> str:
    """The dimension's name in Chinese (an unnamed dimension: pint's formula)."""
    name = dimension_name(unit)
    return DIMENSION_NAMES_ZH.get(name, name)


def dimension_name(unit: str) -> str:
    """A readable name of the unit's dimension (mass, volume, energy, ...)."""
    dims = parse_unit(unit).dimensionality
    for ref, name in _DIMENSIONS:
        if parse_unit(ref).dimensionality == dims:
            return name
    return str(dims)


def check_unit(unit: str, field: str) -> None:
    try:
        parse_unit(unit)
    except UnitError as exc:
        raise UnitError(field=field, message_en=exc.message_en, message_zh=exc.message_zh) from None


def _quantity(q: Quantity, field: str) -> Any:
    unit = parse_unit(q.unit) if q.unit else None
    if unit is None:
        raise UnitError(field=field, message_en="unit is empty", message_zh="单位为空")
    return q.amount * unit


def conversion_factor(from_unit: str, to_unit: str, conversion: Conversion | None = None,
                      field: str = "unit") -> float:
    """Multiplier turning an amount in ``from_unit`` into ``to_unit``.

    Same dimension: plain conversion. Otherwise one or two steps through the given density
    (mass/volume) and heating value (energy/mass or energy/volume), e.g.
    L → kg: × density; m³ → MJ: × heating value (MJ/m³) or × density × heating value (MJ/kg).
    """
    try:
        src = parse_unit(from_unit)
    except UnitError as exc:
        raise UnitError(field=field, message_en=exc.message_en, message_zh=exc.message_zh) from None
    try:
        dst = parse_unit(to_unit)
    except UnitError as exc:
        raise UnitError(field=field, message_en=f"target unit: {exc.message_en}",
                        message_zh=f"目标单位：{exc.message_zh}") from None
    one = 1.0 * src
    if one.dimensionality == dst.dimensionality:
        return float((one / dst).to("dimensionless").magnitude)
    bridges = []
    if conversion is not None:
        for prop in (conversion.density, conversion.heating_value):
            if prop is not None:
                bridges.append(_quantity(prop, field))
    frontier = [one]
    for _ in range(2):
        nxt = []
        for q in frontier:
            for b in bridges:
                for cand in (q * b, q / b):
                    if cand.dimensionality == dst.dimensionality:
                        return float((cand / dst).to("dimensionless").magnitude)
                    nxt.append(cand)
        frontier = nxt
    hint_en = ""
    hint_zh = ""
    pair = {dimension_name(from_unit), dimension_name(to_unit)}
    if pair == {"mass", "volume"}:
        hint_en, hint_zh = "; give a density to convert", "；请提供密度（density）以换算"
    elif "energy" in pair and pair & {"mass", "volume"}:
        hint_en, hint_zh = ("; give a heating value (and density for volumes) to convert",
                            "；请提供热值（heating_value，体积还需密度）以换算")
    raise UnitError(
        field=field,
        message_en=(f"cannot convert '{from_unit}' ({dimension_name(from_unit)}) to "
                    f"'{to_unit}' ({dimension_name(to_unit)}){hint_en}"),
        message_zh=(f"无法将「{from_unit}」（{dimension_name_zh(from_unit)}）换算为"
                    f"「{to_unit}」（{dimension_name_zh(to_unit)}）{hint_zh}"),
    )


def is_mass(unit: str) -> bool:
    return dimension_name(unit) == "mass"
