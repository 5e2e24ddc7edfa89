"""A session plan: which exercises, at which dose, in which order, with which side first.

The player turns a plan into timed steps; the store keeps it as a dict so an interrupted
session can be resumed exactly as it was planned.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from app.core.content.exercises import Content, Dose, DoseKind, Exercise, Sides
from app.core.records import Side

DEFAULT_GET_READY_SECONDS = 10.0
DEFAULT_REST_SECONDS = 15.0
DEFAULT_SET_REST_SECONDS = 20.0


@dataclass(frozen=True)
class PlanItem:
    exercise: Exercise
    dose: Dose
    first_side: Side = Side.LEFT
    first_side_extra: float = 0.0  # seconds added to each hold of the first (tighter) side

    def sides(self) -> tuple[Side, ...]:
        """The order the sides are worked in; alternating and two-legged sets count as both."""
        if self.dose.sides is Sides.EACH:
            other = Side.RIGHT if self.first_side is Side.LEFT else Side.LEFT
            return (self.first_side, other)
        return (Side.BOTH,)


@dataclass(frozen=True)
class SessionPlan:
    items: tuple[PlanItem, ...]
    get_ready_seconds: float = DEFAULT_GET_READY_SECONDS
    rest_seconds: float = DEFAULT_REST_SECONDS
    set_rest_seconds: float = DEFAULT_SET_REST_SECONDS

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": [_item_dict(item) for item in self.items],
            "get_ready_seconds": self.get_ready_seconds,
            "rest_seconds": self.rest_seconds,
            "set_rest_seconds": self.set_rest_seconds,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], content: Content) -> SessionPlan:
        """Rebuild a stored plan; doses come back on top of the content's current ranges."""
        items = []
        for raw in data["items"]:
            exercise = content.exercise(raw["slug"])
            dose = replace(exercise.dose, **_dose_overrides(raw["dose"]))
            extra = float(raw.get("first_side_extra", 0.0))
            items.append(PlanItem(exercise, dose, Side(raw["first_side"]), extra))
        return cls(
            items=tuple(items),
            get_ready_seconds=float(data["get_ready_seconds"]),
            rest_seconds=float(data["rest_seconds"]),
            set_rest_seconds=float(data["set_rest_seconds"]),
        )


def _item_dict(item: PlanItem) -> dict[str, Any]:
    values: dict[str, Any] = {
        "slug": item.exercise.slug,
        "first_side": item.first_side.value,
        "dose": _dose_values(item.dose),
    }
    if item.first_side_extra:  # written only when used: older plans keep their shape
        values["first_side_extra"] = item.first_side_extra
    return values


def _dose_values(dose: Dose) -> dict[str, Any]:
    values = asdict(dose)
    values.pop("ranges")
    values["kind"] = dose.kind.value
    values["sides"] = dose.sides.value
    return values


def _dose_overrides(values: dict[str, Any]) -> dict[str, Any]:
    overrides = dict(values)
    overrides["kind"] = DoseKind(overrides["kind"])
    overrides["sides"] = Sides(overrides["sides"])
    return overrides


def default_plan(
    content: Content,
    get_ready_seconds: float = DEFAULT_GET_READY_SECONDS,
    rest_seconds: float = DEFAULT_REST_SECONDS,
) -> SessionPlan:
    """The full six-stage routine at base doses, left side first."""
    return SessionPlan(
        items=tuple(PlanItem(e, e.dose) for e in content.default_routine()),
        get_ready_seconds=get_ready_seconds,
        rest_seconds=rest_seconds,
    )


def work_seconds(dose: Dose) -> float:
    """How long one set of this dose takes on one side (both sides for alternating)."""
    if dose.kind is DoseKind.HOLD:
        return float(dose.seconds or 0)
    reps = dose.reps or 0
    if dose.kind is DoseKind.REPS:
        return reps * float(dose.cadence or 0)
    if dose.kind is DoseKind.HOLD_PER_REP:
        return reps * (2 * float(dose.move_seconds or 0) + float(dose.seconds or 0))
    return reps * (float(dose.seconds or 0) + float(dose.relax_seconds or 0))
