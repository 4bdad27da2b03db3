"""Settings, read once from the environment (prefix ``CARBONLABEL_``) and passed down."""

from __future__ import annotations

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

    @property
    def databases_dir(self) -> Path:
        return self.data_dir / "databases"
