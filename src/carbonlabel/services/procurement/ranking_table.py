"""A ranking as tables for files (CSV, XLSX) and the command line: the ranked rows with each
criterion's mark, the excluded certificates with their reasons, and what the ranking is of
(comparable key, date, benchmark, criteria). Headers are bilingual ("中文 / English"); text
cells in the language asked for ("zh" or "en")."""

from __future__ import annotations

from carbonlabel.adapters.formats.table_export import Cell, Column, ColumnKind, Table
from carbonlabel.domain.benchmark import BAND_NAMES, EXCLUSION_NAMES
from carbonlabel.domain.procurement import CRITERION_NAMES, Criterion, limit_of
from carbonlabel.services.procurement.ranking import RankingView

_T, _N, _D, _C = ColumnKind.TEXT, ColumnKind.NUMBER, ColumnKind.DATE, ColumnKind.COUNT


def _pick(words: tuple[str, str], lang: str) -> str:
    return words[0] if lang.startswith("zh") else words[1]


def _mark(met: bool | None, lang: str) -> str:
    words = {True: ("符合", "meets"), False: ("不符合", "does not meet"),
             None: ("无法判断（同类数量不足）", "cannot be judged (too few in the category)")}
    return _pick(words[met], lang)


def criterion_text(c: Criterion, lang: str) -> str:
    """"Title: best quartile of the category (from 2026-03-01)"."""
    condition = _pick(CRITERION_NAMES[c.kind], lang)
    if c.threshold is not None:
        condition += f" {c.threshold:g} kg CO2e"
    since = "起" if lang.startswith("zh") else ""
    return (f"{c.title}: {condition} ({c.effective_on.isoformat()}{since})" if since
            else f"{c.title}: {condition} (from {c.effective_on.isoformat()})")


def ranked_table(view: RankingView, lang: str) -> Table:
    """The ranked rows, then the excluded ones (no rank, with the reason)."""
    r = view.ranking
    assert r is not None
    columns = [Column("比较口径 / Comparable key"), Column("排名日期 / Ranking date", _D),
               Column("排名 / Rank", _C), Column("证书编号 / Certificate"),
               Column("获证企业 / Holder"), Column("产品 / Product"),
               Column("认证值 / Certified value", _N), Column("单位 / Unit"),
               Column("同类位置 / Band"), Column("有效期至 / Expires", _D)]
    # each criterion's column names its whole definition: the file stands on its own
    columns += [Column(f"准则 / Criterion: {criterion_text(c, lang)}") for c in r.criteria]
    columns.append(Column("未参与排名的原因 / Excluded because"))
    rows: list[tuple[Cell, ...]] = []
    for row in r.rows:
        x = view.listing(row.candidate.number)
        rows.append((r.key.text, r.on, row.rank, x.candidate.number, x.holder,
                     _pick((x.product_zh, x.product_en), lang), row.candidate.value_co2e_kg,
                     x.certified_unit,
                     _pick(BAND_NAMES[row.band], lang) if row.band else "", x.expires_on,
                     *(_mark(m, lang) for m in row.meets), ""))
    for candidate, reason in r.excluded:
        x = view.listing(candidate.number)
        rows.append((r.key.text, r.on, None, candidate.number, x.holder,
                     _pick((x.product_zh, x.product_en), lang), candidate.value_co2e_kg,
                     x.certified_unit, "", x.expires_on, *("" for _ in r.criteria),
                     _pick(EXCLUSION_NAMES[reason], lang)))
    return Table("ranking", "排名 ranking", tuple(columns), tuple(rows))


def excluded_table(view: RankingView, lang: str) -> Table:
    r = view.ranking
    assert r is not None
    columns = (Column("证书编号 / Certificate"), Column("获证企业 / Holder"),
               Column("产品 / Product"), Column("认证值 / Certified value", _N),
               Column("单位 / Unit"), Column("产品种类规则 / Product rule"),
               Column("系统边界 / Boundary"), Column("状态 / Status"),
               Column("原因 / Reason"))
    rows = []
    for candidate, reason in r.excluded:
        x = view.listing(candidate.number)
        rows.append((candidate.number, x.holder, _pick((x.product_zh, x.product_en), lang),
                     candidate.value_co2e_kg, x.certified_unit,
                     (candidate.product_rule or "").partition("#")[0], candidate.boundary,
                     x.status, _pick(EXCLUSION_NAMES[reason], lang)))
    return Table("excluded", "未参与排名 excluded", columns, tuple(rows))


def about_table(view: RankingView, lang: str) -> Table:
    r = view.ranking
    assert r is not None
    b = r.benchmark
    rows: list[tuple[Cell, Cell]] = [
        ("比较口径 / Comparable key", r.key.text),
        ("产品种类规则 / Product rule", r.key.product_rule),
        ("声明单位 / Declared unit", r.key.declared_unit),
        ("系统边界 / Boundary", r.key.boundary),
        ("排名日期 / Ranking date", r.on),
        ("可比结果数 / Comparable results", b.count),
        ("未参与排名数 / Excluded", len(r.excluded)),
        ("最优 5 % 分位 / Best 5 % at or below", b.best5),
        ("前 25 % 分位 / Best quartile at or below", b.q1),
        ("中位数 / Median", b.median),
        ("后 25 % 分位 / Third quartile", b.q3)]
    for c in r.criteria:
        rows.append(("准则 / Criterion", criterion_text(c, lang)))
        rows.append(("准则限值 / Criterion limit (kg CO2e)", limit_of(c, b)))
    return Table("about", "说明 about", (Column("项目 / Item"), Column("值 / Value")),
                 tuple(rows))


def workbook_tables(view: RankingView, lang: str) -> list[Table]:
    return [ranked_table(view, lang), excluded_table(view, lang), about_table(view, lang)]
