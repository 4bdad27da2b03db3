"""Settings, read once from the environment (prefix ``CARBONLABEL_``) and passed down."""

from __future__ import annotations

import secrets
from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("carbonlabel", appauthor=False))


class Settings(BaseSettings):
    """Where carbonlabel keeps its data; every value has a working default."""

    model_config = SettingsConfigDict(env_prefix="CARBONLABEL_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir,
                           description="imported databases and (later) the platform database")

    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite in the data directory; "
                                  "postgresql://... uses psycopg 3")
    secret_key: str | None = Field(
        default=None, description="signs browser sessions; default: a random key kept in "
                                  "<data dir>/secret.key")
    job_processes: bool = Field(default=True, description="run jobs in a process pool")
    job_workers: int = Field(default=2, ge=1)

    @property
    def databases_dir(self) -> Path:
        return self.data_dir / "databases"

    @property
    def label_keys_dir(self) -> Path:
        """The Ed25519 keys that sign labels (adapters/label_keys.py); the newest signs."""
        return self.data_dir / "label-keys"

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / 'carbonlabel.db'}"

    def resolved_secret_key(self) -> str:
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret.key"
        if not path.is_file():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        return path.read_text(encoding="utf-8").strip()
