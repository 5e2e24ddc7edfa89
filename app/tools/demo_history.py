"""Write a realistic, synthetic history into a data folder, for demos, screenshots and benchmarks.

    python -m app.tools.demo_history --years 10 --data-dir /tmp/inward-demo [--seed 7] [--force]

What it writes, day by day over ``--years`` up to yesterday:

- a session on about 80% of days, with a break of one to three weeks a few times a year;
- each session played from a real plan (``plan_next`` on the bundled content, with the latest
  checks and a time budget that varies from day to day), its sets laid out on the plan's own
  timeline: most done in full, a few skipped, a pinch or pain now and then, a session
  abandoned part-way once in a while;
- a check-in after most finished sessions (effort, sometimes per exercise, a rare note);
- a self-check every one to two weeks: the lying (prone-ir) and sitting (seated-ir) checks,
  three trials per side, mostly with a phone inclinometer and sometimes with a goniometer,
  slowly improving with the left side tighter (left about 25° to 40° over ten years, right
  about 35° to 44°, each reading within ±3° of the true value).

The same ``--seed`` (and the same end date) always gives the same history. The file is
created or upgraded with ``Store.open``; the rows go in with plain ``sqlite3`` in a single
transaction, so ten years take a few seconds. A data file that already holds anything is
refused unless ``--force``, which replaces its contents.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sqlite3
import sys
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from app.core.checks.loader import load_checks
from app.core.checks.types import (
    CheckDefinition,
    CheckRecord,
    MeasuredBy,
    Method,
    Mode,
    Trial,
)
from app.core.content.exercises import Content, load_content
from app.core.plan.engine import check_statuses, find_asymmetry, find_level, plan_next
from app.core.plan.types import Logbook, PlanPreferences
from app.core.preferences import Preferences
from app.core.records import SessionStatus, Side
from app.core.session.checkin import Effort
from app.core.session.steps import StepKind, build_steps
from app.data_dir import database_path
from app.db.times import to_utc_text

#: Every table with rows of the person's data, children first (the order --force empties them).
TABLES = (
    "check_trials",
    "check_records",
    "checkins",
    "session_work",  # first: its triggers would otherwise sum each session again per set
    "set_records",
    "sessions",
    "exercise_choices",
    "settings",
)

PRACTICE_CHANCE = 0.9  # of a day outside a break; with the breaks, about 80% of all days
BREAK_CHANCE = 1 / 110  # a break starts on a given day: about three a year
BREAK_DAYS = (7, 21)
CHECK_EVERY_DAYS = (7, 14)
BUDGETS: tuple[tuple[int | None, float], ...] = ((None, 0.40), (45, 0.25), (30, 0.20), (20, 0.15))
SKIP_EXERCISE_CHANCE = 0.02  # every set of one exercise skipped
SKIP_SET_CHANCE = 0.02
PAIN_CHANCE = 0.004  # per set done
ABANDON_CHANCE = 0.03
CHECKIN_CHANCE = 0.88  # of finished sessions
GONIOMETER_CHANCE = 0.15
READING_NOISE = 3.0  # degrees either way

#: (check, side) -> degrees at the start and after ten years of practice.
PROGRESS: dict[tuple[str, Side], tuple[float, float]] = {
    ("prone-ir", Side.LEFT): (25.0, 40.0),
    ("prone-ir", Side.RIGHT): (35.0, 44.0),
    ("seated-ir", Side.LEFT): (27.0, 41.0),
    ("seated-ir", Side.RIGHT): (36.0, 44.0),
}
CHECK_SLUGS = ("prone-ir", "seated-ir")
PROGRESS_YEARS = 10.0
PROGRESS_TAU_YEARS = 3.0  # fast gains first, slower later

SESSION_NOTES = (
    "Felt loose today.",
    "Left hip pinched in the deep squat.",
    "Short on time, rushed the releases.",
    "Stiff after a long drive.",
    "Good session, the holds felt easier.",
)
CHECK_NOTES = ("After a long walk.", "Before breakfast.", "Cold room, felt stiff.")


@dataclass
class DemoCounts:
    sessions: int = 0
    sets: int = 0
    checkins: int = 0
    checks: int = 0
    trials: int = 0

    def line(self, path: Path, seconds: float) -> str:
        return (
            f"demo history: {self.sessions:,} sessions, {self.sets:,} sets, "
            f"{self.checkins:,} check-ins, {self.checks:,} checks ({self.trials:,} trials) "
            f"written to {path} in {seconds:.1f} s"
        )


@dataclass
class _Rows:
    sessions: list[tuple[Any, ...]] = field(default_factory=list)
    sets: list[tuple[Any, ...]] = field(default_factory=list)
    checkins: list[tuple[Any, ...]] = field(default_factory=list)
    checks: list[tuple[Any, ...]] = field(default_factory=list)
    trials: list[tuple[Any, ...]] = field(default_factory=list)

    def counts(self) -> DemoCounts:
        return DemoCounts(
            len(self.sessions),
            len(self.sets),
            len(self.checkins),
            len(self.checks),
            len(self.trials),
        )


def true_degrees(check_slug: str, side: Side, years: float) -> float:
    """The hip's real value after ``years`` of practice: a saturating climb, start to end."""
    start, end = PROGRESS[(check_slug, side)]
    full = 1 - math.exp(-PROGRESS_YEARS / PROGRESS_TAU_YEARS)
    reached = (1 - math.exp(-max(0.0, years) / PROGRESS_TAU_YEARS)) / full
    return start + (end - start) * min(1.0, reached)


