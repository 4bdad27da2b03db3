"""Public false-label reports and supervision cases: ``supervision_reports``,
``supervision_cases``, ``supervision_case_steps`` (each step of a case) and
``supervision_files`` (a report's photo, a case's evidence). New tables: nothing to back-fill.

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "supervision_reports",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("reference", sa.String(20), nullable=False),
        sa.Column("claimed_number", sa.String(64), nullable=False),
        sa.Column("certificate_id", sa.String(36), nullable=True),
        sa.Column("holder_region", sa.String(40), nullable=True),
        sa.Column("printed_value", sa.String(30), nullable=True),
        sa.Column("printed_unit", sa.String(30), nullable=True),
        sa.Column("region", sa.String(40), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(254), nullable=True),
        sa.Column("photo_id", sa.String(36), nullable=True),
        sa.Column("alert_id", sa.String(36), nullable=True),
        sa.Column("client_sha256", sa.String(64), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_reports")),
        sa.UniqueConstraint("reference", name=op.f("uq_supervision_reports_reference")),
    )
    op.create_index("ix_supervision_reports_claimed_number", "supervision_reports",
                    ["claimed_number"])
    op.create_index("ix_supervision_reports_client", "supervision_reports",
                    ["client_sha256", "received_at"])
    op.create_table(
        "supervision_cases",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("reference", sa.String(20), nullable=False),
        sa.Column("regulator_id", sa.String(36), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("alert_id", sa.String(36), nullable=True),
        sa.Column("report_id", sa.String(36), nullable=True),
        sa.Column("claimed_number", sa.String(64), nullable=True),
        sa.Column("certificate_id", sa.String(36), nullable=True),
        sa.Column("holder_region", sa.String(40), nullable=True),
        sa.Column("seen_region", sa.String(40), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("assignee_id", sa.String(36), nullable=True),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("conclusion", sa.String(20), nullable=True),
        sa.Column("escalated_to", sa.String(20), nullable=True),
        sa.Column("escalation_reference", sa.String(100), nullable=True),
        sa.Column("opened_by", sa.String(36), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assign_by", sa.Date(), nullable=False),
        sa.Column("conclude_by", sa.Date(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_cases")),
        sa.UniqueConstraint("reference", name=op.f("uq_supervision_cases_reference")),
        sa.ForeignKeyConstraint(["regulator_id"], ["organisations.id"],
                                name=op.f("fk_supervision_cases_regulator_id_organisations")),
        sa.ForeignKeyConstraint(["opened_by"], ["users.id"],
                                name=op.f("fk_supervision_cases_opened_by_users")),
    )
    op.create_index("ix_supervision_cases_regulator_state", "supervision_cases",
                    ["regulator_id", "state"])
    op.create_index("ix_supervision_cases_alert_id", "supervision_cases", ["alert_id"])
    op.create_index("ix_supervision_cases_report_id", "supervision_cases", ["report_id"])
    op.create_index("ix_supervision_cases_assignee_id", "supervision_cases", ["assignee_id"])
    op.create_table(
        "supervision_case_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("from_state", sa.String(20), nullable=False),
        sa.Column("to_state", sa.String(20), nullable=False),
        sa.Column("actor_id", sa.String(36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_case_steps")),
        sa.UniqueConstraint("case_id", "seq", name=op.f("uq_supervision_case_steps_case_id")),
        sa.ForeignKeyConstraint(["case_id"], ["supervision_cases.id"],
                                name=op.f("fk_supervision_case_steps_case_id_supervision_cases")),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"],
                                name=op.f("fk_supervision_case_steps_actor_id_users")),
    )
    op.create_index("ix_supervision_case_steps_case_id", "supervision_case_steps", ["case_id"])
    op.create_table(
        "supervision_files",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("owner", sa.String(10), nullable=False),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(36), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_files")),
    )
    op.create_index("ix_supervision_files_owner", "supervision_files", ["owner", "owner_id"])


def downgrade() -> None:
    op.drop_index("ix_supervision_files_owner", "supervision_files")
    op.drop_table("supervision_files")
    op.drop_index("ix_supervision_case_steps_case_id", "supervision_case_steps")
    op.drop_table("supervision_case_steps")
    for name in ("assignee_id", "report_id", "alert_id"):
        op.drop_index(f"ix_supervision_cases_{name}", "supervision_cases")
    op.drop_index("ix_supervision_cases_regulator_state", "supervision_cases")
    op.drop_table("supervision_cases")
    op.drop_index("ix_supervision_reports_client", "supervision_reports")
    op.drop_index("ix_supervision_reports_claimed_number", "supervision_reports")
    op.drop_table("supervision_reports")
