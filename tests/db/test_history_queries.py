"""The History page's plain-sqlite3 reads, on a small hand-made history with known sums."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from app.core.checks.types import Method, Mode
from app.core.history.practice import PracticeByDay
from app.core.history.ranges import Extent
from app.core.records import SessionStatus, Side
from app.core.session.checkin import CheckIn, Effort
from app.db import history_queries as hq
from app.db.errors import DatabaseError
from app.db.store import Store
from tests.db.conftest import make_check, make_set, make_trial, utc

PLAN = {
    "items": [
        {"slug": "a", "first_side": "left", "dose": {"sets": 2, "sides": "each"}},
        {"slug": "b", "first_side": "both", "dose": {"sets": 1, "sides": "both"}},
    ]
}  # 2 sets a side of a, one of b: 5 planned


@pytest.fixture
def history(store: Store) -> dict[str, int]:
    """Four sessions and four checks (one deleted); returns their ids by name."""
    ids: dict[str, int] = {}
    start = utc(2026, 3, 2, 8)  # a Monday, ISO week 10
    ids["s1"] = s1 = store.start_session(PLAN, start)
    store.record_set(s1, make_set(start, slug="a", side=Side.LEFT, index=1, seconds=60))
    store.record_set(s1, make_set(start, slug="a", side=Side.LEFT, index=2, seconds=60, pain=True))
    store.record_set(s1, make_set(start, slug="a", side=Side.RIGHT, index=1, skipped=True))
    store.record_set(s1, make_set(start, slug="b", side=Side.BOTH, index=1, seconds=45))
    store.finish_session(s1, start + timedelta(minutes=20))
    store.save_checkin(CheckIn(s1, start, Effort.ABOUT_RIGHT, {"a": Effort.TOO_HARD}, "felt good"))

    second = utc(2026, 3, 3, 8)
    ids["s2"] = s2 = store.start_session({"items": "unreadable"}, second)
    store.record_set(s2, make_set(second, slug="a", seconds=30))
    store.finish_session(s2, second + timedelta(minutes=5), SessionStatus.ABANDONED)

    third = utc(2026, 3, 10, 8)  # ISO week 11: started, one set skipped, left: not counted
    ids["s3"] = s3 = store.start_session(PLAN, third)
    store.record_set(s3, make_set(third, slug="a", skipped=True))

    fourth = utc(2026, 3, 10, 9)  # finished with nothing recorded: counted
    ids["s4"] = s4 = store.start_session(PLAN, fourth)
    store.finish_session(s4, fourth + timedelta(minutes=1))

    ids["c1"] = store.add_check(
        make_check(
            utc(2026, 3, 1, 9),
            note="morning",
            trials=(
                make_trial(Side.LEFT, 1, 30.0),
                make_trial(Side.LEFT, 2, 34.0, note="stiff"),
                make_trial(Side.LEFT, 3, 32.0),
                make_trial(Side.RIGHT, 1, 40.0, pain=True),
            ),
        )
    )
    ids["c2"] = store.add_check(
        make_check(
            utc(2026, 3, 5, 9),
            trials=(
                make_trial(Side.LEFT, 1, 33.0, method=Method.GONIOMETER),
                make_trial(Side.RIGHT, 1, 41.0),
            ),
        )
    )
    ids["c3"] = store.add_check(
        make_check(
            utc(2026, 3, 4, 9),
            slug="seated-ir",
            trials=(make_trial(Side.RIGHT, 1, 38.0, mode=Mode.ACTIVE),),
        )
    )
    ids["c4"] = store.add_check(make_check(utc(2026, 2, 1, 9)))
    store.delete_check(ids["c4"])
    return ids


def test_check_points_fold_trials_to_side_medians(db_path: Path, history: dict[str, int]):
    with hq.reading(db_path) as connection:
        points = hq.check_points(connection, None)
    assert [p.record_id for p in points] == [history["c1"], history["c3"], history["c2"]]
    first, seated, mixed = points
    assert (first.slug, first.left, first.right) == ("prone-ir", 32.0, 40.0)
    assert first.taken_at == utc(2026, 3, 1, 9)
    assert (first.method, first.mode) == (Method.INCLINOMETER, Mode.PASSIVE)
    assert first.note == "morning; stiff"
    assert first.pain is True
    assert (seated.left, seated.right, seated.mode) == (None, 38.0, Mode.ACTIVE)
    assert seated.pain is False
    assert mixed.method is None  # goniometer left, inclinometer right
    assert (mixed.left, mixed.right) == (33.0, 41.0)


def test_check_points_since_leaves_earlier_out(db_path: Path, history: dict[str, int]):
    with hq.reading(db_path) as connection:
        points = hq.check_points(connection, utc(2026, 3, 4, 9))  # taken exactly then: in
    assert [p.record_id for p in points] == [history["c3"], history["c2"]]


def test_adherence_counts_days_weeks_and_totals(db_path: Path, history: dict[str, int]):
    with hq.reading(db_path) as connection:
        result = hq.adherence(connection, None, UTC)
    assert result.days == {
        date(2026, 3, 2): hq.DayWork(1, 165.0, 3),  # 60 + 60 + 0 (skipped) + 45 s, 3 holds
        date(2026, 3, 3): hq.DayWork(1, 30.0, 1),  # abandoned, but with a set done
        date(2026, 3, 10): hq.DayWork(1, 0.0, 0),  # finished empty; the skipped-only one not
    }
    assert result.weeks == {(2026, 10): 2, (2026, 11): 1}
    assert (result.sessions, result.minutes, result.holds) == (3, 3.25, 4)
    assert result.day_minutes[date(2026, 3, 2)] == 2.75


def test_adherence_since_and_restricted(db_path: Path, history: dict[str, int]):
    with hq.reading(db_path) as connection:
        later = hq.adherence(connection, utc(2026, 3, 3), UTC)
        everything = hq.adherence(connection, None, UTC)
    assert list(later.days) == [date(2026, 3, 3), date(2026, 3, 10)]
    assert everything.since(date(2026, 3, 3)) == later


def test_adherence_days_are_local_days(db_path: Path, history: dict[str, int]):
    """08:00 UTC is the next day's 00:00 sixteen hours east."""
    east = timezone(timedelta(hours=16))
    with hq.reading(db_path) as connection:
        result = hq.adherence(connection, None, east)
        days = list(hq.session_days(connection, east))
    assert list(result.days) == [date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 11)]
    assert days == [date(2026, 3, 11), date(2026, 3, 4), date(2026, 3, 3)]


