"""The certified value: fixed on the certificate when it is granted (a decimal string and its
unit), so that every channel shows the same characters. Existing certificates are back-filled
from their footprint's total with the same rule (four significant figures, ties to even).

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


def upgrade() -> None:
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("certified_value", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("certified_unit", sa.String(length=250), nullable=True))
    conn = op.get_bind()
    # the certificate's value_co2e_kg is its footprint's total, copied at the grant
    rows = conn.execute(sa.select(_certificates.c.id, _certificates.c.declared_unit,
                                  _certificates.c.value_co2e_kg)).all()
    for row in rows:
        conn.execute(_certificates.update().where(_certificates.c.id == row.id).values(
            certified_value=certified_value(float(row.value_co2e_kg)),
            certified_unit=label_unit(row.declared_unit)))
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.alter_column("certified_value", existing_type=sa.String(length=40),
                              nullable=False)
        batch_op.alter_column("certified_unit", existing_type=sa.String(length=250),
                              nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_column("certified_unit")
        batch_op.drop_column("certified_value")
