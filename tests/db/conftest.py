"""Fixtures for the store tests: a real SQLite file in tmp_path for every test."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.checks.types import CheckRecord, MeasuredBy, Method, Mode, Trial
from app.core.content.exercises import Content, load_content
from app.core.records import SetResult, Side

# Per session: its session_work (none: no work), then the same summed from its set rows.
WORK_MATCHES_SETS = """
    SELECT s.id, coalesce(w.seconds, 0.0), coalesce(w.sets_done, 0),
           (SELECT total(r.done_seconds) FROM set_records AS r WHERE r.session_id = s.id),
           (SELECT total(NOT r.skipped) FROM set_records AS r WHERE r.session_id = s.id)
    FROM sessions AS s LEFT JOIN session_work AS w ON w.session_id = s.id ORDER BY s.id
"""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def make_set(
    started_at: datetime,
    *,
    slug: str = "figure-4-seated",
    side: Side = Side.LEFT,
    index: int = 1,
    seconds: float = 60.0,
    skipped: bool = False,
    pain: bool = False,
    reps: tuple[int | None, int | None] = (None, None),
) -> SetResult:
    return SetResult(
        exercise_slug=slug,
        side=side,
        set_index=index,
        planned_seconds=seconds,
        done_seconds=0.0 if skipped else seconds,
        planned_reps=reps[0],
        done_reps=reps[1],
        skipped=skipped,
        started_at=started_at,
        ended_at=started_at + timedelta(seconds=seconds),
        pain=pain,
    )


def make_trial(
    side: Side = Side.LEFT,
    number: int = 1,
    degrees: float = 35.0,
    *,
    method: Method = Method.INCLINOMETER,
    mode: Mode = Mode.PASSIVE,
    measured_by: MeasuredBy = MeasuredBy.SELF,
    pain: bool = False,
    note: str = "",
    photo: str | None = None,
) -> Trial:
    return Trial(side, number, degrees, method, mode, measured_by, pain, note, photo)


def make_check(
    taken_at: datetime,
    *,
    slug: str = "prone-ir",
    trials: tuple[Trial, ...] | None = None,
    note: str = "",
    id: int | None = None,
) -> CheckRecord:
    """A record with one trial per side unless ``trials`` says otherwise."""
    if trials is None:
        trials = (make_trial(Side.LEFT, 1, 40.0), make_trial(Side.RIGHT, 1, 30.0))
    return CheckRecord(check_slug=slug, taken_at=taken_at, trials=trials, note=note, id=id)


@pytest.fixture(scope="session")
def content() -> Content:
    """The bundled exercises, as the plan engine and history() read them."""
    return load_content()