def test_session_days_newest_first_counted_only(db_path: Path, history: dict[str, int]):
    with hq.reading(db_path) as connection:
        days = list(hq.session_days(connection, UTC))
    assert days == [date(2026, 3, 10), date(2026, 3, 3), date(2026, 3, 2)]


def test_extent(db_path: Path, history: dict[str, int]):
    with hq.reading(db_path) as connection:
        found = hq.extent(connection)
    assert found == Extent(utc(2026, 3, 1, 9), utc(2026, 3, 2, 8), 4)


def test_session_log_newest_first_with_sums(db_path: Path, history: dict[str, int]):
    with hq.reading(db_path) as connection:
        rows = hq.session_log(connection, 10)
    assert [row.id for row in rows] == [history[k] for k in ("s4", "s3", "s2", "s1")]
    first = rows[-1]
    assert first.status is SessionStatus.FINISHED
    assert (first.sets_done, first.sets_skipped, first.sets_planned) == (3, 1, 5)
    assert (first.work_seconds, first.pain_sets) == (165.0, 1)
    assert (first.effort, first.note) == (Effort.ABOUT_RIGHT, "felt good")
    assert first.exercise_efforts == {"a": Effort.TOO_HARD}
    assert first.ended_at == utc(2026, 3, 2, 8, 20)
    abandoned = rows[-2]
    assert abandoned.status is SessionStatus.ABANDONED
    assert abandoned.sets_planned is None  # the plan cannot be read: no count, no error
    assert (abandoned.sets_done, abandoned.effort, abandoned.note) == (1, None, "")
    in_progress = rows[1]
    assert (in_progress.sets_done, in_progress.sets_skipped, in_progress.ended_at) == (0, 1, None)
    empty = rows[0]
    assert (empty.sets_done, empty.sets_skipped, empty.work_seconds) == (0, 0, 0.0)


def test_session_log_pages(db_path: Path, history: dict[str, int]):
    with hq.reading(db_path) as connection:
        page = hq.session_log(connection, 2, 2)
        past_end = hq.session_log(connection, 2, 4)
    assert [row.id for row in page] == [history["s2"], history["s1"]]
    assert past_end == []


