"""What the plan engine reads and what it returns.

Kept apart from the rules in engine.py so storage and the pages can name these types
without importing the rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from app.core.checks.types import CheckRecord
from app.core.records import SessionStatus, SetResult, Side
from app.core.routine import PlanItem, SessionPlan
from app.core.session.checkin import CheckIn

TIME_BUDGETS = (10, 20, 30, 45, None)  # minutes; None is the full routine


@dataclass(frozen=True)
class SessionLog:
    """One earlier session as the engine sees it: what was planned, what was done."""

    id: int
    started_at: datetime  # UTC
    status: SessionStatus
    plan: SessionPlan
    sets: tuple[SetResult, ...] = ()
    checkin: CheckIn | None = None


@dataclass(frozen=True)
class Logbook:
    checks: tuple[CheckRecord, ...] = ()  # not deleted, any order
    sessions: tuple[SessionLog, ...] = ()  # any order
    # slug -> when (UTC) the person said a pinching exercise was assessed or is pain-free now
    cleared: Mapping[str, datetime] = field(default_factory=dict)


@dataclass(frozen=True)
class ExerciseChoice:
    """The person's own change to one exercise, for today or saved for always.

    Dose values are inside the exercise's allowed ranges; `swap_for` names another
    exercise of the same stage to do instead.
    """

    dropped: bool = False
    dose: Mapping[str, float] = field(default_factory=dict)  # e.g. {"seconds": 75}
    swap_for: str | None = None
    # Why, when the change is not the person's own (e.g. "you said you have no mat"); such a
    # change is made by the app each time (app.core.plan.equipment) and never stored.
    because: str = ""


@dataclass(frozen=True)
class PlanPreferences:
    time_budget_minutes: int | None = None  # one of TIME_BUDGETS
    recheck_days: int = 14
    recheck_sessions: int = 6
    get_ready_seconds: float = 10.0
    rest_seconds: float = 15.0
    always: Mapping[str, ExerciseChoice] = field(default_factory=dict)  # slug -> choice


@dataclass(frozen=True)
class Plan:
    """The next session, and why: every reason quotes the data behind it."""

    session: SessionPlan
    seconds: float  # exactly as the player will play it
    reasons: tuple[str, ...]  # "Your left hip turns in 30°, 15° less than the right: ..."
    prompts: tuple[str, ...] = ()  # "Do a baseline check first", "Time to re-check"
    emphasised_stages: frozenset[int] = frozenset()  # stages given full dose / priority
    changes: Mapping[str, str] = field(default_factory=dict)  # slug -> what changed and why
    tighter_side: Side | None = None  # goes first in one-side exercises, when it is clear
    # exercises left out for a pinch that keeps coming back, until the person answers the
    # Today page's question (assessed, or pain-free now)
    awaiting_answer: tuple[str, ...] = ()
    # the latest main check, once a re-check is due (the prompt's and the reminder's day)
    recheck_last: datetime | None = None

    def item(self, slug: str) -> PlanItem | None:
        return next((i for i in self.session.items if i.exercise.slug == slug), None)
