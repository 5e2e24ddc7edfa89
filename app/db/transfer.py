"""Data out and in: the JSON backup, the CSV tables, and importing a backup.

Plain ``sqlite3`` throughout (no SQLAlchemy, no Qt), so the command line starts fast. The
format itself, its checks and its typed records are in app/core/backup/format.py; the
document for people is docs/data-format.md.

- :func:`export_backup` reads everything in the data file, read-only and in one snapshot,
  including sessions whose plan today's content could no longer rebuild (the plan goes out
  as it was stored) and deleted check records (with their ``deleted_at``).
- :func:`read_backup_file` refuses a file over :data:`MAX_FILE_BYTES` before reading it,
  and names the line and column of a JSON syntax error.
- :func:`summarize_import` says what an import would add, without writing anything;
  :func:`apply_import` adds it in one transaction. Nothing already in the data file is
  changed, and importing the same backup twice adds nothing the second time (see
  "Importing" in docs/data-format.md for the matching rules).
"""

from __future__ import annotations

import csv
import gc
import io
import json
import sqlite3
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from app.core.backup.document import (
    check_entry,
    checkin_entry,
    choice_entry,
    document_entry,
    header_entry,
    session_entry,
    set_entry,
    trial_entry,
    utc_text,
)
from app.core.backup.fields import read_list
from app.core.backup.format import (
    Backup,
    BackupChoice,
    BackupError,
    ImportCancelled,
)
from app.core.backup.import_summary import ImportSummary
from app.core.backup.json_stream import (
    FileGrewError,
    JsonStream,
    NotUtf8Error,
    StreamError,
    TooLargeError,
)
from app.core.backup.validate import LIST_MEMBERS, BackupBuilder, validate_backup
from app.core.records import SessionStatus, SetResult
from app.db.atomic_files import atomic_write
from app.db.errors import DatabaseError, plain_message
from app.db.private_files import make_data_folder
from app.db.read_only import connect_read_only
from app.db.schema import HEAD_REVISION, ensure_current, inspect_file
from app.db.times import from_utc_text

__all__ = [
    "CSV_TABLES",
    "MAX_FILE_BYTES",
    "BackupError",
    "ImportSummary",
    "apply_import",
    "export_backup",
    "export_csv",
    "read_backup_file",
    "summarize_import",
    "write_json",
]

#: A backup file larger than this is refused before it is read (10 years is ~40 MB).
MAX_FILE_BYTES = 200 * 1024 * 1024

#: The tables the CSV export writes, one file each, in this order, with these columns.
CSV_TABLES: Mapping[str, tuple[str, ...]] = {
    "sessions": ("id", "started_at", "ended_at", "status", "plan_json"),
    "set_records": (
        "id",
        "session_id",
        "exercise_slug",
        "side",
        "set_index",
        "planned_seconds",
        "done_seconds",
        "planned_reps",
        "done_reps",
        "skipped",
        "pain",
        "started_at",
        "ended_at",
    ),
    "checkins": ("id", "session_id", "at", "effort", "note", "exercise_effort_json"),
    "check_records": (
        "id",
        "check_slug",
        "taken_at",
        "note",
        "created_at",
        "updated_at",
        "deleted_at",
    ),
    "check_trials": (
        "id",
        "record_id",
        "side",
        "number",
        "degrees",
        "method",
        "mode",
        "measured_by",
        "pain",
        "note",
        "photo",
    ),
    "settings": ("key", "value_json"),
    "exercise_choices": ("slug", "dropped", "dose_json", "swap_for", "updated_at"),
}
#: Columns written as true/false in the database (0/1), and so in the CSV files.
BOOLEAN_COLUMNS = frozenset({"skipped", "pain", "dropped"})
_CSV_ORDER = {"settings": "key", "exercise_choices": "slug"}


# --- connections ---------------------------------------------------------------------------


def _read_only(path: Path) -> sqlite3.Connection:
    connection = connect_read_only(path)
    connection.isolation_level = None  # transactions are begun explicitly below
    return connection


