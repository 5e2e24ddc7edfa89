"""What the standing asks of each stage: steps from the base dose, the stages to emphasise
and keep when time is short, and the tighter side's extra hold.

The level comes from standing.py; the dose rules (decide.py, feedback.py) and the time budget
(budget.py) read these targets, so a level means the same thing to each of them.
"""

from __future__ import annotations

from app.core.content.exercises import Dose, DoseKind, Exercise, Sides
from app.core.plan.standing import Level

# The routine's six stages, by number.
RELEASES, STRETCHES, MOBILIZATION, GENTLE, STRENGTHENING, INTEGRATION = range(1, 7)


def stage_offset(level: Level, stage: int) -> int:
    """Steps from the base dose the standing asks of a stage."""
    if level is Level.RESTRICTED and stage in (STRENGTHENING, INTEGRATION):
        return -1
    if level is Level.PROGRESSED and stage == RELEASES:
        return -1
    if level is Level.PROGRESSED and stage == STRENGTHENING:
        return 1
    return 0


def exercise_offset(level: Level, exercise: Exercise) -> int:
    """Steps from the base dose the standing asks of one exercise: above the reference,
    end-range stretches and band distractions one step shorter (and held there)."""
    if level is Level.ABOVE and (exercise.stage == STRETCHES or is_distraction(exercise)):
        return -1
    return stage_offset(level, exercise.stage)


def is_distraction(exercise: Exercise) -> bool:
    """A band distraction: the joint mobilization stage's holds."""
    return exercise.stage == MOBILIZATION and exercise.dose.kind is DoseKind.HOLD


def progresses_with_time(exercise: Exercise) -> bool:
    """Whether "too easy" may lengthen it: not a ball release or a band distraction, where
    longer is not better (their ranges only allow for a tighter side's extra time)."""
    return exercise.stage != RELEASES and not is_distraction(exercise)


def tighter_extra(exercise: Exercise, dose: Dose) -> float:
    """The tighter side's extra work: one step longer one-side holds in releases, stretches
    and mobilization, on that side only (it goes first, so its holds are the first side's)."""
    allowed = dose.ranges.get("seconds")
    if (
        exercise.stage not in (RELEASES, STRETCHES, MOBILIZATION)
        or dose.kind is not DoseKind.HOLD
        or dose.sides is not Sides.EACH
        or allowed is None
    ):
        return 0.0
    return float(allowed.step)


def emphasised_stages(level: Level) -> frozenset[int]:
    if level is Level.RESTRICTED:
        return frozenset({RELEASES, STRETCHES, MOBILIZATION})
    if level in (Level.PROGRESSED, Level.ABOVE):
        return frozenset({STRENGTHENING, INTEGRATION})
    return frozenset()


def stage_importance(level: Level) -> tuple[int, ...]:
    """Stages, most important first, for fitting a time budget."""
    emphasised = emphasised_stages(level)
    rest = [stage for stage in range(RELEASES, INTEGRATION + 1) if stage not in emphasised]
    if level is Level.PROGRESSED:
        rest.remove(RELEASES)
        rest.append(RELEASES)
    return (*sorted(emphasised), *rest)
