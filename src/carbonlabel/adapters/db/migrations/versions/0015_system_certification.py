"""System certification (体系认证): a case's system assessment (system_applications), the
system certificates with their status history, the products registered under them, and the
surveillance samples of registered products with each sampled product's finding.

Six new tables; nothing existing changes, so there is nothing to back-fill: every case and
certificate before this revision is in product mode (it has no system_applications or
system_registrations row).

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_AT = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    other = target.split(".")[0]
    return sa.ForeignKeyConstraint([column], [target],
                                   name=op.f(f"fk_{table}_{column}_{other}"))


def _index(table: str, column: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "system_applications",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("product_rule", sa.String(length=200), nullable=True),
        sa.Column("assessments", sa.JSON(), nullable=False),
        _fk("system_applications", "case_id", "certification_cases.id"),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_system_applications")),
    )
    op.create_table(
        "system_certificates",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("holder_id", sa.String(length=36), nullable=False),
        sa.Column("body_id", sa.String(length=36), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("product_rule", sa.String(length=200), nullable=True),
        sa.Column("standard", sa.String(length=100), nullable=False),
        sa.Column("scheme", sa.String(length=40), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", _AT, nullable=False),
        _fk("system_certificates", "case_id", "certification_cases.id"),
        _fk("system_certificates", "holder_id", "organisations.id"),
        _fk("system_certificates", "body_id", "organisations.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_system_certificates")),
        sa.UniqueConstraint("number", name=op.f("uq_system_certificates_number")),
    )
    _index("system_certificates", "holder_id")
    _index("system_certificates", "body_id")
    op.create_table(
        "system_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system_certificate_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=False),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=True),
        sa.Column("at", _AT, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        _fk("system_status_changes", "system_certificate_id", "system_certificates.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_system_status_changes")),
    )
    _index("system_status_changes", "system_certificate_id")
    op.create_table(
        "system_registrations",
        sa.Column("certificate_id", sa.String(length=36), nullable=False),
        sa.Column("system_certificate_id", sa.String(length=36), nullable=False),
        sa.Column("registered_by", sa.String(length=36), nullable=False),
        sa.Column("registered_at", _AT, nullable=False),
        _fk("system_registrations", "certificate_id", "certificates.id"),
        _fk("system_registrations", "system_certificate_id", "system_certificates.id"),
        _fk("system_registrations", "registered_by", "users.id"),
        sa.PrimaryKeyConstraint("certificate_id", name=op.f("pk_system_registrations")),
    )
    _index("system_registrations", "system_certificate_id")
    op.create_table(
        "system_samples",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("system_certificate_id", sa.String(length=36), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("drawn_by", sa.String(length=36), nullable=False),
        sa.Column("drawn_at", _AT, nullable=False),
        _fk("system_samples", "system_certificate_id", "system_certificates.id"),
        _fk("system_samples", "drawn_by", "users.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_system_samples")),
    )
    _index("system_samples", "system_certificate_id")
    op.create_table(
        "system_sample_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sample_id", sa.String(length=36), nullable=False),
        sa.Column("certificate_id", sa.String(length=36), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("checked_by", sa.String(length=36), nullable=True),
        sa.Column("checked_at", _AT, nullable=True),
        _fk("system_sample_items", "sample_id", "system_samples.id"),
        _fk("system_sample_items", "certificate_id", "certificates.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_system_sample_items")),
        sa.UniqueConstraint("sample_id", "certificate_id",
                            name=op.f("uq_system_sample_items_sample_id")),
    )
    _index("system_sample_items", "sample_id")


def downgrade() -> None:
    for table, column in (("system_sample_items", "sample_id"),
                          ("system_samples", "system_certificate_id"),
                          ("system_registrations", "system_certificate_id"),
                          ("system_status_changes", "system_certificate_id"),
                          ("system_certificates", "body_id"),
                          ("system_certificates", "holder_id")):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
    for table in ("system_sample_items", "system_samples", "system_registrations",
                  "system_status_changes", "system_certificates", "system_applications"):
        op.drop_table(table)
