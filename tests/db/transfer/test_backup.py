"""Export, the CSV tables and import against real data files: round trips, merging, refusals."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import json
import shutil
import sqlite3
import tempfile
import zipfile
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from app.core.backup.document import document
from app.core.backup.format import Backup, BackupError
from app.core.backup.validate import validate_backup
from app.core.plan.types import ExerciseChoice
from app.core.records import SessionStatus, Side
from app.core.session.checkin import CheckIn, Effort
from app.db.errors import DatabaseError, DatabaseTooNewError
from app.db.schema import HEAD_REVISION
from app.db.store import Store
from app.db.transfer import backup_reader
from app.db.transfer.backup_export import export_backup, write_json
from app.db.transfer.backup_import import apply_import, summarize_import
from app.db.transfer.backup_reader import MAX_FILE_BYTES, read_backup_file
from app.db.transfer.csv_export import CSV_TABLES, export_csv
from tests.core.backup.test_backup_format import backups, valid
from tests.db.conftest import WORK_MATCHES_SETS, make_check, make_set, make_trial, sha256, utc
from tests.db.test_fixtures import FIXTURES


def write_history(path: Path, backup: Backup) -> None:
    """Put a generated history into a data file the way the app does: through the Store."""
    with Store.open(path) as store:
        for session in backup.sessions:
            session_id = store.start_session(session.plan, session.started_at)
            for result in session.sets:
                store.record_set(session_id, result)
            if session.status is not SessionStatus.IN_PROGRESS:
                assert session.ended_at is not None
                store.finish_session(session_id, session.ended_at, session.status)
            if session.checkin is not None:
                store.save_checkin(
                    CheckIn(
                        session_id,
                        session.checkin.at,
                        session.checkin.effort,
                        session.checkin.exercise_effort,
                        session.checkin.note,
                    )
                )
        for check in backup.checks:
            record_id = store.add_check(dataclasses.replace(check.record, id=None))
            if check.deleted_at is not None:
                store.delete_check(record_id)
        for key, value in backup.settings.items():
            store.set_setting(key, value)
        for slug, saved in backup.exercise_choices.items():
            store.set_exercise_choice(slug, saved.choice)


def without_ids(doc: dict[str, Any]) -> dict[str, Any]:
    """A document with what an import does not keep (ids, the export time) taken out, and
    running sessions as the import writes them: abandoned (they cannot be resumed here)."""
    doc = json.loads(json.dumps(doc))
    doc.pop("exported_at")
    for session in doc["sessions"]:
        session.pop("id")
        if session["status"] == SessionStatus.IN_PROGRESS.value:
            session["status"] = SessionStatus.ABANDONED.value
    for check in doc["checks"]:
        check.pop("id")
    return doc


def table_counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in CSV_TABLES
        }


@pytest.fixture(scope="module")
def empty_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A current, empty data file to copy: migrating a new one for every example is slow."""
    path = tmp_path_factory.mktemp("template") / "inward.sqlite3"
    Store.open(path).close()
    return path


def fresh(empty_file: Path, folder: Path) -> Path:
    path = folder / "inward.sqlite3"
    shutil.copyfile(empty_file, path)
    return path


# --- round trips ---------------------------------------------------------------------------


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(history=backups(min_trials=1))
def test_export_then_import_into_an_empty_file_gives_the_same_data(
    empty_file: Path, history: Backup
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "a").mkdir()
        original = fresh(empty_file, Path(folder) / "a")
        write_history(original, history)
        exported = export_backup(original)
        write_json(exported, Path(folder) / "backup.json")
        backup = read_backup_file(Path(folder) / "backup.json")
        # document() is what ships: the file read back and written by it is the exporter's,
        # to every key and its order.
        assert json.dumps(document(backup)) == json.dumps(exported)

        target = Path(folder) / "b" / "inward.sqlite3"  # no file yet: the import creates it
        before = summarize_import(target, backup)
        assert not target.exists()
        added = apply_import(target, backup)
        assert added == before
        assert added.sessions_new == len(history.sessions)
        assert added.checks_new == len(history.checks)
        assert without_ids(export_backup(target)) == without_ids(exported)
        assert table_counts(target) == table_counts(original)

        again = apply_import(target, backup)  # the same file twice adds nothing twice
        assert not again.anything_new
        assert again.sessions_present == len(history.sessions)
        assert table_counts(target) == table_counts(original)


