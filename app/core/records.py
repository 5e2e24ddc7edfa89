"""What a session leaves behind: plain records shared by the player, the store and the UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class SessionStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"
    ABANDONED = "abandoned"


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


@dataclass(frozen=True)
class StoredSession:
    id: int
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    plan: dict[str, Any]
    sets: tuple[SetResult, ...] = field(default_factory=tuple)
