"""Fixtures for the store tests: a real SQLite file in tmp_path for every test."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.records import SetResult, Side
from app.db.store import Store


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


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "inward.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path) as opened:
        yield opened
