"""Dose arithmetic: moving a dose by whole steps of its ranges, and saying what changed.

The rules (`plan_decide`) decide *whether* a dose moves; this module knows *how*: which
value is the main one for each kind of dose, one step up or down within the ranges, the
one-step-a-session safety bound, and the words for a change. It knows nothing of checks,
feedback or history, so every other part of the engine can lean on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from app.core.content.exercises import DOSE_VALUES, Dose, DoseKind

# The value a progression or regression step moves, per kind of dose. Going down walks the
# list in order; going up walks it backwards, so one step down and one step up always land
# where they started (hold per rep: shorten the hold first, then cut reps; restore reps first,
# then lengthen the hold).
MAIN_VALUES: Mapping[DoseKind, tuple[str, ...]] = {
    DoseKind.HOLD: ("seconds",),
    DoseKind.REPS: ("reps",),
    DoseKind.HOLD_PER_REP: ("seconds", "reps"),
    DoseKind.CYCLES: ("reps",),
}
WHOLE_VALUES = frozenset({"sets", "reps"})
EPSILON = 1e-9  # tolerance for comparing dose values (floats)


def _clamped(dose: Dose, name: str, value: float) -> float | int:
    """A value inside its range; counts stay whole numbers."""
    allowed = dose.ranges[name]
    value = min(max(value, allowed.low), allowed.high)
    return round(value) if name in WHOLE_VALUES else float(value)


def with_values(dose: Dose, values: Mapping[str, float]) -> Dose:
    """The dose with some values replaced, every used value clamped into its range.

    Names the dose's kind does not use are ignored (a saved dose may predate a content edit).
    """
    used = DOSE_VALUES[dose.kind]
    merged = {name: values.get(name, getattr(dose, name)) for name in used}
    changes: dict[str, Any] = {name: _clamped(dose, name, merged[name]) for name in used}
    return replace(dose, **changes)


def step_dose(dose: Dose, delta_steps: int, value_name: str) -> Dose:
    """Move one value by whole steps of its range, clamped into the range."""
    if value_name not in DOSE_VALUES[dose.kind]:
        raise ValueError(f"a {dose.kind.value} dose has no {value_name!r}")
    moved = getattr(dose, value_name) + delta_steps * dose.ranges[value_name].step
    changes: dict[str, Any] = {value_name: _clamped(dose, value_name, moved)}
    return replace(dose, **changes)


def _can_move(dose: Dose, name: str, direction: int) -> bool:
    value: float = getattr(dose, name)
    allowed = dose.ranges[name]
    return value < allowed.high - EPSILON if direction > 0 else value > allowed.low + EPSILON


def can_step_main(dose: Dose, direction: int) -> bool:
    """Whether the main value can still move one step up (+1) or down (-1)."""
    return any(_can_move(dose, name, direction) for name in MAIN_VALUES[dose.kind])


def step_main(dose: Dose, delta_steps: int) -> Dose:
    """Move the main value by whole steps (see MAIN_VALUES); stops at the ends of the range."""
    direction = 1 if delta_steps > 0 else -1
    names = MAIN_VALUES[dose.kind]
    order = names if direction < 0 else tuple(reversed(names))
    for _ in range(abs(delta_steps)):
        name = next((n for n in order if _can_move(dose, n, direction)), None)
        if name is None:
            break
        dose = step_dose(dose, direction, name)
    return dose


def main_rank(dose: Dose) -> float:
    """How many steps the main value sits above the bottom of its range: one number that
    orders two doses of one exercise, whichever of its main values differ."""
    steps: float = sum(
        (getattr(dose, name) - dose.ranges[name].low) / dose.ranges[name].step
        for name in MAIN_VALUES[dose.kind]
    )
    return steps


def easiest(dose: Dose) -> Dose:
    """The bottom of the main value's range, one set: where an exercise restarts after a pinch."""
    low = step_main(dose, -10_000)
    return with_values(low, {"sets": 1})


def no_higher(dose: Dose, ceiling: Dose) -> Dose:
    """Each value at most the ceiling's: nothing rises against it."""
    return with_values(
        dose,
        {
            name: min(getattr(dose, name), getattr(ceiling, name))
            for name in DOSE_VALUES[dose.kind]
            if getattr(ceiling, name) is not None
        },
    )


def limit_rise(dose: Dose, previous: Dose) -> Dose:
    """Each value at most one step above the previous dose's: the safety bound per session."""
    capped = {}
    for name in DOSE_VALUES[dose.kind]:
        before = getattr(previous, name)
        if before is not None:
            capped[name] = min(getattr(dose, name), before + dose.ranges[name].step)
    return with_values(dose, capped)


@dataclass(frozen=True)
class DoseDecision:
    """What `plan_decide.decide_dose` made of one exercise's dose.

    Plain data kept here, below the rules, so the pinch reasons (`plan_feedback`) can read a
    decision without importing the rules that make it.
    """

    start: Dose  # the level it started from
    dose: Dose | None  # None: left out today
    causes: tuple[str, ...]  # what moved it, in plain words, in the order applied
    overridden: bool = False  # a saved dose was set aside (after a pinch) or only partly used


def _value_words(dose: Dose, name: str) -> str:
    value = getattr(dose, name)
    if name == "sets":
        return "1 set" if value == 1 else f"{value} sets"
    if name == "seconds":
        what = {DoseKind.HOLD_PER_REP: "hold per rep", DoseKind.CYCLES: "push"}
        return f"{value:g} s {what.get(dose.kind, 'hold')}"
    if name == "reps":
        return f"{value} {'rounds' if dose.kind is DoseKind.CYCLES else 'reps'}"
    if name == "cadence":
        return f"one rep every {value:g} s"
    if name == "move_seconds":
        return f"{value:g} s to lift and to lower"
    return f"{value:g} s relax"


def describe_dose_change(before: Dose, after: Dose) -> str:
    """'45 s hold instead of 60 s hold': only the values that differ."""
    return ", ".join(
        f"{_value_words(after, name)} instead of {_value_words(before, name)}"
        for name in DOSE_VALUES[after.kind]
        if getattr(after, name) != getattr(before, name)
    )
