"""Green-finance evidence: ``evidence_grants`` (a holder grants a bank access to a certificate;
revocable, optionally expiring) and ``evidence_accesses`` (every access a bank made under a
grant, served or refused).

Revision ID: 0026
Revises: 0025
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_grants",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("certificate_id", sa.String(36), nullable=False),
        sa.Column("holder_id", sa.String(36), nullable=False),
        sa.Column("bank_id", sa.String(36), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("reference", sa.String(120), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("granted_by", sa.String(36), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_by", sa.String(36), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["certificate_id"], ["certificates.id"],
                                name=op.f("fk_evidence_grants_certificate_id_certificates")),
        sa.ForeignKeyConstraint(["holder_id"], ["organisations.id"],
                                name=op.f("fk_evidence_grants_holder_id_organisations")),
        sa.ForeignKeyConstraint(["bank_id"], ["organisations.id"],
                                name=op.f("fk_evidence_grants_bank_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_grants")),
    )
    for column in ("certificate_id", "holder_id", "bank_id"):
        op.create_index(op.f(f"ix_evidence_grants_{column}"), "evidence_grants", [column])
    op.create_table(
        "evidence_accesses",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("grant_id", sa.String(36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("organisation_id", sa.String(36), nullable=False),
        sa.Column("what", sa.String(20), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["grant_id"], ["evidence_grants.id"],
                                name=op.f("fk_evidence_accesses_grant_id_evidence_grants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_accesses")),
    )
    op.create_index(op.f("ix_evidence_accesses_grant_id"), "evidence_accesses", ["grant_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_evidence_accesses_grant_id"), table_name="evidence_accesses")
    op.drop_table("evidence_accesses")
    for column in ("bank_id", "holder_id", "certificate_id"):
        op.drop_index(op.f(f"ix_evidence_grants_{column}"), table_name="evidence_grants")
    op.drop_table("evidence_grants")
