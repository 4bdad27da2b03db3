"""The reference period on the footprint: the model's first and last day, kept beside the result
so that PACT no longer parses the model text to find it.

Existing footprints are back-filled by the rule the PACT host used until now: the ``period``
in the stored result when the result carries one (results stored since the period was
reported), else the ``period`` of the model version's text; left empty when neither names two
dates. Both texts are encrypted at rest: the back-fill reads them through the engine's data
key, as the repositories do.

Columns are added in place (see 0005 for why tables are not rebuilt on SQLite).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa
from alembic import op

from carbonlabel.adapters.db.encrypted import EncryptedText
from carbonlabel.adapters.formats.model_file import parse_document
from carbonlabel.domain.records import reference_period_of
from carbonlabel.errors import CarbonlabelError

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_COLUMNS = ("reference_period_start", "reference_period_end")
_footprints = sa.table("footprints", sa.column("id", sa.String()),
                       sa.column("model_version_id", sa.String()),
                       sa.column("result_json", EncryptedText("footprints.result_json")),
                       *(sa.column(name, sa.Date()) for name in _COLUMNS))
_versions = sa.table("model_versions", sa.column("id", sa.String()),
                     sa.column("format", sa.String()),
                     sa.column("content", EncryptedText("model_versions.content")))


def _from_result(text: str) -> tuple[bool, tuple[date, date] | None]:
    """(whether the stored result carries a period, the period it gives)."""
    try:
        body = json.loads(text)
    except ValueError:
        return False, None
    period = body.get("period") if isinstance(body, dict) else None
    return isinstance(period, dict), reference_period_of(period)


def _from_model(content: str, fmt: str) -> tuple[date, date] | None:
    try:
        doc, _ = parse_document(content, f"model.{fmt}")
    except CarbonlabelError:
        return None
    return reference_period_of(doc.get("period") if isinstance(doc, dict) else None)


def upgrade() -> None:
    for name in _COLUMNS:
        op.add_column("footprints", sa.Column(name, sa.Date(), nullable=True))
    conn = op.get_bind()
    models: dict[str, tuple[date, date] | None] = {}  # by version: versions never change
    rows = conn.execute(sa.select(_footprints.c.id, _footprints.c.model_version_id,
                                  _footprints.c.result_json)).all()
    for row in rows:
        carried, period = _from_result(row.result_json)
        if not carried:
            if row.model_version_id not in models:
                version = conn.execute(sa.select(_versions.c.format, _versions.c.content).where(
                    _versions.c.id == row.model_version_id)).first()
                models[row.model_version_id] = (
                    _from_model(version.content, version.format) if version else None)
            period = models[row.model_version_id]
        if period is not None:
            conn.execute(_footprints.update().where(_footprints.c.id == row.id).values(
                reference_period_start=period[0], reference_period_end=period[1]))


def downgrade() -> None:
    for name in reversed(_COLUMNS):
        op.drop_column("footprints", name)
