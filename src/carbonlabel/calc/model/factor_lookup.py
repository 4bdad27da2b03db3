"""Find the factor a model input names when the model's own ``factors`` do not define it.

The catalog (user factor sets over the bundled library) answers an exact id, or a key resolved
at the input's geography (else the model's) and the input's year (else the middle of the
reference period); see :class:`carbonlabel.domain.factors.FactorCatalog` for the rule (year
before geography). Each answer comes with the warnings a PCF needs (zh / en):

* the factor's year is more than one year before or after the reference period;
* an electricity or fuel factor is CO2 only or combustion only, not a life-cycle factor; the
  warning names the life-cycle factor of the sets that would apply instead (and how much
  higher it is), or says that the sets have none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carbonlabel.domain.factors import (
    LIFE_CYCLE_CATEGORIES,
    FactorCatalog,
    FactorRecord,
    FactorResolution,
    FactorScope,
)
from carbonlabel.domain.model import Input, ProductModel, reference_year
from carbonlabel.errors import NotFoundError

#: A factor further than this many years from the reference period is flagged.
YEAR_TOLERANCE = 1


@dataclass(frozen=True)
class Lookup:
    """The factor found with how it was chosen and its warnings, or why none was (zh, en)."""

    record: FactorRecord | None = None
    resolution: FactorResolution | None = None
    error_en: str = ""
    error_zh: str = ""
    warnings: tuple[str, ...] = ()


def lookup_factor(catalog: FactorCatalog | None, model: ProductModel, inp: Input) -> Lookup:
    if catalog is None:
        return Lookup(error_en=f"factor '{inp.ref}' is not defined in factors",
                      error_zh=f"未定义的排放因子「{inp.ref}」")
    if catalog.get(inp.ref) is None and not catalog.is_key(inp.ref):
        near = catalog.suggestions(inp.ref)
        return Lookup(
            error_en=(f"factor '{inp.ref}' is not defined in factors, the factor library or the "
                      "factor sets" + (f"; did you mean {', '.join(near)}?" if near else "")),
            error_zh=(f"未定义的排放因子「{inp.ref}」（模型、因子库及因子集中均无）"
                      + (f"；是否指 {'、'.join(near)}？" if near else "")))
    geography = inp.geography or model.geography
    year = inp.year if inp.year is not None else reference_year(model)
    try:
        record, resolution = catalog.resolve(inp.ref, geography, year)
    except NotFoundError as exc:
        return Lookup(error_en=exc.message_en, error_zh=exc.message_zh)
    warnings = [w for w in (year_warning(model, record),
                            scope_warning(catalog, record, geography, year)) if w]
    return Lookup(record, resolution, warnings=tuple(warnings))


def year_warning(model: ProductModel, record: FactorRecord) -> str | None:
    """A warning when the factor's year lies more than a year outside the reference period."""
    if model.period is None:
        return None
    first = date.fromisoformat(model.period.start).year
    last = date.fromisoformat(model.period.end).year
    gap = first - record.year if record.year < first else record.year - last
    if gap <= YEAR_TOLERANCE:
        return None
    span = f"{model.period.start} – {model.period.end}"
    return (f"因子 {record.id} 的年份为 {record.year}，与核算期 {span} 相差 {gap} 年（超过 "
            f"{YEAR_TOLERANCE} 年）：请查找更接近的数据或在报告中说明 / factor {record.id} is "
            f"for {record.year}, {gap} years from the reference period {span} (more than "
            f"{YEAR_TOLERANCE}): look for a nearer figure or justify it in the report")


def _plain_co2e(record: FactorRecord) -> float | None:
    """kg CO2e per unit when the factor is CO2 or CO2e only (weight 1 in any GWP set)."""
    gases = record.factor.gases
    if not gases or any(g.gas not in ("CO2", "CO2e") for g in gases):
        return None
    return sum(g.amount for g in gases)


def scope_warning(catalog: FactorCatalog, record: FactorRecord, geography: str | None,
                  year: int | None) -> str | None:
    """A warning when an electricity or fuel factor is CO2 only or combustion only."""
    if record.scope not in (FactorScope.CO2_ONLY, FactorScope.COMBUSTION):
        return None
    if record.category.split("/")[0] not in LIFE_CYCLE_CATEGORIES:
        return None
    zh_scope, en_scope = record.scope.names
    what_zh = ("不含 CH4、N2O 及上游排放" if record.scope is FactorScope.CO2_ONLY
               else "不含上游开采、加工和运输（well-to-tank）排放")
    what_en = ("no CH4, N2O or upstream emissions" if record.scope is FactorScope.CO2_ONLY
               else "no upstream (well-to-tank) emissions of extraction, processing and "
                    "transport")
    head_zh = f"因子 {record.id} 为{zh_scope}因子（{what_zh}），不是生命周期因子"
    head_en = f"factor {record.id} is {en_scope} ({what_en}), not a life-cycle factor"
    better = catalog.life_cycle_alternative(record, geography, year)
    if better is None:
        return (f"{head_zh}；因子库及因子集中没有适用的同类生命周期因子：请从生命周期数据源补充"
                f"上游排放 / {head_en}; the factor library and sets have no life-cycle factor of "
                "this kind that applies: add the upstream emissions from a life-cycle source")
    diff_zh = diff_en = ""
    ours, theirs = _plain_co2e(record), _plain_co2e(better)
    if ours and theirs is not None and better.factor.unit == record.factor.unit:
        pct = (theirs / ours - 1) * 100
        diff_zh = f"，高 {pct:.1f} %" if pct >= 0 else f"，低 {-pct:.1f} %"
        diff_en = f", {pct:.1f} % higher" if pct >= 0 else f", {-pct:.1f} % lower"
    return (f"{head_zh}；产品碳足迹应使用生命周期因子 {better.id}（{better.name.zh}{diff_zh}）"
            f" / {head_en}; a PCF should use the life-cycle factor {better.id} "
            f"({better.name.en}{diff_en})")