def test_everything_goes_out_even_what_the_app_no_longer_shows(db_path: Path, store: Store) -> None:
    old_plan = {"items": [{"slug": "an-exercise-since-removed", "first_side": "left"}]}
    session_id = store.start_session(old_plan, utc(2024, 1, 1, 7))
    store.record_set(session_id, make_set(utc(2024, 1, 1, 7, 1), slug="an-exercise-since-removed"))
    store.finish_session(session_id, utc(2024, 1, 1, 7, 30))
    record_id = store.add_check(make_check(utc(2024, 1, 1, 6, 50)))
    store.delete_check(record_id)
    store.close()

    doc = export_backup(db_path)
    assert doc["format"] == "inward-backup" and doc["version"] == 1
    assert doc["app_schema"] == HEAD_REVISION
    (session,) = doc["sessions"]
    assert session["plan"] == old_plan
    assert session["sets"][0]["exercise_slug"] == "an-exercise-since-removed"
    (check,) = doc["checks"]
    assert check["deleted_at"] is not None
    validate_backup(doc)


def test_export_writes_nothing_to_the_data_file(db_path: Path, store: Store) -> None:
    store.start_session({"items": []}, utc(2024, 1, 1, 7))
    store.close()
    digest = sha256(db_path)
    export_backup(db_path)
    export_csv(db_path, db_path.parent / "tables.zip")
    assert sha256(db_path) == digest


def test_there_is_nothing_to_export_without_a_data_file(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="There is no Inward data file"):
        export_backup(tmp_path / "inward.sqlite3")
    assert not (tmp_path / "inward.sqlite3").exists()


def test_a_newer_data_file_is_not_exported(db_path: Path, store: Store) -> None:
    store.close()
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(DatabaseTooNewError):
        export_backup(db_path)


# --- merging -------------------------------------------------------------------------------


def doc_of(**changes: Any) -> dict[str, Any]:
    return {**valid(), **changes}


