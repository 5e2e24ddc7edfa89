"""Range-of-motion self-checks: check_records and their check_trials.

Revision ID: 0002
Revises: 0001
Create Date: 2025-06-01

A frozen snapshot: it names its tables and columns here and imports nothing from the
models. Datetimes are ISO-8601 UTC text (see app.db.models.UTCDateTime), hence String(32).
``deleted_at`` makes deleting a check a soft delete, so it can be undone.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "check_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_slug", sa.String(length=100), nullable=False),
        sa.Column("taken_at", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_records")),
    )
    with op.batch_alter_table("check_records", schema=None) as batch_op:
        batch_op.create_index("ix_check_records_check_slug", ["check_slug"], unique=False)
        batch_op.create_index("ix_check_records_taken_at", ["taken_at"], unique=False)

    op.create_table(
        "check_trials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("degrees", sa.Float(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("measured_by", sa.String(length=20), nullable=False),
        sa.Column("pain", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("photo", sa.String(length=255), nullable=True),
        sa.CheckConstraint("side IN ('left', 'right')", name=op.f("ck_check_trials_side")),
        sa.CheckConstraint("number BETWEEN 1 AND 3", name=op.f("ck_check_trials_number")),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["check_records.id"],
            name=op.f("fk_check_trials_record_id_check_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_trials")),
        sa.UniqueConstraint(
            "record_id", "side", "number", name=op.f("uq_check_trials_record_id_side_number")
        ),
    )


def downgrade() -> None:
    op.drop_table("check_trials")
    with op.batch_alter_table("check_records", schema=None) as batch_op:
        batch_op.drop_index("ix_check_records_taken_at")
        batch_op.drop_index("ix_check_records_check_slug")
    op.drop_table("check_records")
