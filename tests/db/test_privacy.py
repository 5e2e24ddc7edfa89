"""Health data stays the owner's: on POSIX the folder Inward makes is 0700 and its files 0600,
whatever the umask."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from app.db.backup import export_backup, export_csv, write_json
from app.db.schema import upgrade
from app.db.snapshots import make_daily_backup
from app.db.store import Store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """The most open umask a person might have: modes must not depend on it."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_a_new_data_folder_and_its_files_are_the_owners_only(tmp_path: Path) -> None:
    folder = tmp_path / "parent" / "Inward"
    db_path = folder / "inward.sqlite3"
    with Store.open(db_path) as store:
        store.set_setting("volume", 80)
        assert mode(folder) == 0o700
        assert mode(db_path) == 0o600
        assert mode(Path(f"{db_path}-wal")) == 0o600
        assert mode(Path(f"{db_path}-shm")) == 0o600


def test_an_existing_folder_keeps_the_mode_its_owner_chose(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o750)
    os.chmod(folder, 0o750)
    Store.open(folder / "inward.sqlite3").close()
    assert mode(folder) == 0o750
    assert mode(folder / "inward.sqlite3") == 0o600  # the file is still Inward's own


def test_backups_are_the_owners_only(tmp_path: Path) -> None:
    db_path = tmp_path / "data" / "inward.sqlite3"
    Store.open(db_path).close()
    made = make_daily_backup(db_path, date(2026, 11, 22))
    assert made is not None
    assert mode(made.parent) == 0o700
    assert mode(made) == 0o600


def test_the_copy_before_an_upgrade_is_the_owners_only(tmp_path: Path) -> None:
    db_path = tmp_path / "inward.sqlite3"
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("CREATE TABLE x (a INTEGER)")
    backup = upgrade(db_path)
    assert backup is not None
    assert mode(backup) == 0o600


def test_exports_are_the_owners_only(tmp_path: Path) -> None:
    db_path = tmp_path / "data" / "inward.sqlite3"
    Store.open(db_path).close()
    write_json(export_backup(db_path), tmp_path / "backup.json")
    export_csv(db_path, tmp_path / "tables.zip")
    assert mode(tmp_path / "backup.json") == 0o600
    assert mode(tmp_path / "tables.zip") == 0o600
