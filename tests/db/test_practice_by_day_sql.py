"""History's practice-by-day read (history_queries.adherence) against a plain Python count.

Each session's sets are summed as they are written (session_work, kept by triggers) and
Python puts the sessions on local days; here the same numbers are worked out from the raw
set rows with nothing but loops, on a real data file with the awkward cases: sessions
across local midnight and a daylight-saving change, days with only a check-in or a
self-check, skipped sets, sessions that do not count (core.records.session_counts), and
sets written out of order (two sessions interleaved, and a year of sets inserted
shuffled). Seconds are quarter seconds, exact in binary, so the sums must match exactly in
whatever order they are added.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.core.history.practice import DayWork, PracticeByDay
from app.core.records import SessionStatus, Side, session_counts
from app.core.session.checkin import CheckIn, Effort
from app.db import history_queries as hq
from app.db.store import Store
from app.db.times import from_utc_text, to_utc_text
from tests.db.conftest import WORK_MATCHES_SETS, make_check, make_set

PLAN = {"items": [{"slug": "a", "first_side": "left", "dose": {"sets": 2, "sides": "each"}}]}
BERLIN = ZoneInfo("Europe/Berlin")  # summer time: 2025-10-26 01:00 UTC ends, 2026-03-29 begins
ZONES: tuple[tzinfo, ...] = (UTC, BERLIN, timezone(-timedelta(hours=9, minutes=30)))


def utc_at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def expected(db_path: Path, since: datetime | None, tz: tzinfo) -> PracticeByDay:
    """The practice by day from the raw rows, in plain loops: no SQL sums, no grouping."""
    with closing(sqlite3.connect(db_path)) as connection:
        sessions = connection.execute("SELECT id, started_at, status FROM sessions").fetchall()
        sets = connection.execute("SELECT session_id, done_seconds, skipped FROM set_records")
        seconds: dict[int, float] = defaultdict(float)
        done: dict[int, int] = defaultdict(int)
        for session_id, set_seconds, skipped in sets:
            seconds[session_id] += set_seconds
            done[session_id] += 0 if skipped else 1
    days: dict[date, DayWork] = {}
    for session_id, started_text, status in sessions:
        started = from_utc_text(started_text)
        if since is not None and started < since:
            continue
        if not session_counts(status, done[session_id]):
            continue
        day = started.astimezone(tz).date()
        work = days.get(day, DayWork())
        days[day] = DayWork(
            work.sessions + 1, work.seconds + seconds[session_id], work.holds + done[session_id]
        )
    return PracticeByDay.from_days(days)


def hand_made(store: Store) -> None:
    """The edge cases, through the store as the app writes them (Berlin days in comments)."""
    # 23:50 on 28 March; its sets run past midnight, into the night the clocks go forward.
    late = utc_at(2026, 3, 28, 22, 50)
    night = store.start_session(PLAN, late)
    for index, (minute, skipped) in enumerate(((5, False), (15, False), (25, True), (35, False))):
        at = late + timedelta(minutes=minute)
        store.record_set(night, make_set(at, index=index + 1, seconds=90.25, skipped=skipped))
    store.finish_session(night, late + timedelta(minutes=45))
    # Two sessions the same day, their sets written interleaved (ids not contiguous).
    morning, evening = utc_at(2026, 3, 30, 6), utc_at(2026, 3, 30, 17)
    first = store.start_session(PLAN, morning)
    second = store.start_session(PLAN, evening)
    for index in range(1, 4):
        store.record_set(first, make_set(morning, index=index, seconds=30.5))
        right = make_set(evening, side=Side.RIGHT, index=index, seconds=45.75, skipped=index == 2)
        store.record_set(second, right)
    store.finish_session(first, morning + timedelta(minutes=10))
    store.finish_session(second, evening + timedelta(minutes=10), SessionStatus.ABANDONED)
    # Every set skipped, then a check-in: does not count, check-in or not.
    skipped_only = store.start_session(PLAN, utc_at(2026, 4, 2, 7))
    for index in (1, 2):
        store.record_set(skipped_only, make_set(utc_at(2026, 4, 2, 7), index=index, skipped=True))
    store.finish_session(skipped_only, utc_at(2026, 4, 2, 7, 5), SessionStatus.ABANDONED)
    store.save_checkin(
        CheckIn(skipped_only, utc_at(2026, 4, 2, 7, 6), Effort.TOO_HARD, {}, "too sore")
    )
    # Finished with nothing recorded: counts, without work. An empty start left open: not.
    empty = store.start_session(PLAN, utc_at(2026, 4, 3, 8))
    store.finish_session(empty, utc_at(2026, 4, 3, 8, 1))
    store.start_session(PLAN, utc_at(2026, 4, 4, 8))
    # Only a self-check: no practice.
    store.add_check(make_check(utc_at(2026, 4, 5, 9)))


def random_year(db_path: Path, seed: int) -> None:
    """A year of 0-2 sessions a day at any hour, any status, 0-5 sets each (a fifth of them
    skipped), with the sets inserted in shuffled order: plain SQL, one transaction."""
    rng = random.Random(seed)
    sessions, sets, checkins = [], [], []
    day = utc_at(2025, 3, 1)
    while day < utc_at(2026, 3, 1):
        for _ in range(rng.choice((0, 1, 1, 1, 2))):
            started = day + timedelta(minutes=rng.randrange(24 * 60))
            status = rng.choice(tuple(SessionStatus)).value
            sessions.append((started, status))
            for index in range(1, rng.randrange(6) + 1):
                skipped = rng.random() < 0.2
                seconds = 0.0 if skipped else rng.randrange(1, 480) / 4
                sets.append((len(sessions), index, seconds, skipped, started))
            if rng.random() < 0.3:
                checkins.append((len(sessions), started))
        day += timedelta(days=1)
    rng.shuffle(sets)
    with closing(sqlite3.connect(db_path)) as connection, connection:
        (first,) = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM sessions").fetchone()
        connection.executemany(
            "INSERT INTO sessions (id, started_at, ended_at, status, plan_json)"
            " VALUES (?, ?, NULL, ?, ?)",
            [(first + n, to_utc_text(at), status, json.dumps(PLAN)) for n, (at, status) in
             enumerate(sessions)],
        )  # fmt: skip
        connection.executemany(
            "INSERT INTO set_records (session_id, exercise_slug, side, set_index,"
            " planned_seconds, done_seconds, planned_reps, done_reps, skipped, pain,"
            " started_at, ended_at) VALUES (?, 'a', 'left', ?, 60.0, ?, NULL, NULL, ?, 0, ?, ?)",
            [(first + n - 1, index, seconds, skipped, to_utc_text(at), to_utc_text(at))
             for n, index, seconds, skipped, at in sets],
        )  # fmt: skip
        connection.executemany(
            "INSERT INTO checkins (session_id, at, effort, note, exercise_effort_json)"
            " VALUES (?, ?, 'about_right', '', '{}')",
            [(first + n - 1, to_utc_text(at)) for n, at in checkins],
        )


@pytest.fixture(scope="module")
def awkward(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One data file for the module (building it takes a moment; every test only reads)."""
    db_path = tmp_path_factory.mktemp("awkward") / "inward.sqlite3"
    with Store.open(db_path) as store:
        hand_made(store)
    random_year(db_path, seed=20260401)
    yield db_path


