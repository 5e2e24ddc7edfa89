"""What equipment the person has, and how missing equipment shapes the routine.

The checklist is derived from the content's `equipment` fields (an item marked "(optional)"
is never required), so a new exercise with new equipment shows up in it by itself. What the
person answered is kept in the settings under EQUIPMENT_KEY; an exercise that needs missing
equipment is swapped for one of its stage that needs none of it, or left out, and the plan
says why in plain words (ExerciseChoice.because).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.core.content.exercises import Content, Exercise
from app.core.plan.types import ExerciseChoice

OPTIONAL_MARK = "(optional)"
# Items an earlier Inward named otherwise -> their name now, so a stored answer still holds.
RENAMED = {
    "low box or step": "low step or box",
    "low step or weight plate": "low step or box",
}


@dataclass(frozen=True)
class EquipmentItem:
    """One line of the checklist: the item and the exercises of the routine that need it."""

    name: str
    used_by: tuple[str, ...]  # exercise names, in routine order


def required(exercise: Exercise) -> tuple[str, ...]:
    """The equipment an exercise cannot be done without (optional items left out)."""
    return tuple(item for item in exercise.equipment if OPTIONAL_MARK not in item)


def checklist(content: Content) -> tuple[EquipmentItem, ...]:
    """Every required item of any exercise, in the order the routine first needs it."""
    ordered = sorted(content.exercises, key=lambda e: (e.optional, e.stage))
    users: dict[str, list[str]] = {}
    for exercise in ordered:
        for item in required(exercise):
            users.setdefault(item, []).append(exercise.name)
    return tuple(EquipmentItem(name, tuple(names)) for name, names in users.items())


def read_missing(stored: object) -> frozenset[str] | None:
    """The items the person said they do not have; None when never asked. A hand-edited,
    unreadable value counts as "nothing missing", so it can never hide exercises."""
    if not isinstance(stored, dict):
        return None
    missing = stored.get("missing")
    if not isinstance(missing, list):
        return frozenset()
    return frozenset(RENAMED.get(item, item) for item in missing if isinstance(item, str))


def to_stored(missing: Iterable[str]) -> dict[str, list[str]]:
    """What is saved under EQUIPMENT_KEY, in a stable order."""
    return {"missing": sorted(set(missing))}


def _because(items: Iterable[str]) -> str:
    from app.core.plan.words import join_words

    names = join_words(sorted(items))
    return f"you said you have no {names}"


def equipment_choices(content: Content, missing: Iterable[str]) -> dict[str, ExerciseChoice]:
    """For each exercise of the routine that needs missing equipment: a swap for an exercise
    of the same stage that is not in the routine and needs none of it, else left out. Each
    choice carries why (`because`), which the plan shows instead of "as you chose"."""
    gone = set(missing)
    if not gone:
        return {}
    routine = content.default_routine()
    taken = {exercise.slug for exercise in routine}
    choices: dict[str, ExerciseChoice] = {}
    for exercise in routine:
        lacking = [item for item in required(exercise) if item in gone]
        if not lacking:
            continue
        spare = next(
            (
                other
                for other in content.exercises
                if other.stage == exercise.stage
                and other.slug not in taken
                and not any(item in gone for item in required(other))
            ),
            None,
        )
        if spare is not None:
            taken.add(spare.slug)
            choices[exercise.slug] = ExerciseChoice(swap_for=spare.slug, because=_because(lacking))
        else:
            choices[exercise.slug] = ExerciseChoice(dropped=True, because=_because(lacking))
    return choices


def with_equipment(
    equipment: Mapping[str, ExerciseChoice], own: Mapping[str, ExerciseChoice]
) -> dict[str, ExerciseChoice]:
    """The person's own choices on top of the equipment's: their drop or swap stands, but a
    saved dose alone cannot bring back an exercise whose equipment is missing."""
    merged = dict(equipment)
    for slug, choice in own.items():
        if slug in equipment and not (choice.dropped or choice.swap_for):
            continue
        merged[slug] = choice
    return merged
