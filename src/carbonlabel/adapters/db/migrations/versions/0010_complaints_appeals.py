"""Complaints and appeals (ISO/IEC 17065 §7.13): the ``complaints`` table (one row per complaint
or appeal, with its handling deadlines and the hashed public tracking token) and
``complaint_events`` (each step). New tables: nothing to back-fill.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaints",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("reference", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("body_id", sa.String(36), nullable=False),
        sa.Column("certificate_id", sa.String(36),
                  nullable=True),
        sa.Column("case_id", sa.String(36),
                  nullable=True),
        sa.Column("subject", sa.String(100), nullable=False),
        sa.Column("against", sa.String(20), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("contact_email", sa.String(254), nullable=True),
        sa.Column("appellant_id", sa.String(36),
                  nullable=True),
        sa.Column("lodged_by", sa.String(36), nullable=True),
        sa.Column("tracking_sha256", sa.String(64), nullable=True),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("investigator_id", sa.String(36), nullable=True),
        sa.Column("findings", sa.Text(), nullable=True),
        sa.Column("decider_id", sa.String(36), nullable=True),
        sa.Column("outcome", sa.String(20), nullable=True),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledge_by", sa.Date(), nullable=False),
        sa.Column("decide_by", sa.Date(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
        sa.UniqueConstraint("reference", name=op.f("uq_complaints_reference")),
        sa.UniqueConstraint("tracking_sha256", name=op.f("uq_complaints_tracking_sha256")),
        sa.ForeignKeyConstraint(["body_id"], ["organisations.id"],
                                name=op.f("fk_complaints_body_id_organisations")),
        sa.ForeignKeyConstraint(["certificate_id"], ["certificates.id"],
                                name=op.f("fk_complaints_certificate_id_certificates")),
        sa.ForeignKeyConstraint(["case_id"], ["certification_cases.id"],
                                name=op.f("fk_complaints_case_id_certification_cases")),
        sa.ForeignKeyConstraint(["appellant_id"], ["organisations.id"],
                                name=op.f("fk_complaints_appellant_id_organisations")),
    )
    op.create_index("ix_complaints_body_state", "complaints", ["body_id", "state"])
    op.create_index("ix_complaints_certificate_id", "complaints", ["certificate_id"])
    op.create_index("ix_complaints_appellant_id", "complaints", ["appellant_id"])
    op.create_table(
        "complaint_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("from_state", sa.String(30), nullable=False),
        sa.Column("to_state", sa.String(30), nullable=False),
        sa.Column("actor_id", sa.String(36), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_events")),
        sa.UniqueConstraint("complaint_id", "seq", name=op.f("uq_complaint_events_complaint_id")),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaints.id"],
                                name=op.f("fk_complaint_events_complaint_id_complaints")),
    )
    op.create_index("ix_complaint_events_complaint_id", "complaint_events", ["complaint_id"])


def downgrade() -> None:
    op.drop_index("ix_complaint_events_complaint_id", "complaint_events")
    op.drop_table("complaint_events")
    op.drop_index("ix_complaints_appellant_id", "complaints")
    op.drop_index("ix_complaints_certificate_id", "complaints")
    op.drop_index("ix_complaints_body_state", "complaints")
    op.drop_table("complaints")
