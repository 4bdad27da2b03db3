"""The complete metadata (adapters/db/metadata.py) gathers every table the code maps: a table
module left out of it would be missing from migrations' comparison and from the search for
encrypted columns."""

from __future__ import annotations

import importlib
import pkgutil

import carbonlabel.adapters.db as db_package
from carbonlabel.adapters.db import metadata
from carbonlabel.adapters.db.base import Base


def test_every_mapped_table_comes_from_a_module_the_metadata_gathers() -> None:
    for info in pkgutil.iter_modules(db_package.__path__, db_package.__name__ + "."):
        if not info.ispkg:  # migrations/ is a package of scripts, not of tables
            importlib.import_module(info.name)
    gathered = {module.__name__ for module in metadata.TABLE_MODULES}
    mapped = {mapper.class_.__module__ for mapper in Base.registry.mappers}
    assert mapped == gathered
    assert metadata.Base.metadata is Base.metadata
    assert {"organisations", "certificates", "partners"} <= set(Base.metadata.tables)
