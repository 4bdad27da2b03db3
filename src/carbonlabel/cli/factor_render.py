"""Factor records as rich tables and as JSON (Chinese first, English second)."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from carbonlabel.domain.factors import (
    FactorRecord,
    FactorResolution,
    SourceSummary,
    co2e_per_unit,
)
from carbonlabel.domain.geography import geography_name
from carbonlabel.domain.ghg import CATEGORY_NAMES, GwpSet, gas_name_zh


def _num(x: float) -> str:
    return f"{x:.6g}"


def _co2e(record: FactorRecord, gwp: GwpSet) -> str:
    f = record.factor
    if any(g.gas == "CO2e" for g in f.gases):
        return f"{_num(co2e_per_unit(f, gwp))} ({f.gwp_set + ' ' if f.gwp_set else ''}CO2e)"
    return f"{_num(co2e_per_unit(f, gwp))} ({gwp.name})"


def _scope(record: FactorRecord) -> str:
    if record.scope is None:
        return "未注明 not stated"
    zh, en = record.scope.names
    return f"{zh} {en}"


def search_table(records: list[FactorRecord], gwp: GwpSet, title: str,
                 show_set: bool = False, applies: set[str] | None = None) -> Table:
    """The rows found; with ``applies``, a ✓ before the id marks the rows that apply. Geography
    and year share a column and the scope stands under the value, so that ids and names keep
    their width on an 80-column terminal."""
    t = Table(title=title, title_justify="left", expand=True)
    t.add_column("编号 id", overflow="fold", ratio=3, min_width=14)
    t.add_column("名称 name", overflow="fold", ratio=4, min_width=14)
    t.add_column("地理 年份\ngeo year", no_wrap=True)
    t.add_column("单位\nunit", no_wrap=True)
    t.add_column("kg CO2e\n范围 scope", justify="right", no_wrap=True)
    if show_set:
        t.add_column("因子集 set", no_wrap=True)
    for r in records:
        mark = ("✓\u00a0" if r.id in applies else "\u00a0\u00a0") if applies is not None else ""
        cells = [f"{mark}{r.id}", f"{r.name.zh}\n{r.name.en}", f"{r.geography} {r.year}",
                 r.factor.unit, f"{_co2e(r, gwp)}\n{r.scope.value if r.scope else '—'}"]
        t.add_row(*cells, *([f"{r.set_name} {r.set_version}"] if show_set else []))
    return t


def record_table(r: FactorRecord, gwp: GwpSet, resolution: FactorResolution | None) -> Table:
    f = r.factor
    src = f.source
    t = Table(title=f"{f.name.zh} / {f.name.en}", show_header=False, title_justify="left")
    t.add_column("field", no_wrap=True)
    t.add_column("value")
    geo_zh, geo_en = geography_name(r.geography)
    rows: list[tuple[str, str]] = [
        ("编号 id", r.id), ("键 key", r.key), ("类别 category", r.category),
        ("范围 scope", _scope(r)),
        ("地理 geography", f"{r.geography}（{geo_zh} / {geo_en}）"), ("年份 year", str(r.year)),
        ("单位 unit", f"每 {f.unit} / per {f.unit}"),
    ]
    for g in f.gases:
        zh, en = CATEGORY_NAMES[g.category]
        label = "CO2e（已发布 published）" if g.gas == "CO2e" else f"{gas_name_zh(g.gas)} {g.gas}"
        rows.append((f"气体 gas: {label}", f"{g.amount!r} kg（{zh} {en}）"))
    rows.append((f"kg CO2e（{gwp.name} GWP100）", _co2e(r, gwp)))
    if f.gwp_set:
        rows.append(("GWP 集 set (CO2e)", f.gwp_set))
    conv = f.conversion
    if conv.density or conv.heating_value:
        rows.append(("换算 conversion", ", ".join(f"{k} {v}" for k, v in
                                                 (("density", conv.density),
                                                  ("heating_value", conv.heating_value)) if v)))
    if src is not None:
        rows += [("发布者 publisher", src.publisher), ("文件 document", src.document),
                 ("表 table", src.table), ("发布日期 publication date", r.publication_date),
                 ("许可 licence", src.licence), ("网址 URL", src.url),
                 ("来源编号 source ids", r.source_ids), ("说明 note", src.note)]
    if f.quality is not None:
        q = f.quality
        rows.append(("数据质量 data quality", f"TeR {q.ter:g}, GeR {q.ger:g}, TiR {q.tir:g}, "
                     f"P {q.p:g}; DQR {q.dqr:.2f}"))
    rows.append(("因子集 set", f"{r.set_name} {r.set_version}"
                 + (f"（行 row {r.row}）" if r.row else "")))
    if resolution is not None:
        rows.append(("解析 resolution", f"{resolution.note.zh}\n{resolution.note.en}"))
    for k, v in rows:
        if v:
            t.add_row(k, v)
    return t


def sources_table(sources: list[SourceSummary], title: str) -> Table:
    t = Table(title=title, title_justify="left")
    for col in ("因子集 set", "发布者 publisher", "文件 document", "许可 licence", "网址 URL",
                "行数 rows"):
        t.add_column(col, justify="right" if col == "行数 rows" else "left", overflow="fold")
    for s in sources:
        t.add_row(f"{s.set_name} {s.set_version}".strip(), s.publisher, s.document, s.licence,
                  "\n".join(s.urls), str(s.rows))
    return t


def record_dict(r: FactorRecord, gwp: GwpSet) -> dict[str, Any]:
    f = r.factor
    src = f.source
    q = f.quality
    return {
        "id": r.id, "key": r.key, "name": {"zh": f.name.zh, "en": f.name.en},
        "category": r.category, "scope": r.scope.value if r.scope else None,
        "geography": r.geography, "year": r.year, "unit": f.unit,
        "gases": [{"gas": g.gas, "origin": g.category.value, "kg_per_unit": g.amount}
                  for g in f.gases],
        "gwp_set": f.gwp_set,
        "co2e_kg_per_unit": {"value": co2e_per_unit(f, gwp), "gwp_set": gwp.name
                             if not any(g.gas == "CO2e" for g in f.gases) else f.gwp_set},
        "conversion": {"density": str(f.conversion.density) if f.conversion.density else None,
                       "heating_value": (str(f.conversion.heating_value)
                                         if f.conversion.heating_value else None)},
        "source": None if src is None else {
            "publisher": src.publisher, "document": src.document, "table": src.table,
            "publication_date": r.publication_date, "licence": src.licence, "url": src.url,
            "source_ids": r.source_ids, "note": src.note},
        "quality": None if q is None else {"TeR": q.ter, "GeR": q.ger, "TiR": q.tir, "P": q.p,
                                           "DQR": q.dqr},
        "set": {"name": r.set_name, "version": r.set_version, "row": r.row},
    }


def resolution_dict(res: FactorResolution) -> dict[str, Any]:
    return {"requested": res.requested, "factor_id": res.factor_id, "by_key": res.by_key,
            "geography_requested": res.geography_requested,
            "geography_used": res.geography_used, "fallback": list(res.fallback),
            "year_requested": res.year_requested, "year_used": res.year_used,
            "note": {"zh": res.note.zh, "en": res.note.en}}


def source_dict(s: SourceSummary) -> dict[str, Any]:
    return {"set": s.set_name, "version": s.set_version, "publisher": s.publisher,
            "document": s.document, "licence": s.licence, "urls": list(s.urls), "rows": s.rows}
