"""Today's dose for one exercise: the level, standing target, feedback, safety and saved dose.

This is where the rules meet, in the order `app.core.plan.engine` describes: it needs the standing
(`standing`, `stage_targets`), the feedback (`feedback`) and the dose steps (`dose`), so it
sits above them, and none of them needs it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.core.content.exercises import DOSE_VALUES, Dose, Exercise
from app.core.plan.dose import (
    EPSILON,
    DoseDecision,
    can_step_main,
    easiest,
    limit_rise,
    main_rank,
    no_higher,
    step_main,
    with_values,
)
from app.core.plan.feedback import RECENT_SESSIONS, Feedback
from app.core.plan.stage_targets import STRENGTHENING, exercise_offset, progresses_with_time
from app.core.plan.standing import Level
from app.core.plan.types import SessionLog


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
    if level is Level.ABOVE:
        return "shorter: your hip already turns past the reference"
    return "shorter now your hips reach the reference"


def _ease_back(exercise: Exercise, dose: Dose, steps: int) -> Dose:
    """Up to `steps` steps back toward the base dose (main value, then sets), never below it."""
    base = exercise.dose
    for _ in range(steps):
        if main_rank(dose) > main_rank(base) + EPSILON:
            dose = step_main(dose, -1)
        elif dose.sets > base.sets:
            dose = with_values(dose, {"sets": dose.sets - 1})
        else:
            break
    return dose


def one_step_toward(start: Dose, wanted: Dose) -> Dose:
    """One step from `start` toward `wanted`: the main value first, then the sets; values
    already above what is wanted come down to it at once."""
    dose = no_higher(start, wanted)
    if main_rank(dose) < main_rank(wanted) - EPSILON:
        return no_higher(step_main(dose, 1), wanted)
    if dose.sets < wanted.sets:
        return with_values(dose, {"sets": dose.sets + 1})
    return dose


def decide_dose(
    exercise: Exercise,
    last: Dose | None,
    level: Level,
    feedback: Feedback,
    saved: Mapping[str, float],
    *,
    no_rise: bool = False,
    ease_steps: int = 0,
    lighter: bool = False,
) -> DoseDecision:
    """Today's dose for one exercise: level, standing target, feedback, safety, saved dose.

    `no_rise` (after a break, or on a check older than the re-check interval) keeps every
    value at or below the last plan's; `ease_steps` steps a dose above its base back toward
    it after a break; `lighter` is the whole-session step down after pinches in several
    exercises. See the `app.core.plan.engine` docstring for the order and why each step is there.
    """
    start = starting_dose(exercise, last)
    offset = exercise_offset(level, exercise)
    target = step_main(exercise.dose, offset)
    dose = start
    causes: list[str] = []

    def move(new: Dose, cause: str) -> None:
        nonlocal dose
        if new != dose:
            causes.append(cause)
            dose = new

    if feedback.stopped:
        return DoseDecision(start, None, ("it keeps causing a pinch",))
    if ease_steps:
        move(_ease_back(exercise, dose, ease_steps), "eased back after your break")
    if feedback.cleared:
        move(no_higher(easiest(exercise.dose), dose), "back at its easiest after your answer")
    elif feedback.pain_last_time:
        pinched_at = starting_dose(exercise, feedback.pain_dose) if feedback.pain_dose else start
        if not can_step_main(pinched_at, -1):
            if feedback.sessions_since_pain < RECENT_SESSIONS:
                return DoseDecision(start, None, ("it is already at its easiest",))
            move(no_higher(pinched_at, dose), "back at its easiest after a pinch")
        else:
            move(
                no_higher(step_main(pinched_at, -1), dose), "easier after a pinch or pain last time"
            )
    elif lighter:
        move(step_main(dose, -1), "one step lighter after pinches in more than one exercise")
    elif feedback.too_hard:
        move(step_main(dose, -1), "one step easier: you marked it too hard")
    elif not feedback.held and not no_rise:
        if feedback.too_easy_twice and progresses_with_time(exercise):
            move(step_main(dose, 1), "one step harder: you marked it too easy twice in a row")
        elif main_rank(dose) < main_rank(target) - EPSILON:
            move(step_main(dose, 1), _target_cause(level, exercise, start))
    while offset < 0 and main_rank(dose) > main_rank(target) + EPSILON:
        lower = step_main(dose, -1)
        if lower == dose:
            break
        move(lower, _lowering_cause(level))
    dose = limit_rise(dose, start)
    overridden = False
    if saved:
        wanted = with_values(dose, saved)
        if feedback.pinch_remembered:
            engine, dose = dose, no_higher(with_values(dose, {"sets": 1}), wanted)
            overridden = dose != wanted
            if overridden and dose != engine:
                causes.append("one set after a pinch, instead of your saved dose")
        elif feedback.pain_sessions > 0:
            dose = one_step_toward(start, wanted)
            overridden = dose != wanted
            if dose != start:
                causes.append("one step back toward your saved dose after a pinch")
        else:
            engine, dose = dose, wanted
            if not _differs_outside(engine, start, saved):
                causes = []  # the engine only moved values the saved dose sets again
            if dose != start:
                causes.append("your saved dose")
    if no_rise:
        capped = no_higher(dose, start)
        overridden = overridden or (bool(saved) and capped != dose)
        dose = capped
    return DoseDecision(start, dose, tuple(causes), overridden)


def _differs_outside(dose: Dose, start: Dose, saved: Mapping[str, float]) -> bool:
    """Whether the engine moved a value the saved dose does not set."""
    return any(
        getattr(dose, name) != getattr(start, name)
        for name in DOSE_VALUES[dose.kind]
        if name not in saved
    )
