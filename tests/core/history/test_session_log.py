"""The session log's words: a session's row and its sets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from app.core.history.session_log import session_cells, set_cells, set_rows
from app.core.records import SessionStatus, SetResult, Side
from app.core.session.checkin import Effort


def at(day: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, 9, tzinfo=UTC)


@dataclass(frozen=True)
class Logged:
    started_at: datetime = datetime(2026, 3, 3, 7, 5, tzinfo=UTC)
    status: SessionStatus = SessionStatus.FINISHED
    work_seconds: float = 1920.0
    sets_done: int = 38
    sets_skipped: int = 2
    sets_planned: int | None = 40
    pain_sets: int = 1
    effort: Effort | None = Effort.TOO_HARD
    note: str = "tired"


def test_session_cells():
    assert session_cells(Logged(), UTC) == (
        "Tue 3 Mar 2026, 07:05",
        "Finished",
        "32 min",
        "38 of 40 done, 2 skipped",
        "1 set",
        "Too hard",
        "tired",
    )
    bare = Logged(
        status=SessionStatus.ABANDONED,
        work_seconds=0.0,
        sets_done=0,
        sets_skipped=0,
        sets_planned=None,
        pain_sets=0,
        effort=None,
        note="",
    )
    assert session_cells(bare, UTC)[1:] == ("Stopped early", "—", "0 done", "", "", "")


def make_result(slug: str = "figure-4", side: Side = Side.LEFT, **changes) -> SetResult:
    values = {
        "exercise_slug": slug,
        "side": side,
        "set_index": 1,
        "planned_seconds": 60.0,
        "done_seconds": 60.0,
        "planned_reps": None,
        "done_reps": None,
        "skipped": False,
        "started_at": at(3),
        "ended_at": at(3),
        "pain": False,
    }
    values.update(changes)
    return SetResult(**values)


@pytest.mark.parametrize(
    ("changes", "outcome", "amount"),
    [
        ({}, "Done", "60 s of 60 s"),
        ({"done_seconds": 59.5}, "Done", "60 s of 60 s"),  # half a second is timer noise
        ({"done_seconds": 41.0, "pain": True}, "Cut short", "41 s of 60 s"),
        ({"skipped": True, "done_seconds": 0.0}, "Skipped", "0 s of 60 s"),
        ({"planned_reps": 20, "done_reps": 15}, "Cut short", "15 of 20 reps"),
        ({"planned_reps": 20, "done_reps": 20, "done_seconds": 10}, "Done", "20 of 20 reps"),
    ],
)
def test_set_cells(changes: dict, outcome: str, amount: str):
    cells = set_cells(make_result(**changes), {"figure-4": "Figure 4"})
    assert cells[:3] == ("Figure 4 · left · set 1", outcome, amount)
    assert cells[4] == ("Pinch or pain" if changes.get("pain") else "")


def test_set_rows_put_an_exercises_effort_on_its_first_set():
    results = [
        make_result("a"),
        make_result("a", Side.RIGHT),
        make_result("hip-click", Side.BOTH),
    ]
    rows = set_rows(results, {"a": "Exercise A"}, {"a": Effort.TOO_EASY})
    assert [row[0] for row in rows] == [
        "Exercise A · left · set 1",
        "Exercise A · right · set 1",
        "Hip click · both legs · set 1",  # no name known: the slug, tidied
    ]
    assert [row[5] for row in rows] == ["Too easy", "", ""]
