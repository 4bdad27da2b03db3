"""Improvement plans and claims beyond the value: ``improvement_plans`` with their
``improvement_measures``, published low-carbon ``claim_thresholds``, and the
``certificate_claims`` an applicant asks for and the certification body grants, refuses or
sees lapse. New tables: nothing to back-fill.

Revision ID: 0025
Revises: 0024
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def _at(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _id(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.String(36), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "improvement_plans",
        _id("id"), _id("organisation_id"), _id("product_id"),
        sa.Column("title", sa.String(200), nullable=False),
        _id("baseline_footprint_id"),
        sa.Column("target_share", sa.Float(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("target_on", sa.Date(), nullable=False),
        _id("created_by"), _at("created_at"),
        _fk("improvement_plans", "organisation_id", "organisations"),
        _fk("improvement_plans", "product_id", "products"),
        _fk("improvement_plans", "baseline_footprint_id", "footprints"),
        _fk("improvement_plans", "created_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_plans")),
    )
    op.create_index("ix_improvement_plans_organisation_id", "improvement_plans",
                    ["organisation_id"])
    op.create_index("ix_improvement_plans_product_id", "improvement_plans", ["product_id"])
    op.create_table(
        "improvement_measures",
        _id("plan_id"),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(40), nullable=False),
        sa.Column("expected_share", sa.Float(), nullable=False),
        _fk("improvement_measures", "plan_id", "improvement_plans"),
        sa.PrimaryKeyConstraint("plan_id", "seq", name=op.f("pk_improvement_measures")),
    )
    op.create_table(
        "claim_thresholds",
        _id("id"),
        sa.Column("product_rule", sa.String(150), nullable=False),
        sa.Column("declared_unit", sa.String(200), nullable=False),
        sa.Column("boundary", sa.String(40), nullable=False),
        sa.Column("value_co2e_kg", sa.Float(), nullable=False),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        _id("published_by"), _at("created_at"),
        _fk("claim_thresholds", "published_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_thresholds")),
    )
    op.create_index("ix_claim_thresholds_product_rule", "claim_thresholds", ["product_rule"])
    op.create_table(
        "certificate_claims",
        _id("id"), _id("case_id"), _id("holder_id"), _id("product_id"),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        _id("requested_by"), _at("requested_at"),
        _id("baseline_footprint_id", True),
        sa.Column("target_share", sa.Float(), nullable=True),
        sa.Column("target_on", sa.Date(), nullable=True),
        _id("certificate_id", True), _id("threshold_id", True),
        sa.Column("reduction_share", sa.Float(), nullable=True),
        _id("decided_by", True), _at("decided_at", True),
        sa.Column("reason", sa.Text(), nullable=False),
        _at("lapsed_at", True),
        sa.Column("lapse_reason", sa.String(40), nullable=False),
        _fk("certificate_claims", "case_id", "certification_cases"),
        _fk("certificate_claims", "holder_id", "organisations"),
        _fk("certificate_claims", "product_id", "products"),
        _fk("certificate_claims", "requested_by", "users"),
        _fk("certificate_claims", "baseline_footprint_id", "footprints"),
        _fk("certificate_claims", "certificate_id", "certificates"),
        _fk("certificate_claims", "threshold_id", "claim_thresholds"),
        _fk("certificate_claims", "decided_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_claims")),
    )
    for column in ("case_id", "holder_id", "product_id", "certificate_id"):
        op.create_index(f"ix_certificate_claims_{column}", "certificate_claims", [column])


def downgrade() -> None:
    op.drop_table("certificate_claims")
    op.drop_table("claim_thresholds")
    op.drop_table("improvement_measures")
    op.drop_table("improvement_plans")
