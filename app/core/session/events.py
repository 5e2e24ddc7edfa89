"""What the player reports as time passes: the cues, the counter and the store follow them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.core.records import SetResult, Side
from app.core.session.steps import Step


class Phase(StrEnum):
    """Where a rep or cycle is: drives the counter, the cues and (later) the animation."""

    HOLD = "hold"
    MOVE = "move"
    LIFT = "lift"
    LOWER = "lower"
    CONTRACT = "contract"
    RELAX = "relax"
    NONE = "none"


@dataclass(frozen=True)
class StepStarted:
    step: Step


@dataclass(frozen=True)
class Countdown:
    seconds_left: int


@dataclass(frozen=True)
class Halfway:
    pass


@dataclass(frozen=True)
class RepStarted:
    rep: int
    reps: int
    side: Side


@dataclass(frozen=True)
class PhaseStarted:
    phase: Phase
    rep: int


@dataclass(frozen=True)
class SetFinished:
    """A work step ended. Times are in the clock's units (monotonic seconds)."""

    step: Step
    started: float
    ended: float
    done_seconds: float
    done_reps: int | None
    skipped: bool
    pain: bool = False

    def result(self, to_wall: Callable[[float], datetime]) -> SetResult:
        """The set as the store keeps it, with clock times turned into wall-clock UTC."""
        step = self.step
        return SetResult(
            exercise_slug=step.item.exercise.slug,
            side=step.side,
            set_index=step.set_index,
            planned_seconds=step.duration,
            done_seconds=round(self.done_seconds, 3),
            planned_reps=step.item.dose.reps if self.done_reps is not None else None,
            done_reps=self.done_reps,
            skipped=self.skipped,
            started_at=to_wall(self.started),
            ended_at=to_wall(self.ended),
            pain=self.pain,
        )


@dataclass(frozen=True)
class SessionFinished:
    pass


Event = (
    StepStarted | Countdown | Halfway | RepStarted | PhaseStarted | SetFinished | SessionFinished
)
