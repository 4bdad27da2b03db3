"""The certificate's revision (ISO/IEC 17065 §7.7; 17021-1 practice): 0 at the grant, one more
per re-issue, printed as the number's suffix ``-R1`` .... Existing certificates were never
re-issued: they get 0 (no suffix). Their stored expiry is kept as it was granted (no
back-fill to the calendar-year rule of new grants).

Added in place (``ALTER TABLE ... ADD COLUMN``) with a server default of 0, as 0005 explains
for SQLite. The default stays on both back ends (the table declares it too): a row written
without the column (a bulk load, an older writer) is a first issue, revision 0.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("certificates", sa.Column("revision", sa.Integer(), nullable=False,
                                            server_default="0"))


def downgrade() -> None:
    op.drop_column("certificates", "revision")