class _Generator:
    def __init__(self, rng: random.Random, content: Content, checks: Sequence[CheckDefinition]):
        self.rng = rng
        self.content = content
        self.check_definitions = tuple(checks)
        self.rows = _Rows()
        self.latest: tuple[CheckRecord, ...] = ()
        # With no sessions in its history, plan_next's plan depends on the checks only
        # through the level and the tighter side: plans are shared by every check sitting
        # that gives the same two (plan_next takes ~8 ms, a session ~0.1 ms).
        self.check_key: tuple[Any, ...] = ()
        self.plans: dict[tuple[tuple[Any, ...], int | None], tuple[str, list[Any]]] = {}

    # -- plans ----------------------------------------------------------------------------

    def plan(self, budget: int | None, today: date) -> tuple[str, list[Any]]:
        """The plan JSON and its work steps, as the app would plan it after the latest checks."""
        key = (self.check_key, budget)
        if key not in self.plans:
            plan = plan_next(
                Logbook(checks=self.latest),
                PlanPreferences(time_budget_minutes=budget),
                today,
                self.content,
                self.check_definitions,
            )
            steps = list(build_steps(plan.session))
            plan_json = json.dumps(plan.session.to_dict(), ensure_ascii=False, allow_nan=False)
            self.plans[key] = (plan_json, steps)
        return self.plans[key]

    def budget(self) -> int | None:
        pick = self.rng.random()
        for minutes, weight in BUDGETS:
            pick -= weight
            if pick < 0:
                return minutes
        return None

    # -- checks ---------------------------------------------------------------------------

    def take_checks(self, at: datetime, years: float) -> None:
        rng = self.rng
        goniometer = rng.random() < GONIOMETER_CHANCE
        method = Method.GONIOMETER if goniometer else Method.INCLINOMETER
        by = MeasuredBy.HELPER if goniometer and rng.random() < 0.5 else MeasuredBy.SELF
        records = []
        for slug in CHECK_SLUGS:
            self.rows.checks.append(())  # placeholder, replaced below with its id known
            record_id = len(self.rows.checks)
            note = rng.choice(CHECK_NOTES) if rng.random() < 0.05 else ""
            trials = []
            for side in (Side.LEFT, Side.RIGHT):
                real = true_degrees(slug, side, years)
                for number in (1, 2, 3):
                    degrees = float(
                        round(min(90.0, max(0.0, real + rng.uniform(-1, 1) * READING_NOISE)))
                    )
                    pain = rng.random() < 0.005
                    trial = Trial(
                        side,
                        number,
                        degrees,
                        method,
                        Mode.PASSIVE,
                        by,
                        pain,
                        "a pinch at the end" if pain else "",
                    )
                    trials.append(trial)
                    self.rows.trials.append(
                        (
                            record_id,
                            side.value,
                            number,
                            degrees,
                            method.value,
                            Mode.PASSIVE.value,
                            by.value,
                            int(pain),
                            trial.note,
                            None,
                        )
                    )
            taken = to_utc_text(at)
            saved = to_utc_text(at + timedelta(seconds=rng.randint(90, 400)))
            self.rows.checks[record_id - 1] = (record_id, slug, taken, note, saved, saved, None)
            records.append(CheckRecord(slug, at, tuple(trials), note, record_id))
            at += timedelta(minutes=rng.randint(3, 8))
        # The latest two sittings: enough for plan_next to tell "reached twice in a row".
        self.latest = (*self.latest[-len(CHECK_SLUGS) :], *records)
        statuses = check_statuses(self.latest, self.check_definitions)
        lopsided = find_asymmetry(statuses)
        self.check_key = (find_level(statuses), lopsided[1].tighter if lopsided else None)

    # -- sessions -------------------------------------------------------------------------

    def session(self, started: datetime) -> None:
        rng = self.rng
        plan_json, steps = self.plan(self.budget(), started.date())
        session_id = len(self.rows.sessions) + 1
        work = [step for step in steps if step.kind is StepKind.WORK]
        stop_after = len(work)
        status = SessionStatus.FINISHED
        if rng.random() < ABANDON_CHANCE and len(work) > 2:
            status = SessionStatus.ABANDONED
            stop_after = rng.randint(1, len(work) - 1)
        items = sorted({step.item_index for step in work})
        skipped_items = {index for index in items if rng.random() < SKIP_EXERCISE_CHANCE}
        cursor = started
        done_sets = 0
        pain_in_session = False
        for step in steps:
            if done_sets >= stop_after:
                break
            if step.kind is not StepKind.WORK:
                cursor += timedelta(seconds=step.duration)
                if rng.random() < 0.03:  # a pause: the phone rang
                    cursor += timedelta(seconds=rng.uniform(10, 120))
                continue
            done_sets += 1
            reps = step.item.dose.reps
            skipped = step.item_index in skipped_items or rng.random() < SKIP_SET_CHANCE
            if skipped:
                done_seconds = round(rng.uniform(0, step.duration * 0.4), 3)
                done_reps = None if reps is None else int(reps * done_seconds / step.duration)
                pain = False
            else:
                done_seconds = round(step.duration + rng.uniform(0, 0.2), 3)
                done_reps = reps
                pain = rng.random() < PAIN_CHANCE
                pain_in_session = pain_in_session or pain
            ended = cursor + timedelta(seconds=done_seconds)
            self.rows.sets.append(
                (
                    session_id,
                    step.item.exercise.slug,
                    step.side.value,
                    step.set_index,
                    step.duration,
                    done_seconds,
                    reps,
                    done_reps,
                    int(skipped),
                    int(pain),
                    to_utc_text(cursor),
                    to_utc_text(ended),
                )
            )
            cursor = ended
        if status is SessionStatus.ABANDONED:
            ended_at = cursor + timedelta(seconds=rng.uniform(60, 3600))
        else:
            ended_at = cursor + timedelta(seconds=rng.uniform(0.1, 2))
        self.rows.sessions.append(
            (session_id, to_utc_text(started), to_utc_text(ended_at), status.value, plan_json)
        )
        if status is SessionStatus.FINISHED and rng.random() < CHECKIN_CHANCE:
            self.checkin(session_id, ended_at, work, pain_in_session)

    def checkin(self, session_id: int, ended: datetime, work: list[Any], pain: bool) -> None:
        rng = self.rng
        pick = rng.random()
        if pain and pick < 0.5:
            effort = Effort.TOO_HARD
        elif pick < 0.78:
            effort = Effort.ABOUT_RIGHT
        elif pick < 0.90:
            effort = Effort.TOO_EASY
        else:
            effort = Effort.TOO_HARD
        per_exercise: dict[str, str] = {}
        if rng.random() < 0.15:
            for step in rng.sample(work, min(len(work), rng.randint(1, 2))):
                per_exercise[step.item.exercise.slug] = rng.choice(
                    (Effort.TOO_EASY.value, Effort.TOO_HARD.value)
                )
        note = rng.choice(SESSION_NOTES) if rng.random() < 0.05 else ""
        at = ended + timedelta(seconds=rng.uniform(20, 180))
        self.rows.checkins.append(
            (session_id, to_utc_text(at), effort.value, note, json.dumps(per_exercise))
        )


