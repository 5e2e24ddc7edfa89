"""My routine: every exercise with its state, and the way back from each change.

A change saved "for every session" takes an exercise off the Today page (left out) or puts
another in its place (swapped), so the Today page alone cannot undo it. This lists all of
them, with the one action that undoes each, computed here so the page only shows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from app.core.content.exercises import Content
from app.core.formatting import describe_dose
from app.core.plan.dose import with_values
from app.core.plan.equipment import equipment_choices
from app.core.plan.types import ExerciseChoice
from app.core.plan.words import the


class WayBack(StrEnum):
    """What the row's button does."""

    BRING_BACK = "bring-back"  # a left-out exercise returns
    UNDO_SWAP = "undo-swap"  # the routine's own exercise returns
    RESET_DOSE = "reset-dose"  # the plan decides the dose again
    EQUIPMENT = "equipment"  # left out or swapped for missing equipment: edit the checklist


BUTTON_WORDS = {
    WayBack.BRING_BACK: "Bring back",
    WayBack.UNDO_SWAP: "Undo the swap",
    WayBack.RESET_DOSE: "Reset the dose",
    WayBack.EQUIPMENT: "Equipment…",
}


@dataclass(frozen=True)
class RoutineRow:
    """One exercise (slug) or a stage heading (slug None)."""

    text: str
    state: str
    slug: str | None = None
    way_back: WayBack | None = None

    @property
    def button(self) -> str:
        return BUTTON_WORDS[self.way_back] if self.way_back else ""


def routine_rows(
    content: Content, saved: Mapping[str, ExerciseChoice], missing: Iterable[str] = ()
) -> list[RoutineRow]:
    """Every exercise by stage, with its state: in, left out for always, swapped, own dose,
    left out or swapped for missing equipment, or an extra not in the routine."""
    by_equipment = equipment_choices(content, missing)
    swapped_in = {c.swap_for: slug for slug, c in saved.items() if c.swap_for and not c.dropped}
    swapped_in.update(
        {c.swap_for: slug for slug, c in by_equipment.items() if c.swap_for and slug not in saved}
    )
    rows: list[RoutineRow] = []
    for stage in content.stages:
        rows.append(RoutineRow(stage.heading, ""))
        for exercise in content.in_stage(stage):
            slug = exercise.slug
            own, gear = saved.get(slug), by_equipment.get(slug)
            state, way = "In your routine", None
            if own is not None and own.dropped:
                state, way = "Left out, for every session", WayBack.BRING_BACK
            elif own is not None and own.swap_for:
                state, way = f"Swapped for {_the(content, own.swap_for)}", WayBack.UNDO_SWAP
                if own.dose:
                    state += ", with your own dose"
            elif gear is not None:
                what = "Left out" if gear.dropped else f"Swapped for {_the(content, gear.swap_for)}"
                state, way = f"{what}: {gear.because}", WayBack.EQUIPMENT
            elif own is not None and own.dose:
                dose = describe_dose(with_values(exercise.dose, own.dose))
                state, way = f"Your own dose: {dose}", WayBack.RESET_DOSE
            elif slug in swapped_in:
                state = f"In, instead of {_the(content, swapped_in[slug])}"
            elif exercise.optional:
                state = "An extra, not in the routine (swap it in with Adjust on Today)"
            rows.append(RoutineRow(exercise.name, state, slug, way))
    return rows


def _the(content: Content, slug: str | None) -> str:
    try:
        return the(content.exercise(slug or ""))
    except KeyError:
        return "an exercise no longer in the routine"


def way_back(choice: ExerciseChoice, way: WayBack) -> ExerciseChoice | None:
    """The saved choice after its way back: None forgets it. Resetting the dose of a swap
    keeps the swap."""
    if way is WayBack.RESET_DOSE and choice.swap_for:
        return ExerciseChoice(swap_for=choice.swap_for)
    return None


def brought_back(saved: Mapping[str, ExerciseChoice], slug: str) -> ExerciseChoice | None:
    """ "Add to my routine" on the Learn page: an exercise left out or swapped away for
    always returns (its saved choice is forgotten); an own dose alone stays."""
    choice = saved.get(slug)
    if choice is not None and (choice.dropped or choice.swap_for):
        return None
    return choice
