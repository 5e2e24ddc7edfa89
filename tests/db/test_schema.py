"""Creating, checking, refusing and upgrading data files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.db.engine import create_sqlite_engine
from app.db.errors import DatabaseError, DatabaseTooNewError
from app.db.models import Base
from app.db.schema import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    alembic_config,
    backup_database,
    inspect_file,
    upgrade,
)
from app.db.store import Store
from tests.db.conftest import make_set, sha256, utc

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_TABLES = {"alembic_version", "sessions", "set_records", "settings"}


def query(path: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def table_names(path: Path) -> set[str]:
    return {row[0] for row in query(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}


def backups_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("inward-backup-*.sqlite3"))


def make_foreign_db(path: Path) -> None:
    """A database with content but no alembic_version: something to back up."""
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE x (a INTEGER, b TEXT)")
        conn.executemany("INSERT INTO x VALUES (?, ?)", [(i, f"row {i}") for i in range(50)])


# -- a fresh file ----------------------------------------------------------------------


def test_fresh_file_has_tables_wal_foreign_keys_and_head(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert db_path.parent.is_dir()
        assert table_names(db_path) >= APP_TABLES
        assert query(db_path, "PRAGMA journal_mode") == [("wal",)]
        assert query(db_path, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
        # foreign_keys is per connection: ask one of the store's own connections.
        with store._engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    assert backups_in(db_path.parent) == []  # a new file needs no backup


def test_reopening_a_current_file_changes_nothing(db_path: Path) -> None:
    Store.open(db_path).close()
    before = sha256(db_path)
    Store.open(db_path).close()
    assert sha256(db_path) == before
    assert backups_in(db_path.parent) == []


def test_head_revision_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_current_head() == HEAD_REVISION
    oldest_first = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert tuple(oldest_first) == KNOWN_REVISIONS
    assert KNOWN_REVISIONS[-1] == HEAD_REVISION


def test_models_match_the_migrated_schema(db_path: Path) -> None:
    """Catches a model change made without a migration (or the other way round)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    Store.open(db_path).close()
    engine = create_sqlite_engine(db_path)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_downgrade_then_upgrade_round_trips(db_path: Path) -> None:
    from alembic import command

    Store.open(db_path).close()
    engine = create_sqlite_engine(db_path, foreign_keys=False)
    try:
        with engine.connect() as conn, conn.begin():
            command.downgrade(alembic_config(conn), "base")
    finally:
        engine.dispose()
    assert table_names(db_path) == {"alembic_version"}
    assert inspect_file(db_path).revision is None
    Store.open(db_path).close()
    assert table_names(db_path) >= APP_TABLES


