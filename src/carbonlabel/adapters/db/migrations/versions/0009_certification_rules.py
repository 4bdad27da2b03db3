"""Certification rules: impartiality declarations per case, nonconformities raised on a
certificate by surveillance, notices to the holder of a suspension, withdrawal or restore.

Back-fill: a person's declaration for an applicant (the form until now) becomes a declaration
for each open case of that applicant at the person's own body, declared when it was and live
for the scheme's 365 days from then. Final cases need none. The other two tables start empty:
no notice was sent before, and surveillance results recorded before did not raise findings.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

#: the scheme's declaration_validity_days when this migration was written
DECLARATION_VALIDITY_DAYS = 365
_FINAL = ("granted", "refused", "rejected", "withdrawn")

_old = sa.table("impartiality_declarations", sa.column("user_id", sa.String()),
                sa.column("applicant_id", sa.String()), sa.column("statement", sa.Text()),
                sa.column("declared_at", sa.DateTime(timezone=True)))
_users = sa.table("users", sa.column("id", sa.String()),
                  sa.column("organisation_id", sa.String()))
_cases = sa.table("certification_cases", sa.column("id", sa.String()),
                  sa.column("applicant_id", sa.String()), sa.column("body_id", sa.String()),
                  sa.column("state", sa.String()))
_new = sa.table("case_declarations", sa.column("case_id", sa.String()),
                sa.column("user_id", sa.String()), sa.column("statement", sa.Text()),
                sa.column("last_consultancy_on", sa.Date()),
                sa.column("declared_at", sa.DateTime(timezone=True)),
                sa.column("expires_on", sa.Date()))


def _when(value: object) -> datetime:
    if isinstance(value, str):  # SQLite through a bare table: text
        return datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value


def upgrade() -> None:
    op.create_table(
        "case_declarations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("last_consultancy_on", sa.Date(), nullable=True),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["certification_cases.id"],
                                name=op.f("fk_case_declarations_case_id_certification_cases")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_case_declarations_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_declarations")),
    )
    with op.batch_alter_table("case_declarations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_declarations_case_id"), ["case_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_case_declarations_user_id"), ["user_id"],
                              unique=False)
    op.create_table(
        "certificate_nonconformities",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("certificate_id", sa.String(length=36), nullable=False),
        sa.Column("check_id", sa.String(length=36), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("raised_by", sa.String(length=36), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("closed_by", sa.String(length=36), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closing_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_id"], ["certificates.id"],
            name=op.f("fk_certificate_nonconformities_certificate_id_certificates")),
        sa.ForeignKeyConstraint(["raised_by"], ["users.id"],
                                name=op.f("fk_certificate_nonconformities_raised_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_nonconformities")),
    )
    with op.batch_alter_table("certificate_nonconformities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificate_nonconformities_certificate_id"),
                              ["certificate_id"], unique=False)
    op.create_table(
        "certificate_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.String(length=36), nullable=False),
        sa.Column("holder_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("required_zh", sa.Text(), nullable=False),
        sa.Column("required_en", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["certificate_id"], ["certificates.id"],
                                name=op.f("fk_certificate_notices_certificate_id_certificates")),
        sa.ForeignKeyConstraint(["holder_id"], ["organisations.id"],
                                name=op.f("fk_certificate_notices_holder_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_notices")),
    )
    with op.batch_alter_table("certificate_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificate_notices_certificate_id"),
                              ["certificate_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_certificate_notices_holder_id"), ["holder_id"],
                              unique=False)
    _carry_declarations_to_open_cases()


def _carry_declarations_to_open_cases() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(_cases.c.id, _old.c.user_id, _old.c.statement, _old.c.declared_at)
        .select_from(_old.join(_users, _users.c.id == _old.c.user_id)
                     .join(_cases, sa.and_(_cases.c.applicant_id == _old.c.applicant_id,
                                           _cases.c.body_id == _users.c.organisation_id)))
        .where(_cases.c.state.not_in(_FINAL))).all()
    for case_id, user_id, statement, declared_at in rows:
        at = _when(declared_at)
        conn.execute(_new.insert().values(
            case_id=case_id, user_id=user_id, statement=statement, last_consultancy_on=None,
            declared_at=at, expires_on=at.date() + timedelta(days=DECLARATION_VALIDITY_DAYS)))


def downgrade() -> None:
    for table, indexes in (("certificate_notices", ("certificate_id", "holder_id")),
                           ("certificate_nonconformities", ("certificate_id",)),
                           ("case_declarations", ("case_id", "user_id"))):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in indexes:
                batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
        op.drop_table(table)
