"""Store.logbook(): everything the plan engine reads, in a fixed number of queries."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import replace
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from app.core.checks.loader import load_checks
from app.core.content.exercises import Content
from app.core.history.report import build_report
from app.core.plan.types import Logbook, SessionLog
from app.core.records import SessionStatus, Side
from app.core.routine import PlanItem, SessionPlan, default_plan
from app.core.session.checkin import CheckIn, Effort
from app.db.store import Store
from app.db.times import to_utc_text
from tests.db.conftest import make_check, make_set, make_trial, utc


def custom_plan(content: Content) -> SessionPlan:
    """Two items, right side first, doses changed within their ranges."""
    figure_4 = content.exercise("figure-4-seated")
    hip_click = content.exercise("hip-click")
    return SessionPlan(
        items=(
            PlanItem(figure_4, replace(figure_4.dose, sets=2, seconds=75.0), Side.RIGHT),
            PlanItem(hip_click, replace(hip_click.dose, reps=7)),
        ),
        get_ready_seconds=5.0,
        rest_seconds=10.0,
    )


@contextmanager
def counting_statements(store: Store) -> Iterator[list[str]]:
    """Every statement the store's sqlite3 connections run while the block is open."""
    statements: list[str] = []

    def trace(_dbapi_connection: Any, _record: Any) -> None:
        _dbapi_connection.set_trace_callback(statements.append)

    store._engine.dispose()  # new connections, so the tracer sees every statement
    pool = store._engine.pool
    event.listen(pool, "connect", trace)
    try:
        yield statements
    finally:
        event.remove(pool, "connect", trace)
        store._engine.dispose()


def test_an_empty_store_has_an_empty_history(store: Store, content: Content) -> None:
    assert store.logbook(content) == Logbook()


def test_history_has_sessions_with_plans_sets_and_checkins(store: Store, content: Content) -> None:
    full = default_plan(content)
    custom = custom_plan(content)

    first = store.start_session(full.to_dict(), utc(2025, 7, 1, 8))
    first_sets = (
        make_set(utc(2025, 7, 1, 8, 1), slug="release-deep-glutes", side=Side.LEFT),
        make_set(utc(2025, 7, 1, 8, 2), slug="release-deep-glutes", side=Side.RIGHT, pain=True),
        make_set(utc(2025, 7, 1, 8, 3), slug="release-piriformis", skipped=True),
    )
    for result in first_sets:
        store.record_set(first, result)
    store.finish_session(first, utc(2025, 7, 1, 8, 30))
    first_checkin = CheckIn(
        first,
        utc(2025, 7, 1, 8, 31),
        Effort.TOO_HARD,
        {"release-deep-glutes": Effort.TOO_HARD},
        "pinch on the right",
    )
    store.save_checkin(first_checkin)

    # Started later but stored earlier in time: history comes oldest first.
    second = store.start_session(custom.to_dict(), utc(2025, 6, 30, 19))
    store.finish_session(second, utc(2025, 6, 30, 19, 5), SessionStatus.ABANDONED)

    third = store.start_session(custom.to_dict(), utc(2025, 7, 3, 7))
    third_set = make_set(utc(2025, 7, 3, 7, 1), slug="hip-click", side=Side.BOTH, reps=(7, 7))
    store.record_set(third, third_set)

    history = store.logbook(content)

    assert history.sessions == (
        SessionLog(second, utc(2025, 6, 30, 19), SessionStatus.ABANDONED, custom),
        SessionLog(
            first, utc(2025, 7, 1, 8), SessionStatus.FINISHED, full, first_sets, first_checkin
        ),
        SessionLog(third, utc(2025, 7, 3, 7), SessionStatus.IN_PROGRESS, custom, (third_set,)),
    )
    log = history.sessions[0]
    assert log.plan.items[0].first_side is Side.RIGHT
    assert log.plan.items[0].dose.ranges == content.exercise("figure-4-seated").dose.ranges
    assert history.checks == ()


def test_history_has_live_checks_with_their_trials(store: Store, content: Content) -> None:
    trials = (
        make_trial(Side.RIGHT, 2, 29.0),
        make_trial(Side.LEFT, 1, 40.0),
        make_trial(Side.RIGHT, 1, 27.0, pain=True, note="pinch"),
    )
    later = store.add_check(make_check(utc(2025, 7, 5, 9), trials=trials, note="later"))
    earlier = store.add_check(make_check(utc(2025, 7, 1, 9), slug="seated-ir"))
    deleted = store.add_check(make_check(utc(2025, 7, 3, 9)))
    store.delete_check(deleted)

    history = store.logbook(content)

    assert history.checks == (store.check(earlier), store.check(later))
    assert [(t.side, t.number) for t in history.checks[1].trials] == [
        (Side.LEFT, 1),
        (Side.RIGHT, 1),
        (Side.RIGHT, 2),
    ]
    assert history.checks[1].trials[1].pain is True
    assert history.checks == tuple(store.checks())

    store.restore_check(deleted)
    assert [c.id for c in store.logbook(content).checks] == [earlier, deleted, later]


