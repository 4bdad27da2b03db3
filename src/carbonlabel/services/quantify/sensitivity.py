"""Use case: the sensitivity analysis (敏感性分析) of a product model, in one call.

Method choices side by side (allocation, GWP set, cut-off, electricity factor), one-at-a-time
ranges of the top-N inputs (tornado) and the model's named scenarios. Each variant is a changed
copy of the model (:mod:`carbonlabel.calc.model.sensitivity_variants`,
:mod:`~carbonlabel.calc.model.sensitivity_scenarios`) recomputed by
:func:`~carbonlabel.services.quantify.footprints.calculate_footprint`, sharing the background
databases (each factorized once) and the factor catalog. A variant that cannot be computed
(economic allocation without prices, a factor the library lacks) is reported with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.factors.gwp import GWP_SETS, load_gwp_set
from carbonlabel.adapters.formats.model_file import (
    LoadedModel,
    PartialModelError,
    load_model_text,
)
from carbonlabel.adapters.formats.model_scenarios import allocation_data
from carbonlabel.calc.factorization import factorize
from carbonlabel.calc.model.background import BackgroundDatabases
from carbonlabel.calc.model.compile import compile_model
from carbonlabel.calc.model.sensitivity_ranges import input_ranges
from carbonlabel.calc.model.sensitivity_scenarios import apply_scenario
from carbonlabel.calc.model.sensitivity_tornado import (
    DistributionRanges,
    top_inputs,
    tornado,
    with_given,
)
from carbonlabel.calc.model.sensitivity_variants import (
    ALLOCATION_CHOICES,
    InputContribution,
    cut_off_exclusions,
    electricity_inputs,
    input_contributions,
    multi_output,
    relative_difference,
    scaled_input,
    uses_allocation,
    with_allocation,
    with_electricity,
    without_inputs,
)
from carbonlabel.calc.product_system import solve_product_system
from carbonlabel.domain.factors import FactorCatalog
from carbonlabel.domain.footprint import FootprintResult
from carbonlabel.domain.ghg import GwpSet
from carbonlabel.domain.model import AllocationMethod, ProductModel, reference_year
from carbonlabel.domain.product import Text
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.domain.sensitivity import (
    AllocationData,
    SensitivityReport,
    StageTotal,
    VariantGroup,
    VariantResult,
)
from carbonlabel.domain.supplier import SupplierFootprints
from carbonlabel.domain.tenancy import Action, User
from carbonlabel.errors import CarbonlabelError, ModelValidationError
from carbonlabel.services.accounts.users import require
from carbonlabel.services.exchange.supplier_catalogue import catalogue_for
from carbonlabel.services.quantify.catalog import get_version
from carbonlabel.services.quantify.footprints import CalculationOptions, calculate_footprint
from carbonlabel.services.quantify.model_runs import model_catalog, model_databases, validate_text


@dataclass(frozen=True)
class ElectricityOption:
    """An electricity factor to try: an exact id of the factor library, or a key resolved at
    ``geography`` and ``year``."""

    name: Text
    ref: str
    geography: str | None = None
    year: int | None = None


#: China's official factors in the bundled library (factors-cn-electricity.csv).
CHINA_ELECTRICITY: tuple[ElectricityOption, ...] = (
    ElectricityOption(Text("全国电网平均排放因子 2021（0.5568）",
                           "China grid average 2021 (0.5568)"), "cn.grid.co2.average.CN.2021"),
    ElectricityOption(Text("全国电网平均排放因子 2022（0.5366）",
                           "China grid average 2022 (0.5366)"), "cn.grid.co2.average.CN.2022"),
    ElectricityOption(Text("全国电网平均排放因子 2023（0.5306）",
                           "China grid average 2023 (0.5306)"), "cn.grid.co2.average.CN.2023"),
    ElectricityOption(Text("全国电力平均碳足迹因子 2023（0.6205）",
                           "China electricity carbon footprint factor 2023 (0.6205)"),
                      "cn.electricity.footprint.average.CN.2023"),
)

#: (per input, total) cut-off rules tried; 1 % / 5 % is the common Chinese product-rule value.
CUT_OFF_RULES: tuple[tuple[float, float], ...] = (
    (0.005, 0.02), (0.01, 0.05), (0.02, 0.05), (0.05, 0.10))

_ALLOCATION_NAMES: dict[AllocationMethod | None, Text] = {
    AllocationMethod.MASS: Text("质量分配", "mass allocation"),
    AllocationMethod.ENERGY: Text("能量分配", "energy allocation"),
    AllocationMethod.ECONOMIC: Text("经济价值分配", "economic allocation"),
    None: Text("不分配（全部负荷归参考产品）",
               "no allocation (all burdens to the reference product)"),
}


@dataclass(frozen=True)
class SensitivityOptions:
    top: int = 10  # inputs in the tornado
    relative_range: float = 0.10  # ± share of an input's amount without a distribution
    cut_offs: tuple[tuple[float, float], ...] = CUT_OFF_RULES
    electricity: tuple[ElectricityOption, ...] = CHINA_ELECTRICITY
    grid_region: str | None = None  # a province or grid region (CN-East, CN-YN …) to try too
    # (2.5 %, 97.5 %) multipliers by input path, over those of the inputs' own distributions
    ranges: DistributionRanges | None = None


Evaluate = Callable[[ProductModel, GwpSet], FootprintResult]


def analyse_model(model: ProductModel, gwp: GwpSet, databases: BackgroundDatabases,
                  catalog: FactorCatalog | None = None,
                  allocation: Mapping[str, AllocationData] | None = None,
                  options: SensitivityOptions | None = None, *,
                  suppliers: SupplierFootprints | None = None) -> SensitivityReport:
    """Every sensitivity result of ``model``; raises like ``calculate_footprint`` when the
    model itself cannot be computed. ``allocation``: the bases each multi-output process gives
    (:func:`carbonlabel.adapters.formats.model_scenarios.allocation_data`)."""
    opts = options or SensitivityOptions()

    def evaluate(m: ProductModel, g: GwpSet) -> FootprintResult:
        # a variant is computed without the scenarios: one naming an input the variant
        # removed (cut-off) would otherwise fail it; the base below checks them all
        return calculate_footprint(replace(m, scenarios=()), g, databases,
                                   CalculationOptions(top=1), catalog, suppliers=suppliers)

    base = calculate_footprint(model, gwp, databases, CalculationOptions(top=1), catalog,
                               suppliers=suppliers)
    cs = compile_model(model, gwp, databases, catalog, suppliers=suppliers)
    contributions = input_contributions(cs, solve_product_system(
        cs.matrices, factorize(cs.matrices.technosphere)))
    run = _Runner(model, gwp, base, evaluate)
    variants = [*_allocation(run, allocation or {}), *_gwp(run),
                *_cut_off(run, contributions, opts), *_electricity(run, opts),
                *_scenarios(run)]

    def total_at(c: InputContribution, factor: float) -> float:
        return evaluate(scaled_input(model, c.process, c.input, factor), gwp).total_co2e_kg

    bars = tornado(top_inputs(contributions, opts.top), opts.relative_range, total_at,
                   [p.id for p in model.processes], with_given(input_ranges(cs), opts.ranges))
    return SensitivityReport(base.total_co2e_kg, _stages(base), gwp.name, tuple(variants),
                             bars, opts.relative_range, base.warnings)


def _stages(r: FootprintResult) -> tuple[StageTotal, ...]:
    return tuple(StageTotal(s.stage, s.co2e_kg) for s in r.by_stage)


@dataclass(frozen=True)
class _Runner:
    model: ProductModel
    gwp: GwpSet
    base: FootprintResult
    evaluate: Evaluate

    def variant(self, group: VariantGroup, name: Text, model: ProductModel | None = None,
                gwp: GwpSet | None = None, *, is_base: bool = False, note: Text | None = None,
                excluded: tuple[str, ...] = ()) -> VariantResult:
        """The variant computed, or why it could not be (the first problem, zh / en)."""
        try:
            r = self.evaluate(model or self.model, gwp or self.gwp)
        except CarbonlabelError as exc:
            first = exc.errors[0] if isinstance(exc, ModelValidationError) else None
            zh = first.render("zh") if first else exc.message_zh
            en = first.render("en") if first else exc.message_en
            return VariantResult(group, name, None, None, None,
                                 note=Text(f"无法计算：{zh}", f"not computable: {en}"),
                                 is_base=is_base)
        t0 = self.base.total_co2e_kg
        return VariantResult(group, name, r.total_co2e_kg, r.total_co2e_kg - t0,
                             relative_difference(r.total_co2e_kg, t0), _stages(r), note,
                             is_base, excluded)


def _allocation(run: _Runner, data: Mapping[str, AllocationData]) -> list[VariantResult]:
    if not multi_output(run.model):
        return []
    return [run.variant(VariantGroup.ALLOCATION, _ALLOCATION_NAMES[method],
                        with_allocation(run.model, method, data),
                        is_base=uses_allocation(run.model, method))
            for method in ALLOCATION_CHOICES]


def _gwp(run: _Runner) -> list[VariantResult]:
    return [run.variant(VariantGroup.GWP, Text(f"IPCC {name} GWP100", f"IPCC {name} GWP100"),
                        gwp=load_gwp_set(name), is_base=name == run.gwp.name)
            for name in GWP_SETS]


def _cut_off(run: _Runner, contributions: list[InputContribution],
             opts: SensitivityOptions) -> list[VariantResult]:
    base = run.base.share_base_co2e_kg
    out = []
    for per_input, total in opts.cut_offs:
        dropped = cut_off_exclusions(contributions, base, per_input, total)
        name = Text(f"单项 {per_input:.1%}、合计 {total:.1%}",
                    f"{per_input:.1%} per input, {total:.1%} in total")
        rule = run.model.cut_off
        out.append(run.variant(
            VariantGroup.CUT_OFF, name, without_inputs(run.model,
                                                       [(c.process, c.input) for c in dropped]),
            is_base=(rule.per_input, rule.total) == (per_input, total),
            excluded=tuple(f"{c.path} {c.name}" for c in dropped)))
    return out


def _electricity(run: _Runner, opts: SensitivityOptions) -> list[VariantResult]:
    inputs = electricity_inputs(run.model)
    if not inputs:
        return []
    options = list(opts.electricity)
    region = opts.grid_region or (run.model.geography if run.model.geography != "CN"
                                  and run.model.geography.startswith("CN-") else None)
    if region:
        options.append(ElectricityOption(
            Text(f"{region} 区域/省级电网平均排放因子",
                 f"{region} regional/provincial grid average"),
            "cn.grid.co2.average", region, reference_year(run.model)))
    def used(o: ElectricityOption) -> bool:  # every electricity input already takes it
        return all(run.model.processes[i].inputs[j].ref == o.ref for i, j in inputs)

    return [run.variant(VariantGroup.ELECTRICITY, o.name,
                        with_electricity(run.model, inputs, o.ref, o.geography, o.year),
                        is_base=used(o))
            for o in options]


def _scenarios(run: _Runner) -> list[VariantResult]:
    out = []
    for n, sc in enumerate(run.model.scenarios):
        try:
            model = apply_scenario(run.model, n, sc)
        except ModelValidationError as exc:
            e = exc.errors[0]
            out.append(VariantResult(VariantGroup.SCENARIO, sc.name, None, None, None,
                                     note=Text(e.render("zh"), e.render("en"))))
            continue
        out.append(run.variant(VariantGroup.SCENARIO, sc.name, model))
    return out


def analyse_loaded(loaded: LoadedModel, source: str, base: Path, store_dir: Path,
                   gwp_name: str = "AR6", options: SensitivityOptions | None = None, *,
                   suppliers: SupplierFootprints | None = None) -> SensitivityReport:
    """The sensitivity analysis of a model already read; problems carry the file's lines."""
    try:
        return analyse_model(loaded.model, load_gwp_set(gwp_name),
                             model_databases(loaded, base, store_dir),
                             model_catalog(loaded, base, source),
                             allocation_data(loaded.document), options, suppliers=suppliers)
    except ModelValidationError as exc:
        raise ModelValidationError(loaded.attach_lines(list(exc.errors)), source) from None


