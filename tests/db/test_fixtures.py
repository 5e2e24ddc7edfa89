"""Released schemas' fixture files still open, with every row intact.

Each released schema has a frozen ``tests/fixtures/schema_<rev>.sqlite3``. Opening a
copy with the current Store runs every migration since; nothing may be lost.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from app.core.records import SessionStatus, Side
from app.db.glance import glance
from app.db.schema import HEAD_REVISION, inspect_file
from app.db.store import Store
from tests.fixtures import make_schema_0001 as schema_0001

FIXTURES = Path(schema_0001.__file__).parent


@pytest.fixture
def copy_0001(tmp_path: Path) -> Path:
    target = tmp_path / "inward.sqlite3"
    shutil.copyfile(FIXTURES / "schema_0001.sqlite3", target)
    return target


def test_fixture_is_at_revision_0001() -> None:
    path = FIXTURES / "schema_0001.sqlite3"
    assert inspect_file(path).revision == "0001"
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_schema_0001_fixture_opens_with_every_row(copy_0001: Path) -> None:
    with Store.open(copy_0001) as store:
        for session_id, started, ended, status, plan in schema_0001.SESSIONS:
            stored = store.session(session_id)
            assert stored.started_at == datetime.fromisoformat(started)
            assert stored.ended_at == (ended and datetime.fromisoformat(ended))
            assert stored.status is SessionStatus(status)
            assert stored.plan == plan
            expected_sets = [row for row in schema_0001.SETS if row[1] == session_id]
            assert len(stored.sets) == len(expected_sets)
            for got, row in zip(stored.sets, expected_sets, strict=True):
                (_, _, slug, side, index, planned_s, done_s, planned_r, done_r) = row[:9]
                skipped, pain, set_started, set_ended = row[9:]
                assert got.exercise_slug == slug
                assert got.side is Side(side)
                assert got.set_index == index
                assert (got.planned_seconds, got.done_seconds) == (planned_s, done_s)
                assert (got.planned_reps, got.done_reps) == (planned_r, done_r)
                assert (got.skipped, got.pain) == (bool(skipped), bool(pain))
                assert got.started_at == datetime.fromisoformat(set_started)
                assert got.ended_at == datetime.fromisoformat(set_ended)

        for key, value in schema_0001.SETTINGS.items():
            assert store.get_setting(key, "missing") == value

        unfinished = store.unfinished_session()
        assert unfinished is not None and unfinished.id == 2

    assert inspect_file(copy_0001).revision == HEAD_REVISION
    facts = glance(copy_0001)
    assert facts.last_session == datetime.fromisoformat(schema_0001.SESSIONS[1][1])
    with closing(sqlite3.connect(copy_0001)) as conn:
        counts = [
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("sessions", "set_records", "settings")
        ]
        raw_settings = dict(conn.execute("SELECT key, value_json FROM settings").fetchall())
    assert counts == [2, 6, 2]
    assert {k: json.loads(v) for k, v in raw_settings.items()} == schema_0001.SETTINGS


def test_fixture_script_rebuilds_the_same_rows(tmp_path: Path) -> None:
    """The script still works, and the committed file holds what the script says."""
    rebuilt = tmp_path / "rebuilt.sqlite3"
    assert schema_0001.main(["--output", str(rebuilt)]) == 0
    assert schema_0001.main(["--output", str(rebuilt)]) == 1  # frozen: no silent overwrite
    committed = FIXTURES / "schema_0001.sqlite3"
    for table in ("alembic_version", "sessions", "set_records", "settings"):
        sql = f"SELECT * FROM {table} ORDER BY 1"
        with closing(sqlite3.connect(rebuilt)) as a, closing(sqlite3.connect(committed)) as b:
            assert a.execute(sql).fetchall() == b.execute(sql).fetchall()