@pytest.mark.parametrize(
    "plan",
    [
        {"routine": "starter", "exercises": ["figure-4-seated"]},  # an older plan format
        "unknown-slug",
        "unknown-dose-value",
        "unknown-first-side",
        "unknown-dose-kind",
        [1, 2, 3],
        {},
    ],
    ids=repr,
)
def test_a_session_whose_plan_cannot_be_rebuilt_is_skipped(
    store: Store, content: Content, plan: Any
) -> None:
    good = store.start_session(custom_plan(content).to_dict(), utc(2025, 7, 1, 8))
    stored = custom_plan(content).to_dict()
    if plan == "unknown-slug":
        stored["items"][1]["slug"] = "no-such-exercise"
    elif plan == "unknown-dose-value":
        stored["items"][0]["dose"]["hold_seconds"] = 30
    elif plan == "unknown-first-side":
        stored["items"][0]["first_side"] = "middle"
    elif plan == "unknown-dose-kind":
        stored["items"][0]["dose"]["kind"] = "wiggle"
    else:
        stored = plan
    broken = store.start_session(stored, utc(2025, 7, 2, 8))
    store.record_set(broken, make_set(utc(2025, 7, 2, 8, 1)))
    store.finish_session(broken, utc(2025, 7, 2, 8, 30))
    store.save_checkin(CheckIn(broken, utc(2025, 7, 2, 9), Effort.TOO_HARD))

    assert [log.id for log in store.logbook(content).sessions] == [good]


def test_the_report_still_counts_a_session_whose_plan_cannot_be_rebuilt(
    store: Store, content: Content
) -> None:
    stored = custom_plan(content).to_dict()
    stored["items"][0]["slug"] = "old-hip-drill"  # renamed in a later content file
    broken = store.start_session(stored, utc(2025, 7, 2, 8))
    store.record_set(broken, make_set(utc(2025, 7, 2, 8, 1), slug="old-hip-drill", pain=True))
    store.finish_session(broken, utc(2025, 7, 2, 8, 30))

    history = store.logbook(content, keep_unreadable=True)
    assert [log.id for log in history.sessions] == [broken]
    data = build_report(history, load_checks(), date(2025, 7, 1), date(2025, 7, 31), None, UTC)
    assert data.adherence.sessions == 1
    (pinch,) = data.pinches
    assert (pinch.exercise, pinch.side) == ("Old hip drill", "Left")
    assert pinch.dose.endswith(" s")  # what the set planned: the plan's dose is not known
    assert "Old hip drill" in [row.exercise for row in data.exercises]


def test_a_plan_json_that_is_not_json_is_skipped(
    store: Store, db_path: Path, content: Content
) -> None:
    good = store.start_session(custom_plan(content).to_dict(), utc(2025, 7, 1, 8))
    broken = store.start_session({}, utc(2025, 7, 2, 8))
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("UPDATE sessions SET plan_json = '{not json' WHERE id = ?", (broken,))
    assert [log.id for log in store.logbook(content).sessions] == [good]


def test_sessions_sharing_a_plan_each_get_it(store: Store, content: Content) -> None:
    plan = custom_plan(content)
    ids = [store.start_session(plan.to_dict(), utc(2025, 7, day, 8)) for day in (1, 2, 3)]
    history = store.logbook(content)
    assert [log.id for log in history.sessions] == ids
    assert all(log.plan == plan for log in history.sessions)


def add_raw_history(path: Path, content: Content, sessions: int) -> None:
    """Years of data, written directly: sessions with sets, check-ins and checks."""
    plan_json = json.dumps(custom_plan(content).to_dict())
    start = utc(2022, 1, 1, 8)
    with closing(sqlite3.connect(path)) as conn, conn:
        for day in range(sessions):
            at = start + timedelta(days=day)
            session_id = conn.execute(
                "INSERT INTO sessions (started_at, ended_at, status, plan_json)"
                " VALUES (?, ?, 'finished', ?)",
                (to_utc_text(at), to_utc_text(at + timedelta(minutes=20)), plan_json),
            ).lastrowid
            conn.executemany(
                "INSERT INTO set_records (session_id, exercise_slug, side, set_index,"
                " planned_seconds, done_seconds, planned_reps, done_reps, skipped, pain,"
                " started_at, ended_at) VALUES (?, 'figure-4-seated', ?, ?, 75, 75, NULL, NULL,"
                " 0, 0, ?, ?)",
                [
                    (session_id, side, index, to_utc_text(at), to_utc_text(at))
                    for side in ("left", "right")
                    for index in (1, 2)
                ],
            )
            conn.execute(
                "INSERT INTO checkins (session_id, at, effort, note, exercise_effort_json)"
                " VALUES (?, ?, 'about_right', '', '{\"hip-click\": \"too_easy\"}')",
                (session_id, to_utc_text(at + timedelta(minutes=21))),
            )
            if day % 7 == 0:
                record_id = conn.execute(
                    "INSERT INTO check_records (check_slug, taken_at, note, created_at,"
                    " updated_at, deleted_at) VALUES ('prone-ir', ?, '', ?, ?, NULL)",
                    (to_utc_text(at), to_utc_text(at), to_utc_text(at)),
                ).lastrowid
                conn.executemany(
                    "INSERT INTO check_trials (record_id, side, number, degrees, method, mode,"
                    " measured_by, pain, note, photo) VALUES (?, ?, 1, 35, 'inclinometer',"
                    " 'passive', 'self', 0, '', NULL)",
                    [(record_id, "left"), (record_id, "right")],
                )


def test_history_takes_the_same_number_of_queries_for_any_amount_of_data(
    store: Store, db_path: Path, content: Content
) -> None:
    add_raw_history(db_path, content, sessions=2)
    with counting_statements(store) as few:
        small = store.logbook(content)
    assert len(small.sessions) == 2 and len(small.checks) == 1

    # More than SQLAlchemy's selectin batch size (500), which would add queries.
    add_raw_history(db_path, content, sessions=1200)
    with counting_statements(store) as many:
        large = store.logbook(content)
    assert len(large.sessions) == 1202
    assert len(large.checks) == 1 + 172
    assert all(len(log.sets) == 4 and log.checkin is not None for log in large.sessions)

    assert len(many) == len(few)
    assert len([s for s in few if s.lstrip().upper().startswith("SELECT")]) == 5
