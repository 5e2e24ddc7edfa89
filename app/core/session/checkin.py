"""How a session went, in the person's words: the check-in after a session."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Effort(StrEnum):
    TOO_EASY = "too_easy"
    ABOUT_RIGHT = "about_right"
    TOO_HARD = "too_hard"


@dataclass(frozen=True)
class CheckIn:
    """Saved after a session: overall effort, optional per-exercise effort, a note."""

    session_id: int
    at: datetime  # timezone-aware, UTC
    effort: Effort
    exercise_effort: Mapping[str, Effort] = field(default_factory=dict)  # slug -> effort
    note: str = ""
