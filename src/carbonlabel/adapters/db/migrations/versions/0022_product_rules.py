"""Product rules as versioned records: the ``product_rules`` table (one row per release,
unique code and version, content JSON and its sha256; rows are never updated), seeded with the
bundled releases, and the release a footprint and a certificate rest on
(``product_rule_release``, code@version#sha256; NULL for older rows, which stay readable).

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from carbonlabel.adapters.product_rules import bundled_rules
from carbonlabel.domain.product_rules.content import content_hash, to_content

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

_T = "product_rules"


def upgrade() -> None:
    table = op.create_table(
        _T,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("version", sa.String(20), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("released_at", sa.Date(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_rules")),
        sa.UniqueConstraint("code", "version", name=op.f("uq_product_rules_code")),
    )
    now = datetime.now(UTC)
    rows = []
    for rule in bundled_rules():
        content = to_content(rule)
        rows.append({"code": rule.code, "version": rule.version,
                     "content": json.dumps(content, ensure_ascii=False, sort_keys=True,
                                           separators=(",", ":")),
                     "hash": content_hash(content), "released_at": rule.released_on,
                     "stored_at": now})
    op.bulk_insert(table, rows)
    for name in ("footprints", "certificates"):
        op.add_column(name, sa.Column("product_rule_release", sa.String(150), nullable=True))


def downgrade() -> None:
    for name in ("certificates", "footprints"):  # in place (as 0007, 0014): no table copy
        op.drop_column(name, "product_rule_release")
    op.drop_table(_T)
