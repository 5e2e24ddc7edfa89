"""Daily backups, restoring one, and setting a damaged data file aside: never a loss."""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.db.daily_backups import (
    KEEP_BACKUPS,
    BackupCancelled,
    aside_path,
    backup_name,
    backups_folder,
    check_backup,
    latest_good_backup,
    list_backups,
    make_daily_backup,
    remove_stale_parts,
    restore_backup,
    set_aside,
)
from app.db.errors import DatabaseDamagedError, DatabaseError, DatabaseTooNewError
from app.db.store import Store
from tests.db.conftest import make_check, sha256, utc

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
POSIX = os.name == "posix"


def query(path: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return conn.execute(sql).fetchall()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def fill(db_path: Path, checks: int = 3) -> None:
    with Store.open(db_path) as store:
        store.set_setting("volume", 70)
        for day in range(checks):
            store.add_check(make_check(utc(2026, 11, 1 + day, 8)))


def zero_page(path: Path, page: int) -> None:
    """Overwrite one page with zeros, as a failing disk or a torn write would."""
    size = query(path, "PRAGMA page_size")[0][0]
    with path.open("r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(b"\0" * size)


def damage_a_side_table(db_path: Path) -> None:
    """Change a value in a table that start-up never reads, behind its index's back: every
    query still works, only an integrity check finds that the two disagree."""
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("CREATE TABLE scratch (text TEXT)")
        conn.execute("CREATE INDEX scratch_text ON scratch (text)")
        conn.execute("INSERT INTO scratch VALUES ('needle-0001')")
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    data = db_path.read_bytes()
    assert data.count(b"needle-0001") == 2  # once in the table, once in the index
    db_path.write_bytes(data.replace(b"needle-0001", b"needle-0002", 1))


# -- making backups ----------------------------------------------------------------------


def test_daily_backup_is_a_checked_copy_named_by_date(db_path: Path) -> None:
    fill(db_path)
    with Store.open(db_path) as store:
        store.set_setting("unsaved-to-file", True)  # still only in the -wal: must be copied
        assert Path(f"{db_path}-wal").stat().st_size > 0

        made = make_daily_backup(db_path, TODAY)

    assert made == db_path.parent / "backups" / "inward-2026-11-22.sqlite3"
    assert query(made, "PRAGMA integrity_check") == [("ok",)]
    assert query(made, "PRAGMA journal_mode") == [("delete",)]  # one self-contained file
    assert not Path(f"{made}-wal").exists()
    for table in ("check_records", "check_trials", "settings", "alembic_version"):
        sql = f"SELECT * FROM {table} ORDER BY 1"
        assert query(made, sql) == query(db_path, sql)
    with Store.open(made) as copy:
        assert copy.get_setting("unsaved-to-file", False) is True
        assert len(copy.checks()) == 3
    assert [p.name for p in backups_folder(db_path.parent).iterdir()] == [made.name]


def test_at_most_one_backup_a_day(db_path: Path) -> None:
    fill(db_path)
    first = make_daily_backup(db_path, TODAY)
    assert first is not None
    before = sha256(first)
    fill(db_path, checks=1)  # more data the same day

    assert make_daily_backup(db_path, TODAY) is None
    assert sha256(first) == before
    assert make_daily_backup(db_path, TODAY + timedelta(days=1)) is not None


def test_only_the_last_seven_are_kept(db_path: Path) -> None:
    fill(db_path)
    folder = backups_folder(db_path.parent)
    for offset in range(10):
        make_daily_backup(db_path, TODAY + timedelta(days=offset))
    (folder / "my-notes.txt").write_text("not a backup", encoding="utf-8")
    (folder / "inward-before-upgrade.sqlite3").write_bytes(b"kept by hand")

    days = [info.day for info in list_backups(db_path.parent)]

    assert days == [TODAY + timedelta(days=offset) for offset in range(9, 2, -1)]
    assert len(days) == KEEP_BACKUPS
    assert (folder / "my-notes.txt").exists()  # not ours to remove
    assert (folder / "inward-before-upgrade.sqlite3").exists()


def test_nothing_to_back_up_makes_nothing(db_path: Path) -> None:
    assert make_daily_backup(db_path, TODAY) is None  # no data file at all
    db_path.parent.mkdir(parents=True)
    db_path.touch()
    assert make_daily_backup(db_path, TODAY) is None  # an empty one
    assert not backups_folder(db_path.parent).exists()


@pytest.mark.parametrize("damage", ["garbage-header", "zeroed-page", "damaged-side-table"])
def test_a_damaged_file_never_replaces_a_good_backup(db_path: Path, damage: str) -> None:
    fill(db_path)
    good = make_daily_backup(db_path, TODAY)
    assert good is not None
    good_bytes = sha256(good)
    if damage == "garbage-header":
        data = bytearray(db_path.read_bytes())
        data[:100] = os.urandom(100)
        db_path.write_bytes(bytes(data))
    elif damage == "zeroed-page":
        zero_page(db_path, 2)
    else:
        damage_a_side_table(db_path)

    tomorrow = TODAY + timedelta(days=1)
    with pytest.raises(DatabaseDamagedError, match="damaged"):
        make_daily_backup(db_path, tomorrow)
    # and however many damaged days pass, the good backup is never rotated out
    for offset in range(2, KEEP_BACKUPS + 3):
        with pytest.raises(DatabaseDamagedError):
            make_daily_backup(db_path, TODAY + timedelta(days=offset))

    assert [info.path for info in list_backups(db_path.parent)] == [good]
    assert sha256(good) == good_bytes
    assert [p.name for p in backups_folder(db_path.parent).iterdir()] == [good.name]  # no .part


def test_a_stale_half_copy_is_cleared_and_a_fresh_one_left(db_path: Path) -> None:
    fill(db_path)
    folder = backups_folder(db_path.parent)
    folder.mkdir()
    stale = folder / ".inward-2026-11-20-abc.part"
    stale.write_bytes(b"half a copy from a run that was killed")
    os.utime(stale, (0, 0))
    fresh = folder / ".inward-2026-11-22-def.part"  # another Inward's copy under way
    fresh.write_bytes(b"in progress")

    make_daily_backup(db_path, TODAY)

    assert not stale.exists()
    assert fresh.exists()


def test_a_read_only_backup_folder_gives_a_plain_error(db_path: Path) -> None:
    fill(db_path)
    backups_folder(db_path.parent).write_text("a file where the folder should be")
    with pytest.raises(DatabaseError, match="could not create the folder"):
        make_daily_backup(db_path, TODAY)


# -- the list and the check ------------------------------------------------------------


def test_list_backups_is_newest_first_with_sizes(db_path: Path) -> None:
    fill(db_path)
    for day in (date(2026, 11, 20), date(2026, 11, 22), date(2026, 11, 21)):
        make_daily_backup(db_path, day)
    infos = list_backups(db_path.parent)
    assert [info.day for info in infos] == [date(2026, 11, d) for d in (22, 21, 20)]
    assert all(info.size == info.path.stat().st_size > 0 for info in infos)
    assert [info.path.name for info in infos] == [backup_name(info.day) for info in infos]
    assert list_backups(db_path.parent / "nowhere") == []


def test_latest_good_backup_skips_a_damaged_one(db_path: Path) -> None:
    fill(db_path)
    older = make_daily_backup(db_path, TODAY - timedelta(days=1))
    newer = make_daily_backup(db_path, TODAY)
    assert older is not None and newer is not None
    zero_page(newer, 2)
    with pytest.raises(DatabaseDamagedError):
        check_backup(newer)
    assert latest_good_backup(db_path.parent).path == older
    zero_page(older, 2)
    assert latest_good_backup(db_path.parent) is None


# -- restoring -------------------------------------------------------------------------


def test_restore_keeps_the_current_file_and_puts_the_backup_in(db_path: Path) -> None:
    fill(db_path, checks=2)
    backup = make_daily_backup(db_path, TODAY)
    assert backup is not None
    with Store.open(db_path) as store:
        store.add_check(make_check(utc(2026, 11, 22, 8)))  # after the backup
        store.set_setting("volume", 10)
    current_rows = query(db_path, "SELECT count(*) FROM check_records")
    backup_bytes = sha256(backup)
    keep_as = aside_path(db_path, "before-restore", NOW)

    kept = restore_backup(backup, db_path, keep_as)

    assert kept == keep_as
    assert keep_as.name.startswith("inward-before-restore-")
    assert query(keep_as, "SELECT count(*) FROM check_records") == current_rows == [(3,)]
    with Store.open(db_path) as store:
        assert len(store.checks()) == 2
        assert store.get_setting("volume", None) == 70
    assert sha256(backup) == backup_bytes  # the backup itself stays, unchanged
    if POSIX:
        assert mode(db_path) == 0o600


def test_restore_moves_the_write_ahead_log_with_the_file(db_path: Path) -> None:
    fill(db_path)
    backup = make_daily_backup(db_path, TODAY)
    with Store.open(db_path) as store:
        store.set_setting("only-in-the-log", 1)
        # the files as a crash would leave them: the change is in the -wal only
        data, wal = db_path.read_bytes(), Path(f"{db_path}-wal").read_bytes()
    db_path.write_bytes(data)
    Path(f"{db_path}-wal").write_bytes(wal)
    assert query(db_path, "SELECT count(*) FROM settings WHERE key = 'only-in-the-log'") == [(1,)]
    keep_as = aside_path(db_path, "before-restore", NOW)

    restore_backup(backup, db_path, keep_as)

    assert not Path(f"{db_path}-wal").exists()  # the old log never meets the new file
    assert Path(f"{keep_as}-wal").read_bytes() == wal
    with Store.open(keep_as) as kept:
        assert kept.get_setting("only-in-the-log", None) == 1
    with Store.open(db_path) as restored:
        assert restored.get_setting("only-in-the-log", None) is None


def test_a_damaged_backup_is_refused_and_nothing_moves(db_path: Path) -> None:
    fill(db_path)
    backup = make_daily_backup(db_path, TODAY)
    zero_page(backup, 2)
    before = sha256(db_path)
    keep_as = aside_path(db_path, "before-restore", NOW)

    with pytest.raises(DatabaseDamagedError):
        restore_backup(backup, db_path, keep_as)

    assert sha256(db_path) == before
    assert not keep_as.exists()


def test_a_backup_from_a_newer_inward_is_refused(db_path: Path) -> None:
    fill(db_path)
    backup = make_daily_backup(db_path, TODAY)
    with closing(sqlite3.connect(backup)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = sha256(db_path)
    with pytest.raises(DatabaseTooNewError):
        restore_backup(backup, db_path, aside_path(db_path, "before-restore", NOW))
    assert sha256(db_path) == before


def test_set_aside_renames_and_never_deletes(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"damaged bytes")
    Path(f"{db_path}-wal").write_bytes(b"log")
    Path(f"{db_path}-shm").write_bytes(b"index")
    target = aside_path(db_path, "damaged", NOW)

    assert set_aside(db_path, target) == target

    assert not db_path.exists() and not Path(f"{db_path}-wal").exists()
    assert target.read_bytes() == b"damaged bytes"
    assert Path(f"{target}-wal").read_bytes() == b"log"
    assert Path(f"{target}-shm").read_bytes() == b"index"
    # the next name for the same second is a new one
    again = aside_path(db_path, "damaged", NOW)
    assert again != target and again.name.startswith(target.stem)
    assert set_aside(db_path, again) is None  # nothing left to move


# -- damage is told apart from other faults -------------------------------------------


@pytest.mark.parametrize("kind", ["garbage-header", "truncated", "zeroed-pages"])
def test_opening_a_damaged_file_says_it_is_damaged(db_path: Path, kind: str) -> None:
    fill(db_path, checks=30)
    if kind == "garbage-header":
        data = bytearray(db_path.read_bytes())
        data[:100] = b"this is not what a database starts with".ljust(100, b"!")
        db_path.write_bytes(bytes(data))
    elif kind == "truncated":
        data = db_path.read_bytes()
        db_path.write_bytes(data[: len(data) // 3])
    else:
        for page in (2, 3, 4):
            zero_page(db_path, page)
    with pytest.raises(DatabaseDamagedError, match="damaged"), Store.open(db_path) as store:
        store.checks()


def test_a_full_disk_is_not_called_damage(store: Store) -> None:
    from sqlalchemy import event

    @event.listens_for(store._engine, "connect")
    def _cap_size(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA max_page_count = 1").fetchall()

    store._engine.dispose()
    with pytest.raises(DatabaseError) as caught:
        store.set_setting("k", "x" * 100_000)
    assert not isinstance(caught.value, DatabaseDamagedError)
    assert "the disk is full" in str(caught.value)
    assert "saved before is safe" in str(caught.value)


# -- cancelling, and temporary copies left behind --------------------------------------


class CancelAfter:
    """A cancel flag that comes on at its ``looks``-th look, as closing the window would
    half-way through a copy."""

    def __init__(self, looks: int) -> None:
        self.looks = 0
        self.at = looks

    def is_set(self) -> bool:
        self.looks += 1
        return self.looks >= self.at


def test_a_backup_cancelled_before_it_starts_makes_nothing(db_path: Path) -> None:
    fill(db_path)
    with pytest.raises(BackupCancelled):
        make_daily_backup(db_path, TODAY, cancel=CancelAfter(1))
    assert not backups_folder(db_path.parent).exists()


def test_a_backup_cancelled_half_way_leaves_no_file_and_no_part(db_path: Path) -> None:
    fill(db_path)
    with Store.open(db_path) as store:
        store.set_setting("bulk", "x" * 4_000_000)  # ~1000 pages: several steps of the copy
    before = sha256(db_path)
    cancel = CancelAfter(3)

    with pytest.raises(BackupCancelled):
        make_daily_backup(db_path, TODAY, cancel=cancel)

    assert cancel.looks == 3  # it stopped in the middle of the copy, at the first look after
    assert list(backups_folder(db_path.parent).iterdir()) == []  # no backup, no .part(-journal)
    assert sha256(db_path) == before
    assert make_daily_backup(db_path, TODAY) is not None  # the next run makes today's


def test_stale_copies_and_their_companions_are_cleared_fresh_ones_left(db_path: Path) -> None:
    fill(db_path)
    folder = backups_folder(db_path.parent)
    folder.mkdir()
    data_dir = db_path.parent
    stale = [
        folder / ".inward-2026-11-20-abc.part",
        folder / ".inward-2026-11-20-abc.part-journal",
        folder / ".inward-2026-11-19-ghi.part-journal",  # its copy already gone
        data_dir / ".inward-restore-xyz.part",  # a full copy of the data, from a killed restore
        data_dir / ".inward-restore-xyz.part-wal",
        data_dir / ".inward-restore-xyz.part-shm",
    ]
    fresh = [
        folder / ".inward-2026-11-22-def.part",  # another run's copy under way
        folder / ".inward-2026-11-22-def.part-journal",
        data_dir / ".inward-restore-new.part",
    ]
    for path in stale + fresh:
        path.write_bytes(b"half a copy")
    for path in stale:
        os.utime(path, (0, 0))
    mine = data_dir / ".inward-notes.part"  # not a name Inward gives in the data folder
    mine.write_bytes(b"x")
    os.utime(mine, (0, 0))

    make_daily_backup(db_path, TODAY)

    assert [path for path in stale if path.exists()] == []
    assert all(path.exists() for path in fresh)
    assert mine.exists()


def test_the_stale_copies_go_even_when_todays_backup_is_there(db_path: Path) -> None:
    fill(db_path)
    assert make_daily_backup(db_path, TODAY) is not None
    part = db_path.parent / ".inward-restore-old.part"
    part.write_bytes(b"a full copy")
    os.utime(part, (0, 0))
    assert remove_stale_parts(db_path.parent) == [part]
    assert not part.exists()


# -- renames are all or nothing -----------------------------------------------------------


def data_files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def fail_replace(monkeypatch: pytest.MonkeyPatch, when) -> list[tuple[str, str]]:
    """Make ``os.replace`` fail (as a full or read-only disk would) for the move ``when``
    picks; every move tried is recorded."""
    real = os.replace
    tried: list[tuple[str, str]] = []

    def replace(source, destination) -> None:
        tried.append((str(source), str(destination)))
        if when(Path(source), Path(destination)):
            raise PermissionError(13, "Permission denied", str(source))
        real(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    return tried


def four_files(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(b"database")
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").write_bytes(suffix.encode())


def test_set_aside_puts_everything_back_when_the_last_rename_fails(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    four_files(db_path)
    before = data_files(db_path.parent)
    target = aside_path(db_path, "damaged", NOW)
    tried = fail_replace(monkeypatch, lambda source, _to: source == db_path)

    with pytest.raises(PermissionError):
        set_aside(db_path, target)

    assert len(tried) > 4  # the -journal, -wal and -shm had moved, and were moved back
    assert data_files(db_path.parent) == before  # every file in place, byte for byte


def test_a_restore_whose_last_step_fails_leaves_everything_as_it_was(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(db_path)
    backup = make_daily_backup(db_path, TODAY)
    with Store.open(db_path) as store:
        store.set_setting("after-the-backup", 1)
        data, wal = db_path.read_bytes(), Path(f"{db_path}-wal").read_bytes()
    db_path.write_bytes(data)  # as a crash would leave them: the change only in the -wal
    Path(f"{db_path}-wal").write_bytes(wal)
    before = data_files(db_path.parent)
    keep_as = aside_path(db_path, "before-restore", NOW)
    fail_replace(monkeypatch, lambda source, to: to == db_path and source.suffix == ".part")

    with pytest.raises(DatabaseError, match="your data has not been changed"):
        restore_backup(backup, db_path, keep_as)

    assert data_files(db_path.parent) == before  # no copy left, nothing under keep_as
    monkeypatch.undo()
    with Store.open(db_path) as store:
        assert store.get_setting("after-the-backup", None) == 1  # the -wal met its file


def test_a_restore_whose_setting_aside_fails_leaves_everything_as_it_was(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(db_path)
    backup = make_daily_backup(db_path, TODAY)
    four_files(db_path)
    before = data_files(db_path.parent)
    fail_replace(monkeypatch, lambda source, _to: source == db_path)

    with pytest.raises(DatabaseError, match="your data has not been changed"):
        restore_backup(backup, db_path, aside_path(db_path, "before-restore", NOW))

    assert data_files(db_path.parent) == before


def test_a_restore_whose_preparation_fails_moves_nothing(db_path: Path) -> None:
    fill(db_path)
    backup = make_daily_backup(db_path, TODAY)
    before = data_files(db_path.parent)
    prepared: list[Path] = []

    def prepare(copy: Path) -> None:
        prepared.append(copy)
        raise DatabaseError("cannot bring it up to date", copy)

    with pytest.raises(DatabaseError, match="cannot bring it up to date"):
        restore_backup(backup, db_path, aside_path(db_path, "before-restore", NOW), prepare)

    assert prepared and prepared[0].parent == db_path.parent  # the copy, not the backup
    assert data_files(db_path.parent) == before


def test_an_older_backup_is_brought_up_to_date_before_it_goes_in(db_path: Path) -> None:
    from app.db.schema import HEAD_REVISION, ensure_current

    fill(db_path)
    folder = backups_folder(db_path.parent)
    folder.mkdir()
    old = folder / backup_name(TODAY)
    old.write_bytes((Path(__file__).parents[1] / "fixtures" / "schema_0001.sqlite3").read_bytes())
    keep_as = aside_path(db_path, "before-restore", NOW)

    restore_backup(old, db_path, keep_as, prepare=ensure_current)

    assert query(db_path, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert query(db_path, "PRAGMA journal_mode") == [("delete",)]
    assert not list(db_path.parent.glob(".inward-restore-*"))


def test_a_damaged_backup_is_called_a_backup(db_path: Path) -> None:
    fill(db_path)
    backup = make_daily_backup(db_path, TODAY)
    data = bytearray(backup.read_bytes())
    data[:100] = b"\x17" * 100
    backup.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamagedError) as caught:
        check_backup(backup)
    assert str(caught.value).startswith(f"The backup {backup} is damaged")
    assert "data file" not in str(caught.value).replace("Inward data file", "")
