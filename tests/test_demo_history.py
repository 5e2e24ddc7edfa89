"""The synthetic history tool: a year of plausible, improving, reproducible data."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.core.checks.types import MeasuredBy, Method
from app.core.content.exercises import load_content
from app.core.records import SessionStatus, Side
from app.data_dir import database_path
from app.db.store import Store
from app.tools.demo_history import TABLES, generate

ROOT = Path(__file__).resolve().parents[1]
END = date(2026, 3, 1)


def table_rows(path: Path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(path)) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in TABLES
        }


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("year")
    generate(folder, 1, seed=3, end=END)
    return folder


def test_a_year_opens_with_the_store_and_has_plausible_counts(year: Path) -> None:
    with Store.open(database_path(year)) as store:
        history = store.logbook(load_content())
        checks = store.checks()
        assert store.unfinished_session() is None
    days = 365
    sessions = history.sessions
    assert 0.65 * days <= len(sessions) <= 0.92 * days  # most days, not all
    assert all(s.started_at.date() < END for s in sessions)
    assert sessions[0].started_at.date() >= END - timedelta(days=days)
    # every session's plan rebuilds from the real content, with sets from it
    assert all(len(s.sets) > 0 for s in sessions)
    per_session = sum(len(s.sets) for s in sessions) / len(sessions)
    assert 15 <= per_session <= 50
    statuses = {s.status for s in sessions}
    assert statuses <= {SessionStatus.FINISHED, SessionStatus.ABANDONED}
    assert SessionStatus.FINISHED in statuses
    all_sets = [result for s in sessions for result in s.sets]
    skipped = sum(result.skipped for result in all_sets) / len(all_sets)
    assert 0.005 < skipped < 0.1
    assert sum(result.pain for result in all_sets) < 0.02 * len(all_sets)
    with_checkin = sum(s.checkin is not None for s in sessions)
    assert 0.7 * len(sessions) <= with_checkin < len(sessions)
    # checks every week or two: both main checks, three trials a side
    sittings = len(checks) // 2
    assert 24 <= sittings <= 55
    assert {c.check_slug for c in checks} == {"prone-ir", "seated-ir"}
    assert all(len(c.trials) == 6 for c in checks)
    methods = [t.method for c in checks for t in c.trials]
    assert methods.count(Method.INCLINOMETER) > methods.count(Method.GONIOMETER)
    assert {t.measured_by for c in checks for t in c.trials} <= set(MeasuredBy)
    # sets lie inside their session, in order
    for session in sessions[:20]:
        times = [(r.started_at, r.ended_at) for r in session.sets]
        assert all(start <= end for start, end in times)
        assert times == sorted(times)
        assert session.started_at <= times[0][0]


def test_values_improve_and_the_left_side_is_tighter(year: Path) -> None:
    with Store.open(database_path(year)) as store:
        checks = store.checks("prone-ir")

    def mean(records, side: Side) -> float:
        values = [t.degrees for r in records for t in r.trials if t.side is side]
        return sum(values) / len(values)

    first, last = checks[:8], checks[-8:]
    assert mean(last, Side.LEFT) > mean(first, Side.LEFT) + 2
    assert mean(last, Side.RIGHT) > mean(first, Side.RIGHT)
    assert mean(checks, Side.LEFT) < mean(checks, Side.RIGHT) - 5
    readings = [t.degrees for r in checks for t in r.trials]
    assert min(readings) >= 18 and max(readings) <= 48


def test_the_same_seed_gives_the_same_history(tmp_path: Path, year: Path) -> None:
    generate(tmp_path / "again", 1, seed=3, end=END)
    assert table_rows(database_path(tmp_path / "again")) == table_rows(database_path(year))
    generate(tmp_path / "other", 1, seed=4, end=END)
    assert table_rows(database_path(tmp_path / "other")) != table_rows(database_path(year))


def test_a_data_file_with_data_is_refused_unless_forced(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    with Store.open(database_path(folder)) as store:
        store.set_setting("name", "Sam")
    digest = hashlib.sha256(database_path(folder).read_bytes()).hexdigest()
    with pytest.raises(ValueError, match="already holds data"):
        generate(folder, 0.1, seed=1, end=END)
    assert hashlib.sha256(database_path(folder).read_bytes()).hexdigest() == digest
    counts = generate(folder, 0.1, seed=1, end=END, force=True)
    with Store.open(database_path(folder)) as store:
        assert store.get_setting("name", None) is None
        assert len(store.checks()) == counts.checks


def test_the_command_prints_one_line_of_counts(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.tools.demo_history",
            "--years",
            "0.2",
            "--data-dir",
            str(tmp_path / "d"),
            "--seed",
            "5",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("demo history: ") and " sessions, " in lines[0]
    with Store.open(database_path(tmp_path / "d")) as store:
        latest = store.checks()[-1].taken_at
    assert latest < datetime.now(UTC)
    folder = str(tmp_path / "d")
    again = subprocess.run(
        [sys.executable, "-m", "app.tools.demo_history", "--years", "1", "--data-dir", folder],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert again.returncode == 1
    assert "--force" in again.stderr and len(again.stderr.strip().splitlines()) == 1
