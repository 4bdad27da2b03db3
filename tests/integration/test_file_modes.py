"""Attack 9 of issue 12: the SQLite file was created 0644 (readable by every local user)
under a umask of 022. Files holding data or keys are created 0600 and their folders 0700,
whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from carbonlabel.adapters.data_keys import DataKeys
from carbonlabel.adapters.db.engine import platform_engine
from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.config import Settings


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the common default: new files 0644, folders 0755
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_sqlite_file_and_key_folders_are_private(tmp_path: Path, open_umask: None) -> None:
    settings = Settings(data_dir=tmp_path / "data", secret_key=None, database_url=None)
    engine = platform_engine(settings)
    try:
        with engine.connect() as conn:  # WAL mode: the -wal and -shm files exist while open
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
            database = settings.data_dir / "carbonlabel.db"
            files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
            for path in files:
                assert path.exists(), path.name
                assert mode(path) == 0o600, f"{path.name}: {oct(mode(path))}"
    finally:
        engine.dispose()
    LabelKeys(settings.label_keys_dir).rotate()
    DataKeys(settings.data_keys_dir).new_key()
    settings.resolved_secret_key()
    assert mode(settings.data_dir) == 0o700
    for folder in (settings.label_keys_dir, settings.data_keys_dir):
        assert mode(folder) == 0o700, folder.name
        for key in folder.iterdir():
            assert mode(key) == 0o600, key.name
    assert mode(settings.data_dir / "secret.key") == 0o600


def test_pact_key_and_imported_database_folders_are_private(tmp_path: Path,
                                                            open_umask: None) -> None:
    from carbonlabel.adapters.inventory_store import InventoryStore
    from carbonlabel.adapters.pact_tokens import PactTokenKeys
    from carbonlabel.services.quantify.inventory_import import import_inventory
    from tests.unit.formats.test_ecospold1_reader import ds1, es1, ex

    settings = Settings(data_dir=tmp_path / "data", secret_key=None, database_url=None)
    assert PactTokenKeys(settings.pact_keys_dir).private_key is not None
    path = tmp_path / "db.xml"
    path.write_text(es1(ds1(1, "Widget, at plant", "kg",
                            ex(1, "Widget, at plant", 1, "kg", "out0"))), encoding="utf-8")
    import_inventory(path, InventoryStore(settings.databases_dir), name="widgets")
    for folder in (settings.pact_keys_dir, settings.databases_dir):
        assert mode(folder) == 0o700, folder.name
    for key in settings.pact_keys_dir.iterdir():
        assert mode(key) == 0o600, key.name
