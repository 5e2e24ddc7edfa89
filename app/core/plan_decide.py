"""Today's dose for one exercise: the level, standing target, feedback, safety and saved dose.

This is where the rules meet, in the order `app.core.plan` describes: it needs the standing
(`plan_standing`), the feedback (`plan_feedback`) and the dose steps (`plan_dose`), so it
sits above all three, and none of them needs it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.core.content import DOSE_VALUES, Dose, Exercise
from app.core.plan_dose import (
    EPSILON,
    DoseDecision,
    can_step_main,
    limit_rise,
    main_rank,
    step_main,
    with_values,
)
from app.core.plan_feedback import Feedback
from app.core.plan_standing import STRENGTHENING, Level, stage_offset
from app.core.plan_types import SessionLog


def last_planned(slug: str, sessions: Sequence[SessionLog]) -> Dose | None:
    """The dose the exercise had in the latest session that planned it."""
    for session in reversed(sessions):
        for item in session.plan.items:
            if item.exercise.slug == slug:
                return item.dose
    return None


def starting_dose(exercise: Exercise, last: Dose | None) -> Dose:
    """The last planned values on the content's current dose and ranges; the base dose when
    there is none or the content changed the kind of dose since."""
    base = exercise.dose
    if last is None or last.kind is not base.kind:
        return base
    return with_values(base, {name: getattr(last, name) for name in DOSE_VALUES[base.kind]})


def _target_cause(level: Level, exercise: Exercise, start: Dose) -> str:
    if main_rank(start) < main_rank(exercise.dose) - EPSILON:
        return "one step back toward its usual dose"
    if level is Level.PROGRESSED and exercise.stage == STRENGTHENING:
        return "one step harder now your hips reach the reference"
    return "one step back toward its usual dose"


def _lowering_cause(level: Level) -> str:
    if level is Level.RESTRICTED:
        return "one step shorter while your range is restricted"
    return "shorter now your hips reach the reference"


def decide_dose(
    exercise: Exercise,
    last: Dose | None,
    level: Level,
    feedback: Feedback,
    saved: Mapping[str, float],
) -> DoseDecision:
    """Today's dose for one exercise: level, standing target, feedback, safety, saved dose.

    See the `app.core.plan` docstring for the order and why each step is there.
    """
    start = starting_dose(exercise, last)
    offset = stage_offset(level, exercise.stage)
    target = step_main(exercise.dose, offset)
    dose = start
    causes: list[str] = []

    def move(new: Dose, cause: str) -> None:
        nonlocal dose
        if new != dose:
            causes.append(cause)
            dose = new

    if feedback.pain_last_time:
        if not can_step_main(dose, -1):
            return DoseDecision(start, None, ("it is already at its easiest",))
        move(step_main(dose, -1), "easier after a pinch or pain last time")
    elif feedback.too_hard:
        move(step_main(dose, -1), "one step easier: you marked it too hard")
    elif not feedback.held:
        if feedback.too_easy_twice:
            move(step_main(dose, 1), "one step harder: you marked it too easy twice in a row")
        elif main_rank(dose) < main_rank(target) - EPSILON:
            move(step_main(dose, 1), _target_cause(level, exercise, start))
    while offset < 0 and main_rank(dose) > main_rank(target) + EPSILON:
        lower = step_main(dose, -1)
        if lower == dose:
            break
        move(lower, _lowering_cause(level))
    dose = limit_rise(dose, start)
    if saved and feedback.pain_sessions == 0:
        engine, dose = dose, with_values(dose, saved)
        if not _differs_outside(engine, start, saved):
            causes = []  # the engine only moved values the saved dose sets again
        if dose != start:
            causes.append("your saved dose")
    return DoseDecision(start, dose, tuple(causes))


def _differs_outside(dose: Dose, start: Dose, saved: Mapping[str, float]) -> bool:
    """Whether the engine moved a value the saved dose does not set."""
    return any(
        getattr(dose, name) != getattr(start, name)
        for name in DOSE_VALUES[dose.kind]
        if name not in saved
    )
