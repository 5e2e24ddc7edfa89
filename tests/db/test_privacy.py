"""Health data stays the owner's: on POSIX the folder Inward makes is 0700 and its files 0600,
whatever the umask; files an earlier Inward left readable by others are narrowed at start-up,
the folder itself is not."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from app.db.daily_backups import make_daily_backup
from app.db.private_files import narrow_existing
from app.db.schema import upgrade
from app.db.store import Store
from app.db.transfer.backup_export import export_backup, write_json
from app.db.transfer.csv_export import export_csv

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


# -- an earlier Inward's files, narrowed at start-up -------------------------------------


def test_files_an_earlier_inward_left_readable_are_made_the_owners_only(tmp_path: Path) -> None:
    folder = tmp_path / "Documents"  # a folder the person chose: its mode is theirs
    folder.mkdir()
    os.chmod(folder, 0o755)
    db_path = folder / "inward.sqlite3"
    Store.open(db_path).close()
    made = make_daily_backup(db_path, date(2026, 11, 22))
    assert made is not None
    wal, journal = Path(f"{db_path}-wal"), Path(f"{db_path}-journal")
    wal.write_bytes(b"log")
    journal.write_bytes(b"journal")
    damaged = folder / "inward-damaged-20261120-080000.sqlite3"
    damaged.write_bytes(b"kept aside")
    notes = folder / "my-notes.txt"  # not Inward's
    notes.write_text("mine", encoding="utf-8")
    read_only = folder / "inward-before-restore-20261121-080000.sqlite3"
    read_only.write_bytes(b"kept")
    photo = folder / "photos" / "check-3-left-1.jpg"  # a photo of the person's leg
    photo.parent.mkdir()
    photo.write_bytes(b"jpeg")
    for path, old in (
        (db_path, 0o644),
        (wal, 0o664),
        (journal, 0o666),
        (damaged, 0o644),
        (notes, 0o644),
        (read_only, 0o444),
        (made.parent, 0o755),
        (made, 0o644),
        (photo.parent, 0o755),
        (photo, 0o644),
    ):
        os.chmod(path, old)

    changed = narrow_existing(folder, db_path)

    assert mode(db_path) == mode(wal) == mode(journal) == mode(damaged) == mode(made) == 0o600
    assert mode(made.parent) == mode(photo.parent) == 0o700
    assert mode(photo) == 0o600
    assert mode(read_only) == 0o400  # taken away, never added
    assert mode(notes) == 0o644  # not Inward's to change
    assert mode(folder) == 0o755  # the folder itself is left as its owner set it
    assert set(changed) == {
        db_path,
        wal,
        journal,
        damaged,
        read_only,
        made.parent,
        made,
        photo.parent,
        photo,
    }
    assert narrow_existing(folder, db_path) == []  # nothing more to do, nothing opened


def test_narrowing_never_follows_a_link(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "someone-elses.sqlite3"
    target.write_bytes(b"not Inward's")
    os.chmod(target, 0o644)
    os.chmod(elsewhere, 0o755)
    (folder / "inward.sqlite3").symlink_to(target)
    Path(f"{folder / 'inward.sqlite3'}-wal").symlink_to(target)
    (folder / "backups").symlink_to(elsewhere)  # a linked backups folder is not gone into

    assert narrow_existing(folder, folder / "inward.sqlite3") == []
    assert mode(target) == 0o644
    assert mode(elsewhere) == 0o755


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_narrowing_leaves_another_owners_file_alone(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    (folder / "backups").mkdir(parents=True)
    db_path = folder / "inward.sqlite3"
    db_path.write_bytes(b"theirs")
    other = folder / "backups" / "inward-2026-11-22.sqlite3"
    other.write_bytes(b"theirs too")
    for path in (db_path, other, folder / "backups"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
        os.chown(path, 4242, 4242)

    assert narrow_existing(folder, db_path) == []
    assert mode(db_path) == mode(other) == 0o644
    assert mode(folder / "backups") == 0o755
