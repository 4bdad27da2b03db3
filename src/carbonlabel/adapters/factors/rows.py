"""The factor table columns (bundled library and user sets alike) and the check of one row.

Every problem of a row is reported, each naming its column; nothing is guessed. See
docs/factor-library.md for the meaning of each column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from carbonlabel.adapters.formats.model_schema import MAX_MAGNITUDE
from carbonlabel.domain.factors import FactorRecord, FactorScope
from carbonlabel.domain.geography import canonical
from carbonlabel.domain.ghg import GAS_FAMILIES, GasCategory
from carbonlabel.domain.model import Conversion, EmissionFactor, FactorGas
from carbonlabel.domain.product import Quantity, Text
from carbonlabel.domain.quality import DataQuality, Source
from carbonlabel.domain.uncertainty import Uncertainty
from carbonlabel.errors import UnitError
from carbonlabel.units import parse_unit

#: Per-gas columns: kg of the gas per unit of activity.
GAS_COLUMNS: dict[str, tuple[str, GasCategory]] = {
    "co2_kg": ("CO2", GasCategory.FOSSIL),
    "co2_biogenic_kg": ("CO2", GasCategory.BIOGENIC),
    "ch4_fossil_kg": ("CH4", GasCategory.FOSSIL),
    "ch4_non_fossil_kg": ("CH4", GasCategory.BIOGENIC),
    "n2o_kg": ("N2O", GasCategory.FOSSIL),
}

COLUMNS: tuple[str, ...] = (
    "id", "key", "name_zh", "name_en", "category", "scope", "geography", "year", "unit",
    *GAS_COLUMNS, "other_gases", "co2e_kg", "gwp_set", "density", "heating_value",
    "publisher", "document", "table", "publication_date", "licence", "url", "source_ids",
    "note", "ter", "ger", "tir", "p",
)
#: Optional columns a user set may add (not in the template or the bundled library, whose
#: sources give no uncertainty per factor): the geometric standard deviation of a lognormal
#: describing the factor as a whole (docs/uncertainty.md)
OPTIONAL_COLUMNS: tuple[str, ...] = ("uncertainty_gsd",)
REQUIRED: tuple[str, ...] = ("id", "name_zh", "name_en", "category", "geography", "year",
                             "unit", "publisher", "document")
#: The library must also give these for every row (a user's own data may have no URL).
LIBRARY_REQUIRED: tuple[str, ...] = (*REQUIRED, "scope", "licence", "url", "table")

_ID = re.compile(r"^[A-Za-z0-9_.:\-]+$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_QUANTITY = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S.*)$")
_GWP_SETS = ("AR4", "AR5", "AR6")


@dataclass(frozen=True)
class RowProblem:
    column: str
    code: str
    message_en: str
    message_zh: str


class _Row:
    def __init__(self, values: Mapping[str, str]) -> None:
        self.v = {k: (values.get(k) or "").strip() for k in (*COLUMNS, *OPTIONAL_COLUMNS)}
        self.problems: list[RowProblem] = []

    def bad(self, column: str, code: str, en: str, zh: str) -> None:
        self.problems.append(RowProblem(column, code, en, zh))

    def number(self, column: str, low: float | None = None,
               high: float | None = None) -> float | None:
        text = self.v[column]
        if not text:
            return None
        try:
            x = float(text)
        except ValueError:
            self.bad(column, "not_a_number", f"'{text}' is not a number", f"「{text}」不是数字")
            return None
        if not self.finite(column, text, x):
            return None
        if (low is not None and x < low) or (high is not None and x > high):
            self.bad(column, "out_of_range", f"{x:g} is outside {low:g}..{high:g}",
                     f"{x:g} 超出范围 {low:g}..{high:g}")
            return None
        return x

    def finite(self, column: str, text: str, x: float) -> bool:
        """Whether ``x`` is finite and within the bound of model numbers; if not, say so."""
        if not math.isfinite(x):
            self.bad(column, "not_a_number", f"'{text}' is not a finite number",
                     f"「{text}」不是有限数值")
            return False
        if abs(x) > MAX_MAGNITUDE:
            self.bad(column, "out_of_range", f"'{text}' is beyond {MAX_MAGNITUDE:g} in magnitude",
                     f"「{text}」的绝对值超过 {MAX_MAGNITUDE:g}")
            return False
        return True

    def quantity(self, column: str) -> Quantity | None:
        text = self.v[column]
        if not text:
            return None
        m = _QUANTITY.match(text)
        if m is None:
            self.bad(column, "bad_quantity", f"expected '<number> <unit>', got '{text}'",
                     f"应为「数值 单位」，实为「{text}」")
            return None
        try:
            parse_unit(m.group(2).strip())
        except UnitError as exc:
            self.bad(column, exc.code, exc.message_en, exc.message_zh)
            return None
        if not self.finite(column, text, float(m.group(1))):
            return None
        return Quantity(float(m.group(1)), m.group(2).strip())


def _other_gases(row: _Row) -> list[FactorGas]:
    out: list[FactorGas] = []
    text = row.v["other_gases"]
    for part in (p.strip() for p in text.replace("；", ";").split(";")):
        if not part:
            continue
        gas, sep, amount = part.partition("=")
        gas = gas.strip()
        if not sep or gas not in GAS_FAMILIES or gas in ("CO2", "CH4", "N2O", "CO2e"):
            row.bad("other_gases", "bad_gas",
                    f"'{part}': write GAS=kg per unit, GAS one of SF6, NF3, HFC-..., PFC ...; "
                    "CO2, CH4 and N2O have their own columns",
                    f"「{part}」：应写作 气体=每单位千克数（SF6、NF3、HFC、PFC 等）；"
                    "CO2、CH4、N2O 有各自的列")
            continue
        try:
            x = float(amount)
        except ValueError:
            row.bad("other_gases", "not_a_number", f"'{amount.strip()}' is not a number",
                    f"「{amount.strip()}」不是数字")
            continue
        if not row.finite("other_gases", amount.strip(), x):
            continue
        out.append(FactorGas(gas, GasCategory.FOSSIL, x))
    return out


def _gases(row: _Row) -> tuple[tuple[FactorGas, ...], str | None]:
    gases = [FactorGas(gas, cat, x) for col, (gas, cat) in GAS_COLUMNS.items()
             if (x := row.number(col)) is not None]
    gases += _other_gases(row)
    co2e = row.number("co2e_kg")
    gwp = row.v["gwp_set"].upper() or None
    if gwp is not None and gwp not in _GWP_SETS:
        row.bad("gwp_set", "bad_gwp_set",
                f"'{row.v['gwp_set']}' is not one of {', '.join(_GWP_SETS)}",
                f"「{row.v['gwp_set']}」不是 {'、'.join(_GWP_SETS)} 之一")
    has_split = any(row.v[c] for c in (*GAS_COLUMNS, "other_gases"))
    if has_split and row.v["co2e_kg"]:
        row.bad("co2e_kg", "gases_or_co2e", "give either per-gas columns or co2e_kg, not both",
                "分气体列与 co2e_kg 只能二选一")
    elif not has_split and not row.v["co2e_kg"]:
        row.bad("co2e_kg", "no_value", "no value: give per-gas columns (co2_kg, ch4_fossil_kg, "
                "n2o_kg ...) or co2e_kg", "缺少数值：请填写分气体列（co2_kg、ch4_fossil_kg、"
                "n2o_kg 等）或 co2e_kg")
    if co2e is not None and not has_split:
        gases = [FactorGas("CO2e", GasCategory.FOSSIL, co2e)]
    return tuple(gases), gwp


def _scope(row: _Row) -> FactorScope | None:
    text = row.v["scope"].lower()
    if not text:
        return None
    try:
        return FactorScope(text)
    except ValueError:
        names = ", ".join(s.value for s in FactorScope)
        row.bad("scope", "bad_scope", f"'{row.v['scope']}' is not one of {names}",
                f"「{row.v['scope']}」不是 {names} 之一（仅二氧化碳、仅燃烧、生命周期）")
        return None


def _quality(row: _Row) -> DataQuality | None:
    scores = [row.number(c, 1.0, 5.0) for c in ("ter", "ger", "tir", "p")]
    given = [row.v[c] for c in ("ter", "ger", "tir", "p")]
    if any(given) and not all(given):
        row.bad("ter", "incomplete_quality", "give all four scores ter, ger, tir, p or none",
                "数据质量评分 ter、ger、tir、p 须四项齐全或全部留空")
        return None
    if any(s is None for s in scores):
        return None
    ter, ger, tir, p = (float(s or 0.0) for s in scores)
    return DataQuality(ter=ter, ger=ger, tir=tir, p=p)


def parse_row(values: Mapping[str, str], set_name: str, set_version: str,
              required: tuple[str, ...] = REQUIRED,
              row: int | None = None) -> tuple[FactorRecord | None, list[RowProblem]]:
    """A record from one row of strings, or ``None`` with every problem of the row."""
    r = _Row(values)
    for col in required:
        if not r.v[col]:
            r.bad(col, "missing", f"'{col}' is empty", f"「{col}」为空")
    for col in ("id", "key"):
        if r.v[col] and not _ID.match(r.v[col]):
            r.bad(col, "bad_id", f"'{r.v[col]}' may contain only letters, digits and _ . : -",
                  f"「{r.v[col]}」只能包含字母、数字及 _ . : -")
    year = r.number("year", 1900, 2100)
    if year is not None and year != int(year):
        r.bad("year", "not_an_integer", f"'{r.v['year']}' is not a whole year",
              f"「{r.v['year']}」不是整年")
    if r.v["unit"]:
        try:
            parse_unit(r.v["unit"])
        except UnitError as exc:
            r.bad("unit", exc.code, exc.message_en, exc.message_zh)
    if r.v["publication_date"] and not _DATE.match(r.v["publication_date"]):
        r.bad("publication_date", "bad_date", f"'{r.v['publication_date']}' is not YYYY, "
              "YYYY-MM or YYYY-MM-DD", f"「{r.v['publication_date']}」应为 YYYY、YYYY-MM 或 "
              "YYYY-MM-DD")
    scope = _scope(r)
    gases, gwp = _gases(r)
    conversion = Conversion(density=r.quantity("density"),
                            heating_value=r.quantity("heating_value"))
    quality = _quality(r)
    gsd = r.number("uncertainty_gsd", 1.0, 1e6)
    if r.problems or year is None:
        return None, r.problems
    v = r.v
    pub_year = int(v["publication_date"][:4]) if v["publication_date"] else None
    factor = EmissionFactor(
        id=v["id"], name=Text(zh=v["name_zh"], en=v["name_en"]), unit=v["unit"], gases=gases,
        gwp_set=gwp, conversion=conversion,
        source=Source(publisher=v["publisher"], document=v["document"], table=v["table"],
                      year=pub_year, url=v["url"], licence=v["licence"], note=v["note"]),
        quality=quality,
        uncertainty=None if gsd is None else Uncertainty.lognormal(gsd=gsd))
    return FactorRecord(factor=factor, key=v["key"] or v["id"], category=v["category"],
                        geography=canonical(v["geography"]), year=int(year),
                        publication_date=v["publication_date"], source_ids=v["source_ids"],
                        set_name=set_name, set_version=set_version, row=row, scope=scope), []


def record_to_row(record: FactorRecord) -> dict[str, str]:
    """The inverse of :func:`parse_row` (for templates and round trips)."""
    f = record.factor
    src = f.source or Source()
    out = dict.fromkeys(COLUMNS, "")
    out.update(id=f.id, key=record.key, name_zh=f.name.zh, name_en=f.name.en,
               category=record.category, scope=record.scope.value if record.scope else "",
               geography=record.geography, year=str(record.year),
               unit=f.unit, gwp_set=f.gwp_set or "", publisher=src.publisher,
               document=src.document, table=src.table,
               publication_date=record.publication_date, licence=src.licence, url=src.url,
               source_ids=record.source_ids, note=src.note)
    others = []
    for g in f.gases:
        col = next((c for c, (gas, cat) in GAS_COLUMNS.items()
                    if gas == g.gas and cat is g.category), None)
        if g.gas == "CO2e":
            out["co2e_kg"] = repr(g.amount)
        elif col:
            out[col] = repr(g.amount)
        else:
            others.append(f"{g.gas}={g.amount!r}")
    out["other_gases"] = "; ".join(others)
    if f.conversion.density:
        out["density"] = str(f.conversion.density)
    if f.conversion.heating_value:
        out["heating_value"] = str(f.conversion.heating_value)
    if f.quality:
        q = f.quality
        out.update(ter=f"{q.ter:g}", ger=f"{q.ger:g}", tir=f"{q.tir:g}", p=f"{q.p:g}")
    if f.uncertainty is not None and f.uncertainty.sigma is not None:
        out["uncertainty_gsd"] = repr(math.exp(f.uncertainty.sigma))
    return out