@pytest.mark.parametrize("tz", ZONES, ids=str)
@pytest.mark.parametrize(
    "since",
    [None, utc_at(2025, 10, 26, 1), utc_at(2026, 3, 28, 22, 50), utc_at(2026, 3, 30, 12)],
    ids=str,
)
def test_practice_by_day_matches_a_plain_count(
    awkward: Path, since: datetime | None, tz: tzinfo
) -> None:
    with hq.reading(awkward) as connection:
        read = hq.adherence(connection, since, tz)
    assert read.sessions > 0
    assert read == expected(awkward, since, tz)


def test_the_awkward_days_land_where_a_person_would_put_them(awkward: Path) -> None:
    """The hand-made cases, spelled out in Berlin days: what the calendar and totals show."""
    with hq.reading(awkward) as connection:
        read = hq.adherence(connection, utc_at(2026, 3, 28), BERLIN)
    assert read.days == {
        # Started 23:50 on the 28th, sets after midnight: the 28th; three of four sets done.
        date(2026, 3, 28): DayWork(1, 270.75, 3),
        # Two sessions, interleaved: 3 x 30.5 s, and 2 x 45.75 s (one skipped).
        date(2026, 3, 30): DayWork(2, 183.0, 5),
        # 2 April (only skipped sets and a check-in), 4 April (an empty start left open) and
        # 5 April (only a self-check) are not practice; 3 April's finished empty session is.
        date(2026, 4, 3): DayWork(1, 0.0, 0),
    }
    assert (read.sessions, read.minutes, read.holds) == (4, 453.75 / 60, 8)


