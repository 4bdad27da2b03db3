"""The pilot's effect evaluation: ``pilot_evaluation_inputs`` (inputs declared with evidence,
every version kept) and ``pilot_evaluation_weights`` (indicator and dimension weights, every
setting kept). New tables: nothing to back-fill.

Revision ID: 0027
Revises: 0026
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def _at(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "pilot_evaluation_inputs",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("pilot_id", sa.String(36), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(64), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("declared_by", sa.String(36), nullable=False),
        _at("declared_at"),
        sa.Column("supersedes", sa.String(36), nullable=True),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("document_name", sa.String(200), nullable=True),
        sa.Column("document_media_type", sa.String(100), nullable=True),
        sa.Column("document_sha256", sa.String(64), nullable=True),
        sa.Column("document", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["pilot_id"], ["pilots.id"],
                                name=op.f("fk_pilot_evaluation_inputs_pilot_id_pilots")),
        sa.ForeignKeyConstraint(["declared_by"], ["users.id"],
                                name=op.f("fk_pilot_evaluation_inputs_declared_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_evaluation_inputs")),
    )
    op.create_index("ix_pilot_evaluation_inputs_pilot_id", "pilot_evaluation_inputs",
                    ["pilot_id"])
    op.create_table(
        "pilot_evaluation_weights",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("pilot_id", sa.String(36), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("weights", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(36), nullable=False),
        _at("set_at"),
        sa.ForeignKeyConstraint(["pilot_id"], ["pilots.id"],
                                name=op.f("fk_pilot_evaluation_weights_pilot_id_pilots")),
        sa.ForeignKeyConstraint(["set_by"], ["users.id"],
                                name=op.f("fk_pilot_evaluation_weights_set_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_evaluation_weights")),
    )
    op.create_index("ix_pilot_evaluation_weights_pilot_id", "pilot_evaluation_weights",
                    ["pilot_id"])


def downgrade() -> None:
    op.drop_index("ix_pilot_evaluation_weights_pilot_id", "pilot_evaluation_weights")
    op.drop_table("pilot_evaluation_weights")
    op.drop_index("ix_pilot_evaluation_inputs_pilot_id", "pilot_evaluation_inputs")
    op.drop_table("pilot_evaluation_inputs")
