"""Certification-validity spot checks: the ``spot_check_campaigns`` and ``spot_check_items``
tables (a regulator's campaign and one item per drawn certificate, with its result and the
body's disposal). New tables: nothing to back-fill.

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

_C = "spot_check_campaigns"
_I = "spot_check_items"


def upgrade() -> None:
    op.create_table(
        _C,
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("regulator_id", sa.String(36), nullable=False),
        sa.Column("jurisdiction", sa.String(40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("categories", sa.Text(), nullable=False),
        sa.Column("body_ids", sa.Text(), nullable=False),
        sa.Column("selection", sa.Text(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("created_by", sa.String(36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("drawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("candidates", sa.Integer(), nullable=False),
        sa.Column("bodies_in_scope", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["regulator_id"], ["organisations.id"],
                                name=op.f("fk_spot_check_campaigns_regulator_id_organisations")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"],
                                name=op.f("fk_spot_check_campaigns_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spot_check_campaigns")),
    )
    op.create_index("ix_spot_check_campaigns_regulator_id", _C, ["regulator_id"])
    op.create_table(
        _I,
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("campaign_id", sa.String(36), nullable=False),
        sa.Column("certificate_id", sa.String(36), nullable=False),
        sa.Column("certificate_number", sa.String(40), nullable=False),
        sa.Column("body_id", sa.String(36), nullable=False),
        sa.Column("holder_id", sa.String(36), nullable=False),
        sa.Column("holder_region", sa.String(40), nullable=False),
        sa.Column("category", sa.String(100), nullable=False),
        sa.Column("drawn_by", sa.String(10), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("open_alerts", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("inspector_id", sa.String(36), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(36), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("nonconformity_id", sa.String(36), nullable=True),
        sa.Column("act_by", sa.Date(), nullable=True),
        sa.Column("disposal", sa.String(20), nullable=True),
        sa.Column("disposal_note", sa.Text(), nullable=False),
        sa.Column("disposed_by", sa.String(36), nullable=True),
        sa.Column("disposed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("referred", sa.Boolean(), nullable=False),
        sa.Column("referral_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["spot_check_campaigns.id"],
                                name=op.f("fk_spot_check_items_campaign_id_spot_check_campaigns")),
        sa.ForeignKeyConstraint(["certificate_id"], ["certificates.id"],
                                name=op.f("fk_spot_check_items_certificate_id_certificates")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spot_check_items")),
    )
    op.create_index("ix_spot_check_items_campaign_id", _I, ["campaign_id"])
    op.create_index("ix_spot_check_items_certificate_id", _I, ["certificate_id"])
    op.create_index("ix_spot_check_items_body_state", _I, ["body_id", "state"])


def downgrade() -> None:
    op.drop_index("ix_spot_check_items_body_state", _I)
    op.drop_index("ix_spot_check_items_certificate_id", _I)
    op.drop_index("ix_spot_check_items_campaign_id", _I)
    op.drop_table(_I)
    op.drop_index("ix_spot_check_campaigns_regulator_id", _C)
    op.drop_table(_C)