def _start_of_day(rng: random.Random, day: date) -> datetime:
    """Mornings, a little later at weekends, never twice at the same microsecond."""
    hour = 8.5 if day.weekday() >= 5 else 6.5
    hour = min(11.0, max(5.0, hour + rng.gauss(0, 0.5)))
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return midnight + timedelta(seconds=round(hour * 3600 + rng.uniform(0, 59), 6))


def build_rows(
    years: float,
    seed: int,
    end: date,
    content: Content | None = None,
    checks: Sequence[CheckDefinition] | None = None,
) -> _Rows:
    """The whole history in memory, as rows ready for the tables; nothing is written."""
    rng = random.Random(seed)
    generator = _Generator(rng, content or load_content(), checks or load_checks())
    days = max(1, round(years * 365.25))
    first = end - timedelta(days=days)
    break_left = 0
    next_check = first
    for offset in range(days):
        day = first + timedelta(days=offset)
        if break_left:
            break_left -= 1
            continue
        if offset and rng.random() < BREAK_CHANCE:
            break_left = rng.randint(*BREAK_DAYS) - 1
            continue
        practise = rng.random() < PRACTICE_CHANCE
        start = _start_of_day(rng, day)
        if day >= next_check:
            at = start - timedelta(minutes=rng.randint(10, 25))
            if not practise:
                at += timedelta(hours=11)
            generator.take_checks(at, offset / 365.25)
            next_check = day + timedelta(days=rng.randint(*CHECK_EVERY_DAYS))
        if practise:
            generator.session(start)
    return generator.rows


