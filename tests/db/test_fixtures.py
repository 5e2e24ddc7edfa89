"""Released schemas' fixture files still open, with every row intact.

Each released schema has a frozen ``tests/fixtures/schema_<rev>.sqlite3``. Opening a
copy with the current Store runs every migration since; nothing may be lost. A new
schema adds its own fixture (``make_schema_<rev>.py``) and the generic tests below pick
it up by its file name.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest

from app.core.checks.types import CheckRecord, MeasuredBy, Method, Mode, Trial
from app.core.content.exercises import Content
from app.core.plan.types import ExerciseChoice
from app.core.records import SessionStatus, Side
from app.core.routine import SessionPlan
from app.core.session.checkin import CheckIn, Effort
from app.db.glance import LatestCheck, glance
from app.db.schema import HEAD_REVISION, KNOWN_REVISIONS, inspect_file, upgrade
from app.db.store import Store
from tests.db.conftest import WORK_MATCHES_SETS, make_check, make_trial, utc
from tests.fixtures import make_schema_0001 as schema_0001
from tests.fixtures import make_schema_0002 as schema_0002
from tests.fixtures import make_schema_0003 as schema_0003
from tests.fixtures import make_schema_0004 as schema_0004

FIXTURES = Path(schema_0001.__file__).parent
FIXTURE_FILES = sorted(FIXTURES.glob("schema_*.sqlite3"))


def query(path: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return conn.execute(sql).fetchall()


def tables_and_columns(path: Path) -> dict[str, list[str]]:
    """Every table but alembic_version, with its columns in order."""
    names = query(
        path,
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT IN ('alembic_version') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    return {
        name: [row[1] for row in query(path, f"PRAGMA table_info({name})")] for (name,) in names
    }


def rows_of(path: Path, table: str, columns: list[str]) -> list[tuple]:
    return query(path, f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1")


def backups_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("inward-backup-*.sqlite3"))


@pytest.fixture
def copy_0001(tmp_path: Path) -> Path:
    target = tmp_path / "inward.sqlite3"
    shutil.copyfile(FIXTURES / "schema_0001.sqlite3", target)
    return target


def test_every_known_revision_has_a_fixture() -> None:
    assert [p.name for p in FIXTURE_FILES] == [f"schema_{rev}.sqlite3" for rev in KNOWN_REVISIONS]


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.stem)
def test_opening_a_fixture_backs_it_up_and_keeps_every_row(tmp_path: Path, fixture: Path) -> None:
    """Generic: every column of every row of every table is still there after the upgrade."""
    copy = tmp_path / "inward.sqlite3"
    shutil.copyfile(fixture, copy)
    revision = inspect_file(fixture).revision
    before = {
        table: rows_of(fixture, table, columns)
        for table, columns in tables_and_columns(fixture).items()
    }
    assert all(before.values()), "a fixture should have sample rows in every table"

    Store.open(copy).close()

    assert inspect_file(copy).revision == HEAD_REVISION
    for table, columns in tables_and_columns(fixture).items():
        assert rows_of(copy, table, columns) == before[table], table
    backups = backups_in(tmp_path)
    if revision == HEAD_REVISION:
        assert backups == []
        return
    (backup,) = backups
    assert backup.name.startswith(f"inward-backup-before-{HEAD_REVISION}-")
    assert inspect_file(backup).revision == revision
    assert query(backup, "PRAGMA integrity_check") == [("ok",)]
    assert tables_and_columns(backup) == tables_and_columns(fixture)
    for table, columns in tables_and_columns(fixture).items():
        assert rows_of(backup, table, columns) == before[table], table


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


def test_schema_0001_upgrades_to_0002_with_working_check_tables(copy_0001: Path) -> None:
    """The 0002 step itself: rows kept, backup first, check tables empty and usable."""
    before = {
        table: rows_of(copy_0001, table, columns)
        for table, columns in tables_and_columns(copy_0001).items()
    }

    backup = upgrade(copy_0001, target="0002")

    assert backup is not None and backup.exists()
    assert backup.name.startswith("inward-backup-before-0002-")
    assert inspect_file(backup).revision == "0001"
    assert inspect_file(copy_0001).revision == "0002"
    assert query(copy_0001, "PRAGMA foreign_key_check") == []
    columns = tables_and_columns(copy_0001)
    assert columns["check_records"] == [
        "id", "check_slug", "taken_at", "note", "created_at", "updated_at", "deleted_at",
    ]  # fmt: skip
    assert columns["check_trials"] == [
        "id", "record_id", "side", "number", "degrees", "method", "mode", "measured_by",
        "pain", "note", "photo",
    ]  # fmt: skip
    for table, rows in before.items():
        assert rows_of(copy_0001, table, columns[table]) == rows, table
    assert query(copy_0001, "SELECT count(*) FROM check_records") == [(0,)]
    assert [len(rows) for rows in before.values()] == [2, 6, 2]  # sessions, set_records, settings

    with Store.open(copy_0001) as store:
        assert store.checks() == []
        record = make_check(utc(2025, 6, 1, 8), trials=(make_trial(Side.RIGHT, 2, 31.5),))
        record_id = store.add_check(record)
        assert store.check(record_id) == CheckRecord(
            check_slug="prone-ir",
            taken_at=utc(2025, 6, 1, 8),
            trials=(make_trial(Side.RIGHT, 2, 31.5),),
            id=record_id,
        )
        assert store.session(1).sets[1].pain is True  # an old row, read through the new store
        assert store.get_setting("cue_volume", None) == 0.8


# -- schema 0002 -----------------------------------------------------------------------


@pytest.fixture
def copy_0002(tmp_path: Path) -> Path:
    target = tmp_path / "inward.sqlite3"
    shutil.copyfile(FIXTURES / "schema_0002.sqlite3", target)
    return target


def test_fixture_is_at_revision_0002() -> None:
    path = FIXTURES / "schema_0002.sqlite3"
    assert inspect_file(path).revision == "0002"
    assert query(path, "PRAGMA journal_mode") == [("delete",)]
    assert query(path, "PRAGMA foreign_key_check") == []


def _expected_checks() -> dict[int, CheckRecord]:
    trials: dict[int, list[Trial]] = {}
    for row in schema_0002.CHECK_TRIALS:
        _, record_id, side, number, degrees, method, mode, by, pain, note, photo = row
        trials.setdefault(record_id, []).append(
            Trial(
                Side(side),
                number,
                degrees,
                Method(method),
                Mode(mode),
                MeasuredBy(by),
                bool(pain),
                note,
                photo,
            )
        )
    return {
        record_id: CheckRecord(
            check_slug=slug,
            taken_at=datetime.fromisoformat(taken),
            trials=tuple(sorted(trials[record_id], key=lambda t: (t.side.value, t.number))),
            note=note,
            id=record_id,
        )
        for record_id, slug, taken, note, *_ in schema_0002.CHECK_RECORDS
    }


def test_schema_0002_fixture_opens_with_every_row(copy_0002: Path) -> None:
    expected = _expected_checks()
    deleted = [row[0] for row in schema_0002.CHECK_RECORDS if row[6] is not None]
    assert deleted == [3]
    with Store.open(copy_0002) as store:
        for session_id, started, ended, status, plan in schema_0002.SESSIONS:
            stored = store.session(session_id)
            assert stored.started_at == datetime.fromisoformat(started)
            assert stored.ended_at == (ended and datetime.fromisoformat(ended))
            assert stored.status is SessionStatus(status)
            assert stored.plan == plan
            expected_sets = [row for row in schema_0002.SETS if row[1] == session_id]
            assert [(s.exercise_slug, s.side.value, s.set_index) for s in stored.sets] == [
                row[2:5] for row in expected_sets
            ]
            assert [s.done_seconds for s in stored.sets] == [row[6] for row in expected_sets]
        for key, value in schema_0002.SETTINGS.items():
            assert store.get_setting(key, "missing") == value
        unfinished = store.unfinished_session()
        assert unfinished is not None and unfinished.id == 3

        # Live records, oldest first; the deleted one is hidden but kept, and undoable.
        assert store.checks() == [expected[1], expected[2]]
        assert store.checks("seated-ir") == [expected[2]]
        assert store.check(2).trials[0].photo == "check-2-left-1.jpg"
        with pytest.raises(KeyError):
            store.check(3)
        store.restore_check(3)
        assert store.check(3) == expected[3]
        assert store.checks("prone-ir") == [expected[1], expected[3]]

    assert inspect_file(copy_0002).revision == HEAD_REVISION
    facts = glance(copy_0002)  # session 3 has a done set; session 2 only a skipped one
    assert facts.last_session == datetime.fromisoformat(schema_0002.SESSIONS[2][1])
    assert facts.unfinished is not None and facts.unfinished.done_sets == 1


def assert_script_rebuilds(script: ModuleType, revision: str, tmp_path: Path) -> Path:
    """The fixture script still works, refuses to overwrite, and the committed file holds
    what it writes (every table, every row); returns the committed file."""
    rebuilt = tmp_path / "rebuilt.sqlite3"
    assert script.main(["--output", str(rebuilt)]) == 0
    assert script.main(["--output", str(rebuilt)]) == 1  # frozen: no silent overwrite
    committed = FIXTURES / f"schema_{revision}.sqlite3"
    assert tables_and_columns(rebuilt) == tables_and_columns(committed)
    for table in ("alembic_version", *tables_and_columns(committed)):
        sql = f"SELECT * FROM {table} ORDER BY 1"
        assert query(rebuilt, sql) == query(committed, sql)
    return committed


def test_schema_0002_fixture_script_rebuilds_the_same_rows(tmp_path: Path) -> None:
    committed = assert_script_rebuilds(schema_0002, "0002", tmp_path)
    assert query(committed, "SELECT count(*) FROM check_records") == [(3,)]
    assert query(committed, "SELECT count(*) FROM check_trials") == [(10,)]


# -- schema 0003 -----------------------------------------------------------------------

CHECKIN_COLUMNS = ["id", "session_id", "at", "effort", "note", "exercise_effort_json"]
CHOICE_COLUMNS = ["slug", "dropped", "dose_json", "swap_for", "updated_at"]


def assert_checkin_tables_work(path: Path, session_id: int, content: Content) -> None:
    """The 0003 tables of an upgraded file: there, empty, and usable through the Store."""
    columns = tables_and_columns(path)
    assert columns["checkins"] == CHECKIN_COLUMNS
    assert columns["exercise_choices"] == CHOICE_COLUMNS
    assert query(path, "SELECT count(*) FROM checkins") == [(0,)]
    assert query(path, "SELECT count(*) FROM exercise_choices") == [(0,)]
    assert query(path, "PRAGMA foreign_key_check") == []

    with Store.open(path) as store:
        assert store.checkin(session_id) is None
        assert store.exercise_choices() == {}
        checkin = CheckIn(
            session_id, utc(2025, 7, 1, 9), Effort.TOO_HARD, {"figure-4-seated": "too_hard"}
        )
        store.save_checkin(checkin)
        assert store.checkin(session_id) == checkin
        store.set_exercise_choice("figure-4-seated", ExerciseChoice(dose={"seconds": 75}))
        assert store.exercise_choices() == {
            "figure-4-seated": ExerciseChoice(dose={"seconds": 75.0})
        }
        # The old sessions' plans predate SessionPlan.to_dict: history leaves them out.
        history = store.logbook(content)
        assert history.sessions == ()
        assert history.checks == tuple(store.checks())
        store.delete_session(session_id)  # the new foreign key cascades
        assert store.checkin(session_id) is None
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), conn:
            conn.execute(
                "INSERT INTO checkins (session_id, at, effort, note, exercise_effort_json)"
                " VALUES (?, '2025-07-01T09:00:00.000000+00:00', 'too_hard', '', '{}')",
                (session_id,),
            )


def test_schema_0001_opens_at_the_head_with_a_backup_and_working_checkins(
    copy_0001: Path, content: Content
) -> None:
    before = {
        table: rows_of(copy_0001, table, columns)
        for table, columns in tables_and_columns(copy_0001).items()
    }

    Store.open(copy_0001).close()

    (backup,) = backups_in(copy_0001.parent)
    assert backup.name.startswith(f"inward-backup-before-{HEAD_REVISION}-")
    assert inspect_file(backup).revision == "0001"
    assert inspect_file(copy_0001).revision == HEAD_REVISION
    for table, rows in before.items():
        assert rows_of(copy_0001, table, tables_and_columns(copy_0001)[table]) == rows, table
        assert rows_of(backup, table, tables_and_columns(backup)[table]) == rows, table
    assert [len(rows) for rows in before.values()] == [2, 6, 2]  # sessions, set_records, settings
    assert_checkin_tables_work(copy_0001, 1, content)


def assert_step_keeps_rows(path: Path, revision: str, target: str) -> dict[str, list[tuple]]:
    """Upgrade ``path`` (at ``revision``) one step to ``target``: a backup first, at the old
    revision, and every row of every table kept in both files; returns the rows."""
    before = {
        table: rows_of(path, table, columns) for table, columns in tables_and_columns(path).items()
    }

    backup = upgrade(path, target=target)

    assert backup is not None and backups_in(path.parent) == [backup]
    assert backup.name.startswith(f"inward-backup-before-{target}-")
    assert inspect_file(backup).revision == revision
    assert inspect_file(path).revision == target
    for table, rows in before.items():
        assert rows_of(path, table, tables_and_columns(path)[table]) == rows, table
        assert rows_of(backup, table, tables_and_columns(backup)[table]) == rows, table
    return before


def test_schema_0002_upgrades_to_0003_with_working_checkin_tables(
    copy_0002: Path, content: Content
) -> None:
    """The 0003 step itself: rows kept, backup first, new tables empty and usable."""
    before = assert_step_keeps_rows(copy_0002, "0002", "0003")
    # check_records, check_trials, sessions, set_records, settings
    assert [len(rows) for rows in before.values()] == [3, 10, 3, 5, 2]
    assert_checkin_tables_work(copy_0002, 1, content)


@pytest.fixture
def copy_0003(tmp_path: Path) -> Path:
    target = tmp_path / "inward.sqlite3"
    shutil.copyfile(FIXTURES / "schema_0003.sqlite3", target)
    return target


def test_fixture_is_at_revision_0003() -> None:
    path = FIXTURES / "schema_0003.sqlite3"
    assert inspect_file(path).revision == "0003"
    assert query(path, "PRAGMA journal_mode") == [("delete",)]
    assert query(path, "PRAGMA foreign_key_check") == []


def test_schema_0003_plans_are_in_the_shape_the_app_writes(content: Content) -> None:
    for plan in (schema_0003.PLAN_A, schema_0003.PLAN_B):
        assert SessionPlan.from_dict(plan, content).to_dict() == plan


def test_schema_0003_fixture_opens_with_every_row(copy_0003: Path, content: Content) -> None:
    checkins = {
        session_id: CheckIn(
            session_id,
            datetime.fromisoformat(at),
            Effort(effort),
            {slug: Effort(value) for slug, value in per_exercise.items()},
            note,
        )
        for _, session_id, at, effort, note, per_exercise in schema_0003.CHECKINS
    }
    with Store.open(copy_0003) as store:
        for session_id, started, ended, status, plan in schema_0003.SESSIONS:
            stored = store.session(session_id)
            assert stored.started_at == datetime.fromisoformat(started)
            assert stored.ended_at == (ended and datetime.fromisoformat(ended))
            assert stored.status is SessionStatus(status)
            assert stored.plan == plan
            assert store.checkin(session_id) == checkins.get(session_id)
        for key, value in schema_0003.SETTINGS.items():
            assert store.get_setting(key, "missing") == value
        assert store.exercise_choices() == {
            "figure-4-seated": ExerciseChoice(dose={"seconds": 75.0, "sets": 2}),
            "hip-click": ExerciseChoice(dropped=True),
            "release-piriformis": ExerciseChoice(swap_for="release-deep-glutes"),
        }
        assert [record.id for record in store.checks()] == [1, 2]

        history = store.logbook(content)
        # Session 2's free-form plan cannot be rebuilt; sessions 1 and 3 can.
        assert [log.id for log in history.sessions] == [1, 3]
        first, third = history.sessions
        assert first.plan == SessionPlan.from_dict(schema_0003.PLAN_A, content)
        assert [(s.exercise_slug, s.side.value, s.set_index) for s in first.sets] == [
            row[2:5] for row in schema_0003.SETS if row[1] == 1
        ]
        assert first.sets[1].pain is True
        assert first.checkin == checkins[1]
        assert (third.status, third.checkin) == (SessionStatus.IN_PROGRESS, None)
        assert third.plan.items[0].first_side is Side.RIGHT
        assert [c.id for c in history.checks] == [1, 2]
        assert len(history.checks[1].trials) == 5

    facts = glance(copy_0003)
    assert facts.last_session == datetime.fromisoformat(schema_0003.SESSIONS[2][1])
    assert facts.unfinished is not None and facts.unfinished.done_sets == 1
    # Record 3 (deleted) is later but hidden; record 2: left 39, 41.5, 40; right 27, 29.
    assert facts.latest_checks == (
        LatestCheck(
            "prone-ir", datetime.fromisoformat(schema_0003.CHECK_RECORDS[1][2]), 40.0, 28.0
        ),
    )


def test_schema_0003_fixture_script_rebuilds_the_same_rows(tmp_path: Path) -> None:
    committed = assert_script_rebuilds(schema_0003, "0003", tmp_path)
    assert query(committed, "SELECT count(*) FROM checkins") == [(2,)]
    assert query(committed, "SELECT count(*) FROM exercise_choices") == [(3,)]


# -- schema 0004 -----------------------------------------------------------------------

TRIGGERS = (
    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'set_records'"
    " ORDER BY name"
)
WORK_TRIGGERS = [
    ("set_records_work_delete",),
    ("set_records_work_insert",),
    ("set_records_work_update",),
]


def assert_work_matches_sets(path: Path) -> None:
    """session_work holds, for every session, what its sets add up to (none: no work)."""
    rows = query(path, WORK_MATCHES_SETS)
    assert rows, "no sessions to compare"
    for session_id, seconds, done, from_sets, done_from_sets in rows:
        assert (seconds, done) == (from_sets, done_from_sets), session_id


@pytest.fixture
def copy_0004(tmp_path: Path) -> Path:
    target = tmp_path / "inward.sqlite3"
    shutil.copyfile(FIXTURES / "schema_0004.sqlite3", target)
    return target


def test_fixture_is_at_revision_0004() -> None:
    path = FIXTURES / "schema_0004.sqlite3"
    assert inspect_file(path).revision == "0004"
    assert query(path, "PRAGMA journal_mode") == [("delete",)]
    assert query(path, "PRAGMA foreign_key_check") == []
    assert query(path, TRIGGERS) == WORK_TRIGGERS
    assert_work_matches_sets(path)


def test_schema_0003_upgrades_to_0004_with_each_sessions_work_summed(copy_0003: Path) -> None:
    """The 0004 step: rows kept, backup first, each session's sets summed into session_work,
    and the triggers that keep it so in place."""
    assert_step_keeps_rows(copy_0003, "0003", "0004")
    # Sessions 1 (three sets, 121.25 s), 2 (one skipped) and 3 (one set of 75 s).
    assert query(copy_0003, "SELECT * FROM session_work ORDER BY 1") == [
        (1, 121.25, 3),
        (2, 0.0, 0),
        (3, 75.0, 1),
    ]
    assert_work_matches_sets(copy_0003)
    assert query(copy_0003, TRIGGERS) == WORK_TRIGGERS
    assert query(copy_0003, "PRAGMA integrity_check") == [("ok",)]


def test_schema_0004_fixture_sums_a_session_split_by_another(copy_0004: Path) -> None:
    """Session 1's sets are ids 1-3 and 6 (written after session 3's): History sums all
    four."""
    from app.db import history_queries as hq

    Store.open(copy_0004).close()
    with hq.reading(copy_0004) as connection:
        rows = connection.execute(hq.SESSION_WORK, {"since": ""}).fetchall()
    assert rows == [
        ("2025-07-01T06:45:00.000000+00:00", "finished", 60.0 + 41.25 + 20.0 + 12.5, 4),
        ("2025-07-02T19:10:00.000000+00:00", "abandoned", 0.0, 0),
        ("2025-07-04T07:00:00.000000+00:00", "in_progress", 75.0, 1),
    ]


def test_schema_0004_fixture_script_rebuilds_the_same_rows(tmp_path: Path) -> None:
    committed = assert_script_rebuilds(schema_0004, "0004", tmp_path)
    assert query(tmp_path / "rebuilt.sqlite3", TRIGGERS) == query(committed, TRIGGERS)


def test_a_pinch_in_schema_0001_data_reaches_the_report_with_its_side_and_dose(
    copy_0001: Path,
) -> None:
    """Side and planned dose have been stored with every set since the first schema, so a
    pinch recorded by the oldest Inward is reported with both, after the upgrade."""
    from datetime import UTC, date

    from app.core.checks.loader import load_checks
    from app.core.content.exercises import load_content
    from app.core.history.report import build_report

    content = load_content()
    with Store.open(copy_0001) as store:
        history = store.logbook(content, keep_unreadable=True)
    data = build_report(
        history,
        load_checks(),
        date(2025, 3, 1),
        date(2025, 3, 31),
        None,
        UTC,
        today=date(2025, 4, 1),
        content=content,
    )
    assert [pinch.cells for pinch in data.pinches] == [
        ("1 Mar 2025 07:32", content.exercise("figure-4-seated").name, "Right", "60 s",
         "after 46 s of 60 s"),
    ]  # fmt: skip
