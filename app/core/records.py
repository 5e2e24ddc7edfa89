"""What a session leaves behind: plain records shared by the player, the store and the UI."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


#: A stored side's text to its Side: a dict lookup, faster than Side(text) per row read.
SIDE_BY_VALUE = {side.value: side for side in Side}


class SessionStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"
    ABANDONED = "abandoned"


#: A session counts (adherence, the streak, the weekly goal, reminders, the report) when it has
#: this status or at least one set done: an abandoned one with work in it counts, an empty
#: start does not. The rule as data, so the store's SQL (db/plan_reader.COUNTED) and the
#: Python below say the same thing.
COUNTING_STATUS = SessionStatus.FINISHED


def session_counts(status: str, sets_done: int) -> bool:
    """Whether a session counts: finished, or with at least one set done (not skipped)."""
    return status == COUNTING_STATUS or sets_done > 0


@dataclass(frozen=True)
class SetResult:
    """One finished (or skipped) set, written to the database the moment it ends."""

    exercise_slug: str
    side: Side
    set_index: int  # 1-based within the exercise and side
    planned_seconds: float
    done_seconds: float
    planned_reps: int | None
    done_reps: int | None
    skipped: bool
    started_at: datetime  # timezone-aware, UTC
    ended_at: datetime  # timezone-aware, UTC
    pain: bool = False

    @property
    def key(self) -> tuple[str, Side, int]:
        """Identifies the set within a session plan, for resuming."""
        return (self.exercise_slug, self.side, self.set_index)


class WorkedSession(Protocol):
    """Any session record with a status and its sets (the plan's log, a stored session)."""

    @property
    def status(self) -> SessionStatus: ...

    @property
    def sets(self) -> Sequence[SetResult]: ...


def is_counted(session: WorkedSession) -> bool:
    """:func:`session_counts` for a session record: its own status and its sets done."""
    return session_counts(session.status, sum(1 for result in session.sets if not result.skipped))


@dataclass(frozen=True)
class StoredSession:
    id: int
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    plan: dict[str, Any]
    sets: tuple[SetResult, ...] = field(default_factory=tuple)
