"""Procurement criteria (低碳采购准则): the ``procurement_criteria`` table, one row per
criterion a procurement agency published, withdrawn ones kept. A new table: nothing to
back-fill.

Revision ID: 0024
Revises: 0022
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0022"
branch_labels = None
depends_on = None

_T = "procurement_criteria"


def upgrade() -> None:
    op.create_table(
        _T,
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("agency_id", sa.String(36), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("product_rule", sa.String(150), nullable=False),
        sa.Column("declared_unit", sa.String(200), nullable=False),
        sa.Column("boundary", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("published_by", sa.String(36), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by", sa.String(36), nullable=True),
        sa.Column("withdrawal_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["organisations.id"],
                                name=op.f("fk_procurement_criteria_agency_id_organisations")),
        sa.ForeignKeyConstraint(["published_by"], ["users.id"],
                                name=op.f("fk_procurement_criteria_published_by_users")),
        sa.ForeignKeyConstraint(["withdrawn_by"], ["users.id"],
                                name=op.f("fk_procurement_criteria_withdrawn_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procurement_criteria")),
    )
    op.create_index("ix_procurement_criteria_agency_id", _T, ["agency_id"])
    op.create_index("ix_procurement_criteria_product_rule", _T, ["product_rule"])


def downgrade() -> None:
    op.drop_index("ix_procurement_criteria_product_rule", _T)
    op.drop_index("ix_procurement_criteria_agency_id", _T)
    op.drop_table(_T)