def save(doc: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_an_import_adds_only_what_is_missing_and_keeps_what_is_there(
    db_path: Path, store: Store, tmp_path: Path
) -> None:
    # The data file already has the first session (with one of its two sets, finished at a
    # different time and with a different plan), the check, and its own "name" setting.
    started = utc(2026, 5, 1, 6, 30)
    session_id = store.start_session({"mine": True}, started)
    store.record_set(session_id, make_set(utc(2026, 5, 1, 6, 30, 10), index=1))
    store.finish_session(session_id, utc(2026, 5, 1, 8, 0))
    store.add_check(
        make_check(
            utc(2026, 5, 1, 6, 20),
            trials=(make_trial(Side.LEFT, 1, 50.0),),
        )
    )
    store.set_setting("name", "Alex")
    store.close()

    backup = read_backup_file(save(valid(), tmp_path / "b.json"))
    summary = summarize_import(db_path, backup)
    assert (summary.sessions_new, summary.sessions_present) == (1, 1)
    assert (summary.sets_new, summary.sets_present) == (1, 1)
    assert (summary.checkins_new, summary.checkins_present) == (1, 0)
    assert (summary.checks_new, summary.checks_present, summary.trials_new) == (0, 1, 0)
    assert (summary.settings_new, summary.settings_present) == (1, 1)
    assert summary.choices_new == 1
    assert apply_import(db_path, backup) == summary

    with Store.open(db_path) as store:
        kept = store.session(session_id)
        assert kept.plan == {"mine": True}
        assert kept.ended_at == utc(2026, 5, 1, 8, 0)
        assert [(s.side, s.done_seconds) for s in kept.sets] == [
            (Side.LEFT, 60.0),
            (Side.RIGHT, 12.5),
        ]
        checkin = store.checkin(session_id)
        assert checkin is not None and checkin.effort is Effort.ABOUT_RIGHT
        assert [t.degrees for t in store.checks()[0].trials] == [50.0]  # not merged
        assert store.get_setting("name", None) == "Alex"
        assert store.get_setting("preferences", None) == {"volume": 80, "sound_on": True}
        assert store.exercise_choices()["hip-click"] == ExerciseChoice(
            dropped=False, dose={"reps": 8, "seconds": 4.5}
        )
        assert store.unfinished_session() is None  # a running session is not offered to resume
    with closing(sqlite3.connect(db_path)) as connection:  # History's sums took the new set in
        work = connection.execute(WORK_MATCHES_SETS).fetchall()
    assert [row[1:3] == row[3:] for row in work] == [True, True]
    assert work[0][1] == 60.0 + 12.5
    assert not apply_import(db_path, backup).anything_new


def test_sessions_that_start_at_the_same_instant_are_matched_one_to_one(
    db_path: Path, store: Store
) -> None:
    same = utc(2025, 1, 1, 7)
    store.start_session({"n": 1}, same)
    store.close()
    doc = export_backup(db_path)
    twin = {**doc["sessions"][0], "id": 99, "plan": {"n": 2}}
    doc["sessions"].append(twin)
    backup = validate_backup(doc)
    assert summarize_import(db_path, backup).sessions_new == 1
    apply_import(db_path, backup)
    assert table_counts(db_path)["sessions"] == 2
    assert not apply_import(db_path, backup).anything_new
    # the same instant written with another offset is the same instant
    doc["sessions"][0]["started_at"] = "2025-01-01T08:00:00+01:00"
    assert not summarize_import(db_path, validate_backup(doc)).anything_new


def test_a_failed_import_writes_nothing(db_path: Path, store: Store, tmp_path: Path) -> None:
    store.start_session({}, utc(2020, 1, 1))
    store.close()
    with closing(sqlite3.connect(db_path)) as connection, connection:
        # Stand-in for a full disk half-way: the sets' insert fails after the sessions'.
        connection.execute(
            "CREATE TRIGGER boom BEFORE INSERT ON set_records "
            "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
        )
    before = table_counts(db_path)
    backup = read_backup_file(save(valid(), tmp_path / "b.json"))
    with pytest.raises(DatabaseError, match="the disk reported an error"):
        apply_import(db_path, backup)
    assert table_counts(db_path) == before


# --- refusals ------------------------------------------------------------------------------


def sparse(path: Path) -> None:
    """A file just over the cap that takes no real disk space."""
    with path.open("wb") as out:
        out.truncate(MAX_FILE_BYTES + 1)


def out_of_range(path: Path) -> None:
    doc = valid()
    doc["checks"][0]["trials"][0]["degrees"] = 200
    save(doc, path)


BAD_FILES = {
    "truncated in a string": (
        lambda p: p.write_text(json.dumps(valid(), indent=1)[:700], encoding="utf-8"),
        "cut short (a text starting at line 28, column 18 is never closed)",
    ),
    "truncated": (
        lambda p: p.write_text(json.dumps(valid(), indent=1)[:-4], encoding="utf-8"),
        "it ends too soon, so it may have been cut short (Expecting ',' delimiter at line",
    ),
    "not json": (
        lambda p: p.write_text('{"format": "inward-backup",, }', encoding="utf-8"),
        "it is not valid JSON (Expecting property name enclosed in double quotes at line 1, "
        "column 28)",
    ),
    "empty": (lambda p: p.write_text(" \n", encoding="utf-8"), "is empty"),
    "binary": (lambda p: p.write_bytes(b"PK\x03\x04\xff\xfe"), "is not UTF-8 text"),
    "wrong type": (
        lambda p: save(doc_of(sessions="none"), p),
        "sessions: must be a list [...], got the text 'none'",
    ),
    "out of range": (
        out_of_range,
        "checks[0].trials[0].degrees: must be a number from 0 to 180, got 200",
    ),
    "newer version": (lambda p: save(doc_of(version=2), p), "format version 2, from a newer"),
    "unknown format": (lambda p: save(doc_of(format="x"), p), "this is not an Inward backup"),
    "duplicate ids": (
        lambda p: save(doc_of(sessions=[valid()["sessions"][0]] * 2), p),
        "sessions[1].id: 1 is also the id of sessions[0]",
    ),
    "duplicate keys": (
        lambda p: p.write_text('{"format": "inward-backup", "version": 1, "version": 1}'),
        "the file gives the key 'version' twice in one object",
    ),
    "NaN": (
        lambda p: p.write_text(json.dumps(doc_of(settings={"x": float("nan")}))),
        "the file holds NaN, which is not a number JSON allows",
    ),
    "huge": (sparse, "is 209,715,201 bytes; Inward reads backups of up to 209,715,200 bytes"),
    "a folder": (lambda p: p.mkdir(), "is a folder, not a backup file"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_malformed_file_is_refused_and_the_data_file_left_unchanged(
    kind: str, db_path: Path, store: Store, tmp_path: Path
) -> None:
    session_id = store.start_session({}, utc(2020, 1, 1))
    store.record_set(session_id, make_set(utc(2020, 1, 1, 0, 1)))
    store.close()
    digest = sha256(db_path)
    make, message = BAD_FILES[kind]
    path = tmp_path / "backup.json"
    make(path)
    with pytest.raises(BackupError) as caught:
        read_backup_file(path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert sha256(db_path) == digest
    assert not any(db_path.parent.glob("*-wal"))


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match=r"there is no file .*nope\.json"):
        read_backup_file(tmp_path / "nope.json")


def test_the_size_cap_is_checked_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save(valid(), tmp_path / "b.json")
    monkeypatch.setattr(backup_reader, "MAX_FILE_BYTES", path.stat().st_size - 1)
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("the file was opened"))
    with pytest.raises(BackupError, match="Inward reads backups of up to"):
        read_backup_file(path)


# --- writing files -------------------------------------------------------------------------


def test_write_json_replaces_the_file_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "backup.json"
    target.write_text("the previous backup", encoding="utf-8")
    with pytest.raises(ValueError):
        write_json({"format": "inward-backup", "bad": float("nan")}, target)
    assert target.read_text(encoding="utf-8") == "the previous backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.json"]
    write_json(valid(), target)
    assert json.loads(target.read_text(encoding="utf-8")) == valid()
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "{" and lines[-1] == "}"
    assert len(lines) == 15  # {, 8 keys, a line per session and check, the lists' [ and ]


def test_the_csv_zip_has_one_table_per_file_with_headers_and_every_row(
    db_path: Path, store: Store, tmp_path: Path
) -> None:
    start = datetime(2026, 1, 1, 7, tzinfo=UTC)
    for day in range(3):
        session_id = store.start_session({"day": day}, start + timedelta(days=day))
        for index in (1, 2):
            store.record_set(
                session_id,
                make_set(start + timedelta(days=day, minutes=index), index=index, pain=index == 2),
            )
        store.finish_session(session_id, start + timedelta(days=day, hours=1))
        store.save_checkin(CheckIn(session_id, start + timedelta(days=day, hours=1), "too_easy"))
    store.add_check(make_check(start, note='said "ouch", then, laughed'))
    store.set_setting("preferences", {"volume": 50})
    store.set_exercise_choice("hip-click", ExerciseChoice(dose={"reps": 6}))
    store.close()

    zip_path = tmp_path / "tables.zip"
    counts = export_csv(db_path, zip_path)
    assert counts == table_counts(db_path)
    with zipfile.ZipFile(zip_path) as archive:
        assert archive.namelist() == [f"{table}.csv" for table in CSV_TABLES]
        tables = {
            table: list(csv.reader(io.TextIOWrapper(archive.open(f"{table}.csv"), "utf-8-sig")))
            for table in CSV_TABLES
        }
    for table, columns in CSV_TABLES.items():
        assert tables[table][0] == list(columns)
        assert len(tables[table]) - 1 == counts[table]
    assert counts["set_records"] == 6 and counts["check_trials"] == 2
    sets = [
        dict(zip(tables["set_records"][0], row, strict=True)) for row in tables["set_records"][1:]
    ]
    assert [row["pain"] for row in sets[:2]] == ["0", "1"]
    assert sets[0]["started_at"] == "2026-01-01T07:01:00.000000+00:00"
    assert sets[0]["planned_reps"] == ""
    assert tables["check_records"][1][3] == 'said "ouch", then, laughed'
    assert json.loads(tables["settings"][1][1]) == {"volume": 50}


def test_summarize_reads_a_missing_data_file_as_empty(tmp_path: Path) -> None:
    backup = validate_backup(valid())
    summary = summarize_import(tmp_path / "none" / "inward.sqlite3", backup)
    assert (summary.sessions_new, summary.sets_new, summary.checks_new) == (2, 2, 1)
    assert not (tmp_path / "none").exists()


@pytest.mark.parametrize("status", list(SessionStatus))
def test_each_status_round_trips_and_a_running_one_comes_in_abandoned(
    status: SessionStatus, empty_file: Path, tmp_path: Path
) -> None:
    source = fresh(empty_file, tmp_path)
    history = Backup(
        exported_at=utc(2026, 1, 1),
        app_schema="0003",
        sessions=(
            validate_backup(doc_of(sessions=[{**valid()["sessions"][0], "status": status.value}]))
        ).sessions,
    )
    write_history(source, history)
    target = tmp_path / "b" / "inward.sqlite3"
    apply_import(target, validate_backup(export_backup(source)))
    assert without_ids(export_backup(target)) == without_ids(export_backup(source))
    with closing(sqlite3.connect(target)) as connection:
        (stored,) = connection.execute("SELECT status FROM sessions").fetchone()
    expected = SessionStatus.ABANDONED if status is SessionStatus.IN_PROGRESS else status
    assert stored == expected.value  # the app offers to resume in_progress sessions only


def test_a_check_whose_time_was_edited_is_not_imported_again(
    db_path: Path, store: Store, tmp_path: Path
) -> None:
    record_id = store.add_check(make_check(datetime(2026, 3, 1, 8, tzinfo=UTC)))
    store.close()
    backup_path = tmp_path / "backup.json"
    write_json(export_backup(db_path), backup_path)
    with Store.open(db_path) as again:  # the person corrects the check's time afterwards
        edited = replace(again.check(record_id), taken_at=datetime(2026, 2, 27, 19, tzinfo=UTC))
        again.update_check(edited)

    summary = apply_import(db_path, read_backup_file(backup_path))
    assert (summary.checks_new, summary.checks_present) == (0, 1)
    assert table_counts(db_path)["check_records"] == 1


def test_a_dry_run_leaves_an_older_data_file_exactly_as_it_was(tmp_path: Path) -> None:
    older = tmp_path / "inward.sqlite3"
    shutil.copyfile(FIXTURES / "schema_0001.sqlite3", older)
    before = older.read_bytes()
    files_before = sorted(path.name for path in tmp_path.iterdir())

    summary = summarize_import(older, validate_backup(valid()))

    assert summary.sessions_new == 2
    assert older.read_bytes() == before  # not upgraded, not touched
    assert sorted(path.name for path in tmp_path.iterdir()) == files_before  # no backup copy


def test_the_csv_is_safe_to_open_in_a_spreadsheet(
    db_path: Path, store: Store, tmp_path: Path
) -> None:
    store.add_check(make_check(datetime(2026, 1, 1, 7, tzinfo=UTC), note="=HYPERLINK(1)"))
    store.close()
    zip_path = tmp_path / "tables.zip"
    export_csv(db_path, zip_path)
    with zipfile.ZipFile(zip_path) as archive:
        raw = archive.read("check_records.csv")
    assert raw.startswith(codecs.BOM_UTF8)  # spreadsheets then read UTF-8 accents right
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[1][3] == "'=HYPERLINK(1)"  # shown as text, never run


def test_an_export_that_cannot_be_written_names_the_chosen_file(
    db_path: Path, store: Store, tmp_path: Path
) -> None:
    store.close()
    target = tmp_path / "missing folder" / "backup.json"
    with pytest.raises(OSError) as raised:
        write_json(export_backup(db_path), target)
    assert raised.value.filename == str(target)