def test_alembic_is_not_imported_when_the_schema_is_current(db_path: Path) -> None:
    Store.open(db_path).close()
    code = (
        "import sys; from pathlib import Path; from app.db.store import Store; "
        f"Store.open(Path({str(db_path)!r})).close(); "
        "print('alembic' in sys.modules, 'PySide6' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.split() == ["False", "False"]


# -- files Inward must refuse ----------------------------------------------------------


def test_newer_database_is_refused_and_left_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES ('9999')")
        conn.execute("CREATE TABLE sessions (id INTEGER PRIMARY KEY, future_column TEXT)")
    before = sha256(db_path)

    with pytest.raises(DatabaseTooNewError) as caught:
        Store.open(db_path)

    message = str(caught.value)
    assert "newer version of Inward" in message
    assert "9999" in message
    assert "has not been changed" in message
    assert caught.value.revision == "9999"
    assert isinstance(caught.value, DatabaseError)
    assert sha256(db_path) == before
    assert query(db_path, "PRAGMA journal_mode") == [("delete",)]  # not switched to WAL
    assert backups_in(db_path.parent) == []


def test_upgrade_refuses_newer_database_too(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES ('9999')")
    before = sha256(db_path)
    with pytest.raises(DatabaseTooNewError):
        upgrade(db_path)
    assert sha256(db_path) == before


def _sqlite_bytes(tmp_path: Path) -> bytes:
    source = tmp_path / "source.sqlite3"
    Store.open(source).close()
    with closing(sqlite3.connect(source)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE").fetchall()
    return source.read_bytes()


@pytest.mark.parametrize(
    "kind",
    ["random-bytes", "text", "truncated-header", "truncated-half", "zeroed-header"],
)
def test_damaged_file_is_refused_and_left_untouched(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "inward.sqlite3"
    if kind == "random-bytes":
        data = os.urandom(8192)
    elif kind == "text":
        data = b"these are my notes, not a database\n" * 100
    else:
        good = _sqlite_bytes(tmp_path)
        if kind == "truncated-header":
            data = good[:60]
        elif kind == "truncated-half":
            data = good[: len(good) // 2]
        else:
            data = b"\0" * 100 + good[100:]
    path.write_bytes(data)

    with pytest.raises(DatabaseError) as caught:
        Store.open(path)

    assert not isinstance(caught.value, DatabaseTooNewError)
    assert "damaged or is not an Inward data file" in str(caught.value)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == data
    assert backups_in(tmp_path) == []


def test_a_folder_in_place_of_the_file_gives_a_plain_error(tmp_path: Path) -> None:
    path = tmp_path / "inward.sqlite3"
    path.mkdir()
    with pytest.raises(DatabaseError, match=r"could not open.*folder"):
        Store.open(path)


@pytest.mark.permissions
def test_read_only_file_gives_a_plain_error(db_path: Path) -> None:
    Store.open(db_path).close()
    db_path.chmod(0o444)
    db_path.parent.chmod(0o555)
    try:
        with (
            pytest.raises(DatabaseError, match=r"read-only|could not open"),
            Store.open(db_path) as store,
        ):
            store.set_setting("k", 1)
    finally:
        db_path.parent.chmod(0o755)
        db_path.chmod(0o644)


# -- upgrading -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["zero-bytes", "header-only"])
def test_empty_file_without_alembic_version_is_migrated_without_backup(
    db_path: Path, kind: str
) -> None:
    db_path.parent.mkdir(parents=True)
    if kind == "zero-bytes":
        db_path.touch()
    else:
        with closing(sqlite3.connect(db_path)) as conn:
            conn.execute("PRAGMA user_version = 7")  # writes page 1, no tables
        assert db_path.stat().st_size > 0

    with Store.open(db_path) as store:
        assert store.get_setting("anything", 3) == 3

    assert table_names(db_path) >= APP_TABLES
    assert backups_in(db_path.parent) == []


def test_non_empty_file_is_backed_up_before_migrating(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    make_foreign_db(db_path)
    original_rows = query(db_path, "SELECT * FROM x ORDER BY a")

    backup = upgrade(db_path, target=HEAD_REVISION)

    assert backup is not None
    assert backups_in(db_path.parent) == [backup]
    assert backup.name.startswith(f"inward-backup-before-{HEAD_REVISION}-")
    assert table_names(backup) == {"x"}
    assert query(backup, "SELECT * FROM x ORDER BY a") == original_rows
    # The upgraded file has the app's tables and still has what it had before.
    assert table_names(db_path) >= APP_TABLES | {"x"}
    assert query(db_path, "SELECT * FROM x ORDER BY a") == original_rows
    assert inspect_file(db_path).revision == HEAD_REVISION
    # Already at the target: nothing to do, no second backup.
    assert upgrade(db_path, target=HEAD_REVISION) is None
    assert len(backups_in(db_path.parent)) == 1


def test_store_open_backs_up_a_non_empty_file(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    make_foreign_db(db_path)
    Store.open(db_path).close()
    assert len(backups_in(db_path.parent)) == 1


def test_failed_migration_rolls_back_and_removes_its_copy(db_path: Path) -> None:
    """A clashing table makes 0001 fail half-way; nothing of it may stay behind, and the
    copy made before it goes too: the file is as it was, and the copy only took space."""
    db_path.parent.mkdir(parents=True)
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("CREATE TABLE settings (name TEXT)")  # created last by 0001
        conn.execute("INSERT INTO settings VALUES ('mine')")

    with pytest.raises(DatabaseError, match="could not update") as caught:
        Store.open(db_path)

    assert "your data has not been changed" in str(caught.value)
    assert backups_in(db_path.parent) == []
    assert table_names(db_path) == {"settings"}  # sessions, set_records rolled back
    assert query(db_path, "SELECT * FROM settings") == [("mine",)]


def test_failed_upgrades_on_a_nearly_full_disk_leave_no_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each start on a nearly full disk made a full copy and then failed to upgrade; the
    copies piled up (one per start) until the disk was full for good."""
    import shutil

    from alembic import command
    from sqlalchemy.exc import OperationalError

    from tests.db.test_fixtures import FIXTURES

    db_path = tmp_path / "data" / "inward.sqlite3"
    db_path.parent.mkdir()
    shutil.copy(FIXTURES / "schema_0001.sqlite3", db_path)
    before = query(db_path, "SELECT * FROM sessions")

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OperationalError(
            "ALTER TABLE", {}, sqlite3.OperationalError("database or disk is full")
        )

    monkeypatch.setattr(command, "upgrade", disk_full)
    for _ in range(3):
        with pytest.raises(DatabaseError, match="disk is full"):
            Store.open(db_path)
    assert backups_in(db_path.parent) == []  # before: three full copies
    assert query(db_path, "SELECT version_num FROM alembic_version") == [("0001",)]
    assert query(db_path, "SELECT * FROM sessions") == before
    monkeypatch.undo()
    Store.open(db_path).close()  # with space again it upgrades, keeping one copy
    assert len(backups_in(db_path.parent)) == 1


def test_upgrade_rejects_unknown_target(db_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown target"):
        upgrade(db_path, target="9999")
    assert not db_path.exists()


# -- backups ---------------------------------------------------------------------------


def test_backup_is_a_valid_identical_copy(store: Store, db_path: Path) -> None:
    store.set_setting("volume", 0.5)
    session_id = store.start_session({"routine": "starter"}, utc(2025, 1, 2, 3, 4, 5))
    # Uncheckpointed WAL content must be in the copy too.
    assert Path(f"{db_path}-wal").exists()

    backup = backup_database(db_path, "manual")

    assert backup.parent == db_path.parent
    assert backup.name.startswith("inward-backup-manual-")
    assert not Path(f"{backup}-wal").exists()
    assert query(backup, "PRAGMA integrity_check") == [("ok",)]
    for table in ("sessions", "settings", "alembic_version"):
        sql = f"SELECT * FROM {table} ORDER BY 1"
        assert query(backup, sql) == query(db_path, sql)
    with Store.open(backup) as copy:
        assert copy.session(session_id).plan == {"routine": "starter"}
        assert copy.get_setting("volume", 0.0) == 0.5


def test_backups_in_the_same_second_do_not_overwrite(store: Store, db_path: Path) -> None:
    first = backup_database(db_path, "x")
    second = backup_database(db_path, "x")
    assert first != second
    assert first.exists() and second.exists()


def test_backup_label_must_be_safe_in_a_file_name(store: Store, db_path: Path) -> None:
    with pytest.raises(ValueError):
        backup_database(db_path, "../elsewhere")


# -- migrations and foreign keys -------------------------------------------------------


def test_batch_migration_on_migration_engine_keeps_child_rows(db_path: Path) -> None:
    """Why migrations run with foreign_keys OFF: batch mode drops and recreates a table,
    and with the keys on that DROP would cascade and delete every set."""
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    with Store.open(db_path) as store:
        session_id = store.start_session({}, utc(2025, 1, 2, 3))
        store.record_set(session_id, make_set(utc(2025, 1, 2, 3, 1)))
    engine = create_sqlite_engine(db_path, foreign_keys=False)
    try:
        with engine.connect() as conn, conn.begin():
            operations = Operations(MigrationContext.configure(conn))
            with operations.batch_alter_table("sessions", recreate="always"):
                pass
    finally:
        engine.dispose()
    assert query(db_path, "SELECT count(*) FROM set_records") == [(1,)]


def test_upgrade_runs_with_foreign_keys_off(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.db.engine

    calls: list[dict] = []
    real = app.db.engine.create_sqlite_engine

    def spy(path: Path, **kwargs: bool) -> Engine:
        calls.append(kwargs)
        return real(path, **kwargs)

    monkeypatch.setattr(app.db.engine, "create_sqlite_engine", spy)
    db_path.parent.mkdir(parents=True)
    upgrade(db_path)
    assert calls == [{"foreign_keys": False}]
