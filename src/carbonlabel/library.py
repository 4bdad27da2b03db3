"""The functions the package offers as a Python library (named in ``carbonlabel.__all__``).

They compose the same services as the command line: a model is read and checked as
``carbonlabel validate`` does, quantified as ``carbonlabel quantify`` does. Each imports its
machinery when called, so that ``import carbonlabel`` stays cheap.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carbonlabel.adapters.formats.model_file import LoadedModel
    from carbonlabel.domain.footprint import FootprintResult
    from carbonlabel.domain.inventory import InventorySource


def load_model(path: str | os.PathLike[str], *, gwp: str = "AR6",
               databases_dir: str | os.PathLike[str] | None = None) -> LoadedModel:
    """Read a product model file (YAML, or JSON) and check it whole: schema, references,
    units and rules, as ``carbonlabel validate`` does.

    ``gwp``: the IPCC GWP100 set (``AR6``, ``AR5``, ...). Relative paths in the model (factor
    set files, database files) are taken from the model file's folder; databases imported
    with ``carbonlabel db import`` are looked up in ``databases_dir`` (by default the
    platform's, ``CARBONLABEL_DATABASES_DIR``). Raises ``ModelValidationError`` listing every
    problem with its line. The result's ``model`` is the :class:`ProductModel`.
    """
    from carbonlabel.adapters.formats.model_file import read_model_text
    from carbonlabel.services.quantify.model_runs import validate_text

    file = Path(path)
    return validate_text(read_model_text(file), str(file), file.parent.resolve(),
                         _databases_dir(databases_dir), gwp)


def quantify(model: str | os.PathLike[str] | LoadedModel, *, gwp: str = "AR6",
             top: int = 10, tree_cut_off: float = 0.01,
             databases_dir: str | os.PathLike[str] | None = None) -> FootprintResult:
    """The carbon footprint of a product model, as ``carbonlabel quantify`` computes it.

    ``model``: the path of a model file, or a model :func:`load_model` returned. The total
    ``result.total_co2e_kg = Σ_p s_p · b_p`` is in kg CO2e per declared (or functional) unit:
    ``A s = f`` solved for the scaling ``s`` of each process ``p`` that one reference flow
    ``f`` needs, ``b_p`` the process's direct emissions (each gas's mass times its GWP100
    from the set ``gwp``) plus its background inputs. ``top``: how many hotspots the result
    lists; ``tree_cut_off``: the share of the total below which the supply tree is cut.
    ``databases_dir`` as for :func:`load_model`.
    """
    from carbonlabel.adapters.formats.model_file import LoadedModel, read_model_text
    from carbonlabel.services.quantify.footprints import CalculationOptions
    from carbonlabel.services.quantify.model_runs import quantify_loaded, quantify_text

    options = CalculationOptions(top=top, tree_cut_off=tree_cut_off)
    store = _databases_dir(databases_dir)
    if isinstance(model, LoadedModel):
        file = model.path or Path("<model>")
        return quantify_loaded(model, str(file), file.parent.resolve(), store, gwp, options)
    file = Path(model)
    return quantify_text(read_model_text(file), str(file), file.parent.resolve(), store, gwp,
                         options)


def read_database(path: str | os.PathLike[str], *, fmt: str = "auto",
                  name: str | None = None) -> InventorySource:
    """Read a life-cycle inventory database (openLCA JSON-LD, EcoSpold 2 or 1, synthlci)
    into its flows and datasets, without storing it (``carbonlabel db import`` stores one).

    ``fmt``: ``auto`` (detected from the file or folder), ``olca-jsonld``, ``ecospold2``,
    ``ecospold1`` or ``synthlci``. ``name``: the database's name (by default the reader's).
    Problems the reader worked around are in the result's ``issues``.
    """
    from carbonlabel.adapters.formats.lci_formats import LciFormat, read_inventory
    from carbonlabel.errors import InputError

    known = [f.value for f in LciFormat]
    if fmt not in known:
        raise InputError(field="fmt",
                         message_en=f"unknown format '{fmt}', choose one of {', '.join(known)}",
                         message_zh=f"未知的格式「{fmt}」，可选：{'、'.join(known)}")
    return read_inventory(Path(path), LciFormat(fmt), name)


def _databases_dir(given: str | os.PathLike[str] | None) -> Path:
    if given is not None:
        return Path(given)
    from carbonlabel.config import Settings

    return Settings().databases_dir
