"""Changes affecting certification (ISO/IEC 17065 §7.10): the change-evaluations of a
certificate, what a certificate stated before each re-issue, and when its re-evaluation flag
was set.

* ``certificate_changes``: a change opened by the holder or the body, its evaluation (the
  re-run of a new footprint) and its decision.
* ``certificate_revisions``: per re-issue, the values the certificate held before it.
* ``certificates.reevaluation_since``: when ``reevaluation_required`` was set; the sweep
  suspends a certificate whose flag is older than the scheme's ``reevaluation_days``.
  Back-fill: a certificate flagged before this revision gets the time of the upgrade (its
  true flag time is not known; counting from the upgrade gives its holder the full period
  instead of suspending it at once). Unflagged certificates keep NULL.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_AT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("certificates", sa.Column("reevaluation_since", _AT, nullable=True))
    certificates = sa.table("certificates", sa.column("reevaluation_required", sa.Boolean()),
                            sa.column("reevaluation_since", _AT))
    op.get_bind().execute(
        certificates.update().where(certificates.c.reevaluation_required.is_(True))
        .values(reevaluation_since=datetime.now(UTC)))
    op.create_table(
        "certificate_changes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("certificate_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("opened_by", sa.String(length=36), nullable=False),
        sa.Column("opened_by_body", sa.Boolean(), nullable=False),
        sa.Column("opened_at", _AT, nullable=False),
        sa.Column("model_version_id", sa.String(length=36), nullable=True),
        sa.Column("footprint_id", sa.String(length=36), nullable=True),
        sa.Column("scope", sa.Text(), nullable=True),
        sa.Column("evaluators", sa.JSON(), nullable=False),
        sa.Column("evaluator_id", sa.String(length=36), nullable=True),
        sa.Column("evaluation_notes", sa.Text(), nullable=True),
        sa.Column("evaluated_at", _AT, nullable=True),
        sa.Column("submitted_total", sa.Float(), nullable=True),
        sa.Column("recomputed_total", sa.Float(), nullable=True),
        sa.Column("relative_difference", sa.Float(), nullable=True),
        sa.Column("materiality", sa.Float(), nullable=True),
        sa.Column("decider_id", sa.String(length=36), nullable=True),
        sa.Column("decided_at", _AT, nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["certificate_id"], ["certificates.id"],
                                name=op.f("fk_certificate_changes_certificate_id_certificates")),
        sa.ForeignKeyConstraint(["opened_by"], ["users.id"],
                                name=op.f("fk_certificate_changes_opened_by_users")),
        sa.ForeignKeyConstraint(
            ["model_version_id"], ["model_versions.id"],
            name=op.f("fk_certificate_changes_model_version_id_model_versions")),
        sa.ForeignKeyConstraint(["footprint_id"], ["footprints.id"],
                                name=op.f("fk_certificate_changes_footprint_id_footprints")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_changes")),
    )
    op.create_index("ix_certificate_changes_certificate_id", "certificate_changes",
                    ["certificate_id"])
    op.create_table(
        "certificate_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("change_id", sa.String(length=36), nullable=False),
        sa.Column("model_version_id", sa.String(length=36), nullable=False),
        sa.Column("footprint_id", sa.String(length=36), nullable=False),
        sa.Column("value_co2e_kg", sa.Float(), nullable=False),
        sa.Column("certified_value", sa.String(length=40), nullable=False),
        sa.Column("certified_unit", sa.String(length=250), nullable=False),
        sa.Column("declared_unit", sa.String(length=200), nullable=False),
        sa.Column("scope", sa.Text(), nullable=True),
        sa.Column("replaced_at", _AT, nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_id"], ["certificates.id"],
            name=op.f("fk_certificate_revisions_certificate_id_certificates")),
        sa.ForeignKeyConstraint(
            ["change_id"], ["certificate_changes.id"],
            name=op.f("fk_certificate_revisions_change_id_certificate_changes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_revisions")),
        sa.UniqueConstraint("certificate_id", "revision",
                            name=op.f("uq_certificate_revisions_certificate_id")),
    )
    op.create_index("ix_certificate_revisions_certificate_id", "certificate_revisions",
                    ["certificate_id"])


def downgrade() -> None:
    op.drop_index("ix_certificate_revisions_certificate_id", "certificate_revisions")
    op.drop_table("certificate_revisions")
    op.drop_index("ix_certificate_changes_certificate_id", "certificate_changes")
    op.drop_table("certificate_changes")
    op.drop_column("certificates", "reevaluation_since")  # in place (see 0008)
