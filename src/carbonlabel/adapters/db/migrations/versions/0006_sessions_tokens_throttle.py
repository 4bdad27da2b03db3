"""Sessions kept on the server, API tokens that expire, sign-in back-off, a keyed audit head.

- ``user_sessions``: one row per signed-in browser session (the cookie holds its secret, the
  row its SHA-256), so that sign-out, a password change and "sign out everywhere" end it.
- ``api_tokens``: ``expires_at``, ``last_used_at``, ``revoked_at``. Tokens made before this
  step had no expiry; they get one 90 days from the upgrade, so that none lives for ever and
  none stops working the moment the platform is upgraded.
- ``sign_in_failures``: failed sign-ins per account, address and PACT client.
- ``audit_head``: ``keyed_from`` (the first record chained with the audit key) and ``mac``.

Columns are added in place (see 0005 for why tables are not rebuilt on SQLite).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
#: the expiry given to the tokens that had none (counted from the upgrade)
LEGACY_TOKEN_DAYS = 90

_tokens = sa.table("api_tokens", sa.column("id", sa.String()),
                   sa.column("expires_at", TS))


def upgrade() -> None:
    op.create_table(
        "user_sessions",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_seen_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("revoked_at", TS, nullable=True),
        sa.Column("revoked_reason", sa.String(40), nullable=True),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("user_agent", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name="fk_user_sessions_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_user_sessions"),
        sa.UniqueConstraint("secret_hash", name="uq_user_sessions_secret_hash"),
    )
    op.create_index("ix_user_sessions_user_id", "user_sessions", ["user_id"])
    op.create_table(
        "sign_in_failures",
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_failure_at", TS, nullable=False),
        sa.Column("last_failure_at", TS, nullable=False),
        sa.Column("locked_until", TS, nullable=True),
        sa.PrimaryKeyConstraint("key", name="pk_sign_in_failures"),
    )
    for name in ("expires_at", "last_used_at", "revoked_at"):
        op.add_column("api_tokens", sa.Column(name, TS, nullable=True))
    op.get_bind().execute(_tokens.update().values(
        expires_at=datetime.now(UTC) + timedelta(days=LEGACY_TOKEN_DAYS)))
    op.add_column("audit_head", sa.Column("keyed_from", sa.Integer(), nullable=True))
    op.add_column("audit_head", sa.Column("mac", sa.String(64), nullable=True))


def downgrade() -> None:
    op.drop_column("audit_head", "mac")
    op.drop_column("audit_head", "keyed_from")
    for name in ("revoked_at", "last_used_at", "expires_at"):
        op.drop_column("api_tokens", name)
    op.drop_table("sign_in_failures")
    op.drop_index("ix_user_sessions_user_id", table_name="user_sessions")
    op.drop_table("user_sessions")
