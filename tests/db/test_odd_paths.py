"""Data folders whose path holds characters that mean something in a URL (`?`, `#`, `%20`)
or none at all (spaces, unicode): the data still goes into that folder's own file, owner-only,
export reads it back and the daily backup copies it. The file name never passes through a
URL parser as text (app/db/engine.py builds the URL with ``URL.create``)."""

from __future__ import annotations

import os
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.data_dir import database_path
from app.db.daily_backups import list_backups, make_daily_backup
from app.db.store import Store
from app.db.transfer.backup_export import export_backup
from tests.db.conftest import make_set

ODD_NAMES = [
    "what?now",
    "what?mode=ro",
    "hash#tag",
    "x%20y",
    "with space",
    "Übungen ✓ ヨガ",
    "per%cent",
    "semi;colon&and=eq",
]


def files_under(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()}


@pytest.mark.parametrize("name", ODD_NAMES)
def test_data_lands_in_the_folders_own_file(tmp_path: Path, name: str) -> None:
    root = tmp_path / "home"
    folder = root / name
    # A neighbour whose name a URL parser would confuse with this one (x%20y -> "x y").
    neighbour = root / "x y"
    neighbour.mkdir(parents=True)
    db_path = database_path(folder)
    started = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    with Store.open(db_path) as store:
        session_id = store.start_session({"routine": "starter"}, started)
        store.record_set(session_id, make_set(started))

    outside = {p for p in files_under(root) if folder not in p.parents}
    assert outside == set(), f"Inward wrote outside its folder: {sorted(outside)}"
    assert db_path.is_file()
    if os.name == "posix":
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o600

    document = export_backup(db_path)
    assert [len(s["sets"]) for s in document["sessions"]] == [1]

    made = make_daily_backup(db_path, date(2026, 11, 21))
    assert made is not None and made.parent.parent == folder
    assert [info.path for info in list_backups(folder)] == [made]
