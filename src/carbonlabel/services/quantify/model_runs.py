"""Validate and quantify a product model given as text, with its background data.

A model's relative paths (factor set files, database files) are resolved against ``base``:
the model file's folder for the CLI, the data directory for the platform. Imported databases
come from the store in ``Settings.databases_dir``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.adapters.factors.library import load_library
from carbonlabel.adapters.factors.user_sets import load_factor_sets
from carbonlabel.adapters.formats.model_file import (
    LoadedModel,
    PartialModelError,
    load_model_text,
)
from carbonlabel.adapters.inventory_store import InventoryStore
from carbonlabel.calc.model.background import BackgroundDatabases
from carbonlabel.calc.model.compile import check_model
from carbonlabel.domain.factors import FactorCatalog
from carbonlabel.domain.footprint import FootprintResult
from carbonlabel.domain.supplier import SupplierFootprints
from carbonlabel.errors import FieldError, ModelValidationError
from carbonlabel.services.quantify.database_loader import database_loader
from carbonlabel.services.quantify.footprints import CalculationOptions, calculate_footprint


def factor_catalog(sets: Sequence[Path] = ()) -> FactorCatalog:
    """The bundled factor library with user factor sets on top (the last one given wins)."""
    return FactorCatalog(load_library(), load_factor_sets(list(sets)))


def model_databases(loaded: LoadedModel, base: Path, store_dir: Path) -> BackgroundDatabases:
    return BackgroundDatabases(loaded.model.databases,
                               database_loader(base, InventoryStore(store_dir)))


def model_catalog(loaded: LoadedModel, base: Path, source: str) -> FactorCatalog:
    """The catalog of a model: the library and the model's ``factor_sets`` (relative paths)."""
    paths = [base / p for p in loaded.model.factor_sets]
    missing = [FieldError(f"factor_sets[{k}]", "unknown_reference",
                          f"factor set file '{p}' does not exist", f"因子集文件「{p}」不存在")
               for k, p in enumerate(paths) if not p.is_file()]
    if missing:
        raise ModelValidationError(loaded.attach_lines(missing), source)
    return factor_catalog(paths)


def _by_line(errors: list[FieldError]) -> list[FieldError]:
    return sorted(errors, key=lambda e: (e.line is None, e.line or 0))


def validate_text(text: str, source: str, base: Path, store_dir: Path,
                  gwp_name: str = "AR6", *,
                  suppliers: SupplierFootprints | None = None) -> LoadedModel:
    """Raise ``ModelValidationError`` with every problem (schema, references, units, rules)."""
    try:
        loaded = load_model_text(text, source, base / Path(source).name)
    except PartialModelError as exc:
        # the items that failed the schema were left out; check the rest for further problems
        rest = LoadedModel(exc.model, exc.lines, base / Path(source).name, {})
        try:
            catalog = model_catalog(rest, base, source)
        except ModelValidationError as missing:  # a factor set file: a problem like the rest
            raise ModelValidationError(_by_line([*exc.errors,
                                                 *exc.relocate(list(missing.errors))]),
                                       source) from None
        more = check_model(exc.model, load_gwp_set(gwp_name),
                           model_databases(rest, base, store_dir), catalog,
                           suppliers=suppliers)
        raise ModelValidationError(_by_line([*exc.errors, *exc.relocate(more)]),
                                   source) from None
    errors = check_model(loaded.model, load_gwp_set(gwp_name),
                         model_databases(loaded, base, store_dir),
                         model_catalog(loaded, base, source), suppliers=suppliers)
    if errors:
        raise ModelValidationError(_by_line(loaded.attach_lines(errors)), source)
    return loaded


def quantify_text(text: str, source: str, base: Path, store_dir: Path, gwp_name: str = "AR6",
                  options: CalculationOptions | None = None, *,
                  suppliers: SupplierFootprints | None = None) -> FootprintResult:
    """``suppliers``: the supplier footprints ``supplier:`` inputs take (on the platform, the
    organisation's received footprints: services/exchange/supplier_catalogue.py)."""
    try:
        loaded = load_model_text(text, source, base / Path(source).name)
    except PartialModelError:
        validate_text(text, source, base, store_dir, gwp_name,
                      suppliers=suppliers)  # reports everything
        raise
    return quantify_loaded(loaded, source, base, store_dir, gwp_name, options,
                           suppliers=suppliers)


def quantify_loaded(loaded: LoadedModel, source: str, base: Path, store_dir: Path,
                    gwp_name: str = "AR6", options: CalculationOptions | None = None, *,
                    suppliers: SupplierFootprints | None = None) -> FootprintResult:
    """Quantify a model already read (``validate_text`` gives one); problems the calculation
    finds are raised with the lines of ``loaded``."""
    try:
        return calculate_footprint(loaded.model, load_gwp_set(gwp_name),
                                   model_databases(loaded, base, store_dir), options,
                                   model_catalog(loaded, base, source), suppliers=suppliers)
    except ModelValidationError as exc:
        raise ModelValidationError(loaded.attach_lines(list(exc.errors)), source) from None
