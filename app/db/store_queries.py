"""The statements the Store runs that take more than a line to build: a row saved over the one
it replaces, and the reads that bring their children along.

Kept apart so each Store method reads as the operation it is (check, open a transaction, run,
say what changed) and the SQL for "live" records (not deleted) is written once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.dialects.sqlite import Insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from app.core.records import SessionStatus
from app.db.models import Base, CheckRecordRow, SessionRow


def upsert(
    table: type[Base],
    values: Mapping[str, Any],
    key: InstrumentedAttribute[Any],
    update: Iterable[str],
) -> Insert:
    """Insert a row, or on a clash of its unique ``key`` overwrite the ``update`` columns: one
    statement, so saving again replaces the row instead of failing."""
    statement = sqlite_insert(table).values(**values)
    return statement.on_conflict_do_update(
        index_elements=[key], set_={name: statement.excluded[name] for name in update}
    )


def session_with_sets(session_id: int) -> Select[SessionRow]:
    """One session and its sets, in one more query."""
    return (
        select(SessionRow).where(SessionRow.id == session_id).options(selectinload(SessionRow.sets))
    )


def latest_unfinished_session() -> Select[SessionRow]:
    """The latest session still in progress, with its sets."""
    return (
        select(SessionRow)
        .where(SessionRow.status == SessionStatus.IN_PROGRESS.value)
        .order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
        .limit(1)
        .options(selectinload(SessionRow.sets))
    )


def live_checks(check_slug: str | None = None) -> Select[CheckRecordRow]:
    """Records not deleted, of one check or all, oldest first (by taken_at, then id)."""
    statement = (
        select(CheckRecordRow)
        .where(CheckRecordRow.deleted_at.is_(None))
        .order_by(CheckRecordRow.taken_at, CheckRecordRow.id)
        .options(selectinload(CheckRecordRow.trials))
    )
    if check_slug is not None:
        statement = statement.where(CheckRecordRow.check_slug == check_slug)
    return statement


def live_check_row(session: Session, record_id: int) -> CheckRecordRow:
    """The record with its trials, or KeyError when there is none or it is deleted."""
    row = session.scalar(
        select(CheckRecordRow)
        .where(CheckRecordRow.id == record_id, CheckRecordRow.deleted_at.is_(None))
        .options(selectinload(CheckRecordRow.trials))
    )
    if row is None:
        raise KeyError(f"no check record with id {record_id}")
    return row
