"""The sets kept in memory while the data file refuses them: order, replacement, schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.core.records import SetResult, Side
from app.core.session.pending_sets import PendingSets, unsaved_words

START = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


class Locked(Exception):
    pass


def a_set(index: int, seconds: float = 60.0) -> SetResult:
    begun = START + timedelta(minutes=index)
    return SetResult(
        exercise_slug="figure-4-seated",
        side=Side.LEFT,
        set_index=index,
        planned_seconds=60.0,
        done_seconds=seconds,
        planned_reps=None,
        done_reps=None,
        skipped=False,
        started_at=begun,
        ended_at=begun + timedelta(seconds=seconds),
    )


def test_sets_wait_in_order_until_the_file_takes_them() -> None:
    pending = PendingSets(retry_seconds=2.0)
    written: list[int] = []
    locked = True

    def write(result: SetResult) -> None:
        if locked:
            raise Locked("database is locked")
        written.append(result.set_index)

    pending.add(a_set(1))
    assert not pending.flush(write, now=10.0, retryable=(Locked,))
    pending.add(a_set(2))
    assert pending.words() == "2 sets not saved yet — will retry"
    assert not pending.due(11.0)
    assert pending.due(12.0)
    locked = False
    assert pending.flush(write, now=12.0, retryable=(Locked,))
    assert written == [1, 2]
    assert len(pending) == 0 and pending.words() == ""


def test_a_set_played_again_replaces_its_waiting_copy() -> None:
    pending = PendingSets()
    pending.add(a_set(1, seconds=30.0))
    pending.add(a_set(1, seconds=60.0))
    written: list[float] = []
    pending.flush(lambda r: written.append(r.done_seconds), now=0.0, retryable=(Locked,))
    assert written == [60.0]


def test_other_errors_are_not_taken_for_a_busy_file() -> None:
    pending = PendingSets()
    pending.add(a_set(1))

    def broken(_result: SetResult) -> None:
        raise KeyError("no session")

    with pytest.raises(KeyError):
        pending.flush(broken, now=0.0, retryable=(Locked,))
    assert len(pending) == 1


def test_words() -> None:
    assert unsaved_words(0) == ""
    assert unsaved_words(1) == "1 set not saved yet — will retry"
