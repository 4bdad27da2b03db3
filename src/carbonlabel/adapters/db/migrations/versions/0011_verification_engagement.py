"""The verification engagement of a certification case (ISO 14064-3 practice): the engagement
with its level of assurance, materiality, criteria, risk assessment, plan and its approval,
the sample's seed, the independent review, the opinion and facts discovered after it; and
the sampled inventory lines with the evidence found for each.

Two new tables; nothing existing changes, so there is nothing to back-fill: a case begun
before this revision has no engagement until its team sets one up.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_AT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "verification_engagements",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("materiality", sa.Float(), nullable=False),
        sa.Column("objectives", sa.Text(), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("intended_users", sa.Text(), nullable=False),
        sa.Column("risks", sa.JSON(), nullable=False),
        sa.Column("activities", sa.Text(), nullable=False),
        sa.Column("sample_size", sa.Integer(), nullable=True),
        sa.Column("approved_by", sa.String(length=36), nullable=True),
        sa.Column("approved_at", _AT, nullable=True),
        sa.Column("sample_seed", sa.Integer(), nullable=True),
        sa.Column("reviewer_id", sa.String(length=36), nullable=True),
        sa.Column("review_agreed", sa.Boolean(), nullable=True),
        sa.Column("review_comment", sa.Text(), nullable=True),
        sa.Column("reviewed_at", _AT, nullable=True),
        sa.Column("opinion", sa.String(length=20), nullable=True),
        sa.Column("opinion_statement", sa.Text(), nullable=True),
        sa.Column("opinion_by", sa.String(length=36), nullable=True),
        sa.Column("opinion_at", _AT, nullable=True),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", _AT, nullable=False),
        sa.Column("later_facts", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["certification_cases.id"],
            name=op.f("fk_verification_engagements_case_id_certification_cases")),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"],
            name=op.f("fk_verification_engagements_created_by_users")),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_verification_engagements")),
    )
    op.create_table(
        "verification_samples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),  # encrypted at rest (EncryptedText)
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("co2e_kg", sa.Float(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("model_value", sa.Float(), nullable=True),
        sa.Column("found_value", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        sa.Column("recorded_at", _AT, nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["verification_engagements.case_id"],
            name=op.f("fk_verification_samples_case_id_verification_engagements")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_samples")),
        sa.UniqueConstraint("case_id", "seq", name=op.f("uq_verification_samples_case_id")),
    )
    with op.batch_alter_table("verification_samples", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verification_samples_case_id"), ["case_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("verification_samples", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verification_samples_case_id"))
    op.drop_table("verification_samples")
    op.drop_table("verification_engagements")
