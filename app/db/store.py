"""The store: the only way the rest of Inward reads and writes the data file.

Every public method is one transaction, so a crash or a full disk leaves either the
whole change or none of it. Errors from the file itself (damaged, read-only, full
disk, locked) come out as :class:`DatabaseError` with a message fit for a dialog;
mistakes by the caller (unknown id, naive datetime) stay ``KeyError`` / ``ValueError``.
Every write says what it changed (app/core/changes.py), so the window redraws only the
pages that show it. Records become rows in record_rows.py, the longer statements are built in
store_queries.py and the rules of a session's claim live in session_claim.py, so this class
reads as the list of operations.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple, Self, TypeVar, cast

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.core.changes import NOTHING, Added, Changes, Kind
from app.core.checks.types import CheckRecord
from app.core.content.exercises import Content
from app.core.plan.types import ExerciseChoice, Logbook
from app.core.records import SessionStatus, SetResult, Side, StoredSession
from app.core.session.checkin import CheckIn
from app.db.engine import BUSY_OPTION, WRITE_OPTION, create_sqlite_engine
from app.db.errors import DatabaseError, SessionClosedError, database_error
from app.db.models import (
    CheckInRow,
    CheckRecordRow,
    ExerciseChoiceRow,
    SessionRow,
    SetRecordRow,
    SettingRow,
)
from app.db.plan_reader import read_choices, read_logbook
from app.db.private_files import make_data_folder
from app.db.read_only import connect_read_only
from app.db.record_rows import (
    checkin_values,
    choice_values,
    require_aware,
    require_slug,
    set_values,
    to_check_record,
    to_checkin,
    to_stored_session,
    trial_rows,
    without_nul,
)
from app.db.schema import ensure_current
from app.db.session_claim import SESSION_CLAIM_KEY, claim_owner, held_elsewhere, new_claim
from app.db.store_queries import (
    latest_unfinished_session,
    live_check_row,
    live_checks,
    session_with_sets,
    upsert,
)
from app.db.transfer.backup_values import json_text

T = TypeVar("T")

SESSIONS = Changes.of(Kind.SESSIONS)
CHECKS = Changes.of(Kind.CHECKS)
ROUTINE = Changes.of(Kind.ROUTINE)


class EditedCheck(NamedTuple):
    """What :meth:`Store.update_check` did: the record as it was (passing it back to
    ``update_check`` undoes the edit) and what changed."""

    previous: CheckRecord
    changes: Changes


class Store:
    """Sessions and their sets and check-ins, checks, exercise choices and settings.

    All in one SQLite file; use :meth:`open`.
    """

    def __init__(self, engine: Engine, path: Path) -> None:
        """Wrap an engine already set up by :func:`create_sqlite_engine`; prefer :meth:`open`."""
        self._engine = engine
        self._path = path
        self._bound: dict[tuple[bool, int | None], Engine] = {}  # engines with options
        self._closed = False
        self._read_only_reason: str | None = None  # set by open_read_only

    # -- lifecycle ---------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating or upgrading as needed) the data file at ``path``.

        Raises DatabaseTooNewError for a file from a newer Inward (left untouched)
        and DatabaseError when the file is damaged, not a database or not writable.
        """
        path = Path(path)
        make_data_folder(path.parent, path)
        ensure_current(path)
        engine = create_sqlite_engine(path)
        try:
            # Connect now, so a read-only or locked file fails here and not mid-session.
            with engine.begin() as connection:
                connection.exec_driver_sql("SELECT count(*) FROM sessions").scalar()
        except DBAPIError as exc:
            engine.dispose()
            raise database_error(exc, path) from exc
        return cls(engine, path)

    @classmethod
    def open_read_only(cls, path: Path, reason: str) -> Store:
        """Open a current data file that cannot be written (see app/db/read_only.py):
        everything reads as usual, and every save raises DatabaseError(``reason``)."""
        from sqlalchemy import create_engine

        path = Path(path)
        ensure_current(path)  # a read-only peek when current; an older file cannot be used
        engine = create_engine("sqlite://", creator=lambda: connect_read_only(path))
        store = cls(engine, path)
        store._read_only_reason = reason
        return store

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
    def _transaction(
        self, *, write: bool = False, patience: float | None = None
    ) -> Iterator[Session]:
        """One ORM session and one transaction; file-level errors become DatabaseError.

        A ``write`` transaction holds the write lock from its BEGIN, so a program writing
        at the same moment makes it wait (up to ``patience`` seconds, default 5) instead of
        failing it at once. The GUI passes a short patience and retries later instead.
        """
        if self._closed:
            raise RuntimeError("the store is closed")
        busy_ms = None if patience is None else max(0, round(patience * 1000))
        bound = self._bound.get((write, busy_ms))
        if bound is None:
            options: dict[str, Any] = {WRITE_OPTION: write}
            if busy_ms is not None:
                options[BUSY_OPTION] = busy_ms
            bound = self._bound[(write, busy_ms)] = self._engine.execution_options(**options)
        try:
            with Session(bound, expire_on_commit=False) as session, session.begin():
                yield session
        except DBAPIError as exc:
            if self._read_only_reason is not None and "readonly" in str(exc).lower():
                raise DatabaseError(self._read_only_reason, self._path) from exc
            raise database_error(exc, self._path) from exc

    # -- sessions ----------------------------------------------------------------------

    def start_session(self, plan: dict[str, Any], started_at: datetime) -> Added:
        """Record that a session began with ``plan``; return its id for the sets to follow
        (an int that also says what changed)."""
        require_aware(started_at, "started_at")
        plan_json = json_text(plan)
        with self._transaction(write=True) as session:
            row = SessionRow(
                started_at=started_at,
                ended_at=None,
                status=SessionStatus.IN_PROGRESS.value,
                plan_json=plan_json,
            )
            session.add(row)
            session.flush()
            return Added(row.id, SESSIONS)

    def record_set(
        self, session_id: int, result: SetResult, *, patience: float | None = None
    ) -> Changes:
        """Write one finished or skipped set now, so a crash loses at most the next one.

        A set played again (Previous) replaces its earlier record, keeping a pain flag, so
        a set is counted once however often it was redone. ``patience``: seconds to wait
        for another program's write lock (see :meth:`_transaction`). SessionClosedError
        when the session is no longer in progress (another window closed it).
        """
        values = set_values(result)
        with self._transaction(write=True, patience=patience) as session:
            status = session.scalar(select(SessionRow.status).where(SessionRow.id == session_id))
            if status is None:
                raise KeyError(f"no session with id {session_id}")
            if status != SessionStatus.IN_PROGRESS:
                raise SessionClosedError(session_id, SessionStatus(status))
            key = {
                "session_id": session_id,
                "exercise_slug": result.exercise_slug,
                "side": Side(result.side).value,
                "set_index": result.set_index,
            }
            earlier = session.scalar(select(SetRecordRow).filter_by(**key))
            if earlier is None:
                session.add(SetRecordRow(**key, **values))
                return SESSIONS
            values["pain"] = result.pain or earlier.pain
            for name, value in values.items():
                setattr(earlier, name, value)
        return SESSIONS

    def finish_session(
        self,
        session_id: int,
        ended_at: datetime,
        status: SessionStatus = SessionStatus.FINISHED,
        *,
        patience: float | None = None,
    ) -> Changes:
        """Close a session as finished (or abandoned), so it is no longer offered to resume."""
        require_aware(ended_at, "ended_at")
        status = SessionStatus(status)
        if status is SessionStatus.IN_PROGRESS:
            raise ValueError("finish_session needs a final status, not in_progress")
        with self._transaction(write=True, patience=patience) as session:
            row = session.get(SessionRow, session_id)
            if row is None:
                raise KeyError(f"no session with id {session_id}")
            row.ended_at = ended_at
            row.status = status.value
        return SESSIONS

    def reopen_session(self, session_id: int, *, patience: float | None = None) -> Changes:
        """Set an abandoned session back to in progress: another window abandoned it while
        this one still plays it. SessionClosedError for a finished one, which stays so."""
        with self._transaction(write=True, patience=patience) as session:
            row = session.get(SessionRow, session_id)
            if row is None:
                raise KeyError(f"no session with id {session_id}")
            if row.status == SessionStatus.ABANDONED:
                row.status = SessionStatus.IN_PROGRESS.value
                row.ended_at = None
                return SESSIONS
            if row.status != SessionStatus.IN_PROGRESS:
                raise SessionClosedError(session_id, SessionStatus(row.status))
        return NOTHING

    # -- which window plays a session: a second writer must not abandon it --------------

    def claim_session(
        self, session_id: int, owner: str, now: datetime, *, patience: float | None = None
    ) -> Changes:
        """Say that window ``owner`` plays ``session_id`` and is alive at ``now``; renewed
        every few seconds while it plays (see :meth:`session_held_elsewhere`)."""
        require_aware(now, "now")
        claim = new_claim(session_id, owner, now)
        return self.set_setting(SESSION_CLAIM_KEY, claim, patience=patience)

    def release_session(self, owner: str, *, patience: float | None = None) -> Changes:
        """Drop ``owner``'s claim (its session ended or its window closed)."""
        with self._transaction(write=True, patience=patience) as session:
            value = session.scalar(
                select(SettingRow.value_json).where(SettingRow.key == SESSION_CLAIM_KEY)
            )
            if value is not None and claim_owner(value) == owner:
                session.execute(delete(SettingRow).where(SettingRow.key == SESSION_CLAIM_KEY))
                return Changes.setting(SESSION_CLAIM_KEY)
        return NOTHING

    def session_held_elsewhere(
        self, session_id: int, owner: str | None, now: datetime
    ) -> float | None:
        """Seconds since another window (not ``owner``) last said it plays ``session_id``,
        when that was within :data:`CLAIM_FRESH_SECONDS`; None when no live window does."""
        return held_elsewhere(self.get_setting(SESSION_CLAIM_KEY, None), session_id, owner, now)

    def delete_session(self, session_id: int) -> Changes:
        """Remove a session; its sets and check-in go with it through ON DELETE CASCADE."""
        with self._transaction(write=True) as session:
            result = session.execute(delete(SessionRow).where(SessionRow.id == session_id))
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise KeyError(f"no session with id {session_id}")
        return Changes.of(Kind.SESSIONS, Kind.CHECKINS)

    def unfinished_session(self) -> StoredSession | None:
        """The latest in-progress session with its sets, to offer resuming after a crash."""
        with self._transaction() as session:
            row = session.scalar(latest_unfinished_session())
            return None if row is None else to_stored_session(row)

    def session(self, session_id: int) -> StoredSession:
        """One session with its plan and its sets in the order they were recorded."""
        with self._transaction() as session:
            row = session.scalar(session_with_sets(session_id))
            if row is None:
                raise KeyError(f"no session with id {session_id}")
            return to_stored_session(row)

    # -- range-of-motion checks --------------------------------------------------------

    def add_check(self, record: CheckRecord) -> Added:
        """Store a new check record with all its trials at once; return its id (an int that
        also says what changed)."""
        if record.id is not None:
            raise ValueError(f"add_check needs a new record, this one has id {record.id}")
        trials = trial_rows(record)
        now = datetime.now(UTC)
        with self._transaction(write=True) as session:
            row = CheckRecordRow(
                check_slug=record.check_slug,
                taken_at=record.taken_at,
                note=without_nul(record.note),
                created_at=now,
                updated_at=now,
                deleted_at=None,
                trials=trials,
            )
            session.add(row)
            session.flush()
            return Added(row.id, CHECKS)

    def update_check(self, record: CheckRecord) -> EditedCheck:
        """Replace a stored record's fields and trials with ``record``'s; return the old one
        and what changed.

        The old record is what :meth:`check` gave before, so passing it back to
        ``update_check`` undoes the edit. A deleted record cannot be edited (KeyError).
        """
        if record.id is None:
            raise ValueError("update_check needs a stored record (its id is None)")
        trials = trial_rows(record)
        with self._transaction(write=True) as session:
            row = live_check_row(session, record.id)
            previous = to_check_record(row)
            row.check_slug = record.check_slug
            row.taken_at = record.taken_at
            row.note = without_nul(record.note)
            row.updated_at = datetime.now(UTC)
            # Delete the old trials before inserting the new ones, or a kept
            # (side, number) would clash with itself on the unique constraint.
            row.trials.clear()
            session.flush()
            row.trials.extend(trials)
        return EditedCheck(previous, CHECKS)

    def delete_check(self, record_id: int) -> Changes:
        """Hide a record (a soft delete); :meth:`restore_check` brings it back."""
        with self._transaction(write=True) as session:
            row = session.get(CheckRecordRow, record_id)
            if row is None or row.deleted_at is not None:
                raise KeyError(f"no check record with id {record_id}")
            row.deleted_at = datetime.now(UTC)
        return CHECKS

    def restore_check(self, record_id: int) -> Changes:
        """Undo :meth:`delete_check`; KeyError unless ``record_id`` is a deleted record."""
        with self._transaction(write=True) as session:
            row = session.get(CheckRecordRow, record_id)
            if row is None or row.deleted_at is None:
                raise KeyError(f"no deleted check record with id {record_id}")
            row.deleted_at = None
        return CHECKS

    def check(self, record_id: int) -> CheckRecord:
        """One record with its trials (left then right, by number); KeyError if deleted."""
        with self._transaction() as session:
            return to_check_record(live_check_row(session, record_id))

    def checks(self, check_slug: str | None = None) -> list[CheckRecord]:
        """Records not deleted, of one check or all, oldest first (by taken_at, then id)."""
        with self._transaction() as session:
            return [to_check_record(row) for row in session.scalars(live_checks(check_slug))]

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
            value: T = json.loads(value_json)
            return value
        except ValueError:
            return default

    def set_setting(self, key: str, value: Any, *, patience: float | None = None) -> Changes:
        """Store any JSON-serialisable ``value`` under ``key``, replacing what was there."""
        value_json = json_text(value)  # TypeError/ValueError before the file is touched
        values = {"key": key, "value_json": value_json}
        statement = upsert(SettingRow, values, SettingRow.key, ["value_json"])
        with self._transaction(write=True, patience=patience) as session:
            session.execute(statement)
        return Changes.setting(key)

    # -- check-ins ---------------------------------------------------------------------

    def save_checkin(self, checkin: CheckIn) -> Changes:
        """Save the check-in after a session, replacing one saved for it before.

        ValueError for a naive ``at``, an unknown effort or a malformed per-exercise
        mapping (nothing written); KeyError when there is no such session.
        """
        values = checkin_values(checkin)
        updated = ("at", "effort", "note", "exercise_effort_json")
        statement = upsert(CheckInRow, values, CheckInRow.session_id, updated)
        with self._transaction(write=True) as session:
            exists = session.scalar(
                select(SessionRow.id).where(SessionRow.id == values["session_id"])
            )
            if exists is None:
                raise KeyError(f"no session with id {values['session_id']}")
            session.execute(statement)
        return Changes.of(Kind.CHECKINS)

    def checkin(self, session_id: int) -> CheckIn | None:
        """The check-in saved for a session; None when there is none (or no such session)."""
        with self._transaction() as session:
            row = session.scalar(select(CheckInRow).where(CheckInRow.session_id == session_id))
            return None if row is None else to_checkin(row)

    # -- exercise choices (the person's "for always" adjustments) -----------------------

    def exercise_choices(self) -> dict[str, ExerciseChoice]:
        """Every saved choice by exercise slug, in slug order."""
        return self._read(read_choices)

    def set_exercise_choice(self, slug: str, choice: ExerciseChoice | None) -> Changes:
        """Save ``choice`` for ``slug`` (replacing any), or remove it when ``choice`` is None.

        Removing a choice that is not there does nothing. ValueError (nothing written)
        for an empty slug, a dose name that is not a Dose value, a dose value that is not
        a finite number above 0 (or not whole for sets/reps), or a swap to itself.
        """
        if choice is None:
            require_slug(slug, "slug")
            with self._transaction(write=True) as session:
                result = session.execute(
                    delete(ExerciseChoiceRow).where(ExerciseChoiceRow.slug == slug)
                )
            return ROUTINE if result.rowcount else NOTHING  # type: ignore[attr-defined]
        values = choice_values(slug, choice)
        values["updated_at"] = datetime.now(UTC)
        updated = ("dropped", "dose_json", "swap_for", "updated_at")
        statement = upsert(ExerciseChoiceRow, values, ExerciseChoiceRow.slug, updated)
        with self._transaction(write=True) as session:
            session.execute(statement)
        return ROUTINE

    # -- what the plan engine reads ----------------------------------------------------

    def logbook(
        self, content: Content, recent_sessions: int | None = None, *, keep_unreadable: bool = False
    ) -> Logbook:
        """Every live check and the sessions (plan, sets, check-in), for the plan engine.

        A fixed number of queries in one read transaction (see plan_reader); a session
        whose plan the current content cannot rebuild is left out, or kept with an empty plan
        when ``keep_unreadable`` (for the report, which counts what was done).
        """
        return self._read(
            lambda connection: read_logbook(
                connection, content, recent_sessions, keep_unreadable=keep_unreadable
            )
        )

    def _read(self, reader: Callable[[sqlite3.Connection], T]) -> T:
        """Run one of plan_reader's plain-sqlite3 readers on this store's connection."""
        connection = self._engine.raw_connection()
        try:
            return reader(cast(sqlite3.Connection, connection.driver_connection))
        except sqlite3.Error as exc:
            raise database_error(exc, self._path) from exc
        finally:
            connection.close()
