"""Each session's work summed once, when its sets are written: the ``session_work`` table.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08

A frozen snapshot: it names its tables, columns and triggers here and imports nothing from
the models.

History's practice by day needs each session's seconds of work and sets done. Summed from
``set_records`` on every read, that was ~100k rows for ten years of sessions, the largest
part of showing the "All" range (~13 ms even from a covering index). ``session_work`` holds
one row per session with sets: ``seconds`` (the sum of ``done_seconds``) and ``sets_done``
(sets not skipped). Triggers on ``set_records`` keep it right whoever writes the sets (the
store, a backup import, a tool with plain SQL):

- a new set adds its seconds and, unless skipped, one set done: in the order sets are
  written, the same additions ``total()`` makes over the rows in id order;
- a changed or deleted set (a set played again, a session deleted) has its session summed
  again from the rows.

A row is removed with its session (foreign key, cascade). The upgrade sums every session's
existing sets; a batch migration that copies ``set_records`` must create the triggers again
(tests/db/test_fixtures.py checks that they are there at the head revision).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Sum one session's sets again from the rows, into its existing session_work row.
_RESUM = """
    UPDATE session_work SET
        seconds = (SELECT total(done_seconds) FROM set_records WHERE session_id = {id}),
        sets_done = (SELECT total(NOT skipped) FROM set_records WHERE session_id = {id})
    WHERE session_id = {id};
"""
# One session's sets summed from the rows into a new row, or into its row if it has one.
_SUM_INTO = """
    INSERT INTO session_work (session_id, seconds, sets_done)
    SELECT {id}, total(done_seconds), total(NOT skipped)
    FROM set_records WHERE session_id = {id}
    ON CONFLICT (session_id) DO UPDATE
    SET seconds = excluded.seconds, sets_done = excluded.sets_done;
"""
TRIGGERS = {
    "set_records_work_insert": """
        CREATE TRIGGER set_records_work_insert AFTER INSERT ON set_records
        BEGIN
            INSERT INTO session_work (session_id, seconds, sets_done)
            VALUES (NEW.session_id, NEW.done_seconds, NOT NEW.skipped)
            ON CONFLICT (session_id) DO UPDATE
            SET seconds = seconds + excluded.seconds, sets_done = sets_done + excluded.sets_done;
        END
    """,
    "set_records_work_update": f"""
        CREATE TRIGGER set_records_work_update
        AFTER UPDATE OF session_id, done_seconds, skipped ON set_records
        BEGIN
            {_RESUM.format(id="OLD.session_id")}
            {_SUM_INTO.format(id="NEW.session_id")}
        END
    """,
    "set_records_work_delete": f"""
        CREATE TRIGGER set_records_work_delete AFTER DELETE ON set_records
        BEGIN
            {_RESUM.format(id="OLD.session_id")}
        END
    """,
}


def upgrade() -> None:
    op.create_table(
        "session_work",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("sets_done", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_session_work_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_session_work")),
    )
    # The sessions recorded so far, each summed over its sets in id order (the index on
    # set_records.session_id keeps the rows of one session in id order).
    op.execute(
        "INSERT INTO session_work (session_id, seconds, sets_done)"
        " SELECT session_id, total(done_seconds), total(NOT skipped)"
        " FROM set_records GROUP BY session_id"
    )
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table("session_work")
