"""The store: the only way the rest of Inward reads and writes the data file.

Every public method is one transaction, so a crash or a full disk leaves either the
whole change or none of it. Errors from the file itself (damaged, read-only, full
disk, locked) come out as :class:`DatabaseError` with a message fit for a dialog;
mistakes by the caller (unknown id, naive datetime) stay ``KeyError`` / ``ValueError``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

from sqlalchemy import Engine, delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from app.core.records import SessionStatus, SetResult, Side, StoredSession
from app.db.engine import create_sqlite_engine
from app.db.errors import DatabaseError, plain_message
from app.db.models import SessionRow, SetRecordRow, SettingRow
from app.db.schema import ensure_current

T = TypeVar("T")


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")


def _to_json(value: Any) -> str:
    # allow_nan=False: NaN/Infinity are not JSON and would not load in other tools.
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _to_set_result(row: SetRecordRow) -> SetResult:
    return SetResult(
        exercise_slug=row.exercise_slug,
        side=Side(row.side),
        set_index=row.set_index,
        planned_seconds=row.planned_seconds,
        done_seconds=row.done_seconds,
        planned_reps=row.planned_reps,
        done_reps=row.done_reps,
        skipped=row.skipped,
        started_at=row.started_at,
        ended_at=row.ended_at,
        pain=row.pain,
    )


def _to_stored_session(row: SessionRow) -> StoredSession:
    return StoredSession(
        id=row.id,
        started_at=row.started_at,
        ended_at=row.ended_at,
        status=SessionStatus(row.status),
        plan=json.loads(row.plan_json),
        sets=tuple(_to_set_result(s) for s in row.sets),
    )


class Store:
    """Sessions, their sets and settings in one SQLite file. Use :meth:`open`."""

    def __init__(self, engine: Engine, path: Path) -> None:
        """Wrap an engine already set up by :func:`create_sqlite_engine`; prefer :meth:`open`."""
        self._engine = engine
        self._path = path
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._closed = False

    # -- lifecycle ---------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating or upgrading as needed) the data file at ``path``.

        Raises DatabaseTooNewError for a file from a newer Inward (left untouched)
        and DatabaseError when the file is damaged, not a database or not writable.
        """
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(
                f"Inward could not create the folder {path.parent} for its data "
                f"({exc.strerror or exc}).",
                path,
            ) from exc
        ensure_current(path)
        engine = create_sqlite_engine(path)
        try:
            # Connect now, so a read-only or locked file fails here and not mid-session.
            with engine.begin() as connection:
                connection.exec_driver_sql("SELECT count(*) FROM sessions").scalar()
        except DBAPIError as exc:
            engine.dispose()
            raise DatabaseError(plain_message(exc, path), path) from exc
        return cls(engine, path)

    @property
    def path(self) -> Path:
        return self._path

    def close(self) -> None:
        """Close every pooled connection; SQLite then folds the WAL back into the file."""
        if not self._closed:
            self._closed = True
            self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        """One ORM session and one transaction; file-level errors become DatabaseError."""
        if self._closed:
            raise RuntimeError("the store is closed")
        try:
            with self._sessions.begin() as session:
                yield session
        except DBAPIError as exc:
            raise DatabaseError(plain_message(exc, self._path), self._path) from exc

    # -- sessions ----------------------------------------------------------------------

    def start_session(self, plan: dict, started_at: datetime) -> int:
        """Record that a session began with ``plan``; return its id for the sets to follow."""
        _require_aware(started_at, "started_at")
        plan_json = _to_json(plan)
        with self._transaction() as session:
            row = SessionRow(
                started_at=started_at,
                ended_at=None,
                status=SessionStatus.IN_PROGRESS.value,
                plan_json=plan_json,
            )
            session.add(row)
            session.flush()
            return row.id

    def record_set(self, session_id: int, result: SetResult) -> None:
        """Write one finished or skipped set now, so a crash loses at most the next one."""
        _require_aware(result.started_at, "started_at")
        _require_aware(result.ended_at, "ended_at")
        with self._transaction() as session:
            status = session.scalar(select(SessionRow.status).where(SessionRow.id == session_id))
            if status is None:
                raise KeyError(f"no session with id {session_id}")
            if status != SessionStatus.IN_PROGRESS:
                raise ValueError(f"session {session_id} is {status}; its sets cannot change")
            session.add(
                SetRecordRow(
                    session_id=session_id,
                    exercise_slug=result.exercise_slug,
                    side=Side(result.side).value,
                    set_index=result.set_index,
                    planned_seconds=result.planned_seconds,
                    done_seconds=result.done_seconds,
                    planned_reps=result.planned_reps,
                    done_reps=result.done_reps,
                    skipped=result.skipped,
                    pain=result.pain,
                    started_at=result.started_at,
                    ended_at=result.ended_at,
                )
            )

    def finish_session(
        self,
        session_id: int,
        ended_at: datetime,
        status: SessionStatus = SessionStatus.FINISHED,
    ) -> None:
        """Close a session as finished (or abandoned), so it is no longer offered to resume."""
        _require_aware(ended_at, "ended_at")
        status = SessionStatus(status)
        if status is SessionStatus.IN_PROGRESS:
            raise ValueError("finish_session needs a final status, not in_progress")
        with self._transaction() as session:
            row = session.get(SessionRow, session_id)
            if row is None:
                raise KeyError(f"no session with id {session_id}")
            row.ended_at = ended_at
            row.status = status.value

    def delete_session(self, session_id: int) -> None:
        """Remove a session; its sets go with it through ON DELETE CASCADE."""
        with self._transaction() as session:
            result = session.execute(delete(SessionRow).where(SessionRow.id == session_id))
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise KeyError(f"no session with id {session_id}")

    def unfinished_session(self) -> StoredSession | None:
        """The latest in-progress session with its sets, to offer resuming after a crash."""
        with self._transaction() as session:
            row = session.scalar(
                select(SessionRow)
                .where(SessionRow.status == SessionStatus.IN_PROGRESS.value)
                .order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
                .limit(1)
                .options(selectinload(SessionRow.sets))
            )
            return None if row is None else _to_stored_session(row)

    def session(self, session_id: int) -> StoredSession:
        """One session with its plan and its sets in the order they were recorded."""
        with self._transaction() as session:
            row = session.scalar(
                select(SessionRow)
                .where(SessionRow.id == session_id)
                .options(selectinload(SessionRow.sets))
            )
            if row is None:
                raise KeyError(f"no session with id {session_id}")
            return _to_stored_session(row)

    # -- settings ----------------------------------------------------------------------

    def get_setting(self, key: str, default: T) -> T:
        """The stored value for ``key``, or ``default`` when unset or unreadable.

        A hand-edited, unparsable value falls back to the default rather than stopping
        the app from starting.
        """
        with self._transaction() as session:
            value_json = session.scalar(select(SettingRow.value_json).where(SettingRow.key == key))
        if value_json is None:
            return default
        try:
            return json.loads(value_json)
        except ValueError:
            return default

    def set_setting(self, key: str, value: Any) -> None:
        """Store any JSON-serialisable ``value`` under ``key``, replacing what was there."""
        value_json = _to_json(value)  # TypeError/ValueError before the file is touched
        statement = sqlite_insert(SettingRow).values(key=key, value_json=value_json)
        statement = statement.on_conflict_do_update(
            index_elements=[SettingRow.key], set_={"value_json": statement.excluded.value_json}
        )
        with self._transaction() as session:
            session.execute(statement)
