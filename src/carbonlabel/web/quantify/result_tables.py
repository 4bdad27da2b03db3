"""The footprint report's tables as rows for the CSV and XLSX exports: the same ``Report``
(web/quantify/report.py) the page draws, the same names the page picks for a language, and every
number unrounded (the page rounds for the eye; a file keeps what was calculated).

Tables: stages, processes, gases, hotspots (the page's top ten), the supply tree (depth first,
each node with its level) and the items reported separately. Headers are "中文 / English" from
the page's own catalogue words; text cells are in the language asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import Enum
from typing import Any

from carbonlabel.adapters.formats.table_export import Cell, Column, ColumnKind, Table
from carbonlabel.web import i18n
from carbonlabel.web.pages import text
from carbonlabel.web.pages.downloads import both_languages
from carbonlabel.web.pages.rendering import N_
from carbonlabel.web.quantify.report import Report

NUMBER, SHARE, COUNT = ColumnKind.NUMBER, ColumnKind.SHARE, ColumnKind.COUNT


class ResultTable(Enum):
    """The tables of a footprint, by the name of their file (``stages.csv``)."""

    STAGES = "stages"
    PROCESSES = "processes"
    GASES = "gases"
    HOTSPOTS = "hotspots"
    SUPPLY_TREE = "supply-tree"
    SEPARATE = "separate"


TITLES = {ResultTable.STAGES: N_("By life-cycle stage"),
          ResultTable.PROCESSES: N_("By process"),
          ResultTable.GASES: N_("Greenhouse gases"),
          ResultTable.HOTSPOTS: N_("Top hotspots"),
          ResultTable.SUPPLY_TREE: N_("Supply chain tree"),
          ResultTable.SEPARATE: N_("Reported separately")}


def _column(msgid: str, kind: ColumnKind = ColumnKind.TEXT) -> Column:
    return Column(both_languages(msgid), kind)


class _Words:
    """The page's words of one language: gettext and the text filters."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.gettext = i18n.translations(lang).gettext

    def stage(self, stage: Any) -> str:
        return text.stage_name(str(stage), self.lang)

    def pick(self, pair: Any) -> str:
        return text.pick(pair, self.lang)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _stages(r: dict[str, Any], _report: Report, w: _Words) -> Table:
    columns = (_column(N_("Stage")), _column(N_("kg CO2e"), NUMBER),
               _column(N_("Share"), SHARE), _column(N_("of which transport"), NUMBER))
    rows = tuple((w.stage(s["stage"]), _float(s["co2e_kg"]), _float(s["share"]),
                  _float(s.get("transport_co2e_kg"))) for s in r.get("by_stage", ()))
    return _table(ResultTable.STAGES, columns, rows)


def _processes(r: dict[str, Any], _report: Report, w: _Words) -> Table:
    columns = (_column(N_("Process code")), _column(N_("Process")), _column(N_("Stage")),
               _column(N_("kg CO2e"), NUMBER), _column(N_("Share"), SHARE),
               _column(N_("of which direct emissions"), NUMBER))
    rows = tuple((str(p["process"]), w.pick(p["name"]), w.stage(p["stage"]),
                  _float(p["co2e_kg"]), _float(p["share"]), _float(p.get("direct_co2e_kg")))
                 for p in r.get("by_process", ()))
    return _table(ResultTable.PROCESSES, columns, rows)


def _gas(g: dict[str, Any], w: _Words) -> str:
    if g["gas"] == "CO2e":
        return w.gettext("CO2e (factors published as CO2e only)")
    return text.gas_name(str(g["gas"]), w.lang)


def _gases(r: dict[str, Any], _report: Report, w: _Words) -> Table:
    columns = (_column(N_("Gas")), _column(N_("Category")), _column(N_("Mass (kg)"), NUMBER),
               _column(N_("GWP100"), NUMBER), _column(N_("kg CO2e"), NUMBER))
    rows = tuple((_gas(g, w), text.gas_category(str(g["category"]), w.lang),
                  _float(g["mass_kg"]), _float(g["gwp"]), _float(g["co2e_kg"]))
                 for g in r.get("by_gas", ()))
    return _table(ResultTable.GASES, columns, rows)


def _input(h: dict[str, Any], w: _Words) -> str:
    if h["item"] == "direct":
        return w.gettext("direct emissions")
    return text.bilingual(str(h["item_name"]), w.lang)


def _hotspots(_r: dict[str, Any], report: Report, w: _Words) -> Table:
    columns = (_column(N_("Process")), _column(N_("Stage")), _column(N_("Input")),
               _column(N_("kg CO2e"), NUMBER), _column(N_("Share"), SHARE))
    rows = tuple((w.pick(h["process_name"]), w.stage(h["stage"]), _input(h, w),
                  _float(h["co2e_kg"]), _float(h["share"])) for h in report.hotspots)
    return _table(ResultTable.HOTSPOTS, columns, rows)


def _walk(node: dict[str, Any], level: int) -> Iterator[tuple[int, dict[str, Any]]]:
    yield level, node
    for child in node.get("children", ()):
        yield from _walk(child, level + 1)


def _supply_tree(r: dict[str, Any], _report: Report, w: _Words) -> Table:
    columns = (_column(N_("Level"), COUNT), _column(N_("Name")), _column(N_("Amount"), NUMBER),
               _column(N_("Unit")), _column(N_("kg CO2e"), NUMBER),
               _column(N_("Share"), SHARE), _column(N_("Loop back to an upstream process")))
    tree = r.get("tree")
    nodes = list(_walk(tree, 0)) if tree else []
    rows = tuple((level, text.bilingual(str(n["name"]), w.lang), _float(n["amount"]),
                  str(n["unit"]), _float(n["co2e_kg"]), _float(n["share"]),
                  w.gettext("yes") if n.get("loop") else "") for level, n in nodes)
    return _table(ResultTable.SUPPLY_TREE, columns, rows)


def _separate(_r: dict[str, Any], report: Report, w: _Words) -> Table:
    columns = (_column(N_("Item")), _column(N_("Reported value"), NUMBER), _column(N_("Unit")))
    rows = tuple((w.gettext(row.label), _float(row.value), w.gettext(row.unit))
                 for row in report.separate)
    return _table(ResultTable.SEPARATE, columns, rows)


def _table(which: ResultTable, columns: tuple[Column, ...],
           rows: tuple[tuple[Cell, ...], ...]) -> Table:
    return Table(which.value, i18n.translations("zh_CN").gettext(TITLES[which]), columns, rows)


BUILDERS: dict[ResultTable, Callable[[dict[str, Any], Report, _Words], Table]] = {
    ResultTable.STAGES: _stages, ResultTable.PROCESSES: _processes,
    ResultTable.GASES: _gases, ResultTable.HOTSPOTS: _hotspots,
    ResultTable.SUPPLY_TREE: _supply_tree, ResultTable.SEPARATE: _separate}


def result_table(report: Report, which: ResultTable, lang: str) -> Table:
    """One table of the report, its text in ``lang``."""
    return BUILDERS[which](report.result, report, _Words(lang))


def result_tables(report: Report, lang: str) -> list[Table]:
    """Every table of the report, in the page's order of the workbook's sheets."""
    return [result_table(report, which, lang) for which in ResultTable]
