"""Transfer of certificates between certification bodies: the ``certificate_transfers`` table
(one row per request, its pre-transfer review as a JSON checklist, its outcome). A new table:
nothing to back-fill (no certificate was ever transferred before).

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_T = "certificate_transfers"


def upgrade() -> None:
    op.create_table(
        _T,
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("certificate_id", sa.String(36), nullable=False),
        sa.Column("holder_id", sa.String(36), nullable=False),
        sa.Column("from_body_id", sa.String(36), nullable=False),
        sa.Column("to_body_id", sa.String(36), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("requested_by", sa.String(36), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("checklist", sa.Text(), nullable=False),
        sa.Column("reviewed_by", sa.String(36), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(36), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_transfers")),
        sa.ForeignKeyConstraint(["certificate_id"], ["certificates.id"],
                                name=op.f("fk_certificate_transfers_certificate_id_certificates")),
        sa.ForeignKeyConstraint(["holder_id"], ["organisations.id"],
                                name=op.f("fk_certificate_transfers_holder_id_organisations")),
        sa.ForeignKeyConstraint(["from_body_id"], ["organisations.id"],
                                name=op.f("fk_certificate_transfers_from_body_id_organisations")),
        sa.ForeignKeyConstraint(["to_body_id"], ["organisations.id"],
                                name=op.f("fk_certificate_transfers_to_body_id_organisations")),
    )
    op.create_index("ix_certificate_transfers_certificate_id", _T, ["certificate_id"])
    op.create_index("ix_certificate_transfers_to_state", _T, ["to_body_id", "state"])


def downgrade() -> None:
    op.drop_index("ix_certificate_transfers_to_state", _T)
    op.drop_index("ix_certificate_transfers_certificate_id", _T)
    op.drop_table(_T)
