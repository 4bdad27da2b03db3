"""Bodies and organisations: the pilot's product catalogue, bodies' approval recorded by the
platform operator, organisations' identity and sites, the certification agreement, and what
an application names.

* ``product_catalogue``: the 17 entries of the pilot catalogue (2025-07-09), seeded.
* ``body_approvals``: per body, the CNCA approval number, CNAS accreditation number and
  validity, status, and the body code (unique: two bodies of earlier releases may have
  chosen the same code; the one accredited first keeps it, the others get none until the
  operator records one). Back-filled for every body with an accreditation as "approved"
  with empty numbers and no validity: such a body takes no new case until the operator
  records its accreditation. ``accreditations.body_code`` is dropped (moved here).
* ``accreditations.category`` and ``auditor_qualifications.category`` become catalogue codes
  ("1".."17"): free text is mapped by ``catalogue.codes_for_text``; a class name ("lithium
  battery", "steel") covers every entry of the class, so its row becomes one row per entry.
  Text that names no entry is KEPT as it was and flagged (a warning in the migration log):
  it matches no case's code, so it grants nothing until the operator re-records the scope.
* ``certification_cases.category``: mapped when the text names exactly one entry ("cement"
  → "16"); otherwise (e.g. "lithium battery": 1, 2, 3 or 4) kept and flagged.
* ``organisations.credit_code`` (统一社会信用代码) and ``registered_address``;
  ``production_sites``; ``certification_agreements`` (version 1 seeded) and
  ``agreement_acceptances``; ``case_applications`` (none for cases of earlier releases).

Columns are added in place (see 0005; ``registered_address`` keeps its server default '':
bulk loaders that COPY organisations need not name it); ``accreditations`` is rebuilt on
SQLite to drop ``body_code`` (no table refers to it). The downgrade restores ``body_code``
from the approvals (1 where there is none) and leaves categories as codes.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from carbonlabel.domain.certification import agreement, catalogue

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")


def _map_scope_rows(table: str, owner: str) -> None:
    """Map the free-text categories of ``table`` (owner column ``owner``) to codes."""
    conn = op.get_bind()
    t = sa.table(table, sa.column("id", sa.Integer()), sa.column(owner, sa.String()),
                 sa.column("category", sa.String()))
    rows = conn.execute(sa.select(t.c.id, t.c[owner], t.c.category).order_by(t.c.id)).all()
    held: set[tuple[str, str]] = {(r[1], r[2]) for r in rows}
    for row_id, who, text in rows:
        codes = [str(c) for c in catalogue.codes_for_text(text)]
        if not codes:
            log.warning("0012: %s %s keeps the unmapped category %r", table, row_id, text)
            continue
        if codes[0] == text:
            continue
        held.discard((who, text))
        fresh = [c for c in codes if (who, c) not in held]
        if not fresh:  # every code already held by this owner
            conn.execute(t.delete().where(t.c.id == row_id))
            continue
        first, *rest = fresh
        conn.execute(t.update().where(t.c.id == row_id).values(category=first))
        held.add((who, first))
        for code in rest:
            conn.execute(t.insert().values({owner: who, "category": code}))
            held.add((who, code))


def _approvals() -> None:
    conn = op.get_bind()
    acc = sa.table("accreditations", sa.column("id", sa.Integer()),
                   sa.column("body_id", sa.String()), sa.column("body_code", sa.Integer()))
    approvals = sa.table("body_approvals", sa.column("body_id", sa.String()),
                         sa.column("body_code", sa.Integer()),
                         sa.column("approval_number", sa.String()),
                         sa.column("accreditation_number", sa.String()),
                         sa.column("status", sa.String()),
                         sa.column("updated_at", sa.DateTime(timezone=True)))
    first: dict[str, int] = {}
    for body_id, code in conn.execute(sa.select(acc.c.body_id, acc.c.body_code)
                                      .order_by(acc.c.id)):
        first.setdefault(body_id, code)
    taken: set[int] = set()
    now = datetime.now(UTC)
    for body_id, code in first.items():
        keep = code if code not in taken else None
        if keep is None:
            log.warning("0012: body %s loses the duplicate body code %s", body_id, code)
        taken.add(code)
        conn.execute(approvals.insert().values(
            body_id=body_id, body_code=keep, approval_number="", accreditation_number="",
            status="approved", updated_at=now))


def _cases() -> None:
    conn = op.get_bind()
    t = sa.table("certification_cases", sa.column("id", sa.String()),
                 sa.column("category", sa.String()))
    for case_id, text in conn.execute(sa.select(t.c.id, t.c.category)).all():
        code = catalogue.code_for_case(text)
        if code is None:
            log.warning("0012: case %s keeps the unmapped category %r", case_id, text)
        elif str(code) != text:
            conn.execute(t.update().where(t.c.id == case_id).values(category=str(code)))


def upgrade() -> None:
    cat = op.create_table(
        "product_catalogue",
        sa.Column("code", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("class_code", sa.String(length=40), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_product_catalogue")),
    )
    op.bulk_insert(cat, [{"code": e.code, "class_code": e.class_code, "name_zh": e.name_zh,
                          "name_en": e.name_en} for e in catalogue.ENTRIES])
    op.add_column("organisations", sa.Column("credit_code", sa.String(length=18), nullable=True))
    op.add_column("organisations", sa.Column("registered_address", sa.Text(), nullable=False,
                                             server_default=""))
    op.create_table(
        "body_approvals",
        sa.Column("body_id", sa.String(length=36), nullable=False),
        sa.Column("body_code", sa.Integer(), nullable=True),
        sa.Column("approval_number", sa.String(length=60), nullable=False),
        sa.Column("accreditation_number", sa.String(length=60), nullable=False),
        sa.Column("accredited_from", sa.Date(), nullable=True),
        sa.Column("accredited_to", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["body_id"], ["organisations.id"],
                                name=op.f("fk_body_approvals_body_id_organisations")),
        sa.PrimaryKeyConstraint("body_id", name=op.f("pk_body_approvals")),
        sa.UniqueConstraint("body_code", name=op.f("uq_body_approvals_body_code")),
    )
    _approvals()
    with op.batch_alter_table("accreditations") as batch:
        batch.drop_column("body_code")
    _map_scope_rows("accreditations", "body_id")
    _map_scope_rows("auditor_qualifications", "user_id")
    _cases()
    op.create_table(
        "production_sites",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_production_sites_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_production_sites")),
    )
    op.create_index(op.f("ix_production_sites_organisation_id"), "production_sites",
                    ["organisation_id"], unique=False)
    agreements = op.create_table(
        "certification_agreements",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("text_zh", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_certification_agreements")),
    )
    first = agreement.FIRST_VERSION
    op.bulk_insert(agreements, [{"version": first.version, "text_zh": first.text_zh,
                                 "text_en": first.text_en, "effective_on": first.effective_on}])
    op.create_table(
        "agreement_acceptances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("accepted_by", sa.String(length=36), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["accepted_by"], ["users.id"],
                                name=op.f("fk_agreement_acceptances_accepted_by_users")),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"],
            name=op.f("fk_agreement_acceptances_organisation_id_organisations")),
        sa.ForeignKeyConstraint(
            ["version"], ["certification_agreements.version"],
            name=op.f("fk_agreement_acceptances_version_certification_agreements")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_acceptances")),
        sa.UniqueConstraint("organisation_id", "version",
                            name=op.f("uq_agreement_acceptances_organisation_id")),
    )
    op.create_index(op.f("ix_agreement_acceptances_organisation_id"), "agreement_acceptances",
                    ["organisation_id"], unique=False)
    op.create_table(
        "case_applications",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("producer", sa.String(length=200), nullable=False),
        sa.Column("sites", sa.JSON(), nullable=False),
        sa.Column("product_types", sa.JSON(), nullable=False),
        sa.Column("specifications", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["certification_cases.id"],
                                name=op.f("fk_case_applications_case_id_certification_cases")),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_applications")),
    )


def downgrade() -> None:
    op.drop_table("case_applications")
    op.drop_index(op.f("ix_agreement_acceptances_organisation_id"),
                  table_name="agreement_acceptances")
    op.drop_table("agreement_acceptances")
    op.drop_table("certification_agreements")
    op.drop_index(op.f("ix_production_sites_organisation_id"), table_name="production_sites")
    op.drop_table("production_sites")
    with op.batch_alter_table("accreditations") as batch:
        batch.add_column(sa.Column("body_code", sa.Integer(), nullable=False,
                                   server_default="1"))
    conn = op.get_bind()
    conn.execute(sa.text(
        "UPDATE accreditations SET body_code = COALESCE((SELECT a.body_code FROM body_approvals"
        " a WHERE a.body_id = accreditations.body_id), 1)"))
    op.drop_table("body_approvals")
    op.drop_column("organisations", "registered_address")
    op.drop_column("organisations", "credit_code")
    op.drop_table("product_catalogue")