def test_the_work_query_reads_no_set_rows(awkward: Path) -> None:
    """Ten years are ~100k sets: History reads each session's sums (session_work), not the
    sets, so the "All" range reads ~3,000 rows instead of ~100,000."""
    with hq.reading(awkward) as connection:
        plan = connection.execute(f"EXPLAIN QUERY PLAN {hq.SESSION_WORK}", {"since": ""})
        steps = [row[3] for row in plan]
    assert [step.split()[1] for step in steps] == ["s", "w"], steps  # sessions, their sums


def work(db_path: Path) -> dict[int, tuple[float, int]]:
    """session_work as stored, after checking it against the set rows."""
    with closing(sqlite3.connect(db_path)) as connection:
        for session_id, seconds, done, from_sets, done_from_sets in connection.execute(
            WORK_MATCHES_SETS
        ):
            assert (seconds, done) == (from_sets, done_from_sets), session_id
        rows = connection.execute("SELECT session_id, seconds, sets_done FROM session_work")
        return {session_id: (seconds, done) for session_id, seconds, done in rows}


def test_session_work_follows_every_write_of_a_set(store: Store, db_path: Path) -> None:
    """The sums History reads are kept by triggers: sets written, played again (replaced),
    skipped, deleted with their session, and sets written by plain SQL (as an import or a
    tool does) out of id order, moved to another session, or deleted."""
    start = utc_at(2026, 5, 1, 7)
    first = store.start_session(PLAN, start)
    store.record_set(first, make_set(start, index=1, seconds=40.5))
    store.record_set(first, make_set(start, index=2, skipped=True))
    assert work(db_path) == {first: (40.5, 1)}
    store.record_set(first, make_set(start, index=1, seconds=60.25))  # played again
    store.record_set(first, make_set(start, index=2, seconds=10.0))  # skipped, then done
    assert work(db_path) == {first: (70.25, 2)}

    second = store.start_session(PLAN, start + timedelta(hours=1))
    store.record_set(second, make_set(start, index=1, seconds=30.0))
    assert work(db_path) == {first: (70.25, 2), second: (30.0, 1)}
    store.delete_session(second)
    assert work(db_path) == {first: (70.25, 2)}

    insert = (
        "INSERT INTO set_records (id, session_id, exercise_slug, side, set_index,"
        " planned_seconds, done_seconds, planned_reps, done_reps, skipped, pain, started_at,"
        " ended_at) VALUES (?, ?, 'a', 'left', ?, 60.0, ?, NULL, NULL, ?, 0, ?, ?)"
    )
    at = to_utc_text(start)
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("PRAGMA foreign_keys=ON")
        (third,) = connection.execute(
            "INSERT INTO sessions (started_at, ended_at, status, plan_json)"
            " VALUES (?, NULL, 'abandoned', '{}') RETURNING id",
            (at,),
        ).fetchone()
        connection.executemany(
            insert, [(100, third, 1, 15.5, 0, at, at), (90, third, 2, 4.0, 1, at, at)]
        )
    assert work(db_path) == {first: (70.25, 2), third: (19.5, 1)}
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("UPDATE set_records SET session_id = ? WHERE id = 100", (first,))
        connection.execute(
            "DELETE FROM set_records WHERE session_id = ? AND set_index = 2", (first,)
        )
    assert work(db_path) == {first: (60.25 + 15.5, 2), third: (4.0, 0)}
