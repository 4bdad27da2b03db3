"""Composition for the CLI: read model files, run the use cases of the services."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from carbonlabel.adapters.formats.model_file import read_model_text
from carbonlabel.config import Settings
from carbonlabel.domain.footprint import FootprintResult
from carbonlabel.domain.product_rules import Conformance
from carbonlabel.domain.sensitivity import SensitivityReport
from carbonlabel.services.quantify.footprints import CalculationOptions
from carbonlabel.services.quantify.model_runs import factor_catalog, quantify_text, validate_text
from carbonlabel.services.quantify.product_rules import bundled_releases, loaded_conformance
from carbonlabel.services.quantify.sensitivity import SensitivityOptions, sensitivity_text

__all__ = ["demo_models", "factor_catalog", "quantify_file", "sensitivity_file", "validate_file"]


def validate_file(path: Path, gwp_name: str = "AR6") -> Conformance | None:
    """Raise ``ModelValidationError`` with every problem (schema, references, units, rules);
    the model's conformance to the bundled product rule it names (``None``: it names none)."""
    path = Path(path)
    loaded = validate_text(read_model_text(path), str(path), path.parent.resolve(),
                           Settings().databases_dir, gwp_name)
    return loaded_conformance(loaded, bundled_releases(), str(path))


def quantify_file(path: Path, gwp_name: str = "AR6",
                  options: CalculationOptions | None = None) -> FootprintResult:
    path = Path(path)
    return quantify_text(read_model_text(path), str(path), path.parent.resolve(),
                         Settings().databases_dir, gwp_name, options)


def demo_models() -> list[Path]:
    """The bundled demo model files."""
    folder = resources.files("carbonlabel").joinpath("demo")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith((".yaml", ".yml")))


def sensitivity_file(path: Path, gwp_name: str = "AR6",
                     options: SensitivityOptions | None = None) -> SensitivityReport:
    path = Path(path)
    return sensitivity_text(read_model_text(path), str(path), path.parent.resolve(),
                            Settings().databases_dir, gwp_name, options)
