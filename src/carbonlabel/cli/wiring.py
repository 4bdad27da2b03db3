"""Composition for the CLI: read model files, run the use cases of the services."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from carbonlabel.config import Settings
from carbonlabel.domain.footprint import FootprintResult
from carbonlabel.errors import FieldError, ModelValidationError
from carbonlabel.services.footprints import CalculationOptions
from carbonlabel.services.model_runs import factor_catalog, quantify_text, validate_text

__all__ = ["demo_models", "factor_catalog", "quantify_file", "validate_file"]


def _read(path: Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelValidationError([FieldError(
            "", "unreadable_file", f"cannot read {path}: {exc}", f"无法读取 {path}：{exc}")],
            str(path)) from exc


def validate_file(path: Path, gwp_name: str = "AR6") -> None:
    """Raise ``ModelValidationError`` with every problem (schema, references, units, rules)."""
    path = Path(path)
    validate_text(_read(path), str(path), path.parent.resolve(), Settings().databases_dir,
                  gwp_name)


def quantify_file(path: Path, gwp_name: str = "AR6",
                  options: CalculationOptions | None = None) -> FootprintResult:
    path = Path(path)
    return quantify_text(_read(path), str(path), path.parent.resolve(),
                         Settings().databases_dir, gwp_name, options)


def demo_models() -> list[Path]:
    """The bundled demo model files."""
    folder = resources.files("carbonlabel").joinpath("demo")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith((".yaml", ".yml")))
