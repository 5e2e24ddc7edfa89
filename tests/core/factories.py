"""Small hand-built exercises for core tests, independent of the shipped content file."""

from __future__ import annotations

from app.core.content.exercises import Dose, DoseKind, Exercise, Sides, ValueRange
from app.core.records import Side
from app.core.routine import PlanItem, SessionPlan

WIDE = ValueRange(1, 600, 1)


def exercise(slug: str, dose: Dose, stage: int = 1) -> Exercise:
    return Exercise(
        slug=slug,
        name=slug.replace("-", " ").title(),
        stage=stage,
        equipment=(),
        setup=("Get into position.",),
        cues=("Breathe.",),
        targets=("hip",),
        dose=dose,
    )


def hold(seconds: float = 60, sides: Sides = Sides.EACH, sets: int = 1) -> Dose:
    return Dose(DoseKind.HOLD, sides, sets=sets, seconds=seconds, ranges={"seconds": WIDE})


def reps(count: int = 20, cadence: float = 3, sides: Sides = Sides.EACH) -> Dose:
    return Dose(DoseKind.REPS, sides, reps=count, cadence=cadence)


def hold_per_rep(count: int = 20, seconds: float = 4, move: float = 1.5) -> Dose:
    return Dose(DoseKind.HOLD_PER_REP, Sides.EACH, reps=count, seconds=seconds, move_seconds=move)


def cycles(count: int = 5, contract: float = 10, relax: float = 5) -> Dose:
    return Dose(DoseKind.CYCLES, Sides.EACH, reps=count, seconds=contract, relax_seconds=relax)


def plan(
    *doses: Dose, get_ready: float = 10, rest: float = 15, first: Side = Side.LEFT
) -> SessionPlan:
    items = tuple(
        PlanItem(exercise(f"exercise-{n}", dose, stage=min(6, n + 1)), dose, first)
        for n, dose in enumerate(doses)
    )
    return SessionPlan(items, get_ready_seconds=get_ready, rest_seconds=rest, set_rest_seconds=20)