@contextmanager
def _read_range(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection inside one read transaction: every query sees one moment."""
    path = Path(path)
    _require_current(path)
    try:
        with closing(_read_only(path)) as connection:
            connection.execute("BEGIN")
            try:
                yield connection
            finally:
                connection.execute("ROLLBACK")
    except sqlite3.Error as exc:
        raise DatabaseError(plain_message(exc, path), path) from exc


def _require_current(path: Path) -> None:
    state = inspect_file(path)  # DatabaseTooNewError for a newer file
    if state.revision is None and not state.has_tables:
        raise DatabaseError(f"There is no Inward data file at {path}, so nothing to export.", path)
    if state.revision != HEAD_REVISION:
        raise DatabaseError(
            f"The data file {path} is from an older Inward (schema {state.revision}); open it "
            "with this Inward once to update it, then export again.",
            path,
        )


# --- export --------------------------------------------------------------------------------


def _time(text: str | None) -> str | None:
    """A stored time in the backup's form; text no longer readable as a time goes out as is."""
    if text is None:
        return None
    try:
        return utc_text(from_utc_text(text))
    except (TypeError, ValueError):
        return text


def _json(text: str | None) -> tuple[bool, Any]:
    try:
        return True, json.loads(text or "null")
    except ValueError:
        return False, text


def _object(text: str | None) -> dict[str, Any]:
    readable, value = _json(text)
    return value if readable and isinstance(value, dict) else {}


def _plan(text: str) -> dict[str, Any]:
    """The stored plan; a plan that is not a JSON object goes out as its text, under a key."""
    readable, value = _json(text)
    return value if readable and isinstance(value, dict) else {"unreadable_plan_json": text}


def export_backup(db_path: Path, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything in the data file as a backup document (plain JSON values); read-only.

    DatabaseError when there is no data file, it is damaged, or its schema is not this
    app's (a newer one: DatabaseTooNewError; an older one: open it with Inward first).
    """
    exported_at = now or datetime.now(UTC)
    with _read_range(Path(db_path)) as connection:
        sets: dict[int, list[dict[str, Any]]] = {}
        for row in connection.execute(
            "SELECT session_id, exercise_slug, side, set_index, planned_seconds, done_seconds,"
            " planned_reps, done_reps, skipped, pain, started_at, ended_at"
            " FROM set_records ORDER BY session_id, id"
        ):
            sets.setdefault(row[0], []).append(
                set_entry(
                    row[1],
                    row[2],
                    row[3],
                    row[4],
                    row[5],
                    row[6],
                    row[7],
                    bool(row[8]),
                    bool(row[9]),
                    _time(row[10]),
                    _time(row[11]),
                )
            )
        checkins = {
            session_id: checkin_entry(_time(at), effort, _object(efforts), note)
            for session_id, at, effort, note, efforts in connection.execute(
                "SELECT session_id, at, effort, note, exercise_effort_json FROM checkins"
                " ORDER BY id"
            )
        }
        sessions = [
            session_entry(
                session_id,
                _time(started),
                _time(ended),
                status,
                _plan(plan_json),
                sets.get(session_id, []),
                checkins.get(session_id),
            )
            for session_id, started, ended, status, plan_json in connection.execute(
                "SELECT id, started_at, ended_at, status, plan_json FROM sessions"
                " ORDER BY started_at, id"
            )
        ]
        trials: dict[int, list[dict[str, Any]]] = {}
        for row in connection.execute(
            "SELECT record_id, side, number, degrees, method, mode, measured_by, pain, note,"
            " photo FROM check_trials ORDER BY record_id, side, number"
        ):
            trials.setdefault(row[0], []).append(
                trial_entry(
                    row[1], row[2], row[3], row[4], row[5], row[6], bool(row[7]), row[8], row[9]
                )
            )
        checks = [
            check_entry(
                record_id,
                slug,
                _time(taken),
                note,
                _time(created),
                _time(updated),
                _time(deleted),
                trials.get(record_id, []),
            )
            for record_id, slug, taken, note, created, updated, deleted in connection.execute(
                "SELECT id, check_slug, taken_at, note, created_at, updated_at, deleted_at"
                " FROM check_records ORDER BY taken_at, id"
            )
        ]
        settings = {
            key: _json(value_json)[1]
            for key, value_json in connection.execute(
                "SELECT key, value_json FROM settings ORDER BY key"
            )
        }
        choices = {
            slug: choice_entry(bool(dropped), _object(dose_json), swap_for, _time(updated))
            for slug, dropped, dose_json, swap_for, updated in connection.execute(
                "SELECT slug, dropped, dose_json, swap_for, updated_at FROM exercise_choices"
                " ORDER BY slug"
            )
        }
    header = header_entry(utc_text(exported_at), HEAD_REVISION)
    return document_entry(header, sessions, checks, settings, choices)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _write_document(doc: Mapping[str, Any], out: IO[str]) -> None:
    """Indented at the top level only: one session or check per line, fast to write and diff.

    (json.dump with indent= falls back to the pure-Python encoder, ~10x slower.)
    """
    out.write("{\n")
    for number, (key, value) in enumerate(doc.items()):
        out.write(f"  {_dumps(key)}: ")
        if isinstance(value, list) and value:
            out.write("[\n")
            out.write(",\n".join(f"    {_dumps(item)}" for item in value))
            out.write("\n  ]")
        else:
            out.write(_dumps(value))
        out.write(",\n" if number < len(doc) - 1 else "\n")
    out.write("}\n")


def write_json(doc: Mapping[str, Any], path: Path) -> None:
    """Write a backup document as UTF-8 JSON; ``path`` is replaced only once it is complete."""
    with atomic_write(Path(path)) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        _write_document(doc, text)
        text.flush()
        text.detach()


#: Text starting with one of these is a formula to a spreadsheet: a note typed as "=1+1" or
#: "@SUM(...)" would run when the CSV is opened, so such text gets a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(column: str, value: Any) -> Any:
    if value is None:
        return ""
    if column in BOOLEAN_COLUMNS:
        return int(bool(value))
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_csv(db_path: Path, zip_path: Path) -> dict[str, int]:
    """One CSV file per table in a zip (header row, UTF-8 with a BOM, times as stored: ISO
    text, UTC; text that a spreadsheet would run as a formula starts with an apostrophe).

    Returns the number of rows written per table. Read-only for the data file; ``zip_path``
    is replaced only once the zip is complete.
    """
    counts: dict[str, int] = {}
    with (
        _read_range(Path(db_path)) as connection,
        atomic_write(Path(zip_path)) as raw,
        zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for table, columns in CSV_TABLES.items():
            order = _CSV_ORDER.get(table, "id")
            rows = connection.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")
            with archive.open(f"{table}.csv", "w") as member:
                # utf-8-sig: the BOM makes spreadsheets read accented names as UTF-8
                text = io.TextIOWrapper(member, encoding="utf-8-sig", newline="")
                writer = csv.writer(text)
                writer.writerow(columns)
                count = 0
                for row in rows:
                    writer.writerow(_csv_value(c, v) for c, v in zip(columns, row, strict=True))
                    count += 1
                text.flush()
                text.detach()
            counts[table] = count
    return counts


# --- reading a backup file -----------------------------------------------------------------


@contextmanager
def _no_collections() -> Iterator[None]:
    """Garbage collection held off while records are built: they hold no cycles, and each
    full collection walks every object the process has (SQLAlchemy's and Alembic's, once
    loaded), again and again as the records grow: 2.6 s instead of 1.0 s for 20 MB."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _refuse_constant(name: str) -> Any:
    raise BackupError(f"the file holds {name}, which is not a number JSON allows")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise BackupError(f"the file gives the key {key!r} twice in one object")
            seen.add(key)
    return result


#: The most text one entry may take: a session (up to 2,000 sets and its plan, under 1 MB as
#: Inward writes it), a check, the settings, the exercise choices or any other member.
#: Parsing is bounded by it, so no entry can cost more than a few tens of MB in memory.
MAX_ENTRY_CHARS = 2 * 2**20


def _decoder() -> json.JSONDecoder:
    return json.JSONDecoder(parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)


_STARTS = {"{": "an object", "[": "a list", '"': "text", "t": "true", "f": "false", "n": "null"}


def _too_large(where: str, error: TooLargeError) -> BackupError:
    kind = _STARTS.get(error.first, "a number")
    return BackupError(
        f"is too large: {kind} of over {error.limit:,} characters, far more than Inward ever "
        "writes there, so it was not read",
        where,
    )


def _read_list(
    stream: JsonStream,
    name: str,
    builder: BackupBuilder,
    cancelled: Callable[[], bool] | None,
) -> None:
    """One top-level list, an entry at a time: each is checked and kept as typed records,
    and its parsed JSON let go, before the next is read."""
    limit = LIST_MEMBERS[name]
    add = builder.add_session if name == "sessions" else builder.add_check
    if stream.peek() != "[":
        first = stream.peek()
        try:
            value = stream.value(MAX_ENTRY_CHARS)
        except TooLargeError:
            value = {"{": {}, '"': "..."}.get(first, 0)
        builder.defer(lambda: read_list(value, name, limit))
        return
    stream.take("[", "")
    if stream.peek() == "]":
        stream.take("]", "")
        return
    index = 0
    while True:
        if index >= limit:
            raise BackupError(
                f"holds more than {limit:,} entries; a backup may hold at most {limit:,}", name
            )
        try:
            raw = stream.value(MAX_ENTRY_CHARS)
        except TooLargeError as error:
            raise _too_large(f"{name}[{index}]", error) from None
        builder.defer(lambda: add(raw, index))  # noqa: B023 - called at once
        del raw
        index += 1
        if cancelled is not None and cancelled():
            raise ImportCancelled
        if stream.peek() == "]":
            stream.take("]", "")
            return
        stream.take(",", "Expecting ',' delimiter")


def _read_document(stream: JsonStream, cancelled: Callable[[], bool] | None) -> Backup:
    """The top-level object member by member; the lists go entry by entry (_read_list)."""
    if stream.peek() != "{":
        try:
            whole = stream.value(MAX_ENTRY_CHARS)
        except TooLargeError as error:
            kind = _STARTS.get(error.first, "a number")
            message = f"a backup must be a JSON object {{...}}, this file holds {kind}"
            raise BackupError(message) from None
        if not stream.at_end():
            stream.error("Extra data")
        return validate_backup(whole)
    stream.take("{", "")
    builder = BackupBuilder()
    seen: set[str] = set()
    while stream.peek() != "}" or seen:
        if stream.peek() != '"':
            stream.error("Expecting property name enclosed in double quotes")
        try:
            key = stream.value(MAX_ENTRY_CHARS)
        except TooLargeError:
            raise BackupError("the file holds a name of over 2 MB, so it was not read") from None
        if key in seen:
            raise BackupError(f"the file gives the key {key!r} twice in one object")
        seen.add(key)
        stream.take(":", "Expecting ':' delimiter")
        if key in LIST_MEMBERS:
            _read_list(stream, key, builder, cancelled)
        else:
            try:
                value = stream.value(MAX_ENTRY_CHARS)
            except TooLargeError as error:
                raise _too_large(key, error) from None
            if key == "settings":
                builder.defer(lambda: builder.set_settings(value))  # noqa: B023 - called at once
            elif key == "exercise_choices":
                builder.defer(lambda: builder.set_choices(value))  # noqa: B023 - called at once
            else:
                builder.top[key] = value
                builder.check_format()
        if stream.peek() == "}":
            break
        stream.take(",", "Expecting ',' delimiter")
    stream.take("}", "")
    if not stream.at_end():
        stream.error("Extra data")
    return builder.finish()


def read_backup_file(
    path: Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Backup:
    """Read, parse and validate a JSON backup; BackupError (one line) for anything wrong.

    The size is checked before a byte is read, so a huge file costs nothing. The file is
    then read a piece at a time (app/core/backup/json_stream.py) and each session or check turned
    into typed records as it comes, so memory stays within a few times the file's size
    whatever it holds. ``progress(bytes_read, size)`` is called as it goes; ``cancelled()``,
    asked after each entry, stops the reading with ImportCancelled.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise BackupError(f"{path} is a folder, not a backup file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BackupError(
                f"the file {path} is {size:,} bytes; Inward reads backups of up to "
                f"{MAX_FILE_BYTES:,} bytes ({MAX_FILE_BYTES // 2**20} MB)"
            )
        with path.open("rb") as source, _no_collections():
            on_read = None if progress is None else (lambda done: progress(done, size))
            stream = JsonStream(source, _decoder(), max_bytes=MAX_FILE_BYTES, on_read=on_read)
            if stream.at_end():
                raise BackupError(f"the file {path} is empty")
            return _read_document(stream, cancelled)
    except FileNotFoundError as exc:
        raise BackupError(f"there is no file {path}") from exc
    except OSError as exc:
        raise BackupError(f"Inward could not read {path} ({exc.strerror or exc})") from exc
    except FileGrewError as exc:  # grew while we read it
        raise BackupError(f"the file {path} is over {MAX_FILE_BYTES // 2**20} MB") from exc
    except NotUtf8Error as exc:
        raise BackupError(
            f"the file {path} is not UTF-8 text (byte {exc.byte:,}); is it an Inward backup?"
        ) from exc
    except StreamError as exc:
        # Cut short: the parser ran out of text, or out of a string (JSON strings hold no
        # line breaks, so an unclosed one always runs to the end).
        why = (
            "it ends too soon, so it may have been cut short" if exc.cut else "it is not valid JSON"
        )
        where = f"line {exc.line}, column {exc.column}"
        detail = (
            f"a text starting at {where} is never closed"
            if exc.unclosed
            else f"{exc.message} at {where}"
        )
        raise BackupError(f"the file {path} cannot be read: {why} ({detail})") from exc
    except RecursionError as exc:
        raise BackupError(f"the file {path} nests its values too deeply") from exc
    except BackupError:
        raise
    except ValueError as exc:  # e.g. a number of more digits than Python converts
        raise BackupError(f"the file {path} cannot be read: {exc}") from exc


# --- import --------------------------------------------------------------------------------


def _key_text(text: str) -> str:
    """A stored time as the matching key: the same instant always gives the same text."""
    try:
        return utc_text(from_utc_text(text))
    except (TypeError, ValueError):
        return text


@dataclass
class _Plan:
    """What to write, decided against what the data file holds."""

    summary: ImportSummary
    sessions: list[tuple[int, int | None]] = field(default_factory=list)  # (index, matched id)
    sets: list[tuple[int, int]] = field(default_factory=list)  # (session index, set index)
    checkins: list[int] = field(default_factory=list)  # session indexes
    checks: list[int] = field(default_factory=list)  # check indexes
    settings: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)


def _match(existing: Mapping[str, list[int]], keys: list[str]) -> list[int | None]:
    """Pair each key with an existing id of the same key, in order; None where none is left.

    The n-th backup entry with a key meets the n-th existing one (by id), so two entries
    with the same time are two entries, and a second import meets them both.
    """
    used: Counter[str] = Counter()
    matched: list[int | None] = []
    for key in keys:
        ids = existing.get(key, [])
        count = used[key]
        used[key] += 1
        matched.append(ids[count] if count < len(ids) else None)
    return matched


def _match_checks(rows: list[tuple[Any, ...]], backup: Backup) -> list[int | None]:
    """Existing record ids for the backup's checks: first by creation time (a record whose
    time or values were edited since is still the same record), then, for those left, by the
    time it was taken (the same reading entered again)."""
    by_creation = _grouped([(row_id, slug, created) for row_id, slug, created, _ in rows])
    matched = _match(
        by_creation, [_joined(c.record.check_slug, utc_text(c.created_at)) for c in backup.checks]
    )
    taken = set(matched)
    left = [(row_id, slug, at) for row_id, slug, _, at in rows if row_id not in taken]
    by_taken = _grouped(left)
    unmatched = [index for index, row_id in enumerate(matched) if row_id is None]
    keys = [
        _joined(backup.checks[i].record.check_slug, utc_text(backup.checks[i].record.taken_at))
        for i in unmatched
    ]
    for index, row_id in zip(unmatched, _match(by_taken, keys), strict=True):
        matched[index] = row_id
    return matched


def _grouped(rows: list[tuple[Any, ...]]) -> dict[str, list[int]]:
    """Ids (in id order) by key: the row's other values, the last one a time."""
    groups: dict[str, list[int]] = {}
    for row_id, *names, time in rows:
        groups.setdefault(_joined(*names, _key_text(time)), []).append(row_id)
    return groups


def _joined(*parts: str) -> str:
    return "\x1f".join(parts)


def _decide(connection: sqlite3.Connection | None, backup: Backup) -> _Plan:
    """Match the backup against the data file (None: no file yet, so everything is new)."""

    def query(sql: str) -> list[tuple[Any, ...]]:
        return [] if connection is None else connection.execute(sql).fetchall()

    sessions_by_start = _grouped(query("SELECT id, started_at FROM sessions ORDER BY id"))
    check_rows = query("SELECT id, check_slug, created_at, taken_at FROM check_records ORDER BY id")
    set_keys = {
        (row[0], row[1], row[2], row[3])
        for row in query("SELECT session_id, exercise_slug, side, set_index FROM set_records")
    }
    with_checkin = {row[0] for row in query("SELECT session_id FROM checkins")}
    setting_keys = {row[0] for row in query("SELECT key FROM settings")}
    choice_slugs = {row[0] for row in query("SELECT slug FROM exercise_choices")}

    plan = _Plan(ImportSummary())
    counts: Counter[str] = Counter()
    session_matches = _match(sessions_by_start, [utc_text(s.started_at) for s in backup.sessions])
    for index, (session, matched) in enumerate(zip(backup.sessions, session_matches, strict=True)):
        plan.sessions.append((index, matched))
        counts["sessions_new" if matched is None else "sessions_present"] += 1
        for set_index, result in enumerate(session.sets):
            set_key = (matched, result.exercise_slug, result.side._value_, result.set_index)
            if matched is not None and set_key in set_keys:
                counts["sets_present"] += 1
            else:
                counts["sets_new"] += 1
                plan.sets.append((index, set_index))
        if session.checkin is not None:
            if matched is not None and matched in with_checkin:
                counts["checkins_present"] += 1
            else:
                counts["checkins_new"] += 1
                plan.checkins.append(index)
    for index, matched in enumerate(_match_checks(check_rows, backup)):
        if matched is None:
            counts["checks_new"] += 1
            counts["trials_new"] += len(backup.checks[index].record.trials)
            plan.checks.append(index)
        else:
            counts["checks_present"] += 1
    for key in backup.settings:
        if key in setting_keys:
            counts["settings_present"] += 1
        else:
            counts["settings_new"] += 1
            plan.settings.append(key)
    for slug in backup.exercise_choices:
        if slug in choice_slugs:
            counts["choices_present"] += 1
        else:
            counts["choices_new"] += 1
            plan.choices.append(slug)
    plan.summary = ImportSummary(**counts)
    return plan


def _ready_for_import(db_path: Path) -> None:
    """Bring the data file up to date (created if missing), as opening the app would."""
    state = inspect_file(db_path)  # DatabaseTooNewError for a newer file
    if state.revision != HEAD_REVISION:
        make_data_folder(db_path.parent, db_path)
        ensure_current(db_path)  # as opening the app would: backup first, then upgrade


@contextmanager
def _current_copy(db_path: Path) -> Iterator[Path]:
    """``db_path`` itself when current; otherwise an upgraded copy in a temporary folder, so
    that a look at an older file leaves the file exactly as it was."""
    if inspect_file(db_path).revision == HEAD_REVISION:
        yield db_path
        return
    with tempfile.TemporaryDirectory(prefix="inward-import-") as folder:
        copy = Path(folder) / db_path.name
        try:
            with closing(_read_only(db_path)) as source, closing(sqlite3.connect(copy)) as target:
                source.backup(target)
        except sqlite3.Error as exc:
            raise DatabaseError(plain_message(exc, db_path), db_path) from exc
        ensure_current(copy)
        yield copy


def summarize_import(db_path: Path, backup: Backup) -> ImportSummary:
    """What :func:`apply_import` would add and what is already there. Writes nothing: an
    older data file is compared through an upgraded temporary copy."""
    db_path = Path(db_path)
    state = inspect_file(db_path)  # DatabaseTooNewError for a newer file
    if state.revision is None and not state.has_tables:
        return _decide(None, backup).summary
    with _current_copy(db_path) as current:
        return _summary_from(current, backup)


def _summary_from(db_path: Path, backup: Backup) -> ImportSummary:
    try:
        with closing(_read_only(db_path)) as connection:
            connection.execute("BEGIN")
            try:
                return _decide(connection, backup).summary
            finally:
                connection.execute("ROLLBACK")
    except sqlite3.Error as exc:
        raise DatabaseError(plain_message(exc, db_path), db_path) from exc


def _bool(value: bool) -> int:
    return 1 if value else 0


def _watched(
    rows: Iterable[tuple[Any, ...]],
    total: int,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> Iterator[tuple[Any, ...]]:
    """``rows``, saying how far they are every 2,000; ImportCancelled when asked to stop
    (raised inside executemany, so the transaction is rolled back)."""
    for number, row in enumerate(rows, 1):
        if number % 2000 == 0:
            if cancelled is not None and cancelled():
                raise ImportCancelled
            if progress is not None:
                progress(number, total)
        yield row


def _write(
    connection: sqlite3.Connection,
    backup: Backup,
    plan: _Plan,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    next_session = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM sessions").fetchone()[0]
    session_ids: dict[int, int] = {}
    session_rows = []
    for index, matched in plan.sessions:
        if matched is not None:
            session_ids[index] = matched
            continue
        session = backup.sessions[index]
        session_ids[index] = next_session
        session_rows.append(
            (
                next_session,
                utc_text(session.started_at),
                None if session.ended_at is None else utc_text(session.ended_at),
                _imported_status(session.status).value,
                _dumps(session.plan),
            )
        )
        next_session += 1
    connection.executemany(
        "INSERT INTO sessions (id, started_at, ended_at, status, plan_json) VALUES (?, ?, ?, ?, ?)",
        session_rows,
    )
    connection.executemany(
        "INSERT INTO set_records (session_id, exercise_slug, side, set_index, planned_seconds,"
        " done_seconds, planned_reps, done_reps, skipped, pain, started_at, ended_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        _watched(
            (
                _set_row(session_ids[index], backup.sessions[index].sets[set_index])
                for index, set_index in plan.sets
            ),
            len(plan.sets),
            progress,
            cancelled,
        ),
    )
    checkin_rows = []
    for index in plan.checkins:
        checkin = backup.sessions[index].checkin
        assert checkin is not None
        efforts = {slug: effort.value for slug, effort in checkin.exercise_effort.items()}
        checkin_rows.append(
            (
                session_ids[index],
                utc_text(checkin.at),
                checkin.effort.value,
                checkin.note,
                _dumps(efforts),
            )
        )
    connection.executemany(
        "INSERT INTO checkins (session_id, at, effort, note, exercise_effort_json)"
        " VALUES (?, ?, ?, ?, ?)",
        checkin_rows,
    )
    next_check = connection.execute(
        "SELECT coalesce(max(id), 0) + 1 FROM check_records"
    ).fetchone()[0]
    record_rows = []
    trial_rows: list[tuple[object, ...]] = []
    for index in plan.checks:
        check = backup.checks[index]
        record = check.record
        record_rows.append(
            (
                next_check,
                record.check_slug,
                utc_text(record.taken_at),
                record.note,
                utc_text(check.created_at),
                utc_text(check.updated_at),
                None if check.deleted_at is None else utc_text(check.deleted_at),
            )
        )
        trial_rows.extend(
            (
                next_check,
                trial.side.value,
                trial.number,
                trial.degrees,
                trial.method.value,
                trial.mode.value,
                trial.measured_by.value,
                _bool(trial.pain),
                trial.note,
                trial.photo,
            )
            for trial in record.trials
        )
        next_check += 1
    connection.executemany(
        "INSERT INTO check_records (id, check_slug, taken_at, note, created_at, updated_at,"
        " deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        record_rows,
    )
    connection.executemany(
        "INSERT INTO check_trials (record_id, side, number, degrees, method, mode, measured_by,"
        " pain, note, photo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        trial_rows,
    )
    connection.executemany(
        "INSERT INTO settings (key, value_json) VALUES (?, ?)",
        ((key, _dumps(backup.settings[key])) for key in plan.settings),
    )
    now = datetime.now(UTC)
    connection.executemany(
        "INSERT INTO exercise_choices (slug, dropped, dose_json, swap_for, updated_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (_choice_row(slug, backup.exercise_choices[slug], now) for slug in plan.choices),
    )


def _imported_status(status: SessionStatus) -> SessionStatus:
    """A session still running in the exporting file is not one this computer can resume."""
    return SessionStatus.ABANDONED if status is SessionStatus.IN_PROGRESS else status


def _set_row(session_id: int, result: SetResult) -> tuple[Any, ...]:
    return (
        session_id,
        result.exercise_slug,
        result.side._value_,  # not .value: the enum's descriptor is slow over 50,000 sets
        result.set_index,
        result.planned_seconds,
        result.done_seconds,
        result.planned_reps,
        result.done_reps,
        _bool(result.skipped),
        _bool(result.pain),
        utc_text(result.started_at),
        utc_text(result.ended_at),
    )


def _choice_row(slug: str, saved: BackupChoice, now: datetime) -> tuple[Any, ...]:
    return (
        slug,
        _bool(saved.choice.dropped),
        _dumps(dict(saved.choice.dose)),
        saved.choice.swap_for,
        utc_text(saved.updated_at or now),
    )


def apply_import(
    db_path: Path,
    backup: Backup,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportSummary:
    """Add what the data file lacks from ``backup``, all in one transaction; return what was
    added (the same summary :func:`summarize_import` gave, unless the file changed since).

    ``progress(sets_written, sets_to_write)`` is called as the sets go in; ``cancelled()``
    is asked as they do, and stops the import with ImportCancelled, nothing written.

    Creates the data file if there is none. Nothing already there is changed. DatabaseError
    (nothing written) when the file cannot be used or written.
    """
    db_path = Path(db_path)
    _ready_for_import(db_path)
    try:
        with closing(sqlite3.connect(db_path, timeout=5.0)) as connection, _no_collections():
            connection.isolation_level = None
            connection.execute("PRAGMA foreign_keys=ON")
            connection.execute("BEGIN IMMEDIATE")  # no other writer between deciding and writing
            try:
                plan = _decide(connection, backup)
                _write(connection, backup, plan, progress, cancelled)
                if cancelled is not None and cancelled():
                    raise ImportCancelled
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
    except sqlite3.Error as exc:
        raise DatabaseError(plain_message(exc, db_path), db_path) from exc
    return plan.summary
