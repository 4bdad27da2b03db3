"""Pilots (试点): the ``pilots`` table, their participants (a chain segment each), the figures
regulators declare and their evidence documents, the work plan's tasks and the responsible
units' progress reports. New tables: nothing to back-fill.

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def _at(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "pilots",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("region", sa.String(40), nullable=False),
        sa.Column("category", sa.String(10), nullable=False),
        sa.Column("regulator_id", sa.String(36), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("goals", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(36), nullable=False),
        _at("created_at"),
        sa.ForeignKeyConstraint(["regulator_id"], ["organisations.id"],
                                name=op.f("fk_pilots_regulator_id_organisations")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"],
                                name=op.f("fk_pilots_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilots")),
    )
    op.create_index("ix_pilots_region", "pilots", ["region"])
    op.create_table(
        "pilot_participants",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("pilot_id", sa.String(36), nullable=False),
        sa.Column("segment", sa.String(20), nullable=False),
        sa.Column("organisation_id", sa.String(36), nullable=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("credit_code", sa.String(18), nullable=True),
        sa.Column("registered_by", sa.String(36), nullable=False),
        _at("registered_at"),
        sa.ForeignKeyConstraint(["pilot_id"], ["pilots.id"],
                                name=op.f("fk_pilot_participants_pilot_id_pilots")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_pilot_participants_organisation_id_organisations")),
        sa.ForeignKeyConstraint(["registered_by"], ["users.id"],
                                name=op.f("fk_pilot_participants_registered_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_participants")),
        sa.UniqueConstraint("pilot_id", "organisation_id",
                            name=op.f("uq_pilot_participants_pilot_id")),
        sa.UniqueConstraint("pilot_id", "credit_code",
                            name="uq_pilot_participants_pilot_credit_code"),
    )
    op.create_index("ix_pilot_participants_pilot_id", "pilot_participants", ["pilot_id"])
    op.create_table(
        "pilot_declarations",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("pilot_id", sa.String(36), nullable=False),
        sa.Column("figure", sa.String(40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("declared_by", sa.String(36), nullable=False),
        _at("declared_at"),
        sa.ForeignKeyConstraint(["pilot_id"], ["pilots.id"],
                                name=op.f("fk_pilot_declarations_pilot_id_pilots")),
        sa.ForeignKeyConstraint(["declared_by"], ["users.id"],
                                name=op.f("fk_pilot_declarations_declared_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_declarations")),
    )
    op.create_index("ix_pilot_declarations_pilot_id", "pilot_declarations", ["pilot_id"])
    op.create_table(
        "pilot_evidence",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("declaration_id", sa.String(36), nullable=False),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["declaration_id"], ["pilot_declarations.id"],
                                name=op.f("fk_pilot_evidence_declaration_id_pilot_declarations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_evidence")),
    )
    op.create_index("ix_pilot_evidence_declaration_id", "pilot_evidence", ["declaration_id"])
    op.create_table(
        "pilot_tasks",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("pilot_id", sa.String(36), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("responsible_name", sa.String(200), nullable=False),
        sa.Column("responsible_organisation_id", sa.String(36), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["pilot_id"], ["pilots.id"],
                                name=op.f("fk_pilot_tasks_pilot_id_pilots")),
        sa.ForeignKeyConstraint(
            ["responsible_organisation_id"], ["organisations.id"],
            name=op.f("fk_pilot_tasks_responsible_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_tasks")),
    )
    op.create_index("ix_pilot_tasks_pilot_id", "pilot_tasks", ["pilot_id"])
    op.create_index("ix_pilot_tasks_responsible_organisation_id", "pilot_tasks",
                    ["responsible_organisation_id"])
    op.create_table(
        "pilot_progress_reports",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("task_id", sa.String(36), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reported_by", sa.String(36), nullable=False),
        sa.Column("organisation_id", sa.String(36), nullable=False),
        _at("reported_at"),
        sa.ForeignKeyConstraint(["task_id"], ["pilot_tasks.id"],
                                name=op.f("fk_pilot_progress_reports_task_id_pilot_tasks")),
        sa.ForeignKeyConstraint(["reported_by"], ["users.id"],
                                name=op.f("fk_pilot_progress_reports_reported_by_users")),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"],
            name=op.f("fk_pilot_progress_reports_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_progress_reports")),
    )
    op.create_index("ix_pilot_progress_reports_task_id", "pilot_progress_reports", ["task_id"])


def downgrade() -> None:
    op.drop_table("pilot_progress_reports")
    op.drop_table("pilot_tasks")
    op.drop_table("pilot_evidence")
    op.drop_table("pilot_declarations")
    op.drop_table("pilot_participants")
    op.drop_table("pilots")
