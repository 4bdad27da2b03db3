"""Scan analytics: what an investigation needs of each scan, labels' print runs, and the
scan rules' watermark.

* ``label_scans`` gains the certificate number claimed, the failure reason of a not-genuine
  verdict (a fixed vocabulary), the coarse region and its source (``address``: the client
  address's table entry; ``shared``: chosen by the person) and the keyed hash of the client
  address (never the address). All nullable: earlier rows stay as they are (nothing was known
  of them). Index on ``region`` for the regulators' reads and on ``claimed_number``.
* ``labels`` gains an optional print-run serial, printed quantity and declared sales regions
  (comma-separated region codes). Earlier labels have none (the rules that need them skip
  them).
* ``scan_analysis_runs``: one row per run of the scan rules; the last row's ``last_scan_id``
  is the watermark of the next run.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

_SCANS = "label_scans"


def upgrade() -> None:
    with op.batch_alter_table(_SCANS, schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_number", sa.String(64), nullable=True))
        batch_op.add_column(sa.Column("failure", sa.String(20), nullable=True))
        batch_op.add_column(sa.Column("region", sa.String(40), nullable=True))
        batch_op.add_column(sa.Column("region_source", sa.String(10), nullable=True))
        batch_op.add_column(sa.Column("client", sa.String(32), nullable=True))
        batch_op.create_index("ix_label_scans_region", ["region"], unique=False)
        batch_op.create_index("ix_label_scans_claimed_number", ["claimed_number"], unique=False)
    with op.batch_alter_table("labels", schema=None) as batch_op:
        batch_op.add_column(sa.Column("print_run", sa.String(40), nullable=True))
        batch_op.add_column(sa.Column("printed_quantity", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("sales_regions", sa.Text(), nullable=True))
    op.create_table(
        "scan_analysis_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_scan_id", sa.Integer(), nullable=False),
        sa.Column("scans", sa.Integer(), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.Column("raised", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scan_analysis_runs")),
    )


def downgrade() -> None:
    op.drop_table("scan_analysis_runs")
    with op.batch_alter_table("labels", schema=None) as batch_op:
        batch_op.drop_column("sales_regions")
        batch_op.drop_column("printed_quantity")
        batch_op.drop_column("print_run")
    with op.batch_alter_table(_SCANS, schema=None) as batch_op:
        batch_op.drop_index("ix_label_scans_claimed_number")
        batch_op.drop_index("ix_label_scans_region")
        batch_op.drop_column("client")
        batch_op.drop_column("region_source")
        batch_op.drop_column("region")
        batch_op.drop_column("failure")
        batch_op.drop_column("claimed_number")
