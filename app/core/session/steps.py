"""A session plan laid out as timed steps: get-ready, work sets, switch side, rest.

Kept apart from the player so the home page can total a plan's time cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.core.content.exercises import Sides
from app.core.records import Side
from app.core.routine import PlanItem, SessionPlan, work_seconds


class StepKind(StrEnum):
    GET_READY = "get_ready"
    WORK = "work"
    REST = "rest"


@dataclass(frozen=True)
class Step:
    index: int
    kind: StepKind
    item_index: int
    item: PlanItem
    side: Side
    set_index: int
    duration: float
    is_switch: bool = False  # a get-ready before the second side
    between_exercises: bool = False  # a rest before the next exercise, which it belongs to

    @property
    def key(self) -> tuple[str, Side, int]:
        return (self.item.exercise.slug, self.side, self.set_index)


def build_steps(plan: SessionPlan) -> tuple[Step, ...]:
    """get-ready -> work (sets, with rests between) -> switch side -> ... -> rest -> next."""
    steps: list[Step] = []

    def add(
        kind: StepKind, index: int, side: Side, set_index: int, seconds: float, **flags: bool
    ) -> None:
        steps.append(
            Step(len(steps), kind, index, plan.items[index], side, set_index, seconds, **flags)
        )

    for index, item in enumerate(plan.items):
        if index > 0:
            add(StepKind.REST, index, item.sides()[0], 1, plan.rest_seconds, between_exercises=True)
        for side_number, side in enumerate(item.sides()):
            add(
                StepKind.GET_READY,
                index,
                side,
                1,
                plan.get_ready_seconds,
                is_switch=side_number > 0,
            )
            for set_index in range(1, item.dose.sets + 1):
                if set_index > 1:
                    add(StepKind.REST, index, side, set_index, plan.set_rest_seconds)
                extra = (
                    item.first_side_extra
                    if side_number == 0 and item.dose.sides is Sides.EACH
                    else 0.0
                )
                add(StepKind.WORK, index, side, set_index, work_seconds(item.dose) + extra)
    return tuple(steps)


def plan_seconds(plan: SessionPlan) -> float:
    """The whole session's length, exactly as the player will play it."""
    return sum(step.duration for step in build_steps(plan))