def test_session_sets_in_recorded_order(db_path: Path, history: dict[str, int]):
    with hq.reading(db_path) as connection:
        sets = hq.session_sets(connection, history["s1"])
        none = hq.session_sets(connection, 999)
    assert [(s.exercise_slug, s.side, s.set_index) for s in sets] == [
        ("a", Side.LEFT, 1),
        ("a", Side.LEFT, 2),
        ("a", Side.RIGHT, 1),
        ("b", Side.BOTH, 1),
    ]
    assert [s.pain for s in sets] == [False, True, False, False]
    assert sets[2].skipped and sets[2].done_seconds == 0.0
    assert sets[0].started_at == utc(2026, 3, 2, 8)
    assert none == []


@pytest.mark.parametrize(
    ("plan", "planned"),
    [
        ('{"items": [{"dose": {"sets": 3, "sides": "each"}}]}', 6),
        ('{"items": [{"dose": {"sides": "both"}}, {"dose": {"sets": 2}}]}', 3),
        ('{"items": []}', 0),
        ("{}", None),
        ("not json", None),
        ('{"items": [1]}', None),
        ('{"items": [{"dose": {"sets": "x"}}]}', None),
    ],
)
def test_planned_sets(plan: str, planned: int | None):
    assert hq.planned_sets(plan) == planned


def test_reading_is_read_only(db_path: Path, history: dict[str, int]):
    with pytest.raises(DatabaseError), hq.reading(db_path) as connection:
        connection.execute("DELETE FROM sessions")
    with hq.reading(db_path) as connection:
        assert hq.extent(connection).session_count == 4


def test_reading_a_missing_file_says_so(tmp_path: Path):
    with pytest.raises(DatabaseError, match="could not find"), hq.reading(tmp_path / "no.db"):
        pass


def test_an_empty_file_reads_as_no_history(db_path: Path, store: Store):
    with hq.reading(db_path) as connection:
        assert hq.check_points(connection, None) == []
        assert hq.adherence(connection, None) == PracticeByDay()
        assert hq.extent(connection) == Extent(None, None, 0)
        assert hq.session_log(connection, 200) == []
        assert list(hq.session_days(connection)) == []


def test_query_count_does_not_grow_with_data(db_path: Path, store: Store):
    """A fixed number of statements whatever the amount of data (no query per row)."""
    start = datetime(2026, 1, 1, 8, tzinfo=UTC)
    for day in range(30):
        session = store.start_session(PLAN, start + timedelta(days=day))
        store.record_set(session, make_set(start + timedelta(days=day)))
        store.finish_session(session, start + timedelta(days=day, minutes=10))
        store.add_check(make_check(start + timedelta(days=day)))
    statements: list[str] = []
    with hq.reading(db_path) as connection:
        connection.set_trace_callback(statements.append)
        hq.check_points(connection, None)
        hq.adherence(connection, None)
        hq.extent(connection)
        hq.session_log(connection, 200)
        connection.set_trace_callback(None)
    assert len(statements) == 6  # points, adherence, extent (3), the log's first page


def test_the_sql_and_the_python_count_the_same_sessions(
    db_path: Path, store: Store, history: dict[str, int]
):
    """One rule (core.records.session_counts), two readers: the SQL of the streak, the first
    session and Today's last session, and the Python of adherence, the report and reminders."""
    from app.core.records import is_counted
    from app.db.glance import glance

    late = utc(2026, 3, 12, 8)  # still open with a set done: counts, and is the last
    open_id = store.start_session(PLAN, late)
    store.record_set(open_id, make_set(late, slug="a"))
    sessions = [
        store.session(i) for i in (*(history[k] for k in ("s1", "s2", "s3", "s4")), open_id)
    ]
    python = sorted(s.started_at for s in sessions if is_counted(s))
    with hq.reading(db_path) as connection:
        sql = [started for (started,) in connection.execute(hq.SESSION_STARTS)]
        work = hq.adherence(connection, None, UTC)
    assert [hq.from_utc_text(text) for text in reversed(sql)] == python
    assert work.sessions == len(python) == 4  # s3 (only a skipped set) does not count
    assert glance(db_path).last_session == late
