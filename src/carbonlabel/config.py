"""Settings, read once from the environment (prefix ``CARBONLABEL_``) and passed down."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("carbonlabel", appauthor=False))


def make_private_dir(folder: Path) -> None:
    """Create a folder for data or keys, open to its owner only (0700, whatever the umask).

    A folder that exists already keeps the mode its operator gave it."""
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)


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
    data_key: str | None = Field(
        default=None, description="base64 AES-256 key encrypting confidential data at rest; "
                                  "default: keys kept in <data dir>/data-keys/")
    audit_key: str | None = Field(
        default=None, description="base64 HMAC key (32 bytes) chaining the audit log; "
                                  "default: a key kept in <data dir>/audit-keys/audit.key")
    public_url: str | None = Field(
        default=None, description="the platform's public base URL (https://...), used in "
                                  "label QR codes, registry and PACT links; required outside "
                                  "development (docs/platform.md)")
    pact_allow_http: bool = Field(
        default=False, description="serve the PACT API over plain HTTP too (development "
                                   "behind a TLS proxy only; the spec requires HTTPS)")
    pact_ca_bundle: Path | None = Field(
        default=None, description="CA bundle (PEM) trusted for partners' PACT hosts besides "
                                  "the system's (a partner with a private CA)")
    allow_private_outbound: bool = Field(
        default=False, description="let outbound calls (PACT partners, event delivery) go to "
                                   "loopback, private and link-local addresses (development, "
                                   "the demo and tests only)")
    allowed_hosts: list[str] = Field(
        default_factory=list, description="Host header values served besides public_url's "
                                          "host (e.g. an internal name of the same platform)")
    scan_regions_file: Path | None = Field(
        default=None, description="a text file of 'CIDR REGION' lines (203.0.113.0/24 "
                                  "CN-GD-440300): the coarse region of a scan from its client "
                                  "address; none: scans have a region only when the person "
                                  "shares one (docs/supervision.md)")
    job_processes: bool = Field(default=True, description="run jobs in a process pool")
    job_workers: int = Field(default=2, ge=1)

    @property
    def databases_dir(self) -> Path:
        return self.data_dir / "databases"

    @property
    def label_keys_dir(self) -> Path:
        """The Ed25519 keys that sign labels (adapters/label_keys.py); the newest signs."""
        return self.data_dir / "label-keys"

    @property
    def data_keys_dir(self) -> Path:
        """AES-GCM keys encrypting confidential data at rest (adapters/data_keys.py)."""
        return self.data_dir / "data-keys"

    @property
    def audit_keys_dir(self) -> Path:
        """The HMAC key chaining the audit log (adapters/audit_key.py)."""
        return self.data_dir / "audit-keys"

    @property
    def pact_keys_dir(self) -> Path:
        """The RSA keys signing the PACT host's access tokens (published as JWKS)."""
        return self.data_dir / "pact-keys"

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        make_private_dir(self.data_dir)
        return f"sqlite:///{self.data_dir / 'carbonlabel.db'}"

    def resolved_secret_key(self) -> str:
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret.key"
        if not path.is_file():
            make_private_dir(self.data_dir)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        return path.read_text(encoding="utf-8").strip()
