"""Composition: read files with the adapters, run the use cases of the services."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.adapters.factors.library import load_library
from carbonlabel.adapters.factors.user_sets import load_factor_sets
from carbonlabel.adapters.formats.model_file import LoadedModel, PartialModelError, load_model
from carbonlabel.adapters.inventory_store import InventoryStore
from carbonlabel.config import Settings
from carbonlabel.domain.factors import FactorCatalog
from carbonlabel.domain.footprint import FootprintResult
from carbonlabel.errors import FieldError, ModelValidationError
from carbonlabel.services.background import BackgroundDatabases
from carbonlabel.services.compile import check_model
from carbonlabel.services.database_loader import database_loader
from carbonlabel.services.footprints import CalculationOptions, calculate_footprint


def _databases(loaded: LoadedModel) -> BackgroundDatabases:
    base = loaded.path.parent if loaded.path else Path.cwd()
    store = InventoryStore(Settings().databases_dir)
    return BackgroundDatabases(loaded.model.databases, database_loader(base, store))


def factor_catalog(sets: Sequence[Path] = ()) -> FactorCatalog:
    """The bundled factor library with user factor sets on top (the last one given wins)."""
    return FactorCatalog(load_library(), load_factor_sets(list(sets)))


def _catalog(loaded: LoadedModel) -> FactorCatalog:
    """The catalog of a model: the library and the model's ``factor_sets`` (relative paths)."""
    base = loaded.path.parent if loaded.path else Path.cwd()
    paths = [base / p for p in loaded.model.factor_sets]
    missing = [FieldError(f"factor_sets[{k}]", "unknown_reference",
                          f"factor set file '{p}' does not exist", f"因子集文件「{p}」不存在")
               for k, p in enumerate(paths) if not p.is_file()]
    if missing:
        raise ModelValidationError(loaded.attach_lines(missing), str(loaded.path or ""))
    return factor_catalog(paths)


def validate_file(path: Path, gwp_name: str = "AR6") -> LoadedModel:
    """Raise ``ModelValidationError`` with every problem (schema, references, units, rules)."""
    try:
        loaded = load_model(path)
    except PartialModelError as exc:
        # the items that failed the schema were left out; check the rest for further problems
        rest = LoadedModel(exc.model, exc.lines, Path(path), {})
        more = check_model(exc.model, load_gwp_set(gwp_name), _databases(rest), _catalog(rest))
        raise ModelValidationError(_by_line([*exc.errors, *rest.attach_lines(more)]),
                                   str(path)) from None
    errors = check_model(loaded.model, load_gwp_set(gwp_name), _databases(loaded),
                         _catalog(loaded))
    if errors:
        raise ModelValidationError(_by_line(loaded.attach_lines(errors)), str(path))
    return loaded


def _by_line(errors: list[FieldError]) -> list[FieldError]:
    return sorted(errors, key=lambda e: (e.line is None, e.line or 0))


def quantify_file(path: Path, gwp_name: str = "AR6",
                  options: CalculationOptions | None = None) -> FootprintResult:
    try:
        loaded = load_model(path)
    except PartialModelError:
        validate_file(path, gwp_name)  # reports the schema problems and everything else
        raise
    try:
        return calculate_footprint(loaded.model, load_gwp_set(gwp_name), _databases(loaded),
                                   options, _catalog(loaded))
    except ModelValidationError as exc:
        raise ModelValidationError(loaded.attach_lines(list(exc.errors)), str(path)) from None


def demo_models() -> list[Path]:
    """The bundled demo model files."""
    folder = resources.files("carbonlabel").joinpath("demo")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith((".yaml", ".yml")))
