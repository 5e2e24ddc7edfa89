"""What the player reports as time passes: the cues, the counter and the store follow them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.core.records import Side
from app.core.steps import Step


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


@dataclass(frozen=True)
class SessionFinished:
    pass


Event = (
    StepStarted | Countdown | Halfway | RepStarted | PhaseStarted | SetFinished | SessionFinished
)
