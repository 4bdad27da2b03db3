"""Use case: the footprint of a model with a Monte Carlo run of its uncertainties.

The model is quantified as always (the footprint at the stated values, every breakdown), then
compiled once more against the same background data (databases are solved once) and sampled
``iterations`` times with a recorded ``seed``
(:func:`carbonlabel.calc.uncertainty.model_mc.monte_carlo`); the summaries ride on the result
as ``uncertainty``. The same seed gives the same draws and summaries.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.adapters.formats.model_file import LoadedModel, PartialModelError, load_model_text
from carbonlabel.adapters.inventory_store import InventoryStore
from carbonlabel.calc.model.background import BackgroundDatabases
from carbonlabel.calc.model.compile import compile_model
from carbonlabel.calc.uncertainty.model_mc import ModelMonteCarlo, monte_carlo
from carbonlabel.calc.uncertainty.summary import Summary
from carbonlabel.domain.footprint import FootprintResult
from carbonlabel.domain.supplier import SupplierFootprints
from carbonlabel.domain.uncertainty import (
    ConvergencePoint,
    DrawSummary,
    GasDraws,
    HistogramBins,
    MonteCarloResult,
    StageDraws,
)
from carbonlabel.errors import FieldError, InputError, ModelValidationError
from carbonlabel.services.quantify.database_loader import database_loader
from carbonlabel.services.quantify.footprints import CalculationOptions, calculate_footprint
from carbonlabel.services.quantify.model_runs import factor_catalog, validate_text
from carbonlabel.services.quantify.variance_contributions import variance_contributions

MIN_ITERATIONS, MAX_ITERATIONS = 10, 100_000
Progress = Callable[[int, int], None]


def check_iterations(iterations: int, seed: int | None) -> None:
    """Refuse an iteration count outside ``MIN_ITERATIONS`` … ``MAX_ITERATIONS`` or a negative
    seed (``InputError`` naming the field)."""
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise InputError(field="iterations",
                         message_en=f"iterations must be {MIN_ITERATIONS} to {MAX_ITERATIONS:,}",
                         message_zh=f"迭代次数应在 {MIN_ITERATIONS} 至 {MAX_ITERATIONS:,} 之间")
    if seed is not None and not 0 <= seed < 2**63:
        raise InputError(field="seed", message_en="the seed must be a whole number 0 to 2^63−1",
                         message_zh="随机种子应为 0 至 2^63−1 的整数")


def new_seed() -> int:
    """A fresh seed, recorded with the run so that it can be repeated."""
    return secrets.randbits(32)


def monte_carlo_text(text: str, source: str, base: Path, store_dir: Path, iterations: int,
                     seed: int | None = None, gwp_name: str = "AR6",
                     options: CalculationOptions | None = None, *,
                     suppliers: SupplierFootprints | None = None,
                     progress: Progress | None = None) -> FootprintResult:
    """The footprint of the model in ``text`` with ``uncertainty`` from ``iterations`` draws."""
    check_iterations(iterations, seed)
    try:
        loaded = load_model_text(text, source, base / Path(source).name)
    except PartialModelError:
        validate_text(text, source, base, store_dir, gwp_name, suppliers=suppliers)
        raise
    return monte_carlo_loaded(loaded, source, base, store_dir, iterations,
                              new_seed() if seed is None else seed, gwp_name, options,
                              suppliers=suppliers, progress=progress)


def monte_carlo_loaded(loaded: LoadedModel, source: str, base: Path, store_dir: Path,
                       iterations: int, seed: int, gwp_name: str = "AR6",
                       options: CalculationOptions | None = None, *,
                       suppliers: SupplierFootprints | None = None,
                       progress: Progress | None = None) -> FootprintResult:
    gwp = load_gwp_set(gwp_name)
    model = loaded.model
    databases = BackgroundDatabases(model.databases,
                                    database_loader(base, InventoryStore(store_dir)))
    paths = [base / p for p in model.factor_sets]
    missing = [FieldError(f"factor_sets[{k}]", "unknown_reference",
                          f"factor set file '{p}' does not exist", f"因子集文件「{p}」不存在")
               for k, p in enumerate(paths) if not p.is_file()]
    if missing:
        raise ModelValidationError(loaded.attach_lines(missing), source)
    catalog = factor_catalog(paths)
    try:
        result = calculate_footprint(model, gwp, databases, options, catalog,
                                     suppliers=suppliers)
        cs = compile_model(model, gwp, databases, catalog, suppliers=suppliers)
    except ModelValidationError as exc:
        raise ModelValidationError(loaded.attach_lines(list(exc.errors)), source) from None
    run = monte_carlo(cs, iterations, seed, progress=progress)
    mc = replace(monte_carlo_result(run), contributions=variance_contributions(run, model))
    return replace(result, uncertainty=mc)


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def draw_summary(s: Summary) -> DrawSummary:
    return DrawSummary(
        mean=s.mean, median=s.median, sd=s.sd, p2_5=s.p2_5, p97_5=s.p97_5,
        histogram=HistogramBins(s.histogram.edges, s.histogram.counts),
        convergence=tuple(ConvergencePoint(c.iterations, c.mean, _finite(c.relative_half_width))
                          for c in s.convergence))


def monte_carlo_result(run: ModelMonteCarlo) -> MonteCarloResult:
    """The run's summaries as the domain result a footprint carries."""
    gases = []
    for name, summary in run.flows:
        gas, _, category = name.rpartition("/")
        gases.append(GasDraws(gas, category, draw_summary(summary)))
    return MonteCarloResult(
        iterations=run.iterations, seed=run.seed, deterministic_co2e_kg=run.deterministic,
        total=draw_summary(run.total),
        by_stage=tuple(StageDraws(stage.value, draw_summary(s)) for stage, s in run.stages),
        by_gas=tuple(gases), parameters=run.parameter_paths)
