"""The CFP study report (ISO 14067:2018 clause 7) as a PDF, in Chinese or in English.

It is written from the stored result JSON (docs/schemas/footprint-result.schema.json), read as
it was stored, and from the product model when it is at hand (the reference period, the
cut-off rule and its exclusions, allocation, the sources of the model's own factors).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer

from carbonlabel.adapters.documents import report_charts as charts
from carbonlabel.adapters.documents import report_text as T  # noqa: N812 - the words, T.X
from carbonlabel.adapters.documents.pdf_common import FONT, GREEN, MUTED, build, para, styles, table
from carbonlabel.adapters.documents.report_conformance import conformance_story
from carbonlabel.adapters.documents.report_uncertainty import (
    check_lines,
    monte_carlo_story,
    sensitivity_story,
)
from carbonlabel.adapters.documents.vocabulary import (
    BOUNDARIES,
    UNIT_KINDS,
    Lang,
    Pair,
    check_lang,
    in_language,
    kg,
    percent,
    pick,
    significant,
)
from carbonlabel.adapters.documents.vocabulary import category_name as _category
from carbonlabel.adapters.documents.vocabulary import name as _name
from carbonlabel.adapters.documents.vocabulary import stage_name as _stage
from carbonlabel.domain.model import ProductModel
from carbonlabel.domain.product import Text
from carbonlabel.domain.product_rules import RecordedConformance

WIDTH = 170 * mm  # text width on A4 with 20 mm margins
TOP_HOTSPOTS = 10


class _Report:
    def __init__(self, result: Mapping[str, Any], product: Text, organisation: str,
                 lang: Lang, model: ProductModel | None, calculated_on: date | None,
                 sensitivity: Mapping[str, Any] | None = None) -> None:
        self.r, self.product, self.organisation = result, product, organisation
        self.sensitivity = sensitivity
        self.lang, self.model, self.calculated_on = lang, model, calculated_on
        self.st = styles(lang)
        self.story: list[Flowable] = []
        self.rule_release: str | None = None
        self.conformance: RecordedConformance | None = None
        ref = result.get("reference") or {}
        quantity = ref.get("quantity") or {}
        self.unit = f"{significant(float(quantity.get('amount', 1)), 6)} {quantity.get('unit', '')}"

    # -- helpers ---------------------------------------------------------------------------

    def t(self, pair: Pair, **values: Any) -> str:
        return pick(pair, self.lang).format(**values)

    def heading(self, key: str) -> None:
        level = "h2" if "." in pick(T.SECTIONS[key], "en").split(" ")[0] else "h1"
        self.story.append(para(pick(T.SECTIONS[key], self.lang), self.st[level]))

    def text(self, text: str, style: str = "body") -> None:
        self.story.append(para(text, self.st[style]))

    def facts(self, rows: Sequence[tuple[Pair, str]]) -> None:
        self.story.append(table([[self.t(k), v] for k, v in rows], [50 * mm, WIDTH - 50 * mm],
                                self.lang, header=False))

    def grid(self, rows: Sequence[Sequence[str]], widths: Sequence[float],
             numeric_from: int | None = None) -> None:
        self.story.append(table(rows, [w * mm for w in widths], self.lang,
                                numeric_from=numeric_from))

    def sub(self, pair: Pair) -> None:
        self.story.append(para(self.t(pair), self.st["h2"]))

    # -- sections --------------------------------------------------------------------------

    def build(self) -> list[Flowable]:
        lg, r = self.lang, self.r
        self.story += [para(self.t(T.TITLE), self.st["title"]),
                       para(self.t(T.SUBTITLE), self.st["subtitle"]),
                       para(self.t(T.RESULT["total"], value=kg(r.get("total_co2e_kg")),
                                   unit=self.unit), self.st["value"])]
        self.general()
        self.heading("goal")
        kind = str((r.get("reference") or {}).get("kind", "declared"))
        partial = T.FULL if r.get("boundary") == "cradle-to-grave" else T.PARTIAL
        self.text(self.t(T.GOAL, product=self.product_name(), unit=self.unit,
                         kind=pick(T.KINDS.get(kind, T.KINDS["declared"]), lg),
                         partial=self.t(partial)))
        self.heading("scope")
        self.unit_section()
        self.boundary_section()
        self.cut_off_section()
        self.allocation_section()
        self.heading("conformance")
        self.story += conformance_story(self.conformance, self.lang, self.st)
        self.data_section()
        self.quality_section()
        self.gwp_section()
        self.results_section()
        self.separate_section()
        self.uncertainty_section()
        self.interpretation_section()
        self.provenance_section()
        return self.story

    def product_name(self) -> str:
        return self.product.zh if self.lang == "zh" else self.product.en

    def general(self) -> None:
        self.heading("general")
        product = self.r.get("product") or {}
        rows: list[tuple[Pair, str]] = [
            (T.G["organisation"], self.organisation), (T.G["product"], self.product_name()),
            (T.G["category"], str(product.get("category") or "")),
            (T.G["rule"], self.rule_release or str(product.get("product_rule")
                                                   or self.t(T.G["none"]))),
            (T.G["total"], f"{kg(self.r.get('total_co2e_kg'))} kg CO2e / {self.unit}")]
        if self.calculated_on is not None:
            rows.append((T.G["calculated"], self.calculated_on.isoformat()))
        self.facts(rows)

    def unit_section(self) -> None:
        self.heading("unit")
        ref = self.r.get("reference") or {}
        kind = str(ref.get("kind", "declared"))
        self.facts([(T.G["kind"], pick(UNIT_KINDS.get(kind, UNIT_KINDS["declared"]), self.lang)),
                    (T.G["description"], _name(ref.get("description"), self.lang)),
                    (T.G["reference_flow"], self.unit)])

    def boundary_section(self) -> None:
        self.heading("boundary")
        boundary = str(self.r.get("boundary", ""))
        stages = [_stage(s.get("stage"), self.lang) for s in self.r.get("by_stage") or ()]
        sep = "、" if self.lang == "zh" else ", "
        period = self.t(T.G["not_stated"])
        if self.model is not None and self.model.period is not None:
            period = f"{self.model.period.start} – {self.model.period.end}"
        self.facts([(T.G["boundary"], pick(BOUNDARIES.get(boundary, (boundary, boundary)),
                                           self.lang)),
                    (T.G["stages"], sep.join(stages)),
                    (T.G["geography"], str(self.r.get("geography", ""))),
                    (T.G["period"], period)])

    def cut_off_section(self) -> None:
        self.heading("cut_off")
        excluded = float(self.r.get("excluded_share") or 0.0)
        if self.model is None:
            self.text(self.t(T.CUT["no_rule"]))
            self.text(self.t(T.CUT["excluded"], share=percent(excluded), verdict=""))
            return
        rule = self.model.cut_off
        verdict = T.CUT["within"] if excluded <= rule.total + 1e-12 else T.CUT["beyond"]
        self.text(self.t(T.CUT["rule"], per=percent(rule.per_input), total=percent(rule.total)))
        self.text(self.t(T.CUT["excluded"], share=percent(excluded), verdict=self.t(verdict)))
        if not self.model.exclusions:
            self.text(self.t(T.CUT["none"]))
            return
        rows = [[self.t(T.CUT["item"]), self.t(T.CUT["share"]), self.t(T.CUT["reason"])]]
        rows += [[e.name, percent(e.estimated_share), e.reason]
                 for e in self.model.exclusions]
        self.grid(rows, (70, 25, 75))

    def allocation_section(self) -> None:
        self.heading("allocation")
        eol = self.r.get("end_of_life")
        said = eol.get("statement") if isinstance(eol, Mapping) else None
        self.text(self.t(T.ALLOC["end_of_life"], statement=pick((said["zh"], said["en"]),
                                                                   self.lang))
                  if isinstance(said, Mapping) else self.t(T.ALLOC["end_of_life_unknown"]))
        if self.model is None:
            self.text(self.t(T.ALLOC["unknown"]))
            return
        rows = [[self.t(T.ALLOC["process"]), self.t(T.ALLOC["method"]),
                 self.t(T.ALLOC["co_products"])]]
        for p in self.model.processes:
            if not p.co_products:
                continue
            substituted = all(c.substitutes is not None for c in p.co_products)
            method = (self.t(T.ALLOC["substitution"]) if substituted or p.allocation is None
                      else pick(T.METHODS[p.allocation.method.value], self.lang))
            names = ", ".join(f"{c.name} ({c.quantity.amount:g} {c.quantity.unit})"
                              for c in p.co_products)
            rows.append([pick((p.name.zh, p.name.en), self.lang), method, names])
        if len(rows) == 1:
            self.text(self.t(T.ALLOC["none"]))
        else:
            self.grid(rows, (50, 40, 80))

    def data_section(self) -> None:
        self.heading("data")
        lg = self.lang
        if self.model is not None:
            flags = [*(i.primary for p in self.model.processes for i in p.inputs),
                     *(e.primary for p in self.model.processes for e in p.emissions)]
            primary = sum(flags)
            self.text(self.t(T.DATA["primary"], primary=primary, secondary=len(flags) - primary))
            if self.model.factors:
                self.sub(T.DATA["factors"])
                rows = [[self.t(T.DATA["factor"]), self.t(T.DATA["unit"]),
                         self.t(T.DATA["source"])]]
                rows += [[pick((f.name.zh, f.name.en), lg), f.unit,
                          str(f.source) if f.source else self.t(T.G["not_stated"])]
                         for f in self.model.factors]
                self.grid(rows, (55, 15, 100))
            if self.model.databases:
                self.sub(T.DATA["databases"])
                self.grid([[self.t(T.DATA["name"]), self.t(T.DATA["format"])],
                           *([d.name, d.format] for d in self.model.databases)], (85, 85))
        resolutions = self.r.get("factor_resolutions") or []
        if resolutions:
            self.sub(T.DATA["library"])
            rows = [[self.t(T.DATA["factor"]), self.t(T.DATA["sets"]),
                     self.t(T.DATA["version"]), self.t(T.G["geography"])]]
            rows += [[str(x.get("factor_id")), str(x.get("factor_set")),
                      str(x.get("set_version")),
                      f"{x.get('geography_used')} {x.get('year_used')}"] for x in resolutions]
            self.grid(rows, (60, 50, 25, 35))
        sets = (self.r.get("provenance") or {}).get("factor_sets") or []
        self.sub(T.DATA["sets"])
        self.grid([[self.t(T.DATA["name"]), self.t(T.DATA["version"])],
                   *([str(n), str(v)] for n, v in sets)], (110, 60))

    def quality_section(self) -> None:
        self.heading("quality")
        q = self.r.get("quality")
        self.text(self.t(T.QUALITY["method"]))
        if not q:
            self.text(self.t(T.QUALITY["none"]))
            return
        level = _name(q.get("level") or {}, self.lang)
        rows = [[self.t(T.QUALITY["criterion"]), self.t(T.QUALITY["value"])]]
        rows += [[self.t(T.QUALITY[k]), f"{float(q.get(k) or 0):.2f}"]
                 for k in ("ter", "ger", "tir", "p", "dqr")]
        rows += [[self.t(T.QUALITY["level"]), level],
                 [self.t(T.QUALITY["coverage"]), percent(float(q.get("coverage") or 0))]]
        self.grid(rows, (110, 60), numeric_from=1)

    def gwp_section(self) -> None:
        self.heading("gwp")
        prov = self.r.get("provenance") or {}
        self.text(self.t(T.GWP["set"], name=prov.get("gwp_set", ""),
                         source=prov.get("gwp_source", "")))

    def results_section(self) -> None:
        self.heading("results")
        lg = self.lang
        self.text(self.t(T.RESULT["total"], value=kg(self.r.get("total_co2e_kg")),
                         unit=self.unit))
        self.sub(T.RESULT["by_stage"])
        self.story.append(charts.stage_chart(self.r, lg))
        rows = [[self.t(T.RESULT["stage"]), "kg CO2e", self.t(T.RESULT["share"]),
                 self.t(T.RESULT["transport"])]]
        rows += [[_stage(s.get("stage"), lg), kg(s.get("co2e_kg")),
                  percent(float(s.get("share") or 0)), kg(s.get("transport_co2e_kg"))]
                 for s in self.r.get("by_stage") or ()]
        rows.append([self.t(T.RESULT["sum"]), kg(self.r.get("total_co2e_kg")), "100.0%", ""])
        self.grid(rows, (70, 35, 30, 35), numeric_from=1)
        self.sub(T.RESULT["by_gas"])
        self.story.append(charts.gas_chart(self.r, lg))
        rows = [[self.t(T.GWP["gas"]), self.t(T.GWP["category"]), self.t(T.GWP["mass"]),
                 self.t(T.GWP["gwp"]), self.t(T.GWP["co2e"])]]
        for g in self.r.get("by_gas") or ():
            gas = str(g.get("gas"))
            rows.append([self.t(T.RESULT["co2e_gas"]) if gas == "CO2e" else gas,
                         _category(g.get("category"), lg), significant(float(
                             g.get("mass_kg") or 0), 4), f"{float(g.get('gwp') or 0):g}",
                         kg(g.get("co2e_kg"))])
        self.grid(rows, (55, 30, 30, 20, 35), numeric_from=2)
        self.sub(T.RESULT["by_process"])
        rows = [[self.t(T.RESULT["process"]), self.t(T.RESULT["stage"]), "kg CO2e",
                 self.t(T.RESULT["share"]), self.t(T.RESULT["direct"])]]
        rows += [[_name(p.get("name"), lg), _stage(p.get("stage"), lg), kg(p.get("co2e_kg")),
                  percent(float(p.get("share") or 0)), kg(p.get("direct_co2e_kg"))]
                 for p in self.r.get("by_process") or ()]
        self.grid(rows, (55, 35, 28, 24, 28), numeric_from=2)
        self.story += charts.supply_chain_story(self.r, lg, self.st)

    def separate_section(self) -> None:
        self.heading("separate")
        sep = self.r.get("separate") or {}
        co2e = "kg CO2e"
        rows = [[self.t(T.SEPARATE["item"]), self.t(T.SEPARATE["value"])]]
        for key, field in (("fossil", "fossil_co2e_kg"), ("biogenic", "biogenic_emissions_co2e_kg"),
                           ("removals", "biogenic_removals_co2e_kg"), ("dluc", "dluc_co2e_kg"),
                           ("aircraft", "aircraft_co2e_kg"), ("transport", "transport_co2e_kg"),
                           ("unsplit", "unsplit_co2e_kg")):
            rows.append([self.t(T.SEPARATE[key]), f"{kg(sep.get(field))} {co2e}"])
            if key == "fossil" and sep.get("not_split_co2e_kg") is not None:
                rows.append([self.t(T.SEPARATE["not_split"]),
                             f"{kg(sep['not_split_co2e_kg'])} {co2e}"])
        content = sep.get("biogenic_carbon_content_kg_c")
        rows.append([self.t(T.SEPARATE["content"]),
                     self.t(T.SEPARATE["not_given"]) if content is None else
                     f"{significant(float(content), 4)} kg C "
                     f"({significant(float(sep.get('biogenic_carbon_content_kg_co2') or 0), 4)}"
                     f" kg CO2)"])
        self.grid(rows, (110, 60), numeric_from=1)

    def _hotspots(self) -> list[Mapping[str, Any]]:
        return list(self.r.get("hotspots") or ())[:TOP_HOTSPOTS]

    def _hotspot_name(self, h: Mapping[str, Any]) -> str:
        item = (self.t(T.INTERPRETATION["direct"]) if h.get("item") == "direct"
                else in_language(str(h.get("item_name") or h.get("item")), self.lang))
        sep = "：" if self.lang == "zh" else ": "
        return f"{_name(h.get('process_name'), self.lang)}{sep}{item}"

    def uncertainty_section(self) -> None:
        self.heading("uncertainty")
        mc = self.r.get("uncertainty") or None
        self.text(self.t(T.UNCERTAINTY["intro_computed" if mc or self.sensitivity else "intro"]))
        spots = self._hotspots()
        for line in check_lines(self.r, self.lang, spots,
                                self._hotspot_name(spots[0]) if spots else ""):
            self.text(f"• {line}")
        if mc and mc.get("total"):
            self.story += monte_carlo_story(mc, self.lang, self.st)
        if self.sensitivity:
            self.story += sensitivity_story(self.sensitivity, self.lang, self.st)

    def interpretation_section(self) -> None:
        self.heading("interpretation")
        lg = self.lang
        stages = sorted(self.r.get("by_stage") or (),
                        key=lambda s: -float(s.get("co2e_kg") or 0))
        if stages:
            self.text(self.t(T.INTERPRETATION["stage_max"],
                             stage=_stage(stages[0].get("stage"), lg),
                             share=percent(float(stages[0].get("share") or 0))))
        spots = self._hotspots()
        self.story.append(KeepTogether([para(self.t(T.INTERPRETATION["hotspots"]), self.st["h2"]),
                                        charts.hotspot_chart(self.r, [self._hotspot_name(h)
                                                                      for h in spots])]))
        rows = [[self.t(T.INTERPRETATION["item"]), self.t(T.RESULT["stage"]), "kg CO2e",
                 self.t(T.RESULT["share"])], *([self._hotspot_name(h), _stage(h.get("stage"), lg),
                 kg(h.get("co2e_kg")), percent(float(h.get("share") or 0))] for h in spots)]
        self.grid(rows, (90, 35, 25, 20), numeric_from=2)
        warnings = self.r.get("warnings") or []
        if warnings:
            self.sub(T.INTERPRETATION["warnings"])
            for w in warnings:
                self.text(f"• {in_language(str(w), lg)}")
        self.text(self.t(T.INTERPRETATION["limits"]))

    def provenance_section(self) -> None:
        self.heading("provenance")
        prov = self.r.get("provenance") or {}
        sets = "; ".join(f"{n} {v}" for n, v in prov.get("factor_sets") or ())
        rows = [[self.t(T.PROVENANCE["item"]), self.t(T.PROVENANCE["value"])],
                [self.t(T.PROVENANCE["input_hash"]), str(prov.get("input_hash", ""))],
                [self.t(T.PROVENANCE["gwp_set"]), str(prov.get("gwp_set", ""))],
                [self.t(T.PROVENANCE["engine"]), str(prov.get("engine_version", ""))],
                [self.t(T.PROVENANCE["solver"]), str(prov.get("solver", ""))],
                [self.t(T.PROVENANCE["sets"]), sets]]
        self.grid(rows, (50, 120))


def study_report_pdf(result: Mapping[str, Any], product: Text, organisation: str,
                     lang: str = "zh", *, model: ProductModel | None = None,
                     calculated_on: date | None = None, rule_release: str | None = None,
                     sensitivity: Mapping[str, Any] | None = None,
                     conformance: RecordedConformance | None = None) -> bytes:
    """The CFP study report of a stored result in ``lang`` ("zh" or "en"); ``rule_release``:
    the product rule release the footprint recorded (code@version#sha256); section 9 shows the
    Monte Carlo run the result carries and ``sensitivity`` (a sensitivity report as
    ``report_to_dict`` writes it) when given; section 3.5 the model's ``conformance`` to the
    recorded release (report_conformance)."""
    lg = check_lang(lang)
    report = _Report(result, product, organisation, lg, model, calculated_on, sensitivity)
    report.rule_release, report.conformance = rule_release, conformance
    story = report.build()
    story.insert(2, Spacer(1, 2 * mm))
    title = f"{pick(T.TITLE, lg)} — {report.product_name()}"

    def footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        width, _ = doc.pagesize
        canvas.saveState()
        canvas.setStrokeColor(GREEN)
        canvas.setLineWidth(0.8)
        canvas.line(20 * mm, 14 * mm, width - 20 * mm, 14 * mm)
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(20 * mm, 9.5 * mm, f"{pick(T.TITLE, lg)} · {organisation}")
        canvas.drawRightString(width - 20 * mm, 9.5 * mm,
                               pick(T.PAGE, lg).format(page=canvas.getPageNumber()))
        canvas.restoreState()

    return build(story, title=title, author=organisation, subject=pick(T.TITLE, lg), lang=lg,
                 on_page=footer)
