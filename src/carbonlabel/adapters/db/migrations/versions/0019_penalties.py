"""Administrative penalty records for the credit publicity system (双公示): the
``penalty_records`` table. A new table: nothing to back-fill.

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

_T = "penalty_records"


def _text(name: str, length: int | None = None) -> sa.Column[str]:
    return sa.Column(name, sa.String(length) if length else sa.Text(), nullable=False)


def upgrade() -> None:
    op.create_table(
        _T,
        sa.Column("id", sa.String(36), nullable=False),
        _text("regulator_id", 36),
        _text("state", 20),
        _text("party_name", 200),
        _text("party_kind", 30),
        _text("party_region", 40),
        _text("credit_code", 18),
        _text("registration_number", 50),
        _text("organisation_code", 50),
        _text("tax_number", 50),
        _text("institution_number", 50),
        _text("social_org_number", 50),
        _text("legal_representative", 100),
        _text("id_type", 50),
        _text("id_number"),  # encrypted at rest (EncryptedText)
        _text("decision_number", 128),
        _text("violation", 40),
        _text("facts"),
        _text("legal_basis"),
        _text("classes", 300),
        _text("content"),
        sa.Column("fine", sa.String(32), nullable=True),
        sa.Column("confiscated", sa.String(32), nullable=True),
        _text("licence"),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        _text("note"),
        _text("publicity_class", 20),
        sa.Column("restriction_end", sa.Date(), nullable=True),
        sa.Column("law_requires_publicity", sa.Boolean(), nullable=False),
        _text("case_id", 64),
        _text("certificate_number", 64),
        _text("alert_id", 64),
        _text("authority", 200),
        _text("authority_code", 18),
        _text("recorded_by", 36),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _text("edited_by", 36),
        sa.Column("reviewed_by", sa.String(36), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("publicity_start", sa.Date(), nullable=True),
        sa.Column("publicity_end", sa.Date(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        _text("closing_note"),
        _text("redactions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_penalty_records")),
        sa.UniqueConstraint("regulator_id", "decision_number",
                            name=op.f("uq_penalty_records_regulator_id")),
        sa.ForeignKeyConstraint(["regulator_id"], ["organisations.id"],
                                name=op.f("fk_penalty_records_regulator_id_organisations")),
    )
    op.create_index("ix_penalty_records_party_region", _T, ["party_region"])
    op.create_index("ix_penalty_records_credit_code", _T, ["credit_code"])
    op.create_index("ix_penalty_records_state_publicity", _T, ["state", "publicity_end"])


def downgrade() -> None:
    op.drop_index("ix_penalty_records_state_publicity", _T)
    op.drop_index("ix_penalty_records_credit_code", _T)
    op.drop_index("ix_penalty_records_party_region", _T)
    op.drop_table(_T)
