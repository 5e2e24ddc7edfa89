"""Importing a big backup stays within ~10x the file's size in memory, whatever its shape.

A backup of up to 200 MB is accepted for reading; parsed whole, a file of empty lists
(``[[],[],...]``, 3 bytes each on disk, ~64 in memory) took 16 GB at 190 MB and 1.8 GB at
20 MB. Each case runs in a fresh process with tracemalloc, so nothing else's memory counts.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.big_backups import write_nested_backup, write_realistic_backup

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 10  # x the file's size

MEASURE = """
import json, sys, time, tracemalloc
from pathlib import Path
from app.core.backup_format import BackupError
from app.db.backup import apply_import, read_backup_file, summarize_import
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
