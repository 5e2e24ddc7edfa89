"""Check-ins after a session, and the person's saved ("for always") exercise choices.

Revision ID: 0003
Revises: 0002
Create Date: 2025-07-01

A frozen snapshot: it names its tables and columns here and imports nothing from the
models. Datetimes are ISO-8601 UTC text (see app.db.models.UTCDateTime), hence String(32).

- ``checkins``: at most one per session (a second save replaces the first), removed with
  its session. ``exercise_effort_json`` is a JSON object, exercise slug -> effort.
- ``exercise_choices``: one row per exercise slug. ``dose_json`` is a JSON object,
  dose value name -> number; ``swap_for`` names the exercise to do instead, if any.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("effort", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("exercise_effort_json", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "effort IN ('too_easy', 'about_right', 'too_hard')",
            name=op.f("ck_checkins_effort"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_checkins_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
        sa.UniqueConstraint("session_id", name=op.f("uq_checkins_session_id")),
    )

    op.create_table(
        "exercise_choices",
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("dropped", sa.Boolean(), nullable=False),
        sa.Column("dose_json", sa.Text(), nullable=False),
        sa.Column("swap_for", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_exercise_choices")),
    )


def downgrade() -> None:
    op.drop_table("exercise_choices")
    op.drop_table("checkins")
