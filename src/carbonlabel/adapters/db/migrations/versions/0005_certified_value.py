"""The certified value: fixed on the certificate when it is granted (a decimal string and its
unit), so that every channel shows the same characters. Existing certificates are back-filled
from their footprint's total with the same rule (four significant figures, ties to even).

The columns are added in place (``ALTER TABLE ... ADD COLUMN``), not by rebuilding the table:
on SQLite a rebuild drops ``certificates``, which the labels, status changes and surveillance
checks reference, and ``PRAGMA foreign_keys=ON`` refuses that. A NOT NULL column added in
place needs a default; PostgreSQL drops it after the back-fill, SQLite keeps the unused ''
(its ALTER TABLE cannot drop a default). The downgrade drops the columns in place too.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from carbonlabel.domain.certification.registry import certified_value, label_unit

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_certificates = sa.table("certificates", sa.column("id", sa.String()),
                         sa.column("declared_unit", sa.String()),
                         sa.column("value_co2e_kg", sa.Float()),
                         sa.column("certified_value", sa.String()),
                         sa.column("certified_unit", sa.String()))
_COLUMNS = (("certified_value", 40), ("certified_unit", 250))


def upgrade() -> None:
    for name, length in _COLUMNS:
        op.add_column("certificates", sa.Column(name, sa.String(length=length), nullable=False,
                                                server_default=""))
    conn = op.get_bind()
    # a certificate's value_co2e_kg is its footprint's total, copied at the grant
    rows = conn.execute(sa.select(_certificates.c.id, _certificates.c.declared_unit,
                                  _certificates.c.value_co2e_kg)).all()
    for row in rows:
        conn.execute(_certificates.update().where(_certificates.c.id == row.id).values(
            certified_value=certified_value(float(row.value_co2e_kg)),
            certified_unit=label_unit(row.declared_unit)))
    if conn.dialect.name != "sqlite":
        for name, length in _COLUMNS:
            op.alter_column("certificates", name, existing_type=sa.String(length=length),
                            existing_nullable=False, server_default=None)


def downgrade() -> None:
    for name, _ in reversed(_COLUMNS):
        op.drop_column("certificates", name)
