"""Open the background databases a model names: synthlci folders, inventory files, or
databases imported into the store (linked with allocation as in the data)."""

from __future__ import annotations

from pathlib import Path

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.adapters.formats.databases import READERS
from carbonlabel.adapters.formats.lci_formats import LciFormat, read_inventory
from carbonlabel.adapters.inventory_store import InventoryStore
from carbonlabel.calc.database import LciDatabase
from carbonlabel.calc.inventory.link import link_inventory
from carbonlabel.calc.model.background import DatabaseLoader
from carbonlabel.domain.inventory import AllocationOption
from carbonlabel.domain.model import DatabaseRef
from carbonlabel.errors import DataFormatError

#: Formats a model's ``databases`` entry may name, besides ``imported`` (a stored database).
FILE_FORMATS = {"olca-jsonld": LciFormat.OLCA_JSONLD, "ecospold2": LciFormat.ECOSPOLD2,
                "ecospold1": LciFormat.ECOSPOLD1}


def database_loader(base: Path, store: InventoryStore) -> DatabaseLoader:
    """A loader resolving paths relative to ``base`` (the model file's folder)."""

    def load(ref: DatabaseRef) -> LciDatabase:
        if ref.format == "imported":
            source = store.load(ref.path)
        else:
            path = Path(ref.path)
            if not path.is_absolute():
                path = base / path
            if not path.exists():
                raise DataFormatError(field="databases", message_en=f"{path} does not exist",
                                      message_zh=f"{path} 不存在")
            if ref.format in READERS:
                return READERS[ref.format](path, ref.name)
            source = read_inventory(path, FILE_FORMATS[ref.format], ref.name)
        # the GWP set does not matter here: models read the GHG rows by gas, not by score
        linked = link_inventory(source, AllocationOption.DATA, load_gwp_set("AR6"))
        return linked.database

    return load
