"""The session log's words: a session's row and, under it, its sets, in LOG_COLUMNS order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from app.core.dates import local_when
from app.core.formatting import format_minutes, plural
from app.core.records import SessionStatus, SetResult, Side
from app.core.session.checkin import Effort

STATUS_WORDS: Mapping[SessionStatus, str] = {
    SessionStatus.FINISHED: "Finished",
    SessionStatus.ABANDONED: "Stopped early",
    SessionStatus.IN_PROGRESS: "Not finished",
}
EFFORT_WORDS: Mapping[Effort, str] = {
    Effort.TOO_EASY: "Too easy",
    Effort.ABOUT_RIGHT: "About right",
    Effort.TOO_HARD: "Too hard",
}
LOG_COLUMNS = ("When", "Status", "Work", "Sets", "Pinch or pain", "Effort", "Note")


@dataclass(frozen=True)
class SessionLogRow:
    """One session as the log lists it, newest first."""

    id: int
    started_at: datetime  # UTC
    ended_at: datetime | None
    status: SessionStatus
    work_seconds: float  # seconds of work done, skipped sets' partial work included
    sets_done: int  # recorded and not skipped
    sets_skipped: int
    sets_planned: int | None  # from the stored plan; None when it cannot be read
    pain_sets: int  # sets stopped or marked for a pinch or pain
    effort: Effort | None = None  # the check-in's, when one was saved
    note: str = ""
    exercise_efforts: Mapping[str, Effort] = field(default_factory=dict)


def session_cells(row: SessionLogRow, tz: tzinfo | None = None) -> tuple[str, ...]:
    """One session's cells, in LOG_COLUMNS order."""
    if row.sets_planned:
        sets = f"{row.sets_done} of {row.sets_planned} done"
    else:
        sets = f"{row.sets_done} done"
    if row.sets_skipped:
        sets += f", {row.sets_skipped} skipped"
    return (
        local_when(row.started_at, tz),
        STATUS_WORDS[row.status],
        format_minutes(row.work_seconds) if row.work_seconds else "—",
        sets,
        plural(row.pain_sets, "set") if row.pain_sets else "",
        EFFORT_WORDS[row.effort] if row.effort else "",
        row.note,
    )


def exercise_name(slug: str, names: Mapping[str, str]) -> str:
    return names.get(slug) or slug.replace("-", " ").capitalize()


def _seconds(value: float) -> str:
    return f"{round(value):d} s"


def set_outcome(result: SetResult) -> str:
    """'Done', 'Skipped' or 'Cut short' (less than planned, by a second or a rep)."""
    if result.skipped:
        return "Skipped"
    if result.planned_reps is not None and result.done_reps is not None:
        short = result.done_reps < result.planned_reps
    else:
        short = result.done_seconds < result.planned_seconds - 1.0
    return "Cut short" if short else "Done"


def set_cells(
    result: SetResult,
    names: Mapping[str, str],
    efforts: Mapping[str, Effort] | None = None,
) -> tuple[str, ...]:
    """One set's cells under its session: what, outcome, done against planned, pain, effort."""
    side = "both legs" if result.side is Side.BOTH else result.side.value
    what = f"{exercise_name(result.exercise_slug, names)} · {side} · set {result.set_index}"
    if result.planned_reps is not None:
        done = result.done_reps if result.done_reps is not None else 0
        amount = f"{done} of {result.planned_reps} reps"
    else:
        amount = f"{_seconds(result.done_seconds)} of {_seconds(result.planned_seconds)}"
    effort = (efforts or {}).get(result.exercise_slug)
    return (
        what,
        set_outcome(result),
        amount,
        "",
        "Pinch or pain" if result.pain else "",
        EFFORT_WORDS[effort] if effort else "",
        "",
    )


def set_rows(
    results: Sequence[SetResult],
    names: Mapping[str, str],
    efforts: Mapping[str, Effort] | None = None,
) -> list[tuple[str, ...]]:
    """Every set's cells in recorded order; an exercise's check-in effort on its first set."""
    rows = []
    seen: set[str] = set()
    for result in results:
        first = result.exercise_slug not in seen
        seen.add(result.exercise_slug)
        rows.append(set_cells(result, names, efforts if first else None))
    return rows
