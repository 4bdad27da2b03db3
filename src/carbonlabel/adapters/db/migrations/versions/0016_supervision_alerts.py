"""Market supervision's alerts: the ``supervision_alerts`` table (one row per finding of the
scan rules or a public report, unique by its de-duplication key). A new table: nothing to
back-fill.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_T = "supervision_alerts"


def upgrade() -> None:
    op.create_table(
        _T,
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("rule", sa.String(40), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("dedup_key", sa.String(200), nullable=False),
        sa.Column("claimed_number", sa.String(64), nullable=True),
        sa.Column("certificate_id", sa.String(36), nullable=True),
        sa.Column("label_id", sa.String(36), nullable=True),
        sa.Column("holder_region", sa.String(40), nullable=True),
        sa.Column("seen_region", sa.String(40), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("case_id", sa.String(36), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_alerts")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_supervision_alerts_dedup_key")),
    )
    op.create_index("ix_supervision_alerts_claimed_number", _T, ["claimed_number"])
    op.create_index("ix_supervision_alerts_certificate_id", _T, ["certificate_id"])
    op.create_index("ix_supervision_alerts_state_raised", _T, ["state", "raised_at"])


def downgrade() -> None:
    op.drop_index("ix_supervision_alerts_state_raised", _T)
    op.drop_index("ix_supervision_alerts_certificate_id", _T)
    op.drop_index("ix_supervision_alerts_claimed_number", _T)
    op.drop_table(_T)
