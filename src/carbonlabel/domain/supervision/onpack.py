"""The value a consumer read on a package, against the certificate's certified value.

A label prints the footprint as a rounded decimal with a unit of mass of CO2e (``kg CO2e``,
``g CO2e``, ``t CO2e``, or in Chinese ``千克/克/吨 CO2e``). A printed decimal stands for every
value that rounds to it: ``12.3`` is anything in [12.25, 12.35], half a unit of its last printed
place either side. The certificate's certified value (kg CO2e, ``registry.certified_value``)
is itself rounded the same way. The two agree when their intervals meet::

    |p·f − c| ≤ ½·10^e(p)·f + ½·10^e(c)

with ``p`` the printed number, ``f`` its unit in kg (g: 0.001, kg: 1, t: 1000), ``c`` the
certified value in kg and ``e(x)`` the exponent of the last digit written in ``x``. Decimal
arithmetic throughout: no float rounding decides a false-label alert.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

#: kg CO2e per unit printed, by the unit's spellings (lower case, spaces and "co2e" removed)
UNIT_KG: dict[str, Decimal] = {
    "g": Decimal("0.001"), "克": Decimal("0.001"),
    "kg": Decimal(1), "千克": Decimal(1), "公斤": Decimal(1),
    "t": Decimal(1000), "吨": Decimal(1000),
}
#: the units a form offers (as printed)
UNITS: tuple[str, ...] = ("kg CO2e", "g CO2e", "t CO2e")
_NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)?$")
MAX_DIGITS = 20


class OnPackError(ValueError):
    """The printed value or unit cannot be read; args: (zh, en) reason, and the field."""

    def __init__(self, zh: str, en: str, field: str) -> None:
        super().__init__(zh, en)
        self.zh, self.en, self.field = zh, en, field


@dataclass(frozen=True)
class Printed:
    """A value as printed: the number as written (its digits give its precision) and the
    unit's size in kg CO2e."""

    number: Decimal
    unit_kg: Decimal

    @property
    def kg(self) -> Decimal:
        return self.number * self.unit_kg

    @property
    def half_step_kg(self) -> Decimal:
        """Half a unit of the last printed place, in kg CO2e."""
        return half_step(self.number) * self.unit_kg


def half_step(number: Decimal) -> Decimal:
    """½·10^e, e the exponent of the last digit written (``12.30`` → 0.005)."""
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(5).scaleb(exponent - 1)


def unit_kg(unit: str) -> Decimal:
    key = re.sub(r"\s+", "", unit).lower().replace("co2e", "").replace("co₂e", "")
    key = key.split("/")[0]  # "kg CO2e / kWh": the mass part
    if key not in UNIT_KG:
        raise OnPackError("单位须为 g、kg 或 t CO2e（克、千克或吨）",
                          "the unit is g, kg or t CO2e", "unit")
    return UNIT_KG[key]


def read_printed(value: str, unit: str) -> Printed:
    """The printed value (digits and one decimal point; a comma as decimal point is read as a
    point) with its unit; OnPackError (field ``value`` or ``unit``) when it cannot be read."""
    text = value.strip().replace("，", ".").replace(",", ".").replace(" ", "")
    if not _NUMBER.match(text) or len(text) > MAX_DIGITS:
        raise OnPackError("请按包装上的写法填写数值（如 12.3）",
                          "write the value as printed (e.g. 12.3)", "value")
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise OnPackError("数值无法识别", "not a number", "value") from None
    return Printed(number, unit_kg(unit))


def differs(printed: Printed, certified_kg: str) -> bool:
    """Whether the printed value cannot be a rounding of the certified value (the intervals
    the two roundings stand for do not meet; see the module's docstring)."""
    certified = Decimal(certified_kg)
    return abs(printed.kg - certified) > printed.half_step_kg + half_step(certified)
