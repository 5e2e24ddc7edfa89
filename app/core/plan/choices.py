"""The person's own choices: which exercises, in which order, at which dose.

Saved choices (`preferences.always`) shape the routine before any dose is decided; today's
one-off choices from the Today page are applied to a finished plan. Both drop, swap within
a stage or set a dose, and both say so in the reasons and the per-exercise changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, replace

from app.core.content.exercises import Content, Exercise, Sides
from app.core.plan.dose import describe_dose_change, with_values
from app.core.plan.types import ExerciseChoice, Plan
from app.core.plan.words import add_change, as_sentence, join_words, the
from app.core.records import Side
from app.core.routine import PlanItem
from app.core.session.steps import plan_seconds

# --- The routine: which exercises, in which order -------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One exercise of today's routine before its dose is decided."""

    exercise: Exercise
    saved: Mapping[str, float]  # the saved dose values, if any


def _swap_problem(content: Content, exercise: Exercise, slug: str, taken: set[str]) -> str | None:
    try:
        other = content.exercise(slug)
    except KeyError:
        return "the exercise it names is no longer in the routine"
    if other.stage != exercise.stage:
        return "it belongs to another stage"
    if slug in taken:
        return "it is already in the plan"
    return None


def _for(content: Content, slug: str) -> str:
    """' for the swivel chair', or nothing when the slug names no exercise."""
    try:
        return f" for {the(content.exercise(slug))}"
    except KeyError:
        return ""


def saved_routine(
    content: Content, always: Mapping[str, ExerciseChoice], set_aside: Set[str] = frozenset()
) -> tuple[list[Slot], list[str], dict[str, str]]:
    """The default routine with the saved choices applied: drops, swaps, own doses.

    Returns the slots, the reasons (brief: one sentence for what was applied, one per saved
    swap that could not be used) and the per-exercise changes. A saved dose in `set_aside`
    (overridden today, after a pinch or a break) is not said to be "as you chose".
    """
    routine = content.default_routine()
    taken = {exercise.slug for exercise in routine}
    slots: list[Slot] = []
    applied: list[str] = []
    reasons: list[str] = []
    changes: dict[str, str] = {}
    left_out: dict[str, list[str]] = {}  # why (not the person's own choice) -> names
    swapped: list[str] = []
    for exercise in routine:
        choice = always.get(exercise.slug)
        if choice is None:
            slots.append(Slot(exercise, {}))
            continue
        if choice.dropped:
            if choice.because:
                left_out.setdefault(choice.because, []).append(the(exercise))
                changes[exercise.slug] = f"Left out: {choice.because}."
                continue
            applied.append(f"{the(exercise)} left out")
            changes[exercise.slug] = "Left out, as you chose."
            continue
        if choice.swap_for:
            problem = _swap_problem(content, exercise, choice.swap_for, taken)
            if problem is None:
                other = content.exercise(choice.swap_for)
                taken.add(other.slug)
                own = always.get(other.slug)
                saved = choice.dose or (own.dose if own else {})
                slots.append(Slot(other, saved))
                why = f"because {choice.because}" if choice.because else "as you chose"
                if choice.because:
                    swapped.append(
                        f"{as_sentence(the(other))} instead of {the(exercise)}: {choice.because}."
                    )
                else:
                    applied.append(f"{the(other)} instead of {the(exercise)}")
                changes[other.slug] = f"Instead of {the(exercise)}, {why}."
                changes[exercise.slug] = f"Swapped for {the(other)}, {why}."
                continue
            reasons.append(
                f"Your saved swap of {the(exercise)}{_for(content, choice.swap_for)} was not "
                f"used: {problem}."
            )
        slots.append(Slot(exercise, choice.dose))
        if choice.dose and exercise.slug not in set_aside:
            applied.append(f"your own dose for {the(exercise)}")
    if applied:
        reasons.insert(0, f"As you chose: {join_words(applied)}.")
    for because, names in left_out.items():
        reasons.append(f"Left out because {because}: {join_words(names)}.")
    reasons += swapped
    return slots, reasons, changes


def move_skipped_down(slots: Sequence[Slot], skipped: set[str]) -> list[Slot]:
    """Exercises skipped again and again go to the end of their stage, in their order."""
    ordered: list[Slot] = []
    for stage in sorted({slot.exercise.stage for slot in slots}):
        mine = [slot for slot in slots if slot.exercise.stage == stage]
        ordered += [s for s in mine if s.exercise.slug not in skipped]
        ordered += [s for s in mine if s.exercise.slug in skipped]
    return ordered


# --- Today's own changes --------------------------------------------------------------------


def apply_choices(plan: Plan, choices: Mapping[str, ExerciseChoice], content: Content) -> Plan:
    """Today's one-off changes from the Today page: drop, swap or set a dose within range.

    Each change adds a reason line and a `changes` entry, and the length is recomputed.
    Choices for exercises not in the plan are ignored (the plan may have changed under the
    page). A swap must name another exercise of the same stage that is not already planned;
    the swapped-in exercise starts from its base dose and keeps the first side.
    """
    items = list(plan.session.items)
    reasons = list(plan.reasons)
    changes = dict(plan.changes)
    for slug, choice in choices.items():
        index = next((i for i, item in enumerate(items) if item.exercise.slug == slug), None)
        if index is None:
            continue
        item = items[index]
        if choice.dropped:
            del items[index]
            reasons.append(f"Left out today, as you chose: {the(item.exercise)}.")
            add_change(changes, slug, "Left out today, as you chose.")
            continue
        if choice.swap_for:
            item = _swapped(item, choice.swap_for, {i.exercise.slug for i in items}, content)
            reasons.append(
                f"{as_sentence(the(item.exercise))} instead of {the(items[index].exercise)} "
                "today, as you chose."
            )
            add_change(changes, item.exercise.slug, f"Instead of {the(items[index].exercise)}.")
        if choice.dose:
            before = item.dose
            item = replace(item, dose=with_values(item.dose, choice.dose))
            if item.dose != before:
                change = describe_dose_change(before, item.dose)
                reasons.append(f"{as_sentence(the(item.exercise))}: {change} today, as you chose.")
                add_change(changes, item.exercise.slug, f"Your dose today: {change}.")
        items[index] = item
    session = replace(plan.session, items=tuple(items))
    return replace(
        plan,
        session=session,
        seconds=plan_seconds(session),
        reasons=tuple(reasons),
        changes=changes,
    )


def _swapped(item: PlanItem, slug: str, planned: set[str], content: Content) -> PlanItem:
    problem = _swap_problem(content, item.exercise, slug, planned)
    if problem is not None:
        raise ValueError(f"cannot swap {item.exercise.slug!r} for {slug!r}: {problem}")
    other = content.exercise(slug)
    side = item.first_side if other.dose.sides is Sides.EACH else Side.LEFT
    return PlanItem(other, other.dose, side)