def sensitivity_text(text: str, source: str, base: Path, store_dir: Path,
                     gwp_name: str = "AR6", options: SensitivityOptions | None = None, *,
                     suppliers: SupplierFootprints | None = None) -> SensitivityReport:
    """The sensitivity analysis of a model given as text (relative paths against ``base``)."""
    try:
        loaded = load_model_text(text, source, base / Path(source).name)
    except PartialModelError:
        validate_text(text, source, base, store_dir, gwp_name, suppliers=suppliers)
        raise
    return analyse_loaded(loaded, source, base, store_dir, gwp_name, options,
                          suppliers=suppliers)


def analyse_version(uow: UnitOfWork, actor: User, version_id: str, base: Path, store_dir: Path,
                    gwp_name: str = "AR6", options: SensitivityOptions | None = None
                    ) -> SensitivityReport:
    """The sensitivity analysis of a model version of the caller's organisation, with the
    supplier footprints it received (as a footprint job would take them). Runs at once: each
    variant is a whole recalculation, fine for product models of foreground processes and
    factors; a model on a large background database is better run from the CLI."""
    require(actor, Action.CALCULATE)
    version = get_version(uow, actor, version_id)
    suppliers = catalogue_for(uow, actor.organisation_id)
    return sensitivity_text(version.content, f"model.{version.format}", base, store_dir,
                            gwp_name, options, suppliers=suppliers)


def sensitivity_of_footprint(uow: UnitOfWork, record: FootprintRecord, base: Path,
                             store_dir: Path) -> SensitivityReport | None:
    """The sensitivity analysis of a footprint's model version, with its GWP set, for the
    study report: only for a model of foreground processes and factors (no background
    database: a few whole recalculations, about a second), ``None`` otherwise or when the
    model can no longer be analysed (e.g. a factor set since removed)."""
    version = uow.model_versions.in_org(record.organisation_id, record.model_version_id)
    if version is None:
        return None
    source = f"model.{version.format}"
    try:
        loaded = load_model_text(version.content, source, base / source)
        if loaded.model.databases:
            return None
        return analyse_loaded(loaded, source, base, store_dir, record.gwp_set,
                              suppliers=catalogue_for(uow, record.organisation_id))
    except CarbonlabelError:
        return None
