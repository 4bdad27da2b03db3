"""The package's public Python surface is exactly what it declares (as httpx checks its own):
a name made public by accident, or one declared and gone, fails here."""

from __future__ import annotations

import subprocess
import sys
from types import ModuleType

import carbonlabel

DECLARED = ["ENGINE_VERSION", "__version__", "load_model", "quantify", "read_database"]


def test_all_declares_the_public_surface() -> None:
    assert carbonlabel.__all__ == DECLARED


def test_every_public_name_of_the_package_is_declared_and_every_declared_one_is_there() -> None:
    public = sorted(name for name, value in vars(carbonlabel).items()
                    if not isinstance(value, ModuleType)  # subpackages imported elsewhere
                    and (not name.startswith("_") or name == "__version__"))
    assert public == carbonlabel.__all__


def test_importing_the_package_loads_neither_the_engine_nor_the_database() -> None:
    code = ("import sys, carbonlabel; "
            "print(sorted(m.split('.')[0] if not m.startswith('carbonlabel') else m "
            "for m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout
    assert "'carbonlabel.library'" in loaded
    for heavy in ("'numpy'", "'scipy'", "'sqlalchemy'", "'pydantic'", "'yaml'",
                  "'carbonlabel.services", "'carbonlabel.adapters"):
        assert heavy not in loaded
