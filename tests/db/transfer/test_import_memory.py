"""Importing a big backup stays within ~10x the file's size in memory, whatever its shape.

A backup of up to 200 MB is accepted for reading; parsed whole, a file of empty lists
(``[[],[],...]``, 3 bytes each on disk, ~64 in memory) took 16 GB at 190 MB and 1.8 GB at
20 MB. Each case runs in a fresh process with tracemalloc, so nothing else's memory counts.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.backup.format import ImportCancelled
from app.db.store import Store
from app.db.transfer.backup_import import apply_import, summarize_import
from app.db.transfer.backup_reader import read_backup_file
from tests.big_backups import write_nested_backup, write_realistic_backup
from tests.db.conftest import sha256

ROOT = Path(__file__).resolve().parents[3]
LIMIT = 10  # x the file's size

MEASURE = """
import json, sys, time, tracemalloc
from pathlib import Path
from app.core.backup.format import BackupError
from app.db.transfer.backup_import import apply_import, summarize_import
from app.db.transfer.backup_reader import read_backup_file
from app.db.schema import ensure_current
source, db_path = Path(sys.argv[1]), Path(sys.argv[2])
ensure_current(db_path)  # an existing, current data file, as in the app
tracemalloc.start()
began = time.perf_counter()
outcome = {}
try:
    backup = read_backup_file(source)
    summarize_import(db_path, backup)
    outcome["added"] = apply_import(db_path, backup).sets_new
except BackupError as error:
    outcome["refused"] = str(error)
outcome["seconds"] = time.perf_counter() - began
outcome["peak"] = tracemalloc.get_traced_memory()[1]
print(json.dumps(outcome))
"""


def measure(source: Path, tmp_path: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(source), str(tmp_path / "inward.sqlite3")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_realistic_backup_imports_within_ten_times_its_size(tmp_path: Path) -> None:
    source = write_realistic_backup(tmp_path / "backup.json", megabytes=8)
    size = source.stat().st_size
    outcome = measure(source, tmp_path)
    assert outcome.get("added", 0) > 10_000, outcome
    assert outcome["peak"] < LIMIT * size, f"{outcome['peak'] / size:.1f}x the file's size"


@pytest.mark.parametrize("where", ["settings", "plan"])
def test_a_file_of_empty_lists_is_refused_within_ten_times_its_size(
    tmp_path: Path, where: str
) -> None:
    source = write_nested_backup(tmp_path / "backup.json", megabytes=20, where=where)
    size = source.stat().st_size
    outcome = measure(source, tmp_path)
    assert "is too large" in outcome.get("refused", ""), outcome
    assert outcome["peak"] < LIMIT * size, f"{outcome['peak'] / size:.1f}x the file's size"


# --- progress and cancelling ---------------------------------------------------------------


def count_sets(db_path: Path) -> int:
    with closing(sqlite3.connect(db_path)) as connection:
        return connection.execute("SELECT count(*) FROM set_records").fetchone()[0]


def test_reading_says_how_far_it_is_and_stops_when_cancelled(tmp_path: Path) -> None:
    source = write_realistic_backup(tmp_path / "backup.json", megabytes=2)
    seen: list[tuple[int, int]] = []
    read_backup_file(source, progress=lambda done, total: seen.append((done, total)))
    size = source.stat().st_size
    assert len(seen) >= 4 and seen[-1] == (size, size)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)

    asked = []
    with pytest.raises(ImportCancelled):
        read_backup_file(source, cancelled=lambda: asked.append(1) or len(asked) > 3)
    assert len(asked) == 4  # stopped at once, not at the end of the file


def test_an_import_cancelled_half_way_writes_nothing(tmp_path: Path) -> None:
    db_path = tmp_path / "inward.sqlite3"
    with Store.open(db_path) as store:
        store.start_session({"mine": True}, datetime(2019, 1, 1, tzinfo=UTC))
    digest = sha256(db_path)
    backup = read_backup_file(write_realistic_backup(tmp_path / "b.json", megabytes=2))
    written: list[int] = []

    def cancelled() -> bool:
        return len(written) >= 2  # after 4,000 sets have gone into the transaction

    with pytest.raises(ImportCancelled):
        apply_import(db_path, backup, lambda done, _: written.append(done), cancelled)
    assert written[-1] >= 4_000
    assert count_sets(db_path) == 0
    assert sha256(db_path) == digest
    added = apply_import(db_path, backup)  # and the same file imports in full afterwards
    assert count_sets(db_path) == added.sets_new > 4_000


def test_an_import_asks_whether_to_stop_every_few_hundred_sets(tmp_path: Path) -> None:
    """Each ask is where the app's worker lets the window run (app/ui/data/gil_turns.py) and
    where Cancel is heard: every 2,000 sets was ~50 ms apart on a loaded machine."""
    backup = read_backup_file(write_realistic_backup(tmp_path / "b.json", megabytes=2))
    asked: list[int] = []
    added = apply_import(tmp_path / "inward.sqlite3", backup, cancelled=lambda: asked.append(1))
    assert added.sets_new > 4_000
    assert len(asked) >= added.sets_new // 250


def test_sessions_without_sets_and_checks_are_asked_about_too(tmp_path: Path) -> None:
    """Sessions, check-ins, checks and trials go in between asks as well: the write of ~850
    sessions and their plans asked nothing, and the window waited 0.13 s on a loaded machine."""
    full = read_backup_file(write_realistic_backup(tmp_path / "b.json", megabytes=10))
    backup = replace(full, sessions=tuple(replace(s, sets=()) for s in full.sessions))
    asked: list[int] = []
    added = apply_import(tmp_path / "inward.sqlite3", backup, cancelled=lambda: asked.append(1))
    assert added.sets_new == 0 and added.sessions_new > 800 and added.checks_new > 100
    rows = added.sessions_new + added.checkins_new + added.checks_new + added.trials_new
    assert len(asked) >= rows // 250


def test_matching_a_backup_the_file_already_holds_is_asked_about_too(tmp_path: Path) -> None:
    """Matching reads every set in the file and walks the backup's: ~0.13 s for 20 MB, that
    asked nothing; the summary (read on the app's worker) and the import both ask now."""
    db_path = tmp_path / "inward.sqlite3"
    backup = read_backup_file(write_realistic_backup(tmp_path / "b.json", megabytes=4))
    held = apply_import(db_path, backup).sets_new
    asked: list[int] = []
    summary = summarize_import(db_path, backup, cancelled=lambda: asked.append(1))
    assert not summary.anything_new and len(asked) >= held // 250
    asked.clear()
    assert not apply_import(db_path, backup, cancelled=lambda: asked.append(1)).anything_new
    assert len(asked) >= held // 250
