"""The JSON importer on broken backups: a Backup or a BackupError, nothing else.

A backup may have been edited by hand, cut short by a full disk or mangled on its way
between computers; import must then refuse it in one line naming the problem, and never
fail with an error from inside the validator or the JSON parser.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from app.core.backup.document import document
from app.core.backup.format import Backup, BackupError
from app.core.backup.validate import validate_backup
from app.db.transfer.backup_reader import read_backup_file
from tests.core.backup.test_backup_format import backups, valid
from tests.fuzz.mutations import (
    JSON_LEAVES,
    any_zone,
    mutated,
    mutated_bytes,
    mutated_text,
    nested,
)

VALID = valid()
VALID_TEXT = json.dumps(VALID, indent=2)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def imports_or_says_why(read: Any) -> None:
    try:
        backup = read()
    except BackupError as error:
        message = str(error)
        assert message and "\n" not in message  # one line, for the command line too
    else:
        assert isinstance(backup, Backup)


@pytest.fixture(scope="module")
def backup_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "backup.json"


def test_the_document_being_broken_is_valid() -> None:
    assert isinstance(validate_backup(VALID), Backup)


@FUZZ
@given(mutated(VALID, nested(JSON_LEAVES), most=4))
def test_any_value_anywhere_is_accepted_or_refused_in_one_line(data: Any) -> None:
    imports_or_says_why(lambda: validate_backup(data))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_a_mutated_export_is_accepted_or_refused_in_one_line(data: st.DataObject) -> None:
    original = document(data.draw(backups(max_sessions=2)))
    broken = data.draw(mutated(original, nested(JSON_LEAVES)))
    imports_or_says_why(lambda: validate_backup(json.loads(json.dumps(broken))))


@FUZZ
@given(mutated_bytes(VALID_TEXT.encode()))
def test_a_damaged_file_is_refused_in_one_line(backup_file: Path, data: bytes) -> None:
    backup_file.write_bytes(data)
    imports_or_says_why(lambda: read_backup_file(backup_file))


@FUZZ
@given(mutated_text(VALID_TEXT))
def test_a_hand_edited_file_is_accepted_or_refused_in_one_line(
    backup_file: Path, text: str
) -> None:
    backup_file.write_text(text, encoding="utf-8")
    imports_or_says_why(lambda: read_backup_file(backup_file))


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=200),
        st.integers(1, 100_000).map(lambda depth: b"[" * depth + b"]" * depth),
        st.integers(1, 100_000).map(lambda depth: b'{"a":' * depth + b"1" + b"}" * depth),
        nested(JSON_LEAVES).map(lambda value: json.dumps(value).encode()),
    )
)
def test_any_bytes_at_all_are_refused_in_one_line(backup_file: Path, data: bytes) -> None:
    backup_file.write_bytes(data)
    imports_or_says_why(lambda: read_backup_file(backup_file))


def times_in(value: Any) -> Iterator[datetime]:
    """Every datetime inside a Backup, however deep."""
    if isinstance(value, datetime):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from times_in(getattr(value, field.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from times_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from times_in(item)


EDGES = ("0001-01-01T00:00:00+00:00", "9999-12-31T23:00:00+00:00", "9999-12-31T10:00:00-12:00")


@FUZZ
@given(
    mutated(
        VALID,
        st.one_of(
            st.sampled_from(EDGES),
            st.datetimes(timezones=any_zone()).map(lambda moment: moment.isoformat()),
        ),
        most=4,
    )
)
@example({**VALID, "checks": [{**VALID["checks"][0], "taken_at": EDGES[1]}]})
def test_every_time_a_backup_brings_can_be_shown_in_any_zone(data: Any) -> None:
    """A time that imports but cannot be shown in Brisbane or Honolulu would stop Inward
    from showing its Today page there (found: 31 Dec 9999, 23:00 UTC)."""
    try:
        backup = validate_backup(data)
    except BackupError:
        return
    for moment in times_in(backup):
        for hours in (-12, 14):
            moment.astimezone(timezone(timedelta(hours=hours))).isoformat()


@pytest.fixture(scope="module")
def empty_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A current, empty data file to copy for each example (migrating one is slow)."""
    from app.db.store import Store

    path = tmp_path_factory.mktemp("template") / "inward.sqlite3"
    Store.open(path).close()
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_whatever_is_accepted_imports_whole_or_not_at_all(
    empty_file: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """A mutated backup that passes the checks must also import: all of it, in one go, or
    nothing with a message; never an error from SQLite half-way."""
    import shutil
    import sqlite3

    from app.db.errors import DatabaseError
    from app.db.transfer.backup_import import apply_import, summarize_import

    original = document(data.draw(backups(max_sessions=2)))
    broken = data.draw(mutated(original, nested(JSON_LEAVES)))
    try:
        backup = validate_backup(json.loads(json.dumps(broken)))
    except BackupError:
        event("refused by the checks")
        return
    event("passed the checks")
    path = tmp_path_factory.mktemp("import") / "inward.sqlite3"
    shutil.copyfile(empty_file, path)
    summary = summarize_import(path, backup)
    try:
        added = apply_import(path, backup)
    except DatabaseError as error:
        assert str(error)
        added = None
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        sessions = connection.execute("SELECT count(*) FROM sessions").fetchone()[0]
    connection.close()
    if added is None:
        assert sessions == 0  # refused: nothing half-written
    else:
        assert added == summary and sessions == summary.sessions_new