def _has_data(connection: sqlite3.Connection) -> bool:
    return any(
        connection.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]
        for table in TABLES
    )


def write_rows(db_path: Path, rows: _Rows, *, force: bool = False) -> None:
    """Create or upgrade the file, then write every row in one transaction.

    ValueError (nothing written) when the file already holds data and ``force`` is False.
    """
    from app.db.store import Store

    Store.open(db_path).close()  # creates or upgrades the schema
    preferences = Preferences(disclaimer_seen=True).to_dict()
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute("PRAGMA foreign_keys=ON")
        with connection:  # one transaction: all of it or nothing
            if _has_data(connection):
                if not force:
                    raise ValueError(
                        f"{db_path} already holds data; pass --force to replace it with a "
                        "demo history"
                    )
                for table in TABLES:
                    connection.execute(f"DELETE FROM {table}")
            connection.executemany(
                "INSERT INTO sessions (id, started_at, ended_at, status, plan_json) "
                "VALUES (?, ?, ?, ?, ?)",
                rows.sessions,
            )
            connection.executemany(
                "INSERT INTO set_records (session_id, exercise_slug, side, set_index, "
                "planned_seconds, done_seconds, planned_reps, done_reps, skipped, pain, "
                "started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows.sets,
            )
            connection.executemany(
                "INSERT INTO checkins (session_id, at, effort, note, exercise_effort_json) "
                "VALUES (?, ?, ?, ?, ?)",
                rows.checkins,
            )
            connection.executemany(
                "INSERT INTO check_records (id, check_slug, taken_at, note, created_at, "
                "updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows.checks,
            )
            connection.executemany(
                "INSERT INTO check_trials (record_id, side, number, degrees, method, mode, "
                "measured_by, pain, note, photo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows.trials,
            )
            connection.execute(
                "INSERT INTO settings (key, value_json) VALUES (?, ?)",
                ("preferences", json.dumps(preferences)),
            )


def generate(
    data_dir: Path,
    years: float,
    *,
    seed: int = 0,
    end: date | None = None,
    force: bool = False,
) -> DemoCounts:
    """Write ``years`` of history ending the day before ``end`` (default: today, UTC)."""
    if not years > 0 or not math.isfinite(years):
        raise ValueError(f"years must be a number above 0, got {years!r}")
    end = end or datetime.now(UTC).date()
    rows = build_rows(years, seed, end)
    write_rows(database_path(Path(data_dir)), rows, force=force)
    return rows.counts()


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m app.tools.demo_history",
        description="Write a realistic synthetic Inward history into a data folder.",
    )
    parser.add_argument("--years", type=float, required=True, help="how many years of history")
    parser.add_argument("--data-dir", required=True, metavar="PATH", help="the data folder")
    parser.add_argument("--seed", type=int, default=0, help="the same seed gives the same data")
    parser.add_argument(
        "--end",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the history stops the day before this date (default: today, UTC)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace whatever the data file already holds"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    from app.db.errors import DatabaseError

    began = time.perf_counter()
    try:
        counts = generate(
            Path(args.data_dir), args.years, seed=args.seed, end=args.end, force=args.force
        )
    except (ValueError, DatabaseError, OSError) as error:
        print(f"demo_history: {error}", file=sys.stderr)
        return 1
    print(counts.line(database_path(Path(args.data_dir)), time.perf_counter() - began))
    return 0


if __name__ == "__main__":
    sys.exit(main())
